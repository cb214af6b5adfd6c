import type { SpeechProviders } from '../shared/voice/voices';
import { fakeProviders, type FixedLatencies } from './voice-fakes';

/**
 * The load test's speech fakes inside the host's media processes (`LocalHostOptions.mediaWorkerSpeech`):
 * each media process loads this module and makes its own fixed-latency STT and TTS, as the in-process
 * host gets them from voice-host.ts. `framesProduced` is read back with the media process's stats.
 */

let produced: () => number = () => 0;

export function createSpeech(argument: { latencies: FixedLatencies; msPerChar: number }): SpeechProviders {
  const fakes = fakeProviders(argument.latencies, { msPerChar: argument.msPerChar });
  produced = () => fakes.tts.framesProduced;
  return fakes.speech;
}

export function framesProduced(): number {
  return produced();
}
