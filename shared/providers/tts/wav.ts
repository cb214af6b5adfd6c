/**
 * The little audio plumbing the TTS backends need: reading a WAV header, turning little-endian PCM16
 * bytes into samples as they stream in, and resampling to the voice loop's 16 kHz. Private to the
 * backends (the voice loop has its own audio helpers): PCM16 mono only.
 */

export interface WavHeader {
  readonly sampleRate: number;
  /** Where the samples start. */
  readonly dataOffset: number;
  /** How many bytes of samples the header announces; `undefined` when unknown (a WAV streamed to a pipe). */
  readonly dataBytes: number | undefined;
}

/**
 * The header of a PCM16 mono WAV, or `undefined` when `bytes` ends before the samples start (read more).
 * Throws for anything else than a RIFF/WAVE of 16-bit mono PCM.
 */
export function readWavHeader(bytes: Uint8Array): WavHeader | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 12) return undefined;
  if (view.toString('latin1', 0, 4) !== 'RIFF' || view.toString('latin1', 8, 12) !== 'WAVE') {
    throw new Error('not a WAV file (no RIFF/WAVE header)');
  }
  let sampleRate: number | undefined;
  for (let offset = 12; offset + 8 <= view.length;) {
    const id = view.toString('latin1', offset, offset + 4);
    const size = view.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'data') {
      if (sampleRate === undefined) throw new Error('WAV has no fmt chunk before its data');
      // A writer that cannot seek back (espeak-ng --stdout) announces a placeholder size: 0x7fff.... or more.
      return { sampleRate, dataOffset: body, dataBytes: size >= 0x7fff0000 ? undefined : size };
    }
    if (body + size > view.length) return undefined;
    if (id === 'fmt ') {
      const format = view.readUInt16LE(body);
      const channels = view.readUInt16LE(body + 2);
      const bits = view.readUInt16LE(body + 14);
      if (format !== 1 || channels !== 1 || bits !== 16) {
        throw new Error(
          `unsupported WAV: format ${format}, ${channels} channels, ${bits} bits (PCM16 mono only)`,
        );
      }
      sampleRate = view.readUInt32LE(body + 4);
    }
    offset = body + size + (size % 2); // chunks are padded to an even length
  }
  return undefined;
}

/** A whole PCM16 mono WAV file: its rate and samples. */
export function decodeWav(bytes: Uint8Array): { sampleRate: number; samples: Int16Array } {
  const header = readWavHeader(bytes);
  if (!header) throw new Error('WAV file is truncated');
  const end = Math.min(bytes.length, header.dataOffset + (header.dataBytes ?? Infinity));
  return {
    sampleRate: header.sampleRate,
    samples: new Pcm16Decoder().decode(bytes.subarray(header.dataOffset, end)),
  };
}

/**
 * Little-endian PCM16 bytes to samples, chunk by chunk. A network or pipe chunk may end in the middle of
 * a sample: its odd last byte is kept for the next chunk.
 */
export class Pcm16Decoder {
  private carry: Buffer | undefined;

  decode(bytes: Uint8Array): Int16Array {
    let input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (this.carry) input = Buffer.concat([this.carry, input]);
    const whole = input.length - (input.length % 2);
    this.carry = whole < input.length ? Buffer.from(input.subarray(whole)) : undefined;
    const samples = new Int16Array(whole / 2);
    for (let index = 0; index < samples.length; index++) samples[index] = input.readInt16LE(2 * index);
    return samples;
  }
}

/**
 * Input samples on each side of an output sample. 16 (32 multiply-adds a sample, ~1 ms a second of audio)
 * make 22.05 kHz to 16 kHz flat to 6 kHz, -3 dB at 7 kHz and -30 dB at 8.5 kHz, where aliasing starts.
 */
const HALF_TAPS = 16;

/**
 * Streaming PCM16 resampler (windowed-sinc interpolation, Blackman window). Its low-pass sits below
 * the lower of the two Nyquist frequencies, so going down (espeak-ng's 22.05 kHz to 16 kHz) does not fold
 * the hiss of fricatives back into the speech band as linear interpolation would.
 */
export class Resampler {
  /** Output sample n sits at input position n * step / phases. */
  private readonly step: number;
  private readonly phases: number;
  private readonly cutoff: number;
  private readonly kernels: Float32Array[] = [];
  /** Input not yet fully used; `pending[0]` is input sample `pendingStart` (negative: the silence before). */
  private pending = new Float32Array(HALF_TAPS - 1);
  private pendingStart = -(HALF_TAPS - 1);
  private next = 0;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {
    if (!(fromRate > 0 && toRate > 0 && Number.isInteger(fromRate) && Number.isInteger(toRate))) {
      throw new RangeError(`cannot resample from ${fromRate} Hz to ${toRate} Hz`);
    }
    const divisor = gcd(fromRate, toRate);
    this.step = fromRate / divisor;
    this.phases = toRate / divisor;
    this.cutoff = 0.92 * Math.min(1, toRate / fromRate);
  }

  /** Resamples the next chunk; answers the output samples it allows so far (the rest comes with the next). */
  push(samples: Int16Array): Int16Array {
    const joined = new Float32Array(this.pending.length + samples.length);
    joined.set(this.pending);
    joined.set(samples, this.pending.length);
    this.pending = joined;
    return this.drain();
  }

  /**
   * The output still held back, once the input has ended: the input is padded with silence, just enough
   * for the outputs whose center lies before its end.
   */
  flush(): Int16Array {
    return this.push(new Int16Array(HALF_TAPS));
  }

  private drain(): Int16Array {
    // Output n needs input up to floor(n * step / phases) + HALF_TAPS: all n below `end` have it.
    const available = this.pendingStart + this.pending.length;
    const end = Math.ceil(((available - HALF_TAPS) * this.phases) / this.step);
    const output = new Int16Array(Math.max(0, end - this.next));
    const { pending, step, phases, pendingStart } = this; // locals: this loop runs 16,000 times a second
    for (let index = 0; index < output.length; index++) {
      const position = (this.next + index) * step;
      const kernel = this.kernel(position % phases);
      const first = Math.floor(position / phases) - HALF_TAPS + 1 - pendingStart;
      let sum = 0;
      for (let tap = 0; tap < kernel.length; tap++) sum += kernel[tap]! * pending[first + tap]!;
      output[index] = Math.max(-32768, Math.min(32767, Math.round(sum)));
    }
    this.next += output.length;
    const keepFrom = Math.floor((this.next * this.step) / this.phases) - HALF_TAPS + 1;
    if (keepFrom > this.pendingStart) {
      this.pending = this.pending.slice(keepFrom - this.pendingStart);
      this.pendingStart = keepFrom;
    }
    return output;
  }

  /** The taps for an output sample `phase / phases` of an input sample after its center, summing to 1. */
  private kernel(phase: number): Float32Array {
    const cached = this.kernels[phase];
    if (cached) return cached;
    const fraction = phase / this.phases;
    const taps = new Float32Array(2 * HALF_TAPS);
    let total = 0;
    for (let tap = 0; tap < taps.length; tap++) {
      const x = tap - HALF_TAPS + 1 - fraction;
      const window =
        0.42 + 0.5 * Math.cos((Math.PI * x) / HALF_TAPS) + 0.08 * Math.cos((2 * Math.PI * x) / HALF_TAPS);
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * this.cutoff * x) / (Math.PI * this.cutoff * x);
      taps[tap] = sinc * Math.max(0, window);
      total += taps[tap]!;
    }
    for (let tap = 0; tap < taps.length; tap++) taps[tap]! /= total;
    this.kernels[phase] = taps;
    return taps;
  }
}

/** All of `samples` at `toRate` (a whole clip: the resampler is flushed). */
export function resample(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return samples;
  const resampler = new Resampler(fromRate, toRate);
  return concatSamples([resampler.push(samples), resampler.flush()]);
}

export function concatSamples(chunks: readonly Int16Array[]): Int16Array {
  const joined = new Int16Array(chunks.reduce((length, chunk) => length + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
