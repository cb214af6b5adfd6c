/**
 * PCM16 resampling between the rates telephony and TTS use (8, 16, 22.05, 24, 48 kHz): a Resampler for
 * audio that arrives in chunks, and `resample` for a whole clip.
 *
 * The filter is a windowed sinc (Blackman window) cut off at 92% of the lower of the two Nyquist
 * frequencies, so that going down (espeak-ng's 22.05 kHz, ACS's 24 kHz) does not fold the hiss of
 * fricatives back into the speech band as a false tone. Measured with 1 s tones, in dB:
 *
 *   22.05 → 16 kHz   flat to 5 kHz, 6 kHz −0.1, 7 kHz −3.0; 8.5, 9, 10 kHz fold back at −30, −54, −76
 *   24 → 16 kHz      flat to 5 kHz, 6 kHz −0.2, 7 kHz −3.2; 8.5, 9, 10 kHz fold back at −27, −46, < −80
 *   8 → 16 kHz       flat to 3 kHz, 3.4 kHz −1.0; the images of 3 and 3.4 kHz at −85, −81
 *
 * for about 1.5 ms of CPU per second of audio (32 multiply-adds per output sample). A shorter Hann-windowed
 * filter (24 taps from 24 kHz) took 1.05 ms but lost 0.44 dB at 6 kHz, 3.2 dB at 3.4 kHz from 8 kHz, and
 * let 10 kHz fold back from 22.05 kHz at −55 dB.
 */

import { checkSampleRate, concatSamples } from './pcm';

/**
 * Input samples on each side of an output sample, going up or down by at most 3:2 (24 kHz → 16 kHz). A
 * larger step down lengthens the filter in proportion (48 kHz → 16 kHz takes 32), so that it still falls
 * off between 7 and 9 kHz instead of letting 9 kHz through at −18 dB.
 */
const HALF_TAPS = 16;
const CUTOFF = 0.92;

interface Filter {
  /** Output sample n is the input at position n·step/phases (before the stream's delay). */
  readonly step: number;
  readonly phases: number;
  readonly halfTaps: number;
  /** One row of 2·halfTaps taps per phase (the output's fractional input position, in 1/phases steps). */
  readonly kernels: Float32Array;
}

/** Filters by rate pair, shared by every call's resampler: the rates in use are few. */
const filters = new Map<string, Filter>();

/**
 * A resampler for a stream cut in chunks: the filter's history carries over from one push to the next, so
 * the output is the same however the input is cut.
 *
 * The output lags the input by `delay` samples, the filter's half-length (0.7 ms from 24 or 22.05 kHz, 2 ms
 * from 8 kHz): that is what lets each push answer at once, a 20 ms chunk giving its 20 ms of output, rather
 * than holding back the output whose filter reaches into the next chunk.
 */
export class Resampler {
  /** Output samples the stream lags behind its input; the first ones are the filter filling up. */
  readonly delay: number;
  private readonly filter: Filter;
  /** Input not yet used up; `pending[0]` is input sample `pendingStart` (negative: the silence before). */
  private pending: Float32Array;
  private pendingStart: number;
  private received = 0;
  /** Output samples given so far. */
  private sent = 0;

  constructor(fromRate: number, toRate: number) {
    checkSampleRate(fromRate);
    checkSampleRate(toRate);
    this.filter = filterFor(fromRate, toRate);
    const { step, phases, halfTaps } = this.filter;
    // The newest output's last tap must have arrived: a lag of halfTaps input samples, in output samples.
    this.delay = Math.ceil((halfTaps * phases) / step);
    this.pendingStart = this.firstTap(0);
    this.pending = new Float32Array(-this.pendingStart);
  }

  /** The next chunk's output: after n input samples in all, n·toRate/fromRate (rounded up) in all. */
  push(samples: Int16Array): Int16Array {
    this.append(samples);
    this.received += samples.length;
    return this.drain(this.owed());
  }

  /** Once the input has ended: the last `delay` output samples, the filter running out on silence. */
  flush(): Int16Array {
    this.append(new Int16Array(this.filter.halfTaps));
    return this.drain(this.owed() + this.delay);
  }

  private owed(): number {
    return Math.ceil((this.received * this.filter.phases) / this.filter.step);
  }

  /** Input index of the first tap of output `index`, which sits at input position (index − delay)·step/phases. */
  private firstTap(index: number): number {
    const { step, phases, halfTaps } = this.filter;
    return Math.floor(((index - this.delay) * step) / phases) - halfTaps + 1;
  }

  private append(samples: Int16Array): void {
    const joined = new Float32Array(this.pending.length + samples.length);
    joined.set(this.pending);
    joined.set(samples, this.pending.length);
    this.pending = joined;
  }

  /** Output samples up to `end` (exclusive), whose input has all arrived. */
  private drain(end: number): Int16Array {
    const { step, phases, halfTaps, kernels } = this.filter;
    const taps = 2 * halfTaps;
    const { pending, pendingStart, delay } = this; // locals: this loop runs 16,000 times a second per call
    const output = new Int16Array(end - this.sent);
    for (let index = 0; index < output.length; index++) {
      const position = (this.sent + index - delay) * step;
      const whole = Math.floor(position / phases);
      const row = (position - whole * phases) * taps;
      const first = whole - halfTaps + 1 - pendingStart;
      let sum = 0;
      for (let tap = 0; tap < taps; tap++) sum += kernels[row + tap]! * pending[first + tap]!;
      output[index] = sum > 32767 ? 32767 : sum < -32768 ? -32768 : Math.round(sum);
    }
    this.sent = end;
    const keepFrom = this.firstTap(end);
    if (keepFrom > pendingStart) {
      this.pending = pending.slice(keepFrom - pendingStart);
      this.pendingStart = keepFrom;
    }
    return output;
  }
}

/**
 * `samples` at `fromRate` as samples at `toRate` (the input itself when the rates are equal). A whole clip
 * has no latency to save: the output is aligned with the input, without the stream's delay, and as long.
 */
export function resample(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  checkSampleRate(fromRate);
  checkSampleRate(toRate);
  if (fromRate === toRate) return samples;
  const resampler = new Resampler(fromRate, toRate);
  return concatSamples([resampler.push(samples), resampler.flush()]).slice(resampler.delay);
}

function filterFor(fromRate: number, toRate: number): Filter {
  const key = `${fromRate}>${toRate}`;
  let filter = filters.get(key);
  if (!filter) {
    filter = designFilter(fromRate, toRate);
    filters.set(key, filter);
  }
  return filter;
}

function designFilter(fromRate: number, toRate: number): Filter {
  const divisor = greatestCommonDivisor(fromRate, toRate);
  const step = fromRate / divisor;
  const phases = toRate / divisor;
  // Cutoff as a fraction of the input Nyquist frequency: going down must remove what the output rate
  // cannot hold, going up only the images above the input band.
  const cutoff = CUTOFF * Math.min(1, toRate / fromRate);
  // Beyond 3:2 down, the filter grows with the step (see HALF_TAPS).
  const halfTaps = Math.ceil(HALF_TAPS * Math.max(1, fromRate / toRate / 1.5));
  const taps = 2 * halfTaps;
  const kernels = new Float32Array(phases * taps);
  for (let phase = 0; phase < phases; phase++) {
    const row = kernels.subarray(phase * taps, (phase + 1) * taps);
    let total = 0;
    for (let tap = 0; tap < taps; tap++) {
      // Distance in input samples from this tap to the output sample.
      const x = tap - halfTaps + 1 - phase / phases;
      const window =
        0.42 + 0.5 * Math.cos((Math.PI * x) / halfTaps) + 0.08 * Math.cos((2 * Math.PI * x) / halfTaps);
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * cutoff * x) / (Math.PI * cutoff * x);
      row[tap] = sinc * Math.max(0, window);
      total += row[tap]!;
    }
    // Unit gain at DC in every phase: a constant signal stays constant, without a ripple per phase.
    for (let tap = 0; tap < taps; tap++) row[tap]! /= total;
  }
  return { step, phases, halfTaps, kernels };
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
