// The live pitch page (with live-mic.js): the microphone is streamed as 16 kHz 16-bit PCM over the live
// WebSocket (/api/v1/live, see the README), and the server's frames tick the checklist,
// flash banned phrases, move the pace gauge and, on Stop, bring the scored result.
//
// Web Audio gives float samples at the context's rate (often 48 kHz even when 16 kHz is
// asked for); they are averaged down to 16 kHz here, 100 ms to a frame. The take is also
// kept in the page: if the connection drops or the server refuses mid-take, "Upload this
// take" sends it through the ordinary upload flow, so nothing said is lost.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) return;

  var $ = function (id) { return document.getElementById(id); };
  var startBtn = $("live-start"), stopBtn = $("live-stop"), statusEl = $("live-status");
  var timerEl = $("live-timer"), flashEl = $("live-flash"), errorEl = $("live-error");
  var fallbackBox = $("live-fallback"), uploadBtn = $("live-upload"), partialEl = $("live-partial");
  var countEl = $("live-count"), needle = $("live-pace-needle"), paceLabel = $("live-pace-label");
  var paceBox = root.querySelector(".live-pace");
  var items = Array.prototype.slice.call(document.querySelectorAll(".live-item"));

  var maxSeconds = Number(root.dataset.maxSeconds) || 300;
  var minSeconds = Number(root.dataset.minSeconds) || 3;
  var wpmMin = Number(root.dataset.wpmMin) || 130, wpmMax = Number(root.dataset.wpmMax) || 170;

  var ws = null, startedAt = 0, tickId = 0, flashId = 0, finished = false, covered = {};
  var mic = window.LiveMic && window.LiveMic.create(function (frame, seconds) {
    if (ws && ws.readyState === 1) ws.send(frame);
    if (seconds >= maxSeconds) stop();
  });

  function fmt(s) { s = Math.floor(s); return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2); }
  function setState(s) { root.dataset.state = s; startBtn.hidden = s !== "idle"; stopBtn.hidden = s !== "live"; }
  function status(text) { statusEl.textContent = text; }
  function canStream() { return root.dataset.enabled === "yes" && mic && window.LiveMic.supported(); }

  function fallback(text, offerUpload) {
    errorEl.textContent = text; errorEl.hidden = false;
    fallbackBox.hidden = false;
    uploadBtn.hidden = !(offerUpload && mic && mic.seconds() >= minSeconds);
  }

  // --- the socket ------------------------------------------------------------------------
  function start() {
    if (!canStream()) {
      fallback("Live practice isn't available in this browser or on this server. Record and upload your take instead.", false);
      return;
    }
    errorEl.hidden = true; fallbackBox.hidden = true; finished = false;
    status("Connecting…"); setState("connecting");
    ws = new WebSocket(window.LiveMic.socketUrl(root.dataset.socket,
      "pitch=" + encodeURIComponent(root.dataset.pitch).replace("%2F", "/")));
    ws.binaryType = "arraybuffer";
    ws.onmessage = function (e) { onFrame(JSON.parse(e.data)); };
    ws.onclose = function (e) {
      if (finished) return;
      mic.close(); clearInterval(tickId); setState("idle");
      if (e.code !== 1000) fallback("The live connection closed (" + e.code + "). What you said so far is kept; you can upload it or record again.", true);
    };
    ws.onerror = function () { status("The live connection failed."); };
  }

  function onFrame(f) {
    if (f.type === "ready") {
      mic.open().then(function () {
        ws.send(JSON.stringify({ type: "start", format: "pcm_s16le", sample_rate: window.LiveMic.RATE }));
        mic.begin();
      }).catch(function () {
        ws.close();
        fallback("The microphone isn't available: allow it in the browser's site settings, or record and upload instead.", false);
      });
    } else if (f.type === "started") {
      startedAt = Date.now(); setState("live"); status("Listening… tap Stop when you're done.");
      tickId = setInterval(function () { timerEl.textContent = fmt((Date.now() - startedAt) / 1000); }, 250);
    } else if (f.type === "partial") {
      partialEl.textContent = f.text || "…";
    } else if (f.type === "covered") {
      tick(f.message, f.quote);
    } else if (f.type === "phrase") {
      flash(f);
    } else if (f.type === "pace") {
      pace(f.wpm, f.pace);
    } else if (f.type === "result") {
      finished = true; clearInterval(tickId);
      (f.result && f.result.messages || []).forEach(function (m) { if (m.covered) tick(m.id, m.evidence); });
      status("Scored " + f.score + " / 100. Opening your result…");
      window.location.assign(f.url);
    } else if (f.type === "error") {
      finished = true; mic.close(); clearInterval(tickId); setState("idle");
      fallback(f.detail, f.code !== 4429);
    }
  }

  function tick(id, quote) {
    var li = items.filter(function (x) { return x.dataset.message === id; })[0];
    if (!li || covered[id]) return;
    covered[id] = true;
    li.classList.add("is-covered", "just-covered");
    li.querySelector(".live-said").textContent = "said";
    var q = li.querySelector(".live-quote");
    if (quote) { q.textContent = "“" + quote + "”"; q.hidden = false; }
    countEl.textContent = Object.keys(covered).length + " of " + items.length;
  }

  function flash(f) {
    var fix = f.kind === "retired"
      ? (f.say_instead ? "Say instead: " + f.say_instead : "This is retired messaging.")
      : (f.reason || "This phrase must not be said.");
    flashEl.textContent = "“" + f.phrase + "”";
    var small = document.createElement("small");
    small.textContent = fix;
    flashEl.appendChild(small);
    flashEl.hidden = false;
    clearTimeout(flashId);
    flashId = setTimeout(function () { flashEl.hidden = true; }, 6000);
  }

  function pace(wpm, label) {
    // the band [wpmMin, wpmMax] fills the middle third of the gauge
    var span = wpmMax - wpmMin, pos = (wpm - (wpmMin - span)) / (3 * span);
    needle.style.left = (Math.max(0, Math.min(1, pos)) * 100) + "%";
    paceBox.classList.add("has-pace");
    paceBox.classList.toggle("pace-on", label === "on target");
    paceBox.classList.toggle("pace-fast", label === "fast");
    paceBox.classList.toggle("pace-slow", label === "slow");
    paceLabel.textContent = "Pace: " + wpm + " words a minute (" + label + ")";
  }

  function stop() {
    if (root.dataset.state !== "live") return;
    setState("scoring"); status("Scoring…");
    mic.close(); clearInterval(tickId);
    if (ws && ws.readyState === 1) ws.send(JSON.stringify({ type: "stop" }));
  }

  // --- fallback: the kept take through the upload flow -----------------------------------
  function upload() {
    uploadBtn.disabled = true; status("Uploading your take…");
    window.LiveMic.upload(mic, root.dataset.pitch).then(function (r) {
      if (r.ok) { window.location.assign(r.body.url); return; }
      uploadBtn.disabled = false; fallback(r.body.detail || "The upload failed.", true);
    }).catch(function () { uploadBtn.disabled = false; status("The upload failed; check the connection and try again."); });
  }

  startBtn.addEventListener("click", start);
  stopBtn.addEventListener("click", stop);
  uploadBtn.addEventListener("click", upload);
  if (!canStream()) fallback("Live practice isn't available in this browser or on this server. Record and upload your take instead.", false);
})();
