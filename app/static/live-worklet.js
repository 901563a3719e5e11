// Audio worklet for the live pitch page: hands each block of microphone samples to the
// page (app/static/live.js), which resamples to 16 kHz and streams 16-bit PCM frames.
class LiveTap extends AudioWorkletProcessor {
  process(inputs) {
    var input = inputs[0];
    if (input && input[0] && input[0].length) this.port.postMessage(input[0].slice(0));
    return true;
  }
}
registerProcessor("live-tap", LiveTap);
