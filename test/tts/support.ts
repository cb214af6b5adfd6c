import { concatSamples } from '../../shared/audio/pcm';
import { AzureSpeechTts } from '../../shared/providers/tts/azure-speech';
import { EspeakTts, isEspeakInstalled } from '../../shared/providers/tts/espeak';
import { FliteTts } from '../../shared/providers/tts/flite';
import type { SpeechRequest, TextToSpeech } from '../../shared/providers/tts/tts';
import { FAKE_SPEECH_KEY, FakeAzureSpeech } from '../support/fake-azure-speech';

export const SAMPLE_RATE = 16_000;

export interface RunningTts {
  readonly tts: TextToSpeech;
  stop(): Promise<void>;
}

export interface TtsFixture {
  readonly name: string;
  /** Why this backend cannot be tested here, if it cannot. */
  readonly unavailable: string | undefined;
  /** A language it speaks. */
  readonly lang: string;
  start(): Promise<RunningTts>;
}

export const fixtures: readonly TtsFixture[] = [
  {
    name: 'flite',
    unavailable: undefined,
    lang: 'en-US',
    async start() {
      const tts = new FliteTts();
      return { tts, stop: () => tts.close() };
    },
  },
  {
    name: 'espeak-ng',
    unavailable: isEspeakInstalled() ? undefined : 'espeak-ng is not installed (apt-get install espeak-ng)',
    lang: 'fr-FR',
    async start() {
      const tts = new EspeakTts();
      return { tts, stop: () => tts.close() };
    },
  },
  {
    name: 'azure-speech (fake service)',
    unavailable: undefined,
    lang: 'fr-FR',
    async start() {
      const fake = await FakeAzureSpeech.start();
      const tts = new AzureSpeechTts({ key: FAKE_SPEECH_KEY, endpoint: fake.url });
      return {
        tts,
        async stop() {
          await tts.close();
          await fake.close();
        },
      };
    },
  },
];

/** Every chunk of a synthesis, joined, and how many chunks there were. */
export async function speak(
  tts: TextToSpeech,
  request: SpeechRequest,
  signal?: AbortSignal,
): Promise<{ audio: Int16Array; chunks: number }> {
  const chunks: Int16Array[] = [];
  for await (const chunk of tts.synthesize(request, signal)) {
    expectPcmChunk(chunk);
    chunks.push(chunk);
  }
  return { audio: concatSamples(chunks), chunks: chunks.length };
}

function expectPcmChunk(chunk: unknown): void {
  if (!(chunk instanceof Int16Array)) throw new Error(`a chunk is not an Int16Array: ${String(chunk)}`);
}

export function seconds(audio: Int16Array): number {
  return audio.length / SAMPLE_RATE;
}

/** Root mean square, in PCM16 units (full scale 32768). */
export function rms(audio: Int16Array): number {
  let sum = 0;
  for (const sample of audio) sum += sample * sample;
  return audio.length === 0 ? 0 : Math.sqrt(sum / audio.length);
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** About 150 words, a minute of speech: long enough to be cut off in the middle. */
export function longText(lang: string, seed = ''): string {
  const sentence = lang.startsWith('fr')
    ? `Je vais noter votre sinistre ${seed} et un conseiller vous rappellera dans la journée pour fixer un rendez-vous.`
    : `I am writing down your claim ${seed} and an advisor will call you back during the day to set up an appointment.`;
  return Array.from({ length: 8 }, () => sentence).join(' ');
}

export function sentence(lang: string): string {
  return lang.startsWith('fr')
    ? "Bonjour, je suis l'assistante du centre d'appels. Comment puis-je vous aider aujourd'hui ?"
    : 'Hello, I am the assistant of the call center. How can I help you today?';
}
