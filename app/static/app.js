// Small progressive enhancements shared by every page. The Content-Security-Policy allows
// no inline script, so behaviour that used to sit in on*= attributes lives here, keyed
// on data- attributes.
(function () {
  // Toasts dismiss themselves after a while so they never cover the page for long.
  function autoDismiss(root) {
    root.querySelectorAll(".toast:not([data-timed])").forEach(function (el) {
      el.dataset.timed = "1";
      setTimeout(function () { el.remove(); }, el.classList.contains("toast-error") ? 9000 : 5000);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { autoDismiss(document); });
  // A page opened in a tab of its own (a link in an email) has nothing to go back to: its
  // "Go back" would do nothing, so it is taken away ("Go home" stays).
  document.addEventListener("DOMContentLoaded", function () {
    if (history.length > 1) return;
    document.querySelectorAll("[data-back]").forEach(function (el) { el.remove(); });
  });
  document.addEventListener("htmx:afterSwap", function () { autoDismiss(document); });

  document.addEventListener("click", function (e) {
    var el = e.target.closest && e.target.closest("[data-dismiss], [data-print], [data-back], [data-select-all]");
    if (!el) return;
    if (el.hasAttribute("data-dismiss")) el.parentElement.remove();
    else if (el.hasAttribute("data-print")) window.print();
    else if (el.hasAttribute("data-back")) history.back();
    else el.select();
  });
  // A Copy button copies its field's text (an invite link) and says so.
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("[data-copy]");
    if (!btn) return;
    var field = document.getElementById(btn.getAttribute("data-copy"));
    if (!field) return;
    function done() { btn.textContent = "Copied"; setTimeout(function () { btn.textContent = "Copy"; }, 2500); }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {  // plain http: select it for the person to copy
      field.select();
      try { if (document.execCommand("copy")) done(); } catch (err) { /* selected anyway */ }
    }
  });
  // A filter <select> applies itself when changed.
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("select[data-autosubmit]") && e.target.form) {
      e.target.form.submit();
    }
  });
  // A short name (slug) follows the text it is made from until someone edits it by hand.
  document.addEventListener("input", function (e) {
    var t = e.target;
    if (!t.matches) return;
    if (t.matches("[data-slug-from]")) { t.dataset.edited = t.value ? "1" : ""; return; }
    document.querySelectorAll('[data-slug-from="' + t.id + '"]').forEach(function (slug) {
      if (slug.dataset.edited) return;
      slug.value = t.value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
        .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64).replace(/-+$/, "");
    });
  });
  // An htmx form that adds to a list (a pinned comment) is cleared once the server took it.
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail && e.detail.elt;
    if (e.detail.successful && form && form.matches && form.matches("form[data-reset-on-success]")) {
      form.reset();
    }
  });
})();
// What was typed into a form survives its refusal. When a form is sent, its fields are
// kept in this tab (sessionStorage; never a password, a file or a hidden field). If the
// server could not read it (the form had expired, or the person had been signed out),
// it marks the page for a refill (<body data-refill>, once it is shown again, through
// sign-in if need be), and the fields are put back for the same person to send again.
// Any other showing of the page forgets them; signing out forgets them all.
(function () {
  var PREFIX = "om-form:", MAX_AGE_MS = 6 * 3600 * 1000;
  function store() { try { return window.sessionStorage; } catch (err) { return null; } }
  function who() { return document.body.getAttribute("data-account") || ""; }
  function pageKey() { return PREFIX + location.pathname; }
  function formKey(form) {
    var action = form.getAttribute("action") || "";
    var same = Array.prototype.filter.call(document.forms, function (f) {
      return (f.getAttribute("action") || "") === action;
    });
    return action + "#" + same.indexOf(form);
  }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !el.matches("button, [type=password], [type=hidden], [type=file], " +
        "[type=submit], [type=reset], [type=button], [type=image], [data-no-keep]");
    });
  }
  function keep(form) {
    var s = store();
    if (!s || !form || form.tagName !== "FORM" || (form.method || "").toLowerCase() !== "post") return;
    if ((form.getAttribute("action") || "") === "/logout") {
      Object.keys(s).forEach(function (k) { if (k.indexOf(PREFIX) === 0) s.removeItem(k); });
      return;
    }
    var values = fields(form).map(function (el) {
      if (el.type === "checkbox" || el.type === "radio") return [el.name, el.value, el.checked];
      if (el.multiple) return [el.name, Array.prototype.filter.call(el.options, function (o) {
        return o.selected; }).map(function (o) { return o.value; })];
      return [el.name, el.value];
    });
    var page = {};
    try { page = JSON.parse(s.getItem(pageKey()) || "{}"); } catch (err) { page = {}; }
    if (page.who !== who()) page = {};
    page.who = who(); page.at = Date.now(); page.forms = page.forms || {};
    page.forms[formKey(form)] = values;
    try { s.setItem(pageKey(), JSON.stringify(page)); } catch (err) { /* full: not kept */ }
  }
  function putBack(form, values) {
    var seen = {}, changed = false;
    fields(form).forEach(function (el) {
      var n = (seen[el.name] = (seen[el.name] || 0) + 1), found = 0;
      values.forEach(function (v) {
        if (v[0] !== el.name) return;
        if (el.type === "checkbox" || el.type === "radio") {
          if (v[1] === el.value) { el.checked = !!v[2]; changed = true; }
        } else if (++found === n) {
          if (el.multiple) Array.prototype.forEach.call(el.options, function (o) {
            o.selected = v[1].indexOf(o.value) >= 0; });
          else el.value = v[1];
          changed = changed || v[1] !== "";
        }
      });
    });
    return changed;
  }
  function say(where, text) {
    var p = document.createElement("p");
    p.className = "notice form-kept";
    p.setAttribute("role", "status");
    p.textContent = text;
    where.parentNode.insertBefore(p, where);
  }
  document.addEventListener("submit", function (e) { keep(e.target); }, true);
  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail && e.detail.elt;
    keep(elt && elt.closest ? elt.closest("form") : null);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var s = store(), page = null, first = null;
    if (!s) return;
    try { page = JSON.parse(s.getItem(pageKey()) || "null"); } catch (err) { page = null; }
    s.removeItem(pageKey());
    Object.keys(s).forEach(function (k) {  // forget what was kept long ago
      try { if (k.indexOf(PREFIX) === 0 && Date.now() - JSON.parse(s.getItem(k)).at > MAX_AGE_MS) s.removeItem(k); }
      catch (err) { s.removeItem(k); }
    });
    if (!document.body.hasAttribute("data-refill")) return;
    if (page && page.who === who() && Date.now() - page.at <= MAX_AGE_MS) {
      Array.prototype.forEach.call(document.forms, function (form) {
        var values = page.forms[formKey(form)];
        if (values && putBack(form, values) && !first) first = form;
      });
    }
    var main = document.getElementById("main");
    if (first) {
      var closed = first.closest("details");
      if (closed) closed.open = true;  // (a form that opens on a tap, the field report)
      say(first, "What you typed is back in the form: check it, then send it again.");
      first.scrollIntoView({ block: "center" });
    }
    else if (main && main.firstElementChild) {
      say(main.firstElementChild, "What you had typed could not be kept in this browser: please type it again.");
    }
  });
})();
// The installable app: a service worker (sw.js) keeps the app's files and the rep's last
// Today and Practice pages for when there is no connection. On a signed-out page (no
// account bar) the kept pages and cards are forgotten; answers still waiting to be sent
// stay on the phone for the next sign-in.
(function () {
  if (!("serviceWorker" in navigator)) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* not essential */ });
    if (!document.querySelector(".topnav") && window.caches) {
      caches.delete("om-pages-v1");
      try {
        Object.keys(localStorage).forEach(function (k) {
          if (k.indexOf("om-drill-pack:") === 0) localStorage.removeItem(k);
        });
      } catch (e) { /* storage blocked */ }
    }
  });
})();
