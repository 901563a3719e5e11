// The pitch recorder: MediaRecorder with a timer and a live level meter, listen back,
// re-record, and an upload that shows progress and survives a flaky connection.
//
// Formats: Chrome/Android record audio/webm;codecs=opus, iOS Safari audio/mp4; we ask the
// browser which it supports rather than guessing from the user agent.
// Retries: each take gets one idempotency key, so resending after a dropped connection
// returns the attempt the first upload created instead of making a second one.
(function () {
  "use strict";
  var root = document.getElementById("recorder");
  if (!root) return;

  var $ = function (id) { return document.getElementById(id); };
  var startBtn = $("rec-start"), stopBtn = $("rec-stop"), timerEl = $("rec-timer");
  var levelEl = $("rec-level"), statusEl = $("rec-status"), review = $("rec-review");
  var playback = $("rec-playback"), againBtn = $("rec-again"), submitBtn = $("rec-submit");
  var uploadBox = $("rec-upload"), progress = $("rec-progress"), uploadLabel = $("rec-upload-label");
  var retryBox = $("rec-retry-box"), retryBtn = $("rec-retry"), discardBtn = $("rec-discard");
  var errorEl = $("rec-error"), controls = root.querySelector(".rec-controls");

  var maxSeconds = Number(root.dataset.maxSeconds) || 300;
  var minSeconds = Number(root.dataset.minSeconds) || 3;
  var maxBytes = Number(root.dataset.maxBytes) || 25 * 1024 * 1024;
  var targetMin = Number(root.dataset.targetMin) || 0;
  var targetMax = Number(root.dataset.targetMax) || 0;

  var stream = null, recorder = null, chunks = [], blob = null, mimeType = "";
  var audioCtx = null, analyser = null, rafId = 0, tickId = 0, startedAt = 0, elapsed = 0;
  var takeKey = null, xhr = null, tries = 0;

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRF-Token"] || ""; }
    catch (e) { return ""; }
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function pickType() {
    if (!window.MediaRecorder || !MediaRecorder.isTypeSupported) return "";
    var types = ["audio/webm;codecs=opus", "audio/webm", "audio/mp4;codecs=mp4a.40.2",
                 "audio/mp4", "audio/ogg;codecs=opus"];
    for (var i = 0; i < types.length; i++) if (MediaRecorder.isTypeSupported(types[i])) return types[i];
    return "";
  }

  function fmt(s) {
    s = Math.floor(s);
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }

  function show(el, on) { el.hidden = !on; }
  function setStatus(text) { statusEl.textContent = text; }
  // What went wrong with the microphone, in words a rep can act on (the browser's own
  // names, e.g. NotFoundError, mean nothing to them).
  function micProblem(name) {
    switch (name) {
      case "NotAllowedError":
      case "SecurityError":
        return "The browser blocked the microphone. Allow microphone access for this site " +
          "(the lock or settings icon by the address), then tap record again.";
      case "NotFoundError":
      case "OverconstrainedError":
        return "No microphone found. Plug in a headset or turn on the phone's microphone, " +
          "then tap record again.";
      case "NotReadableError":
      case "AbortError":
        return "The microphone is busy: another app (a call, a video meeting) is using it. " +
          "Close that app, then tap record again.";
      default:
        return "The microphone could not start. Reload the page and tap record again; if it " +
          "keeps happening, try another browser.";
    }
  }
  function showError(text) { errorEl.textContent = text; show(errorEl, !!text); }

  function setState(state) {
    controls.dataset.state = state;
    root.dataset.state = state;
    show(startBtn, state === "idle");
    show(stopBtn, state === "recording");
    show(controls, state === "idle" || state === "recording");
    show(review, state === "review");
    show(uploadBox, state === "uploading" || state === "upload-failed");
    show(retryBox, state === "upload-failed");
  }

  function timerClass() {
    timerEl.classList.remove("over", "in-target");
    if (targetMax && elapsed > targetMax) timerEl.classList.add("over");
    else if (targetMin && elapsed >= targetMin) timerEl.classList.add("in-target");
  }

  function meter() {
    if (!analyser) return;
    var data = new Uint8Array(analyser.fftSize);
    analyser.getByteTimeDomainData(data);
    var sum = 0;
    for (var i = 0; i < data.length; i++) { var v = (data[i] - 128) / 128; sum += v * v; }
    var rms = Math.sqrt(sum / data.length);
    var pct = Math.min(100, Math.round(Math.sqrt(rms) * 160));
    levelEl.style.width = pct + "%";
    levelEl.parentNode.classList.toggle("quiet", pct < 8);
    rafId = requestAnimationFrame(meter);
  }

  function cleanupStream() {
    cancelAnimationFrame(rafId);
    clearInterval(tickId);
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    if (audioCtx) { audioCtx.close().catch(function () {}); audioCtx = null; analyser = null; }
    levelEl.style.width = "0%";
  }

  function start() {
    showError("");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
      showError("This browser cannot record audio. Use a recent Chrome, Safari or Firefox.");
      return;
    }
    startBtn.disabled = true;
    navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } })
      .then(function (s) {
        stream = s;
        mimeType = pickType();
        recorder = mimeType ? new MediaRecorder(s, { mimeType: mimeType }) : new MediaRecorder(s);
        mimeType = recorder.mimeType || mimeType || "audio/webm";
        chunks = [];
        recorder.ondataavailable = function (e) { if (e.data && e.data.size) chunks.push(e.data); };
        recorder.onstop = finished;
        var Ctx = window.AudioContext || window.webkitAudioContext;
        if (Ctx) {
          audioCtx = new Ctx();
          analyser = audioCtx.createAnalyser();
          analyser.fftSize = 1024;
          audioCtx.createMediaStreamSource(s).connect(analyser);
          meter();
        }
        recorder.start(1000);
        startedAt = Date.now();
        elapsed = 0;
        timerEl.textContent = "0:00";
        tickId = setInterval(function () {
          elapsed = (Date.now() - startedAt) / 1000;
          timerEl.textContent = fmt(elapsed);
          timerClass();
          if (elapsed >= maxSeconds) stop();
        }, 250);
        setState("recording");
        setStatus("Recording… tap stop when you are done.");
        startBtn.disabled = false;
      })
      .catch(function (err) {
        startBtn.disabled = false;
        showError(micProblem(err && err.name));
      });
  }

  function stop() {
    if (recorder && recorder.state !== "inactive") recorder.stop();
    elapsed = (Date.now() - startedAt) / 1000;
    cleanupStream();
  }

  function finished() {
    blob = new Blob(chunks, { type: mimeType.split(";")[0] });
    chunks = [];
    if (elapsed < minSeconds) {
      setState("idle");
      showError("That was only " + elapsed.toFixed(1) + " s. A take needs at least " + minSeconds + " seconds: record again.");
      return;
    }
    if (blob.size > maxBytes) {
      setState("idle");
      showError("The recording is too large to upload. Record a shorter take.");
      return;
    }
    takeKey = newKey(); // one key per take: retries of this upload reuse it
    playback.src = URL.createObjectURL(blob);
    setState("review");
    var hint = "";
    if (targetMin && elapsed < targetMin) hint = " Shorter than the " + targetMin + "–" + targetMax + " s target.";
    else if (targetMax && elapsed > targetMax) hint = " Longer than the " + targetMin + "–" + targetMax + " s target.";
    setStatus("Recorded " + fmt(elapsed) + "." + hint + " Listen back, then submit or re-record.");
  }

  function again() {
    if (playback.src) URL.revokeObjectURL(playback.src);
    playback.removeAttribute("src");
    blob = null; takeKey = null;
    timerEl.textContent = "0:00";
    timerEl.classList.remove("over", "in-target");
    showError("");
    setState("idle");
    setStatus("Tap the button and start talking.");
  }

  function setProgress(pct) {
    progress.setAttribute("aria-valuenow", String(pct));
    progress.firstElementChild.style.width = pct + "%";
  }

  function extension() {
    if (mimeType.indexOf("mp4") >= 0) return "m4a";
    if (mimeType.indexOf("ogg") >= 0) return "ogg";
    return "webm";
  }

  function upload() {
    if (!blob) return;
    showError("");
    setState("uploading");
    uploadLabel.textContent = tries ? "Uploading again…" : "Uploading…";
    setProgress(0);
    var form = new FormData();
    form.append("audio", blob, "pitch." + extension());
    form.append("idempotency_key", takeKey);
    // The size as recorded: the server refuses a file that arrives shorter (cut off).
    form.append("audio_bytes", String(blob.size));
    if (root.dataset.drill) {
      // A spoken drill: the card's shown state travels with the take, so a double submit
      // (or a card answered meanwhile) is counted once.
      form.append("drill", root.dataset.drill);
      form.append("shown_state", root.dataset.shownState);
    } else {
      form.append("module", root.dataset.module);
      form.append("pitch", root.dataset.pitch);
    }
    xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/attempts");
    xhr.setRequestHeader("X-CSRF-Token", csrfToken());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.timeout = 120000;
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) setProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText || "{}"); } catch (e) { body = {}; }
      if (xhr.status === 200 || xhr.status === 201) {
        setProgress(100);
        uploadLabel.textContent = "Uploaded. Scoring…";
        window.location.assign(body.url || "/pitches");
        return;
      }
      if (xhr.status >= 500 || xhr.status === 429) return failed("The server had a problem.");
      // 4xx: the upload itself is wrong (too short, silent...): retrying will not help.
      setState("review");
      var detail = typeof body.detail === "string" ? body.detail : "The upload was refused.";
      if (xhr.status === 401) detail = "Your session has expired: sign in again in another tab, then submit.";
      showError(detail);
    };
    xhr.onerror = function () { failed("The connection dropped."); };
    xhr.ontimeout = function () { failed("The upload timed out."); };
    xhr.send(form);
  }

  function failed(why) {
    tries += 1;
    if (tries <= 3) {
      // Automatic retries with backoff; the same key makes them safe.
      uploadLabel.textContent = why + " Retrying in " + tries * 2 + " s…";
      setTimeout(upload, tries * 2000);
      return;
    }
    setState("upload-failed");
    uploadLabel.textContent = why + " Your recording is still here.";
  }

  startBtn.addEventListener("click", start);
  stopBtn.addEventListener("click", stop);
  againBtn.addEventListener("click", again);
  submitBtn.addEventListener("click", function () { tries = 0; upload(); });
  retryBtn.addEventListener("click", function () { tries = 0; upload(); });
  discardBtn.addEventListener("click", again);
  window.addEventListener("beforeunload", function (e) {
    if (blob && root.dataset.state !== "uploading" && root.dataset.state !== "idle") {
      e.preventDefault();
      e.returnValue = "";
    }
  });
  setState("idle");
})();
