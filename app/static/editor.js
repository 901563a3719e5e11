// Draft editor: honest save state, problems marked on their fields, keyboard reordering,
// and no publish (or page exit) while an edit is still on its way to the server.
(function () {
  var pending = 0;
  var publishWaiting = null;

  function localTimes(root) {
    root.querySelectorAll("time[data-local-time]").forEach(function (t) {
      var d = new Date(t.getAttribute("datetime"));
      // 24-hour, like every other time the app shows.
      if (!isNaN(d)) t.textContent = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    });
  }

  // Problems are listed at the top; mark the field each one points at.
  function markProblems() {
    var sections = document.getElementById("editor-sections");
    if (!sections) return;
    sections.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    sections.querySelectorAll(".has-problem").forEach(function (el) { el.classList.remove("has-problem"); });
    document.querySelectorAll("#problems [data-field]").forEach(function (a) {
      var el = document.getElementById(a.dataset.field);
      if (!el || !sections.contains(el)) return;
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) el.setAttribute("aria-invalid", "true");
      else el.classList.add("has-problem");
    });
  }

  function refresh() { localTimes(document); markProblems(); }
  document.addEventListener("DOMContentLoaded", refresh);
  document.addEventListener("htmx:afterSettle", refresh);

  // Renaming an id redraws the sections; keystrokes typed into the next field while that
  // was on its way are carried over to the redrawn field (and saved) rather than lost.
  var typing = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var a = document.activeElement;
    typing = a && a.id && /^(INPUT|TEXTAREA)$/.test(a.tagName) && /text|textarea|number/.test(a.type)
      && !a.closest(".field-id") ? { id: a.id, value: a.value } : null;
  });
  document.addEventListener("htmx:afterSwap", function () {
    var el = typing && document.getElementById(typing.id);
    if (el && el.value !== typing.value) {
      el.value = typing.value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }
    typing = null;
  });

  // After add, move or remove, the server names the element that should have focus.
  document.addEventListener("editor-focus", function (e) {
    var el = document.getElementById(e.detail.value);
    if (!el) return;
    if (el.disabled) {
      var other = el.id.replace(/^mv-(up|down)-/, function (_, d) { return "mv-" + (d === "up" ? "down" : "up") + "-"; });
      el = document.getElementById(other) || el;
    }
    if (!/^(INPUT|TEXTAREA|SELECT|BUTTON|A)$/.test(el.tagName)) {
      el = el.querySelector(".field:not(.field-id) textarea, .field:not(.field-id) input[type=text]") || el;
    }
    el.focus();
    el.scrollIntoView({ block: "center", behavior: "smooth" });
  });

  // Alt+Up / Alt+Down moves the item the focus is in.
  document.addEventListener("keydown", function (e) {
    if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    var card = e.target.closest && e.target.closest("[data-item]");
    if (!card) return;
    var cls = e.key === "ArrowUp" ? ".mv-up" : ".mv-down";
    var button = Array.prototype.find.call(card.querySelectorAll(cls), function (b) {
      return b.closest("[data-item]") === card;
    });
    if (button && !button.disabled) { e.preventDefault(); button.click(); }
  });

  document.addEventListener("htmx:beforeRequest", function () { pending += 1; });
  document.addEventListener("htmx:afterRequest", function (e) {
    pending = Math.max(0, pending - 1);
    var bar = document.getElementById("editor-bar");
    if (bar && e.detail.failed) bar.classList.add("save-failed");
    if (publishWaiting) {
      setTimeout(function () {
        if (pending === 0 && publishWaiting) { var f = publishWaiting; publishWaiting = null; f.submit(); }
      }, 80);
    }
  });

  // Publishing while a save is in flight waits for it, so the last keystrokes are included.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("[data-publish]") || pending === 0) return;
    e.preventDefault();
    publishWaiting = form;
  }, true);

  window.addEventListener("beforeunload", function (e) {
    if (pending > 0 && !publishWaiting) { e.preventDefault(); e.returnValue = ""; }
  });
  // A new item's id is made from its first words once they are written (it stayed
  // 'message-3' or 'first-message'); an id someone chose is never touched, and the id
  // field stays editable. The rename goes through the same save as typing an id.
  var AUTO_ID = /^(first-message|(message|objection|point|pitch)-\d+)$/;
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (!t.id || !/-(statement|objection|prompt)$/.test(t.id)) return;
    var idInput = document.getElementById(t.id.replace(/-(statement|objection|prompt)$/, "-id"));
    if (!idInput || !AUTO_ID.test(idInput.value) || !window.htmx) return;
    var words = t.value.toLowerCase().split(/\s+/).slice(0, 5).join(" ");
    var slug = words.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
    if (!slug) return;
    var taken = {};
    document.querySelectorAll(".field-id input").forEach(function (el) { if (el !== idInput) taken[el.value] = 1; });
    var id = slug, n = 2;
    while (taken[id]) { id = slug + "-" + n; n += 1; }
    idInput.value = id;
    htmx.trigger(idInput, "change");
  });
})();
