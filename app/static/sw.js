// OnMessage's service worker: the app opens with no connection. Network first, always
// (pages and files change with every deploy and the server is the truth); the cache is
// only the fallback when the network fails. Kept: the static files and the rep's last
// copy of Today and Practice. The API is never cached or answered from here: offline
// answers are queued by the page (drills_offline.js) and sent by it.
var STATIC_CACHE = "om-static-v1";
var PAGE_CACHE = "om-pages-v1";
var SHELL = ["/static/app.css", "/static/app.js", "/static/drills.js", "/static/drills_offline.js",
             "/static/vendor/htmx/htmx.min.js", "/static/icons/icon.svg", "/favicon.ico"];
var KEPT_PAGES = ["/", "/drills"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC_CACHE).then(function (c) { return c.addAll(SHELL); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== STATIC_CACHE && n !== PAGE_CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function offlinePage() {
  return new Response("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>Offline · OnMessage</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head>" +
    "<body><main class=\"page\"><h1>You are offline</h1><p>This page needs a connection. " +
    "<a href=\"/drills\">Practice</a> works offline once you have opened it online.</p>" +
    "</main></body></html>", { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("fetch", function (event) {
  var req = event.request;
  var url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) return;
  var isStatic = url.pathname.indexOf("/static/") === 0 || url.pathname === "/favicon.ico";
  var keep = isStatic || (req.mode === "navigate" && KEPT_PAGES.indexOf(url.pathname) >= 0);
  if (!isStatic && req.mode !== "navigate") return;
  event.respondWith(fetch(req).then(function (res) {
    // Only a page the rep really got (not a redirect to sign-in) is kept.
    if (keep && res.ok && !res.redirected) {
      var copy = res.clone();
      caches.open(isStatic ? STATIC_CACHE : PAGE_CACHE).then(function (c) { c.put(req, copy); });
    }
    return res;
  }).catch(function () {
    return caches.match(req, { ignoreSearch: isStatic }).then(function (hit) {
      return hit || (req.mode === "navigate" ? offlinePage() : Response.error());
    });
  }));
});
