import * as sdk from 'microsoft-cognitiveservices-speech-sdk';
import { AzureSpeechTts } from '../shared/providers/tts/azure-speech';
import { speechSsml } from '../shared/providers/tts/ssml';
import type { SpeechRequest } from '../shared/providers/tts/tts';
import { FAKE_SPEECH_KEY, FakeAzureSpeech } from './fake-azure-speech';
import { FakeSpeechSynthesis } from './fake-speech-synthesis';
import { summarize, type Summary } from './stats';

/**
 * Azure text-to-speech, first byte: the REST streaming path (our `AzureSpeechTts`, `fetch`) against the
 * SDK's SpeechSynthesizer (WebSocket), each against a fake of its protocol on loopback that sends the
 * same audio in the same chunks, the first at once. So the figures are each client's own overhead, to
 * the first audio of a sentence: what decides which one the bot should speak through.
 */

const REQUEST: SpeechRequest = { text: 'Of course, I can help you with that.', lang: 'en-US' };
const VOICE = 'en-US-AvaMultilingualNeural';

export interface FirstByte {
  /** A new client's first sentence: connection included. */
  readonly cold: Summary;
  /** Later sentences on the same client. */
  readonly warm: Summary;
}

export async function benchRestFirstByte(clients: number, sentences: number): Promise<FirstByte> {
  const fake = await FakeAzureSpeech.start();
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    for (let client = 0; client < clients; client++) {
      const tts = new AzureSpeechTts({ endpoint: fake.url, key: FAKE_SPEECH_KEY });
      for (let sentence = 0; sentence < sentences; sentence++) {
        const started = performance.now();
        let first = 0;
        for await (const chunk of tts.synthesize({ ...REQUEST, voice: VOICE })) {
          if (chunk.length > 0) first ||= performance.now() - started;
        }
        (sentence === 0 ? cold : warm).push(first);
      }
      await tts.close();
    }
  } finally {
    await fake.close();
  }
  return { cold: summarize(cold), warm: summarize(warm) };
}

export async function benchSdkFirstByte(clients: number, sentences: number): Promise<FirstByte> {
  const fake = await FakeSpeechSynthesis.start(FAKE_SPEECH_KEY);
  const cold: number[] = [];
  const warm: number[] = [];
  const ssml = speechSsml(REQUEST, VOICE);
  try {
    for (let client = 0; client < clients; client++) {
      const config = sdk.SpeechConfig.fromEndpoint(new URL(fake.endpoint), FAKE_SPEECH_KEY);
      config.speechSynthesisOutputFormat = sdk.SpeechSynthesisOutputFormat.Raw16Khz16BitMonoPcm;
      // No audio output device: the audio comes through `synthesizing`, as the bot would stream it.
      const synthesizer = new sdk.SpeechSynthesizer(config, null as unknown as sdk.AudioConfig);
      for (let sentence = 0; sentence < sentences; sentence++) {
        const started = performance.now();
        let first = 0;
        synthesizer.synthesizing = (_, event) => {
          if (event.result.audioData.byteLength > 0) first ||= performance.now() - started;
        };
        await new Promise<void>((resolve, reject) =>
          synthesizer.speakSsmlAsync(
            ssml,
            (result) =>
              result.reason === sdk.ResultReason.SynthesizingAudioCompleted
                ? resolve()
                : reject(new Error(`SDK synthesis failed: ${result.errorDetails}`)),
            (error) => reject(new Error(error)),
          ),
        );
        (sentence === 0 ? cold : warm).push(first);
      }
      synthesizer.close();
    }
  } finally {
    await fake.close();
  }
  return { cold: summarize(cold), warm: summarize(warm) };
}
