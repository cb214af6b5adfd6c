import { concatSamples } from '../shared/audio/pcm';
import { FliteTts } from '../shared/providers/tts/flite';
import { FRAME_SAMPLES, rmsDbfs, toFrames, type Frame } from '../shared/voice/audio';

/**
 * The benchmark callers' voice: real English speech by Flite (the product's own TTS backend), cut into
 * 20 ms frames once and reused by every call, so that the load generator only sends.
 */

/** Frames quieter than this at either end are Flite's own lead-in and tail, not speech. */
const EDGE_DBFS = -50;

/** `text` read by Flite's "slt" voice, 16 kHz, without the silence Flite puts around it. */
export async function speechFrames(text: string): Promise<Frame[]> {
  const frames = toFrames(await fliteSamples(text));
  const first = frames.findIndex((frame) => rmsDbfs(frame) >= EDGE_DBFS);
  const last = frames.findLastIndex((frame) => rmsDbfs(frame) >= EDGE_DBFS);
  if (first < 0) throw new Error(`Flite said nothing audible for ${JSON.stringify(text)}`);
  return frames.slice(first, last + 1);
}

/** 20 ms of digital silence: what a phone sends between words. */
export const SILENT_FRAME: Frame = new Int16Array(FRAME_SAMPLES);

async function fliteSamples(text: string): Promise<Int16Array> {
  const flite = new FliteTts({ workers: 1, voice: 'slt' });
  try {
    const chunks: Int16Array[] = [];
    for await (const chunk of flite.synthesize({ text, lang: 'en-US' })) chunks.push(chunk);
    return concatSamples(chunks);
  } finally {
    await flite.close();
  }
}
