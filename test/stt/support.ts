import { AzureSpeechStt } from '../../shared/providers/stt/azure-speech';
import { OpenAiTranscription } from '../../shared/providers/stt/openai-transcription';
import { EmbeddedRecognizer } from '../../shared/providers/stt/sphinx';
import type { SpeechToText, Utterance } from '../../shared/providers/stt/stt';
import { toFrames, type Frame } from '../../shared/voice/audio';
import { FAKE_STT_KEY, FakeSpeechService } from '../support/fake-speech-service';
import { startFakeTranscriptionServer } from '../support/fake-transcription-server';
import { silence, speechSamples } from '../support/speech';

/**
 * The speech-to-text backends, each with what stands in for its service: the embedded recogniser runs
 * for real; the cloud ones run their real client against a local fake of the service's protocol, told
 * what to answer (`willHear`) since a fake cannot listen.
 */

export interface RunningStt {
  readonly stt: SpeechToText;
  /** The service's next answer (cloud fakes); the embedded recogniser hears for itself. */
  willHear(text: string): void;
  stop(): Promise<void>;
}

export interface SttFixture {
  readonly name: string;
  /** It reports partial results while the caller speaks. */
  readonly streams: boolean;
  start(): Promise<RunningStt>;
}

export const fixtures: readonly SttFixture[] = [
  {
    name: 'embedded (pocketsphinx)',
    streams: true,
    async start() {
      const stt = new EmbeddedRecognizer();
      await stt.ready();
      return { stt, willHear: () => undefined, stop: () => stt.close() };
    },
  },
  {
    name: 'azure speech (SDK against a protocol fake)',
    streams: true,
    async start() {
      const service = await FakeSpeechService.start();
      const stt = new AzureSpeechStt({ endpoint: service.endpoint, key: FAKE_STT_KEY });
      return {
        stt,
        willHear: (text) => service.script.push({ hypotheses: [text.split(' ')[0] ?? text], text }),
        stop: async () => {
          await stt.close();
          await service.close();
        },
      };
    },
  },
  {
    name: 'openai transcription (client against a protocol fake)',
    streams: false,
    async start() {
      const server = await startFakeTranscriptionServer();
      const stt = new OpenAiTranscription({
        endpoint: server.baseUrl,
        model: 'whisper-1',
        apiKey: 'sk-test',
      });
      return {
        stt,
        willHear: (text) => server.enqueue({ text }),
        stop: async () => {
          await stt.close();
          await server.close();
        },
      };
    },
  },
];

/** What a caller says, as the voice session writes it: 20 ms frames, speech then 300 ms of silence. */
export async function spoken(text: string): Promise<Frame[]> {
  return toFrames(new Int16Array([...(await speechSamples(text)), ...silence(300)]));
}

/** Writes frames at the phone's pace (20 ms each), as the voice session does. */
export async function writeRealTime(utterance: Utterance, frames: readonly Frame[]): Promise<void> {
  let next = performance.now();
  for (const frame of frames) {
    utterance.write(frame);
    next += 20;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Writes frames as fast as possible, yielding to the event loop between them. */
export async function writeFast(utterance: Utterance, frames: readonly Frame[]): Promise<void> {
  for (const frame of frames) {
    utterance.write(frame);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
