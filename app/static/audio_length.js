// Recordings made by MediaRecorder (WebM/Ogg) carry no duration in their header, so the
// player showed 0:00 with no total and a seek bar that could not seek. The server stores
// each recording's length at upload (data-duration); until the browser knows the length
// itself, the player is made to find it: seeking far past the end makes Chromium read
// the whole file (served with byte ranges) and learn its real duration, then it returns
// to the start. The stored length is also shown beside the player.
(function () {
  function fmt(s) {
    s = Math.max(0, Math.floor(s));  // floored, as the server's fmt_time writes every other time on the page
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  function fix(audio) {
    if (audio.dataset.lengthFixed) return;
    audio.dataset.lengthFixed = "1";
    var label = audio.parentElement && audio.parentElement.querySelector(".audio-length");
    var stored = parseFloat(audio.dataset.duration);
    if (label && stored > 0) label.textContent = "Length " + fmt(stored);
    function probe() {
      if (isFinite(audio.duration) && audio.duration > 0) return;
      var back = function () {
        if (!isFinite(audio.duration)) return;
        audio.removeEventListener("durationchange", back);
        audio.currentTime = 0;
      };
      audio.addEventListener("durationchange", back);
      audio.currentTime = 1e101;
    }
    if (audio.readyState >= 1) probe();
    else audio.addEventListener("loadedmetadata", probe, { once: true });
  }
  function all() { document.querySelectorAll("audio[data-duration]").forEach(fix); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
})();
