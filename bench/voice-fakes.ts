import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatModel, ChatRequest, ChatStreamEvent } from '../shared/providers/llm/llm';
import type { SpeechToText, Utterance } from '../shared/providers/stt/stt';
import { TTS_SAMPLE_RATE, type SpeechRequest, type TextToSpeech } from '../shared/providers/tts/tts';
import type { SpeechProviders } from '../shared/voice/voices';

/**
 * Speech and chat providers of FIXED latency, implementing our ports, for the voice-loop benchmarks:
 * the answer latency they give, less the sum of these latencies, is what our own code adds. A real
 * STT, LLM or TTS is a network service: from our process's point of view it is a wait, which a timer
 * stands for. The audio is cut from one pre-computed buffer, so that synthesizing costs nothing.
 */

export interface FixedLatencies {
  /** End of the utterance (`finish()`) → the final text. */
  readonly sttMs: number;
  /** `stream()` called → the whole first sentence of the answer (and the next word, which confirms it). */
  readonly firstSentenceMs: number;
  /** `synthesize()` called → its first audio. */
  readonly ttsMs: number;
}

export const FIXED_LATENCIES: FixedLatencies = { sttMs: 50, firstSentenceMs: 100, ttsMs: 30 };

/** The fixed part of an answer's latency: STT, then the model's first sentence, then its first audio. */
export function providerMs(latencies: FixedLatencies): number {
  return latencies.sttMs + latencies.firstSentenceMs + latencies.ttsMs;
}

/** Each fake reports the latency it really gave (a timer fires a little after its delay). */
export type ProviderTiming = (kind: 'stt' | 'model' | 'tts', actualMs: number, text: string) => void;

/** What the caller "said", whatever the audio: the conversation only needs some text. */
export const CALLER_TEXT = 'I would like to know where my claim stands.';

/** Two sentences; the second streams word by word at `tokenMs`, as an LLM does. */
export const ANSWER_TEXT =
  'Of course, I can help you with that. Could you give me your policy number, please?';

/** Waits `ms`; false when `signal` aborted first. */
async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, signal ? { signal } : undefined);
    return true;
  } catch {
    return false;
  }
}

export class FixedLatencyStt implements SpeechToText {
  readonly kind = 'fake-fixed-latency';
  readonly understands = 'anything';
  readonly streaming = false;

  constructor(
    private readonly latencyMs: number,
    private readonly onTiming?: ProviderTiming,
  ) {}

  startUtterance(): Utterance {
    let cancelled = false;
    const onTiming = this.onTiming;
    const latencyMs = this.latencyMs;
    return {
      write() {},
      onPartial() {},
      async finish(signal) {
        const started = performance.now();
        if (!(await pause(latencyMs, signal)) || cancelled) return '';
        onTiming?.('stt', performance.now() - started, CALLER_TEXT);
        return CALLER_TEXT;
      },
      cancel() {
        cancelled = true;
      },
    };
  }

  async close(): Promise<void> {}
}

export class FixedLatencyChatModel implements ChatModel {
  readonly name = 'fake fixed-latency model';

  constructor(
    private readonly firstSentenceMs: number,
    private readonly options: { readonly tokenMs?: number; readonly onTiming?: ProviderTiming } = {},
  ) {}

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const started = performance.now();
    const tokens = ANSWER_TEXT.match(/\S+\s*/g) ?? [];
    // The first sentence, and the word after it: the splitter needs that word to know the sentence ended.
    const burst = tokens.findIndex((token) => /[.!?]\s*$/.test(token)) + 2;
    if (!(await pause(this.firstSentenceMs, request.signal))) return;
    this.options.onTiming?.('model', performance.now() - started, ANSWER_TEXT);
    for (const [index, token] of tokens.entries()) {
      if (index >= burst && !(await pause(this.options.tokenMs ?? 20, request.signal))) return;
      yield { type: 'text', text: token };
    }
    yield { type: 'done', finishReason: 'stop' };
  }
}

export class FixedLatencyTts implements TextToSpeech {
  readonly kind = 'fake-fixed-latency';
  readonly understands = 'anything';
  /** Frames of audio produced, for the load test's accounting. */
  framesProduced = 0;
  private readonly audio: Int16Array;

  /** @param msPerChar how long the audio of a text is: about 65 ms a character is a calm voice. */
  constructor(
    private readonly latencyMs: number,
    private readonly msPerChar: number,
    private readonly onTiming?: ProviderTiming,
  ) {
    this.audio = toneSamples(30_000);
  }

  supports(): boolean {
    return true;
  }

  async *synthesize(request: SpeechRequest, signal?: AbortSignal): AsyncIterable<Int16Array> {
    const started = performance.now();
    if (!(await pause(this.latencyMs, signal))) return;
    this.onTiming?.('tts', performance.now() - started, request.text);
    const ms = Math.min(30_000, request.text.length * this.msPerChar);
    const samples = Math.round((ms * TTS_SAMPLE_RATE) / 1000);
    this.framesProduced += Math.ceil(samples / 320);
    // One chunk, a view of the shared buffer: the speaker copies it into frames.
    yield this.audio.subarray(0, samples);
  }

  async close(): Promise<void> {}
}

/** A quiet 200 Hz hum: what the "bot" says does not matter to the benchmarks, only how much. */
function toneSamples(ms: number): Int16Array {
  const samples = new Int16Array(Math.round((ms * TTS_SAMPLE_RATE) / 1000));
  for (let i = 0; i < samples.length; i++) {
    samples[i] = Math.round(3_000 * Math.sin((2 * Math.PI * 200 * i) / TTS_SAMPLE_RATE));
  }
  return samples;
}

export interface FakeProviders {
  readonly speech: SpeechProviders;
  readonly tts: FixedLatencyTts;
  readonly chatModels: () => readonly ChatModel[];
}

/** What `startLocalHost` takes to run on the fakes. */
export function fakeProviders(
  latencies: FixedLatencies,
  options: {
    readonly msPerChar?: number;
    readonly tokenMs?: number;
    readonly onTiming?: ProviderTiming;
  } = {},
): FakeProviders {
  const { onTiming } = options;
  const tts = new FixedLatencyTts(latencies.ttsMs, options.msPerChar ?? 65, onTiming);
  const stt = new FixedLatencyStt(latencies.sttMs, onTiming);
  return {
    tts,
    speech: {
      tts: [tts],
      stt,
      kinds: { tts: tts.kind, stt: stt.kind },
      async close() {},
    },
    chatModels: () => [
      new FixedLatencyChatModel(latencies.firstSentenceMs, {
        ...(options.tokenMs === undefined ? {} : { tokenMs: options.tokenMs }),
        ...(onTiming ? { onTiming } : {}),
      }),
    ],
  };
}
