// The buyer role-play page (with live-mic.js): one live socket (?roleplay=module-slug);
// the buyer's lines arrive as frames, are shown and spoken with the browser's speech
// synthesis, and each answer is judged when the rep taps "Done answering". While the
// buyer speaks, silence is sent instead of the microphone, so the buyer's own voice is
// never taken for the rep's answer.
(function () {
  "use strict";
  var root = document.getElementById("roleplay");
  if (!root) return;
  var $ = function (id) { return document.getElementById(id); };
  var list = $("rp-list"), statusEl = $("rp-status"), startBtn = $("rp-start");
  var doneBtn = $("rp-done"), stopBtn = $("rp-stop"), errorEl = $("rp-error"), fallbackBox = $("rp-fallback");
  var maxSeconds = Number(root.dataset.maxSeconds) || 300;
  var ws = null, finished = false, speaking = false, answerEl = null;

  var mic = window.LiveMic && window.LiveMic.create(function (frame, seconds) {
    if (!ws || ws.readyState !== 1) return;
    ws.send(speaking ? new ArrayBuffer(frame.byteLength) : frame);
    if (seconds >= maxSeconds) end();
  });

  function status(text) { statusEl.textContent = text; }
  function fail(text) {
    errorEl.textContent = text; errorEl.hidden = false; fallbackBox.hidden = false;
    doneBtn.hidden = true; stopBtn.hidden = true; startBtn.hidden = false;
  }

  function bubble(cls, text, label) {
    var li = document.createElement("li");
    li.className = "rp-turn " + cls;
    if (label) {
      var small = document.createElement("span");
      small.className = "eyebrow"; small.textContent = label;
      li.appendChild(small);
    }
    var p = document.createElement("p");
    p.className = "rp-text";
    p.textContent = text;
    li.appendChild(p);
    list.appendChild(li);
    li.scrollIntoView({ block: "nearest" });
    return li;
  }

  function say(text) {
    if (!("speechSynthesis" in window)) return;
    var u = new SpeechSynthesisUtterance(text);
    speaking = true;
    u.onend = u.onerror = function () { speaking = false; };
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(u);
    // never mute the rep for longer than the line takes to say (some browsers never end)
    setTimeout(function () { speaking = false; }, 800 + 420 * text.split(" ").length);
  }

  function onFrame(f) {
    if (f.type === "ready") {
      mic.open().then(function () {
        ws.send(JSON.stringify({ type: "start", format: "pcm_s16le", sample_rate: window.LiveMic.RATE }));
        mic.begin();
      }).catch(function () { ws.close(); fail("The microphone isn't available: allow it in the browser's site settings."); });
    } else if (f.type === "started") {
      startBtn.hidden = true; stopBtn.hidden = false;
    } else if (f.type === "buyer") {
      bubble("rp-buyer", f.text, "Buyer" + (f.kind === "follow-up" ? " · follow-up" : f.kind === "objection" ? " · objection" : ""));
      say(f.text);
      if (f.kind === "close") { doneBtn.hidden = true; status("Scoring the conversation…"); return; }
      answerEl = bubble("rp-answer", "…", "You");
      doneBtn.hidden = false; doneBtn.disabled = false;
      status("Answer out loud, then tap Done answering.");
    } else if (f.type === "partial") {
      if (answerEl) answerEl.querySelector(".rp-text").textContent = f.text.split(" ").slice(-30).join(" ");
    } else if (f.type === "judgement") {
      var li = answerEl || bubble("rp-answer", "", "You");
      li.querySelector(".rp-text").textContent = f.answer || "(no answer heard)";
      var j = document.createElement("p");
      j.className = "small rp-judged";
      j.textContent = (f.covered.length ? "Covered: " + f.covered.map(function (c) { return c.id; }).join(", ") : "Covered nothing yet") +
        (f.missed.length ? " · Missed: " + f.missed.join(", ") : "");
      li.appendChild(j);
      answerEl = null;
    } else if (f.type === "result") {
      finished = true;
      status("Scored " + f.score + " / 100. Opening the result…");
      window.location.assign(f.url);
    } else if (f.type === "error") {
      finished = true; mic.close(); fail(f.detail);
    }
  }

  function start() {
    if (root.dataset.enabled !== "yes" || !mic || !window.LiveMic.supported()) {
      fail("Role-play isn't available in this browser or on this server."); return;
    }
    errorEl.hidden = true; fallbackBox.hidden = true; finished = false;
    list.textContent = "";
    status("Connecting…");
    ws = new WebSocket(window.LiveMic.socketUrl(root.dataset.socket, "roleplay=" + encodeURIComponent(root.dataset.module)));
    ws.binaryType = "arraybuffer";
    ws.onmessage = function (e) { onFrame(JSON.parse(e.data)); };
    ws.onclose = function (e) {
      mic.close();
      if (!finished && e.code !== 1000) fail("The connection closed (" + e.code + "). What you said so far is kept under your attempts.");
    };
  }

  function done() {
    if (!ws || ws.readyState !== 1) return;
    doneBtn.disabled = true; status("Listening to the rest of your answer…");
    ws.send(JSON.stringify({ type: "turn_end" }));
  }

  function end() {
    if (!ws || ws.readyState !== 1) return;
    doneBtn.hidden = true; stopBtn.hidden = true; status("Scoring the conversation…");
    mic.close();
    ws.send(JSON.stringify({ type: "stop" }));
  }

  startBtn.addEventListener("click", start);
  doneBtn.addEventListener("click", done);
  stopBtn.addEventListener("click", end);
})();
