// Review page: the transcript follows the recording, tap a word (or a timestamp) to seek,
// and the comment form pins the comment to the current moment of the recording.
(function () {
  "use strict";
  // The score with the manager's judgements: the scorer's formula (weighted share of the
  // messages covered, minus the banned-phrase penalty), recomputed as radios change.
  var form = document.getElementById("decision-form");
  var shown = document.getElementById("adjusted");
  var value = document.getElementById("adjusted-score");
  function rescore() {
    if (!form || !shown || !value) return;
    var total = 0, got = 0;
    form.querySelectorAll("li[data-message]").forEach(function (li) {
      var w = parseFloat(li.getAttribute("data-weight")) || 1;
      var picked = li.querySelector("input[type=radio]:checked");
      var covered = picked ? picked.value === "covered" : li.getAttribute("data-machine") === "1";
      total += w;
      if (covered) got += w;
    });
    var base = total ? 100 * got / total : 0;
    var score = Math.max(0, Math.min(100, Math.round(base - parseFloat(form.getAttribute("data-penalty") || "0"))));
    value.textContent = String(score);
    shown.hidden = String(score) === form.getAttribute("data-machine-score");
  }
  if (form) { form.addEventListener("change", rescore); }
  var audio = document.getElementById("review-audio");
  if (!audio) return;
  var words = Array.prototype.slice.call(document.querySelectorAll("#review-transcript [data-start]"));
  var starts = words.map(function (w) { return parseFloat(w.getAttribute("data-start")); });
  var pinAt = document.getElementById("pin-at");
  var pinTime = document.getElementById("pin-time");
  var current = -1;

  function fmt(s) {
    s = Math.max(0, Math.floor(s));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  function seek(t) {
    audio.currentTime = t;
    if (audio.paused) { audio.play().catch(function () {}); }
  }
  function follow() {
    var t = audio.currentTime;
    // Binary search: the last word that started at or before t.
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= t) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    if (found !== current) {
      if (current >= 0) words[current].classList.remove("is-now");
      if (found >= 0) words[found].classList.add("is-now");
      current = found;
    }
    if (pinAt) { pinAt.value = t.toFixed(2); }
    if (pinTime) { pinTime.textContent = fmt(t); }
  }
  audio.addEventListener("timeupdate", follow);
  audio.addEventListener("seeked", follow);
  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-start], [data-seek]");
    if (!el) return;
    seek(parseFloat(el.getAttribute("data-start") || el.getAttribute("data-seek")));
  });
  // Roving focus: the transcript is one tab stop; arrows, Home and End move within it.
  function focusWord(i) {
    if (i < 0 || i >= words.length) return;
    words.forEach(function (w, n) { w.tabIndex = n === i ? 0 : -1; });
    words[i].focus();
  }
  document.addEventListener("keydown", function (e) {
    if (!e.target.hasAttribute || !e.target.hasAttribute("data-start")) return;
    var i = words.indexOf(e.target);
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      seek(parseFloat(e.target.getAttribute("data-start")));
    } else if (e.key === "ArrowRight" || e.key === "ArrowDown") {
      e.preventDefault(); focusWord(i + 1);
    } else if (e.key === "ArrowLeft" || e.key === "ArrowUp") {
      e.preventDefault(); focusWord(i - 1);
    } else if (e.key === "Home") {
      e.preventDefault(); focusWord(0);
    } else if (e.key === "End") {
      e.preventDefault(); focusWord(words.length - 1);
    }
  });
})();
