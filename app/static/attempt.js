// An attempt's result: tap a timestamp or a transcript word and the player jumps there.
(function () {
  document.addEventListener("click", function (e) {
    var el = e.target.closest && e.target.closest("[data-seek]");
    var audio = document.getElementById("attempt-audio");
    if (!el || !audio) return;
    audio.currentTime = Math.max(0, parseFloat(el.dataset.seek) - 0.3);
    audio.play().catch(function () {});
  });
})();
