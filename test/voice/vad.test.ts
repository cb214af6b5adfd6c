import { beforeAll, describe, expect, it } from 'vitest';
import { toFrames } from '../../shared/voice/audio';
import { createWebRtcVad, vadModeFor, type VoiceActivityDetector } from '../../shared/voice/vad';
import { concat, silence, speechSamples, tone, whiteNoise } from '../support/speech';

const SENTENCE = 'Hello, my laptop does not start since this morning. Can you help me?';
const THRESHOLDS = [0, 0.25, 0.5, 0.75, 1];

/** The detector's verdict on each frame of `samples`. */
function classify(vad: VoiceActivityDetector, samples: Int16Array): boolean[] {
  return toFrames(samples).map((frame) => vad.isSpeech(frame));
}

/** A fresh detector's verdicts. */
async function verdicts(samples: Int16Array, threshold: number): Promise<boolean[]> {
  const vad = await createWebRtcVad({ threshold });
  try {
    return classify(vad, samples);
  } finally {
    vad.close();
  }
}

/** Runs of speech frames as [first, last] frame indexes (frame i covers i×20 ms to (i+1)×20 ms). */
function runs(flags: boolean[]): [number, number][] {
  const found: [number, number][] = [];
  flags.forEach((speech, i) => {
    if (!speech) return;
    const last = found.at(-1);
    if (last && last[1] === i - 1) last[1] = i;
    else found.push([i, i]);
  });
  return found;
}

function quieter(samples: Int16Array, db: number): Int16Array {
  return samples.map((sample) => Math.round(sample * 10 ** (-db / 20)));
}

describe('vadModeFor', () => {
  it.each([
    [0, 0],
    [0.1, 0],
    [0.25, 1],
    [0.49, 1],
    [0.5, 2],
    [0.74, 2],
    [0.75, 3],
    [1, 3],
  ])('maps vad_threshold %f to fvad mode %i', (threshold, mode) => {
    expect(vadModeFor(threshold)).toBe(mode);
  });

  it('rejects a threshold outside 0..1', () => {
    expect(() => vadModeFor(-0.1)).toThrow(RangeError);
    expect(() => vadModeFor(1.5)).toThrow(RangeError);
    expect(() => vadModeFor(Number.NaN)).toThrow(RangeError);
  });
});

describe('createWebRtcVad', () => {
  let speech: Int16Array;
  beforeAll(async () => {
    speech = await speechSamples(SENTENCE);
  });

  // The measurements behind vadModeFor's mapping: frames called speech at each threshold. Every sound
  // is speech for its first 4–7 frames, while fvad's noise estimate adapts to it.
  it.each<[string, () => Int16Array, number[]]>([
    ['Flite speech (239 frames)', () => speech, [216, 211, 203, 195, 190]],
    ['the same speech 30 dB quieter', () => quieter(speech, 30), [177, 163, 152, 140, 105]],
    ['digital silence (100 frames)', () => silence(2000), [0, 0, 0, 0, 0]],
    ['white noise at −60 dBFS', () => whiteNoise(2000, -60), [6, 1, 0, 0, 0]],
    ['white noise at −50 dBFS', () => whiteNoise(2000, -50), [5, 5, 4, 1, 0]],
    ['white noise at −40 dBFS', () => whiteNoise(2000, -40), [5, 5, 4, 0, 0]],
    ['white noise at −30 dBFS', () => whiteNoise(2000, -30), [100, 79, 4, 4, 4]],
    ['white noise at −20 dBFS', () => whiteNoise(2000, -20), [100, 100, 100, 100, 100]],
    ['a 440 Hz tone at −50 dBFS', () => tone(2000, 440, -50), [7, 7, 4, 2, 0]],
    ['a 440 Hz tone at −40 dBFS', () => tone(2000, 440, -40), [7, 7, 4, 4, 4]],
    ['a 440 Hz tone at −30 dBFS', () => tone(2000, 440, -30), [100, 7, 5, 4, 4]],
    ['a 440 Hz tone at −20 dBFS', () => tone(2000, 440, -20), [100, 100, 100, 100, 100]],
  ])('%s: frames called speech at thresholds 0, 0.25, 0.5, 0.75, 1', async (_name, input, expected) => {
    const counts = await Promise.all(
      THRESHOLDS.map(async (threshold) => (await verdicts(input(), threshold)).filter(Boolean).length),
    );
    expect(counts).toEqual(expected);
  });

  describe('at the default threshold (0.5)', () => {
    it('hears the words of a sentence and none of the silence after it', async () => {
      const flags = await verdicts(concat(speech, silence(1000)), 0.5);
      // Flite starts with 180 ms of near silence (−60 dBFS), pauses after "Hello," (frames 35–43) and
      // before "Can you help me?" (175–180), and dips for a frame between some words; the last word
      // ends at frame 229 of 289. fvad's hangover after it is under the energy floor.
      expect(runs(flags)).toEqual([
        [9, 34],
        [44, 82],
        [84, 105],
        [107, 174],
        [181, 210],
        [212, 229],
      ]);
    });

    it.each<[string, [number, number][], () => Int16Array]>([
      ['digital silence', [], () => silence(2000)],
      ['white noise at −60 dBFS, under the energy floor', [], () => whiteNoise(2000, -60)],
      ['white noise at −40 dBFS', [[0, 3]], () => whiteNoise(2000, -40)],
      ['a 440 Hz tone at −40 dBFS', [[0, 3]], () => tone(2000, 440, -40)],
      ['a 440 Hz tone at −20 dBFS', [[0, 99]], () => tone(2000, 440, -20)],
    ])('%s: speech in frames %j of 100', async (_name, expected, input) => {
      expect(runs(await verdicts(input(), 0.5))).toEqual(expected);
    });
  });

  it('keeps its threshold and forgets what it heard when reset', async () => {
    const vad = await createWebRtcVad({ threshold: 1 });
    const noise = whiteNoise(2000, -30);
    const fresh = classify(vad, noise);
    classify(vad, speech);
    vad.reset();
    // fvad's own reset sets mode 0, where this noise is speech in all 100 frames.
    expect(classify(vad, noise)).toEqual(fresh);
    expect(fresh.filter(Boolean).length).toBe(4);
    vad.close();
  });

  it('gives each detector its own state, so calls do not hear each other', async () => {
    const [first, second] = await Promise.all([
      createWebRtcVad({ threshold: 0.5 }),
      createWebRtcVad({ threshold: 0.5 }),
    ]);
    const talking = toFrames(speech);
    const quiet = toFrames(whiteNoise(talking.length * 20, -40));
    const interleaved = talking.map((frame, i) => [first.isSpeech(frame), second.isSpeech(quiet[i]!)]);
    expect(interleaved.map(([a]) => a)).toEqual(await verdicts(speech, 0.5));
    expect(runs(interleaved.map(([, b]) => b!))).toEqual([[0, 3]]);
    first.close();
    second.close();
  });

  it('refuses a frame that is not 20 ms at 16 kHz, and any frame once closed', async () => {
    const vad = await createWebRtcVad({ threshold: 0.5 });
    expect(() => vad.isSpeech(new Int16Array(160))).toThrow(RangeError);
    vad.close();
    vad.close();
    vad.reset();
    expect(() => vad.isSpeech(new Int16Array(320))).toThrow('The voice activity detector is closed');
  });

  it('rejects a threshold outside 0..1', async () => {
    await expect(createWebRtcVad({ threshold: 2 })).rejects.toThrow(RangeError);
  });
});
