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
