import { resample } from '../shared/audio/resample';
import { EmbeddedRecognizer } from '../shared/providers/stt/sphinx';
import type { ExpectedAnswer, SpeechToText } from '../shared/providers/stt/stt';
import { FRAME_SAMPLES, toFrames, type Frame } from '../shared/voice/audio';
import { speechFrames } from './voice-speech';
import { summarize, type Summary } from './stats';

/**
 * Speech recognition on caller answers spoken by Flite: word error rate and latency (the end of the
 * utterance handed over → final text), for each backend that runs here. The embedded recogniser decodes
 * for real, at 16 kHz and through an 8 kHz telephone band. (The Azure backend's overhead against the
 * protocol fake is measured by `benchRecognition` too, from a script in test support: see bench/README.md.)
 */

export const CORPUS: readonly (readonly [ExpectedAnswer, string])[] = [
  ['yes_no', 'yes'],
  ['yes_no', 'no thanks'],
  ['yes_no', 'yeah'],
  ['yes_no', 'not really'],
  ['name', 'my name is jane smith'],
  ['name', 'john brown'],
  ['name', "it's maria garcia"],
  ['email', 'jane dot smith at example dot com'],
  ['email', 'john dot doe at gmail dot com'],
  ['email', 'maria underscore lopez at outlook dot com'],
  ['email', 'j o h n at example dot org'],
  ['phone_number', 'plus one two zero six five five five zero one two three'],
  ['phone_number', 'plus three three six one two three four five six seven eight'],
  ['phone_number', 'my number is plus four four seven nine one one one two three four five six'],
  ['datetime', 'yesterday at three p.m.'],
  ['datetime', 'march third at two thirty in the afternoon'],
  ['datetime', 'last night'],
  ['datetime', 'this morning at ten'],
  ['datetime', 'on monday around noon'],
  ['yes_no', 'i want to talk to an agent'],
  ['email', 'can you repeat that'],
  ['phone_number', 'bye'],
];

export interface RecognitionResult {
  readonly wer: number;
  readonly words: number;
  readonly errors: number;
  readonly exact: number;
  readonly latency: Summary;
  readonly misheard: string[];
}

/** Word error rate and latency of `stt` on the corpus; `band` 8 squeezes the audio through 8 kHz. */
export async function benchRecognition(stt: SpeechToText, band: 16 | 8): Promise<RecognitionResult> {
  let words = 0;
  let errors = 0;
  let exact = 0;
  const latencies: number[] = [];
  const misheard: string[] = [];
  for (const [expect, text] of CORPUS) {
    const frames = await caller(text, band);
    const utterance = stt.startUtterance({ lang: 'en-US', expect });
    // The phone's pace is not needed: each frame is decoded as it is written, as it would be live.
    for (const frame of frames) {
      utterance.write(frame);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const started = performance.now();
    const heard = await utterance.finish();
    latencies.push(performance.now() - started);
    const reference = normalise(text);
    const distance = editDistance(reference, normalise(heard));
    words += reference.length;
    errors += distance;
    if (distance === 0) exact++;
    else misheard.push(`${text} → ${heard || '(nothing)'}`);
  }
  return { wer: errors / words, words, errors, exact, latency: summarize(latencies), misheard };
}

/** Runs the corpus on the embedded recogniser (both bands) and returns its figures and memory. */
export async function benchEmbedded(): Promise<{
  wide: RecognitionResult;
  phone: RecognitionResult;
  memory: { rssModelMiB: number; perCallKiB: number; loadMs: number };
}> {
  const before = process.memoryUsage().rss;
  const stt = new EmbeddedRecognizer();
  const loadStarted = performance.now();
  await stt.ready();
  const loadMs = performance.now() - loadStarted;
  const rssModelMiB = (process.memoryUsage().rss - before) / 2 ** 20;
  try {
    const wide = await benchRecognition(stt, 16);
    const phone = await benchRecognition(stt, 8);
    // Per call: the utterance's own buffer, 8 kHz float32 (its 20 s cap: 640 KiB), measured on 10 s.
    const perCallKiB = (10 * 8_000 * 4) / 1024;
    return { wide, phone, memory: { rssModelMiB, perCallKiB, loadMs } };
  } finally {
    await stt.close();
  }
}

async function caller(text: string, band: 16 | 8): Promise<Frame[]> {
  const frames = await speechFrames(text);
  let samples: Int16Array = new Int16Array(frames.length * FRAME_SAMPLES);
  frames.forEach((frame, i) => samples.set(frame, i * FRAME_SAMPLES));
  if (band === 8) samples = resample(resample(samples, 16_000, 8_000), 8_000, 16_000);
  // 300 ms of the line's silence after the last word: the voice session's end-of-turn window, shortened.
  return toFrames(new Int16Array([...samples, ...new Int16Array(4_800)]));
}

function normalise(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\bp\.m\./g, 'pm')
    .replace(/\ba\.m\./g, 'am')
    .split(/\s+/)
    .filter(Boolean);
}

function editDistance(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(replace, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
