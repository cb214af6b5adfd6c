import { writeFileSync } from 'node:fs';
import type { SpeechProviders } from '../shared/voice/voices';
import { fakeProviders, type FixedLatencies, type ProviderTiming } from './voice-fakes';

/**
 * The load test's speech fakes inside the host's media processes (`LocalHostOptions.mediaWorkerSpeech`):
 * each media process loads this module and makes its own fixed-latency STT and TTS, as the in-process
 * host gets them from voice-host.ts. `framesProduced` is read back with the media process's stats.
 */

export interface WorkerSpeechArgument {
  readonly latencies: FixedLatencies;
  readonly msPerChar: number;
  /**
   * What each fake really took (a timer fires a little late), written when the process exits to
   * `<timingsFile>.<pid>.json` as `[kind, ms, text]` rows in order: the one-call benchmark subtracts
   * those, as it does for the fakes in its own process. Kept in memory until then: writing during the
   * call would add to what is measured.
   */
  readonly timingsFile?: string;
}

export type TimingRow = [kind: Parameters<ProviderTiming>[0], ms: number, text: string];

let produced: () => number = () => 0;

export function createSpeech(argument: WorkerSpeechArgument): SpeechProviders {
  const { timingsFile } = argument;
  const timings: TimingRow[] = [];
  if (timingsFile) {
    process.once('exit', () => writeFileSync(`${timingsFile}.${process.pid}.json`, JSON.stringify(timings)));
  }
  const fakes = fakeProviders(argument.latencies, {
    msPerChar: argument.msPerChar,
    ...(timingsFile ? { onTiming: (kind, ms, text) => void timings.push([kind, ms, text]) } : {}),
  });
  produced = () => fakes.tts.framesProduced;
  return fakes.speech;
}

export function framesProduced(): number {
  return produced();
}
