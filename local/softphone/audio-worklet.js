/**
 * The softphone's audio thread. One processor does both directions:
 * - capture: microphone samples (input 0) → 320-sample Int16 frames (20 ms at 16 kHz), posted to the
 *   main thread as `{type:'frame', samples, level}` while capture is on;
 * - playback: server frames (`{type:'play', samples: Int16Array}` at 16 kHz) → a jitter buffer that
 *   starts after 60 ms are queued (or after 120 ms of waiting, so a short tail still plays), and that
 *   `{type:'clear'}` empties at once (the caller interrupted the bot).
 * When the context does not run at 16 kHz, both directions are resampled here (linear interpolation).
 */

const STREAM_RATE = 16000;
const FRAME_SAMPLES = 320;
const PREBUFFER_SECONDS = 0.06;
const MAX_WAIT_SECONDS = 0.12;
const MAX_QUEUE_SECONDS = 60;

/** Streaming linear resampler: keeps its phase and last sample across blocks. */
class Resampler {
  constructor(from, to) {
    this.step = from / to;
    this.reset();
  }

  reset() {
    this.t = 0;
    this.prev = 0;
  }

  process(input) {
    const n = input.length;
    if (n === 0) return input;
    const out = new Float32Array(Math.ceil((n + 1) / this.step) + 1);
    let count = 0;
    let t = this.t;
    while (t <= n - 1) {
      const i = Math.floor(t);
      const frac = t - i;
      const a = i < 0 ? this.prev : input[i];
      const b = i + 1 < n ? input[i + 1] : a;
      out[count++] = a + (b - a) * frac;
      t += this.step;
    }
    this.t = t - n;
    this.prev = input[n - 1];
    return out.subarray(0, count);
  }
}

class SoftphoneProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    const resample = sampleRate !== STREAM_RATE;
    this.capturing = false;
    this.captureResampler = resample ? new Resampler(sampleRate, STREAM_RATE) : null;
    this.playResampler = resample ? new Resampler(STREAM_RATE, sampleRate) : null;
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.filled = 0;
    this.energy = 0;
    this.queue = [];
    this.offset = 0; // read position in queue[0]
    this.buffered = 0; // samples queued, at the context's rate
    this.playing = false;
    this.waitingSince = -1;
    this.prebuffer = Math.round(PREBUFFER_SECONDS * sampleRate);
    this.maxQueued = MAX_QUEUE_SECONDS * sampleRate;
    this.port.onmessage = (event) => this.onMessage(event.data);
  }

  onMessage(message) {
    if (message.type === 'play') this.enqueue(message.samples);
    else if (message.type === 'clear') this.clear();
    else if (message.type === 'capture') {
      this.capturing = message.on === true;
      this.filled = 0;
      this.energy = 0;
      this.captureResampler?.reset();
    }
  }

  enqueue(int16) {
    let samples = new Float32Array(int16.length);
    for (let i = 0; i < int16.length; i++) samples[i] = int16[i] / 32768;
    if (this.playResampler) samples = this.playResampler.process(samples);
    if (samples.length === 0) return;
    this.queue.push(samples);
    this.buffered += samples.length;
    while (this.buffered > this.maxQueued && this.queue.length > 1) {
      this.buffered -= this.queue.shift().length - this.offset;
      this.offset = 0;
    }
    if (!this.playing && this.waitingSince < 0) this.waitingSince = currentTime;
  }

  clear() {
    this.queue = [];
    this.offset = 0;
    this.buffered = 0;
    this.playing = false;
    this.waitingSince = -1;
    this.playResampler?.reset();
  }

  process(inputs, outputs) {
    const input = inputs[0];
    if (this.capturing && input && input.length > 0) this.capture(input[0]);
    const output = outputs[0];
    if (output && output.length > 0) {
      this.render(output[0]);
      for (let c = 1; c < output.length; c++) output[c].set(output[0]);
    }
    return true;
  }

  capture(block) {
    const samples = this.captureResampler ? this.captureResampler.process(block) : block;
    for (let i = 0; i < samples.length; i++) {
      const s = Math.max(-1, Math.min(1, samples[i]));
      this.frame[this.filled++] = s < 0 ? s * 0x8000 : s * 0x7fff;
      this.energy += s * s;
      if (this.filled === FRAME_SAMPLES) {
        const level = Math.sqrt(this.energy / FRAME_SAMPLES);
        this.port.postMessage({ type: 'frame', samples: this.frame, level }, [this.frame.buffer]);
        this.frame = new Int16Array(FRAME_SAMPLES);
        this.filled = 0;
        this.energy = 0;
      }
    }
  }

  render(out) {
    if (!this.playing) {
      const waited = this.waitingSince >= 0 ? currentTime - this.waitingSince : 0;
      if (this.buffered >= this.prebuffer || (this.buffered > 0 && waited >= MAX_WAIT_SECONDS)) {
        this.playing = true;
        this.waitingSince = -1;
      } else {
        out.fill(0);
        return;
      }
    }
    let written = 0;
    while (written < out.length && this.queue.length > 0) {
      const head = this.queue[0];
      const count = Math.min(out.length - written, head.length - this.offset);
      out.set(head.subarray(this.offset, this.offset + count), written);
      written += count;
      this.offset += count;
      this.buffered -= count;
      if (this.offset === head.length) {
        this.queue.shift();
        this.offset = 0;
      }
    }
    if (written < out.length) {
      // Ran dry: pad with silence and buffer again before the next sentence plays.
      out.fill(0, written);
      this.playing = false;
    }
  }
}

registerProcessor('softphone', SoftphoneProcessor);
