import { describe, expect, it } from 'vitest';
import { concatSamples } from '../../shared/audio/pcm';
import { resample, Resampler } from '../../shared/audio/resample';

const AMPLITUDE = 10_000;

/** A sine at `hz`, `seconds` long, sampled at `rate`. */
function tone(hz: number, rate: number, seconds: number): Int16Array {
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) =>
    Math.round(AMPLITUDE * Math.sin((2 * Math.PI * hz * i) / rate)),
  );
}

/** The middle half, away from the filter filling up and running out. */
function middle(samples: Int16Array): Int16Array {
  return samples.subarray(samples.length >> 2, samples.length - (samples.length >> 2));
}

/** The amplitude at `hz` (Goertzel over the middle half), in dB re the tones' amplitude. */
function levelDb(samples: Int16Array, hz: number, rate: number): number {
  const offset = samples.length >> 2;
  let re = 0;
  let im = 0;
  middle(samples).forEach((sample, i) => {
    re += sample * Math.cos((2 * Math.PI * hz * (offset + i)) / rate);
    im += sample * Math.sin((2 * Math.PI * hz * (offset + i)) / rate);
  });
  return 20 * Math.log10((2 * Math.hypot(re, im)) / middle(samples).length / AMPLITUDE);
}

/** Everything in the middle half, whatever its frequency, in dB re the tones' RMS. */
function rmsDb(samples: Int16Array): number {
  let sum = 0;
  for (const sample of middle(samples)) sum += sample * sample;
  return 10 * Math.log10(sum / middle(samples).length / (AMPLITUDE * AMPLITUDE * 0.5));
}

/** Frequency from the count of upward zero crossings. */
function frequencyOf(samples: Int16Array, rate: number): number {
  let crossings = 0;
  for (let index = 1; index < samples.length; index++) {
    if (samples[index - 1]! < 0 && samples[index]! >= 0) crossings++;
  }
  return (crossings * rate) / samples.length;
}

describe('resample', () => {
  it('returns the input itself when the rates are equal', () => {
    const samples = tone(440, 16_000, 0.1);
    expect(resample(samples, 16_000, 16_000)).toBe(samples);
  });

  it.each([
    [8_000, 16_000],
    [22_050, 16_000],
    [24_000, 16_000],
    [48_000, 16_000],
    [16_000, 8_000],
    [16_000, 24_000],
    [16_000, 48_000],
  ])('turns one second at %i Hz into one second at %i Hz, a 1 kHz tone at its level', (from, to) => {
    const output = resample(tone(1000, from, 1), from, to);
    expect(output.length).toBe(to);
    expect(Math.abs(levelDb(output, 1000, to))).toBeLessThan(0.1);
  });

  it.each([
    [24_000, 6_000, 0.5],
    [22_050, 100, 0.2],
    [22_050, 1_000, 0.2],
    [22_050, 3_400, 0.2],
    [22_050, 6_000, 0.2],
    [8_000, 1_000, 0.2],
  ])('keeps the speech band when going from %i Hz to 16 kHz: %i Hz within %f dB', (from, hz, within) => {
    const output = resample(tone(hz, from, 1), from, 16_000);
    expect(Math.abs(levelDb(output, hz, 16_000))).toBeLessThan(within);
    expect(Math.abs(rmsDb(output))).toBeLessThan(within);
  });

  it.each([
    [22_050, 440, 2],
    [8_000, 1_000, 1],
  ])('keeps the length and the pitch from %i Hz to 16 kHz: %i Hz for %i s', (from, hz, seconds) => {
    const output = resample(tone(hz, from, seconds), from, 16_000);
    expect(output.length).toBe(16_000 * seconds);
    expect(frequencyOf(output, 16_000)).toBeCloseTo(hz, -1);
  });

  it.each([
    // A tone above the new Nyquist frequency folds back to rate − hz.
    [24_000, 9_000, 7_000, -45],
    [24_000, 10_000, 6_000, -55],
    [48_000, 20_000, 4_000, -55],
    [22_050, 9_000, 7_000, -40],
    [22_050, 10_000, 6_000, -60],
  ])(
    'filters out a tone that would alias when downsampling %i Hz: %i Hz → %i Hz below %i dB',
    (from, hz, alias, most) => {
      const output = resample(tone(hz, from, 1), from, 16_000);
      expect(levelDb(output, alias, 16_000)).toBeLessThan(most);
      expect(rmsDb(output)).toBeLessThan(most);
    },
  );

  it('keeps a constant signal constant between the clip edges (unit gain in every phase)', () => {
    const output = resample(new Int16Array(2400).fill(1000), 24_000, 16_000);
    expect(new Set(output.subarray(100, -100))).toEqual(new Set([1000]));
  });

  it('rejects a rate that is not a positive integer', () => {
    expect(() => resample(new Int16Array(10), 0, 16_000)).toThrow(RangeError);
    expect(() => resample(new Int16Array(10), 16_000, 44_100.5)).toThrow(RangeError);
    expect(() => new Resampler(-8_000, 16_000)).toThrow(RangeError);
  });
});

describe('Resampler', () => {
  it.each([8_000, 22_050, 24_000, 48_000])(
    'gives each 20 ms chunk at %i Hz its 20 ms at 16 kHz at once',
    (rate) => {
      const resampler = new Resampler(rate, 16_000);
      const chunk = tone(1000, rate, 0.02);
      for (let i = 0; i < 10; i++) expect(resampler.push(chunk).length).toBe(320);
    },
  );

  it('gives the same audio streamed in odd chunks as all at once', () => {
    const input = tone(300, 22_050, 1);
    const streamed = new Resampler(22_050, 16_000);
    const chunks: Int16Array[] = [];
    for (let start = 0; start < input.length; start += 777) {
      chunks.push(streamed.push(input.subarray(start, start + 777)));
    }
    chunks.push(streamed.flush());
    const whole = new Resampler(22_050, 16_000);
    expect(concatSamples(chunks)).toEqual(concatSamples([whole.push(input), whole.flush()]));
  });

  it.each([
    [22_050, 16_000],
    [8_000, 16_000],
    [16_000, 48_000],
  ])('from %i Hz to %i Hz, flushed, is the clip resample() gives, `delay` samples later', (from, to) => {
    const input = tone(300, from, 0.5);
    const resampler = new Resampler(from, to);
    const streamed = concatSamples([resampler.push(input), resampler.flush()]);
    expect(resampler.delay).toBeGreaterThan(0);
    expect(streamed.subarray(resampler.delay)).toEqual(resample(input, from, to));
  });
});
