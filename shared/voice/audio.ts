/**
 * PCM16 audio for the voice loop: 20 ms frames of 16 kHz mono, cut from chunks of any size and rate, and
 * frame loudness. The sample plumbing itself (bytes, WAV, resampling) is in shared/audio, which the
 * providers share.
 *
 * This runs for every frame of every call (500 calls × 50 frames/s), so loops work on typed arrays
 * and allocate per chunk or per frame, never per sample.
 */

import { decodeSharing, Pcm16Decoder } from '../audio/pcm';
import { Resampler } from '../audio/resample';

// The helpers callers of the voice loop (bench/, local/) use with its frames.
export { samplesToBytes as frameToBytes } from '../audio/pcm';
export { resample } from '../audio/resample';
export { readWav } from '../audio/wav';

export const SAMPLE_RATE = 16_000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = 320;
export const FRAME_BYTES = 640;

/** 20 ms of PCM16 mono at 16 kHz: exactly FRAME_SAMPLES samples. */
export type Frame = Int16Array;

/**
 * Cuts 16 kHz samples, in chunks of any length, into frames; the last one is padded with silence.
 *
 * Ownership: a pushed chunk is given up. Whole frames are views of it, not copies (a 20 ms media
 * message becomes a frame with no copy and no allocation of sample memory; a TTS chunk is cut in place),
 * so the chunk must not be changed afterwards. Whoever keeps a frame keeps its chunk's memory alive.
 * Only frames that straddle two chunks are copied, into a fresh frame.
 */
export class FrameCutter {
  private partial = new Int16Array(FRAME_SAMPLES);
  private filled = 0;

  push(samples: Int16Array): Frame[] {
    const frames: Frame[] = [];
    let offset = 0;
    while (offset < samples.length) {
      if (this.filled === 0 && samples.length - offset >= FRAME_SAMPLES) {
        frames.push(samples.subarray(offset, offset + FRAME_SAMPLES));
        offset += FRAME_SAMPLES;
        continue;
      }
      const taken = Math.min(FRAME_SAMPLES - this.filled, samples.length - offset);
      this.partial.set(samples.subarray(offset, offset + taken), this.filled);
      this.filled += taken;
      offset += taken;
      if (this.filled === FRAME_SAMPLES) {
        frames.push(this.partial);
        this.partial = new Int16Array(FRAME_SAMPLES);
        this.filled = 0;
      }
    }
    return frames;
  }

  /** The remainder padded with silence, or undefined when empty. */
  flush(): Frame | undefined {
    if (this.filled === 0) return undefined;
    const frame = this.partial; // the rest is already zero: silence
    this.partial = new Int16Array(FRAME_SAMPLES);
    this.filled = 0;
    return frame;
  }
}

/** Cuts samples already at 16 kHz into frames, the last one padded with silence. */
export function toFrames(samples: Int16Array): Frame[] {
  const cutter = new FrameCutter();
  const frames = cutter.push(samples);
  const last = cutter.flush();
  return last ? [...frames, last] : frames;
}

/**
 * Collects PCM16LE bytes of any chunk size at `sampleRate` and cuts them into 16 kHz frames. Keeps the
 * remainder (including an odd trailing byte) for the next push. The resampler is never flushed: a 20 ms
 * chunk gives its frame at once, and the last millisecond of a call is not worth a partial frame.
 *
 * Ownership: pushed bytes are given up, as with FrameCutter. At 16 kHz a frame is a view of the bytes
 * (no resampling, no copy): they must not be changed afterwards, as a reused receive buffer would be.
 */
export class FrameAssembler {
  private readonly resampler: Resampler | undefined;
  private decoder = new Pcm16Decoder();
  private readonly cutter = new FrameCutter();

  constructor(sampleRate: number) {
    this.resampler = sampleRate === SAMPLE_RATE ? undefined : new Resampler(sampleRate, SAMPLE_RATE);
  }

  push(bytes: Uint8Array): Frame[] {
    const samples = decodeSharing(this.decoder, bytes);
    return this.cutter.push(this.resampler ? this.resampler.push(samples) : samples);
  }

  /** The remainder padded with silence, or undefined when empty. A lone odd byte is dropped. */
  flush(): Frame | undefined {
    this.decoder = new Pcm16Decoder();
    return this.cutter.flush();
  }
}

/**
 * RMS level in dB relative to full scale (a full-scale square wave is 0 dBFS, a full-scale sine −3),
 * −Infinity for digital silence.
 */
export function rmsDbfs(frame: Int16Array): number {
  let sumOfSquares = 0;
  for (let i = 0; i < frame.length; i++) sumOfSquares += frame[i]! * frame[i]!;
  if (sumOfSquares === 0) return -Infinity;
  return 10 * Math.log10(sumOfSquares / frame.length / (32768 * 32768));
}
