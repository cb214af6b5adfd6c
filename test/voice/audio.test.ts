import { describe, expect, it } from 'vitest';
import { Resampler } from '../../shared/audio/resample';
import {
  FRAME_BYTES,
  FRAME_MS,
  FRAME_SAMPLES,
  FrameAssembler,
  frameToBytes,
  rmsDbfs,
  SAMPLE_RATE,
  toFrames,
} from '../../shared/voice/audio';
import { concat, tone, whiteNoise } from '../support/speech';

/** A sine of `amplitude` at `hz`, `seconds` long, sampled at `rate`. */
function sine(rate: number, hz: number, seconds: number, amplitude = 10_000): Int16Array {
  const samples = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
  return samples;
}

/** `bytes` pushed in chunks of the given sizes (cycled), then flushed. */
function assemble(assembler: FrameAssembler, bytes: Uint8Array, chunkSizes: number[]): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = chunkSizes[i % chunkSizes.length]!;
    frames.push(...assembler.push(bytes.subarray(offset, offset + size)));
    offset += size;
  }
  const last = assembler.flush();
  return last ? [...frames, last] : frames;
}

describe('frame constants', () => {
  it('describe 20 ms of 16 kHz PCM16', () => {
    expect([SAMPLE_RATE, FRAME_MS, FRAME_SAMPLES, FRAME_BYTES]).toEqual([16_000, 20, 320, 640]);
    expect((SAMPLE_RATE * FRAME_MS) / 1000).toBe(FRAME_SAMPLES);
  });
});

describe('toFrames', () => {
  it('cuts samples into 320-sample frames, the last padded with silence', () => {
    const samples = Int16Array.from({ length: 700 }, (_, i) => i + 1);
    const frames = toFrames(samples);
    expect(frames.map((frame) => frame.length)).toEqual([320, 320, 320]);
    expect(frames[1]![0]).toBe(321);
    expect(Array.from(frames[2]!.subarray(58, 62))).toEqual([699, 700, 0, 0]);
    expect(frames[2]!.subarray(60).every((sample) => sample === 0)).toBe(true);
  });

  it('gives no frame for no samples, and exactly one for exactly one frame', () => {
    expect(toFrames(new Int16Array(0))).toEqual([]);
    expect(toFrames(new Int16Array(320).fill(7))).toEqual([new Int16Array(320).fill(7)]);
  });
});

describe('FrameAssembler', () => {
  it('cuts 16 kHz bytes in chunks of any size (odd ones too) into the same frames as toFrames', () => {
    const samples = whiteNoise(1010, -20);
    const expected = toFrames(samples);
    for (const sizes of [[FRAME_BYTES], [1], [7, 333, 641, 2], [1000], [samples.length * 2]]) {
      expect(assemble(new FrameAssembler(16_000), frameToBytes(samples), sizes)).toEqual(expected);
    }
  });

  it('joins a sample split across two pushes', () => {
    const assembler = new FrameAssembler(16_000);
    const bytes = frameToBytes(Int16Array.from([1234, -5678, ...new Array<number>(318).fill(0)]));
    expect(assembler.push(bytes.subarray(0, 3))).toEqual([]);
    expect(assembler.push(new Uint8Array(0))).toEqual([]);
    const [frame] = assembler.push(bytes.subarray(3));
    expect(Array.from(frame!.subarray(0, 3))).toEqual([1234, -5678, 0]);
  });

  it('gives a 20 ms message at 16 kHz back as its frame without copying it (the bytes are given up)', () => {
    const samples = whiteNoise(20, -20);
    const message = Buffer.from(frameToBytes(samples)); // a fresh buffer, as each decoded message is
    const assembler = new FrameAssembler(16_000);
    const [frame] = assembler.push(message);
    expect(frame).toEqual(samples);
    expect(frame!.buffer).toBe(message.buffer);
    expect(frame!.byteOffset).toBe(message.byteOffset);
    // A message at an odd offset, or after an odd byte, is copied into an aligned frame instead.
    const odd = Buffer.alloc(FRAME_BYTES + 1);
    message.copy(odd, 1);
    const [copied] = new FrameAssembler(16_000).push(odd.subarray(1));
    expect(copied).toEqual(samples);
    expect(copied!.buffer).not.toBe(odd.buffer);
  });

  it('gives undefined on flush when nothing is left, and a padded frame otherwise', () => {
    const assembler = new FrameAssembler(16_000);
    expect(assembler.flush()).toBeUndefined();
    expect(assembler.push(frameToBytes(Int16Array.from([5, 6, 7])))).toEqual([]);
    const last = assembler.flush();
    expect(last?.length).toBe(320);
    expect(Array.from(last!.subarray(0, 4))).toEqual([5, 6, 7, 0]);
    expect(assembler.flush()).toBeUndefined();
  });

  it.each([8_000, 22_050, 24_000, 48_000])(
    'turns each 20 ms chunk at %i Hz into one 16 kHz frame at once',
    (rate) => {
      const assembler = new FrameAssembler(rate);
      const chunk = frameToBytes(sine(rate, 1000, FRAME_MS / 1000));
      for (let i = 0; i < 10; i++) expect(assembler.push(chunk).length).toBe(1);
      expect(assembler.flush()).toBeUndefined();
    },
  );

  it.each([8_000, 22_050, 24_000, 48_000])(
    'resamples a stream at %i Hz the same however it is cut, as a Resampler does it whole',
    (rate) => {
      const samples = sine(rate, 1000, 0.5);
      const expected = toFrames(new Resampler(rate, 16_000).push(samples));
      const bytes = frameToBytes(samples);
      expect(assemble(new FrameAssembler(rate), bytes, [(rate / 50) * 2])).toEqual(expected);
      expect(assemble(new FrameAssembler(rate), bytes, [1, 99, 1001, 7])).toEqual(expected);
    },
  );
});

describe('rmsDbfs', () => {
  it('is -Infinity for digital silence', () => {
    expect(rmsDbfs(new Int16Array(320))).toBe(-Infinity);
  });

  it('is 0 dBFS at full scale and the level a tone or noise was made at', () => {
    expect(rmsDbfs(new Int16Array(320).fill(-32768))).toBe(0);
    expect(rmsDbfs(tone(20, 1000, -20))).toBeCloseTo(-20, 2);
    expect(rmsDbfs(whiteNoise(1000, -40))).toBeCloseTo(-40, 1);
    expect(rmsDbfs(concat(tone(20, 1000, -20), new Int16Array(320)))).toBeCloseTo(-23.01, 2);
  });
});
