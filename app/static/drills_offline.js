// Drilling with no connection (a train, a lift, a basement car park). While online the
// phone keeps the next due cards (GET /drills/pack, stored in localStorage); offline, an
// answer is queued on the phone instead of sent and the next kept card is shown. When the
// connection returns the queue is sent in order. Each answer carries the card's shown
// state, so the server counts it once: one that did reach it before the connection
// dropped is refused as a replay (409) and simply leaves the queue.
(function () {
  var ANSWER = /\/api\/v1\/drills\/(\d+)\/answers/;
  var DUE = /\/api\/v1\/drills\/due/;
  var stage, qKey, pKey, sKey, lastAnswer = null, flushing = false, fetchingPack = false;

  function ready() {
    stage = document.getElementById("drill-stage");
    if (!stage || !stage.dataset.user) return false;
    qKey = "om-drill-queue:" + stage.dataset.user;
    pKey = "om-drill-pack:" + stage.dataset.user;
    sKey = "om-drill-spent:" + stage.dataset.user;
    return true;
  }
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full: keep going */ }
  }
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRF-Token"]; }
    catch (e) { return ""; }
  }
  function queuedIds() { return load(qKey).map(function (a) { return a.drill; }); }
  // A kept card is spent once answered (online or queued), matched by its shown state: a
  // pack fetched while an answer was in flight may still hold the card it answered.
  function usablePack() {
    var spent = load(sKey);
    return load(pKey).filter(function (c) { return spent.indexOf(c.drill + "@" + c.state) < 0; });
  }
  function spend(answer) {
    var spent = load(sKey);
    spent.push(answer.drill + "@" + answer.body.shown_state);
    save(sKey, spent.slice(-200));
  }
  function doneSoFar() {
    var bar = stage.querySelector("[data-done]");
    return bar ? parseInt(bar.dataset.done, 10) || 0 : 0;
  }

  // --- keeping cards -------------------------------------------------------------------
  function refreshPack() {
    if (fetchingPack || !navigator.onLine || !stage.querySelector(".drill-card[data-drill]")) return;
    if (usablePack().length >= 5) return;
    fetchingPack = true;
    fetch("/drills/pack?n=" + doneSoFar(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var cards = [];
        holder.querySelectorAll("template.pack-card").forEach(function (t) {
          cards.push({ drill: t.dataset.drill, state: t.dataset.state, html: t.innerHTML });
        });
        save(pKey, cards);
      })
      .catch(function () { /* offline again or signed out: keep what we had */ })
      .then(function () { fetchingPack = false; });
  }

  // --- answering offline ---------------------------------------------------------------
  function bodyOf(detail) {
    var out = {};
    var data = detail.formData;
    if (data && data.forEach) data.forEach(function (v, k) { out[k] = v; });
    else Object.keys(detail.parameters || {}).forEach(function (k) { out[k] = detail.parameters[k]; });
    if (out.rating !== undefined) out.rating = parseInt(out.rating, 10);
    return out;
  }
  function enqueue(answer) {
    var queue = load(qKey);
    if (queue.some(function (a) { return a.drill === answer.drill && a.body.shown_state === answer.body.shown_state; })) return;
    queue.push({ id: Date.now() + "-" + Math.random().toString(36).slice(2), drill: answer.drill, body: answer.body });
    save(qKey, queue);
  }
  function note(text) {
    var p = stage.querySelector(".offline-note");
    if (!p) {
      p = document.createElement("p");
      p.className = "offline-note";
      p.setAttribute("role", "status");
      stage.insertBefore(p, stage.firstChild);
    }
    p.textContent = text;
  }
  function offlineText() {
    var n = load(qKey).length;
    return "Offline · " + n + " answer" + (n === 1 ? "" : "s") +
      " saved on this phone, sent when you are back online";
  }
  function setBar(step) {
    var bar = stage.querySelector(".drill-progress");
    if (!bar) return;
    var done = (parseInt(bar.getAttribute("aria-valuenow"), 10) || 0) + step;
    var total = Math.max(done, parseInt(bar.getAttribute("aria-valuemax"), 10) || 0);
    bar.setAttribute("aria-valuenow", done);
    bar.setAttribute("aria-valuetext", done + " of " + total + " cards");
    bar.dataset.done = doneSoFar() + step;
    var fill = bar.querySelector("span");
    if (fill) fill.className = "pct-" + (total ? Math.round(done / total * 100) : 100);
  }
  function showNext(step) {
    var top = stage.querySelector(".drill-top");
    var next = usablePack()[0];
    stage.textContent = "";
    if (top) stage.appendChild(top);
    setBar(step);
    var holder = document.createElement("div");
    if (next) {
      holder.innerHTML = next.html;
    } else {
      var done = document.createElement("section");
      done.className = "drill-card drill-done";
      var h = document.createElement("h1");
      h.id = "done-title"; h.tabIndex = -1; h.textContent = "Saved on this phone";
      var p = document.createElement("p");
      p.textContent = "That was every card this phone kept for offline. Your answers are sent " +
        "as soon as you are back online; open Practice again then for the rest.";
      done.appendChild(h); done.appendChild(p); holder.appendChild(done);
    }
    while (holder.firstChild) stage.appendChild(holder.firstChild);
    note(offlineText());
    if (window.htmx) htmx.process(stage);
    var target = stage.querySelector("#gap-answer") || stage.querySelector("#drill-q, #done-title");
    if (target) target.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }

  document.addEventListener("htmx:configRequest", function (e) {
    if (!ready() || !stage.contains(e.detail.elt)) return;
    var m = ANSWER.exec(e.detail.path || "");
    lastAnswer = m ? { drill: m[1], body: bodyOf(e.detail) } : null;
    if (m) spend(lastAnswer);
    if (navigator.onLine) return;
    if (m) { e.preventDefault(); enqueue(lastAnswer); showNext(1); }
    else if (DUE.test(e.detail.path || "")) { e.preventDefault(); showNext(0); }
  });
  // The connection dropped under a request: keep the answer (if the server did take it,
  // the replay is refused, so it still counts once) and go on with the kept cards.
  document.addEventListener("htmx:sendError", function (e) {
    if (!ready()) return;
    var path = (e.detail.requestConfig && e.detail.requestConfig.path) || "";
    if (ANSWER.test(path) && lastAnswer) { enqueue(lastAnswer); showNext(1); }
    else if (DUE.test(path)) showNext(0);
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    if (ready() && e.target === stage) refreshPack();
  });

  // --- sending the queue ---------------------------------------------------------------
  function toast(text) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var t = document.createElement("div");
    t.className = "toast";
    t.textContent = text;
    box.appendChild(t);
    setTimeout(function () { t.remove(); }, 5000);
  }
  function flush() {
    if (!ready() || flushing || !navigator.onLine || !load(qKey).length) return;
    flushing = true;
    var sent = 0;
    (function next() {
      var queue = load(qKey);
      if (!queue.length) {
        flushing = false;
        var p = stage.querySelector(".offline-note");
        if (p) {
          // A kept card is on screen: swap in the server's own next card, which starts
          // from where the sent answers left the rep.
          p.remove();
          if (window.htmx) htmx.ajax("GET", "/api/v1/drills/due?n=" + doneSoFar(), { target: stage, swap: "innerHTML" });
        } else {
          refreshPack();
        }
        stage.dataset.lastSent = String(sent);  // (what the reconnection sent, for tests)
        if (sent) toast("Back online: " + sent + " answer" + (sent === 1 ? "" : "s") + " sent.");
        return;
      }
      var item = queue[0];
      fetch("/api/v1/drills/" + item.drill + "/answers", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json",
                   "X-CSRF-Token": csrf() },
        body: JSON.stringify(item.body)
      }).then(function (r) {
        // Signed out, a refused token or a server in trouble: keep it for the next try.
        if (r.status === 401 || r.status === 403 || r.status === 429 || r.status >= 500) {
          throw new Error("later");
        }
        // 200 counted now; 409 the server has it already (or the card moved on); 4xx can
        // never be counted. Either way it leaves the queue.
        if (r.ok) sent += 1;
        save(qKey, load(qKey).filter(function (a) { return a.id !== item.id; }));
        next();
      }).catch(function () { flushing = false; });
    })();
  }
  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { if (ready()) note(offlineText()); });

  function start() {
    if (!ready()) return;
    if (!navigator.onLine) {
      // Opened with no connection (the service worker's copy of the page, which may show
      // a card already answered): go on from the first kept card not answered yet.
      if (usablePack().length) showNext(0);
      else note(offlineText());
      return;
    }
    flush();
    refreshPack();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
