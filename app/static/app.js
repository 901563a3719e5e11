// Small progressive enhancements shared by every page.
(function () {
  // Toasts dismiss themselves after a while so they never cover the page for long.
  function autoDismiss(root) {
    root.querySelectorAll(".toast:not([data-timed])").forEach(function (el) {
      el.dataset.timed = "1";
      setTimeout(function () { el.remove(); }, el.classList.contains("toast-error") ? 9000 : 5000);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { autoDismiss(document); });
  document.addEventListener("htmx:afterSwap", function () { autoDismiss(document); });
})();
