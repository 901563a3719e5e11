// The drill session: htmx posts answers to the JSON API (json-enc), plus one-handed and
// keyboard niceties. Everything works by tapping; this only adds comfort.
(function () {
  function defineJsonEnc() {
    if (!window.htmx || htmx.__omJsonEnc) return;
    htmx.__omJsonEnc = true;
    htmx.defineExtension("json-enc", {
      onEvent: function (name, evt) {
        if (name === "htmx:configRequest") evt.detail.headers["Content-Type"] = "application/json";
      },
      encodeParameters: function (xhr, parameters, elt) {
        xhr.overrideMimeType("text/json");
        var out = {};
        parameters.forEach(function (value, key) { out[key] = value; });
        // hx-vals keep their JSON types (a rating is a number, not "3").
        var holder = elt.closest("[hx-vals]");
        if (holder) { try { Object.assign(out, JSON.parse(holder.getAttribute("hx-vals"))); } catch (e) {} }
        return JSON.stringify(out);
      }
    });
  }
  function focusStage() {
    var stage = document.getElementById("drill-stage");
    if (!stage) return;
    // The new card's first thing to do, else its heading: keyboards and screen readers
    // carry on from the card that was just swapped in, not from the top of the page.
    var target = stage.querySelector("#gap-answer, [autofocus]") ||
      stage.querySelector("#drill-q, #done-title, #fb-title");
    if (target) target.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }
  document.addEventListener("DOMContentLoaded", function () { defineJsonEnc(); focusStage(); });
  defineJsonEnc();
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.target && e.target.id === "drill-stage") focusStage();
  });
  // While a request is in flight, further taps do nothing (the server also refuses doubles).
  document.addEventListener("htmx:beforeRequest", function (e) {
    var stage = document.getElementById("drill-stage");
    if (stage && stage.contains(e.target)) stage.classList.add("busy");
  });
  document.addEventListener("htmx:afterRequest", function () {
    var stage = document.getElementById("drill-stage");
    if (stage) stage.classList.remove("busy");
  });
  // Keyboard: space reveals, 1-4 rate or pick, Enter goes on.
  document.addEventListener("keydown", function (e) {
    var stage = document.getElementById("drill-stage");
    if (!stage || e.target.tagName === "INPUT" || e.metaKey || e.ctrlKey) return;
    var key = e.key === " " ? " " : e.key;
    var open = stage.querySelector("details[open]");
    var scope = open || stage;
    var hit = scope.querySelector('[data-key="' + key + '"]');
    if (!hit || (hit.tagName !== "SUMMARY" && hit.closest("details:not([open])"))) return;
    e.preventDefault();
    hit.click();
  });
})();
