import { concatSamples } from '../../shared/audio/pcm';
import { FliteTts } from '../../shared/providers/tts/flite';
import { SAMPLE_RATE } from '../../shared/voice/audio';

/**
 * Audio for voice tests, all at 16 kHz: real English speech synthesized by Flite (the product's own
 * TTS backend, WASM in a worker), and silence, white noise and tones of a given RMS level. Everything
 * is deterministic: the same text gives the same samples, the noise comes from a seeded generator.
 */

let flite: FliteTts | undefined;
const spoken = new Map<string, Promise<Int16Array>>();

/** `text` read by Flite's "slt" voice (a US English female voice), as 16 kHz samples. */
export async function speechSamples(text: string): Promise<Int16Array> {
  let samples = spoken.get(text);
  if (!samples) {
    samples = synthesize(text);
    spoken.set(text, samples);
  }
  // A copy: a test may change its samples without changing what the next test gets.
  return (await samples).slice();
}

async function synthesize(text: string): Promise<Int16Array> {
  // Workers are unref'd when idle: a test file never has to close this.
  flite ??= new FliteTts({ workers: 1, voice: 'slt' });
  const chunks: Int16Array[] = [];
  for await (const chunk of flite.synthesize({ text, lang: 'en-US' })) chunks.push(chunk);
  return concat(...chunks);
}

const samplesFor = (ms: number): number => Math.round((ms * SAMPLE_RATE) / 1000);
/** The peak amplitude of a signal whose RMS is `dbfs` and whose crest factor is `crest`. */
const peakFor = (dbfs: number, crest: number): number => 32768 * 10 ** (dbfs / 20) * crest;

/** Digital silence: all zeros. */
export function silence(ms: number): Int16Array {
  return new Int16Array(samplesFor(ms));
}

/** White noise with an RMS level of `dbfs`, the same for the same seed. */
export function whiteNoise(ms: number, dbfs: number, seed = 1): Int16Array {
  const random = mulberry32(seed);
  // Uniform noise in [−peak, peak] has an RMS of peak/√3.
  const peak = peakFor(dbfs, Math.sqrt(3));
  const noise = new Int16Array(samplesFor(ms));
  for (let i = 0; i < noise.length; i++) noise[i] = Math.round((random() * 2 - 1) * peak);
  return noise;
}

/** A sine tone with an RMS level of `dbfs`. */
export function tone(ms: number, hz: number, dbfs: number): Int16Array {
  const peak = peakFor(dbfs, Math.SQRT2);
  const wave = new Int16Array(samplesFor(ms));
  for (let i = 0; i < wave.length; i++)
    wave[i] = Math.round(peak * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE));
  return wave;
}

/** The parts one after the other. */
export function concat(...parts: Int16Array[]): Int16Array {
  return concatSamples(parts);
}

/** The signals added sample by sample (clipped to PCM16), as long as the longest. */
export function mix(...signals: Int16Array[]): Int16Array {
  const mixed = new Int16Array(Math.max(0, ...signals.map((signal) => signal.length)));
  for (let i = 0; i < mixed.length; i++) {
    let sum = 0;
    for (const signal of signals) sum += signal[i] ?? 0;
    mixed[i] = Math.max(-32768, Math.min(32767, sum));
  }
  return mixed;
}

/** A small, fast seeded generator of floats in [0, 1) (Mulberry32). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
