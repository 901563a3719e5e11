// The microphone for live practice (live.js, roleplay.js): Web Audio blocks averaged down
// to 16 kHz and handed on as 100 ms frames of 16-bit PCM. Every frame is also kept, so a
// take whose connection fails can still be uploaded as a WAV through the upload flow.
(function () {
  "use strict";
  var RATE = 16000, FRAME = 1600;

  function create(onFrame) {
    var ctx = null, stream = null, node = null, source = null, on = false;
    var pending = [], kept = [], keptSamples = 0, carry = 0, carrySum = 0, carryN = 0;

    function push(block, rate) {
      if (!on) return;  // nothing is sent (or kept) before start or after stop
      var step = rate / RATE;  // a box filter: enough for speech recognition, cheap on a phone
      for (var i = 0; i < block.length; i++) {
        carrySum += block[i]; carryN++; carry += 1;
        if (carry >= step) {
          carry -= step;
          var v = Math.max(-1, Math.min(1, carrySum / carryN));
          pending.push(v < 0 ? v * 32768 : v * 32767);
          carrySum = 0; carryN = 0;
        }
      }
      while (pending.length >= FRAME) emit(pending.splice(0, FRAME));
    }

    function emit(samples) {
      var pcm = new Int16Array(samples);
      kept.push(pcm); keptSamples += pcm.length;
      onFrame(pcm.buffer, keptSamples / RATE);
    }

    function open() {
      return navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } })
        .then(function (s) {
          stream = s;
          var Ctx = window.AudioContext || window.webkitAudioContext;
          try { ctx = new Ctx({ sampleRate: RATE }); } catch (e) { ctx = new Ctx(); }
          source = ctx.createMediaStreamSource(stream);
          if (ctx.audioWorklet) {
            return ctx.audioWorklet.addModule("/static/live-worklet.js").then(function () {
              node = new AudioWorkletNode(ctx, "live-tap");
              node.port.onmessage = function (e) { push(e.data, ctx.sampleRate); };
              source.connect(node);
            });
          }
          node = ctx.createScriptProcessor(4096, 1, 1);  // older Safari
          node.onaudioprocess = function (e) { push(e.inputBuffer.getChannelData(0), ctx.sampleRate); };
          source.connect(node); node.connect(ctx.destination);
        });
    }

    function close() {
      if (on && pending.length) emit(pending.splice(0));
      on = false;
      if (source) source.disconnect();
      if (node) node.disconnect();
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      if (ctx) ctx.close();
      source = node = stream = ctx = null;
    }

    function wav() {
      var n = keptSamples, buf = new ArrayBuffer(44 + n * 2), v = new DataView(buf), o = 44;
      function str(at, s) { for (var i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i)); }
      str(0, "RIFF"); v.setUint32(4, 36 + n * 2, true); str(8, "WAVE"); str(12, "fmt ");
      v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
      v.setUint32(24, RATE, true); v.setUint32(28, RATE * 2, true); v.setUint16(32, 2, true);
      v.setUint16(34, 16, true); str(36, "data"); v.setUint32(40, n * 2, true);
      kept.forEach(function (c) { for (var i = 0; i < c.length; i++, o += 2) v.setInt16(o, c[i], true); });
      return new Blob([buf], { type: "audio/wav" });
    }

    return {
      open: open, close: close, wav: wav,
      begin: function () { kept = []; keptSamples = 0; pending = []; on = true; },
      seconds: function () { return keptSamples / RATE; }
    };
  }

  function supported() {
    return "WebSocket" in window && !!navigator.mediaDevices && !!navigator.mediaDevices.getUserMedia &&
      !!(window.AudioContext || window.webkitAudioContext);
  }

  function socketUrl(path, query) {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path + "?" + query;
  }

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRF-Token"] || ""; }
    catch (e) { return ""; }
  }

  // A kept take through the ordinary upload flow (POST /api/v1/attempts).
  function upload(mic, pitch) {
    var form = new FormData();
    form.append("audio", mic.wav(), "live-take.wav");
    form.append("pitch", pitch);
    form.append("idempotency_key", (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random());
    return fetch("/api/v1/attempts", { method: "POST", body: form, credentials: "same-origin",
                                       headers: { "X-CSRF-Token": csrfToken() } })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); });
  }

  window.LiveMic = { create: create, supported: supported, socketUrl: socketUrl, upload: upload, RATE: RATE };
})();
