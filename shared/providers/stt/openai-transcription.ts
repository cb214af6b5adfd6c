import OpenAI, { AzureOpenAI, toFile } from 'openai';
import { writeWav } from '../../audio/wav';
import { silentLogger, type Logger } from '../../log';
import { iso639_1, SpeechToTextError, type SpeechToText, type Utterance, type UtteranceOptions } from './stt';

/**
 * Speech to text through any OpenAI-compatible `/audio/transcriptions` endpoint: OpenAI (whisper-1,
 * gpt-4o-transcribe), an Azure OpenAI whisper deployment, or a local whisper.cpp / faster-whisper
 * server. Not streaming: an utterance's frames are buffered while the caller speaks, and sent as one
 * WAV file when their turn ends. The client retries 429, 5xx and connection errors itself
 * (`maxRetries`); each attempt has `timeoutMs`.
 */
export interface OpenAiTranscriptionOptions {
  /** OpenAI-compatible base URL (`.../v1`), or the Azure OpenAI resource endpoint. */
  readonly endpoint: string;
  /** Model name (`whisper-1`); the deployment name on Azure. */
  readonly model: string;
  readonly apiKey?: string;
  /** Set for Azure OpenAI. */
  readonly azureApiVersion?: string;
  /** Azure OpenAI with Entra ID instead of a key. */
  readonly azureAdTokenProvider?: () => Promise<string>;
  /** Per attempt, in ms (default 10 s): a caller is waiting for the answer. */
  readonly timeoutMs?: number;
  /** Default 1: one more try is worth a second of the caller's patience, three are not. */
  readonly maxRetries?: number;
  /** Audio kept per utterance (default 60 s); the rest of a longer one is not transcribed. */
  readonly maxUtteranceMs?: number;
  /** Shorter utterances are not sent (default 200 ms): a click or a breath has no words. */
  readonly minUtteranceMs?: number;
  readonly log?: Logger;
}

/** The frames the voice session writes: 16 kHz mono PCM16. */
const SAMPLE_RATE = 16_000;
const SAMPLES_PER_MS = SAMPLE_RATE / 1000;

export class OpenAiTranscription implements SpeechToText {
  readonly kind: string;
  /** Whisper-class models transcribe open vocabulary, in most languages. */
  readonly understands = 'anything';
  private readonly client: OpenAI;
  /** The URL requests go to, for error messages (never the key). */
  private readonly target: string;
  private readonly timeoutMs: number;
  private readonly log: Logger;
  /** The whole utterance is uploaded once it ends: the final text is a full request away. */
  readonly streaming = false;
  private readonly open = new Set<BufferedUtterance>();

  constructor(private readonly options: OpenAiTranscriptionOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.log = options.log ?? silentLogger;
    const common = { maxRetries: options.maxRetries ?? 1, timeout: this.timeoutMs };
    const endpoint = options.endpoint.replace(/\/+$/, '');
    if (options.azureApiVersion) {
      this.kind = 'azure-openai';
      this.target = `${endpoint}/openai/deployments/${options.model}/audio/transcriptions`;
      this.client = new AzureOpenAI({
        ...common,
        endpoint,
        apiVersion: options.azureApiVersion,
        deployment: options.model,
        ...(options.azureAdTokenProvider
          ? { azureADTokenProvider: options.azureAdTokenProvider }
          : { apiKey: options.apiKey ?? '' }),
      });
    } else {
      this.kind = 'openai';
      this.target = `${endpoint}/audio/transcriptions`;
      // Local servers take any key, but the client refuses to start without one.
      this.client = new OpenAI({ ...common, baseURL: endpoint, apiKey: options.apiKey ?? 'no-key' });
    }
  }

  startUtterance(options: UtteranceOptions): Utterance {
    const language = iso639_1(options.lang);
    const utterance = new BufferedUtterance({
      maxSamples: (this.options.maxUtteranceMs ?? 60_000) * SAMPLES_PER_MS,
      minSamples: (this.options.minUtteranceMs ?? 200) * SAMPLES_PER_MS,
      log: this.log,
      transcribe: (samples, signal) => this.transcribe(samples, language, signal),
      release: () => this.open.delete(utterance),
    });
    this.open.add(utterance);
    return utterance;
  }

  async close(): Promise<void> {
    for (const utterance of this.open) utterance.cancel();
  }

  private async transcribe(
    samples: Int16Array,
    language: string | undefined,
    signal: AbortSignal,
  ): Promise<string> {
    try {
      const transcription = await this.client.audio.transcriptions.create(
        {
          file: await toFile(writeWav(samples, SAMPLE_RATE), 'utterance.wav', { type: 'audio/wav' }),
          model: this.options.model,
          // Without it the model guesses the language from a few words, and often guesses wrong.
          ...(language ? { language } : {}),
        },
        { signal },
      );
      if (typeof transcription.text !== 'string') {
        throw new SpeechToTextError('server', `transcription at ${this.target} answered without text`);
      }
      // whisper.cpp starts its text with a space.
      return transcription.text.trim();
    } catch (error) {
      if (signal.aborted) return '';
      throw this.toSpeechToTextError(error);
    }
  }

  private toSpeechToTextError(error: unknown): SpeechToTextError {
    if (error instanceof SpeechToTextError) return error;
    const at = `transcription at ${this.target}`;
    if (error instanceof OpenAI.APIConnectionTimeoutError) {
      return new SpeechToTextError('timeout', `${at} did not answer within ${this.timeoutMs} ms`, {
        cause: error,
      });
    }
    if (error instanceof OpenAI.APIConnectionError) {
      return new SpeechToTextError('connection', `${at} could not be reached: ${error.message}`, {
        cause: error,
      });
    }
    if (error instanceof OpenAI.APIError) {
      const status = error.status ?? 0;
      // The service's words after the status; OpenAI's 401 quotes part of the key, so it is left out.
      const detail = this.redact(error.message.replace(/^\d{3} /, ''));
      if (status === 401 || status === 403) {
        return new SpeechToTextError('unauthorized', `${at} refused the credentials (${status})`, {
          cause: error,
        });
      }
      if (status === 429) {
        return new SpeechToTextError('rate_limited', `${at} is rate limited (429)`, { cause: error });
      }
      if (status >= 500) {
        return new SpeechToTextError('server', `${at} failed (${status}): ${detail}`, { cause: error });
      }
      return new SpeechToTextError('bad_request', `${at} refused the request (${status}): ${detail}`, {
        cause: error,
      });
    }
    return new SpeechToTextError('connection', `${at} failed: ${this.redact(String(error))}`, {
      cause: error,
    });
  }

  private redact(text: string): string {
    const key = this.options.apiKey;
    return key ? text.split(key).join('***') : text;
  }
}

interface BufferedUtteranceOptions {
  readonly maxSamples: number;
  readonly minSamples: number;
  readonly log: Logger;
  readonly transcribe: (samples: Int16Array, signal: AbortSignal) => Promise<string>;
  /** The utterance is over (finished or cancelled): the backend forgets it. */
  readonly release: () => void;
}

/** The audio of one utterance, kept until the turn ends; frames after `finish` or `cancel` are ignored. */
class BufferedUtterance implements Utterance {
  /** Grows by doubling from 5 s, so a short answer does not hold 60 s of memory. */
  private samples = new Int16Array(5 * SAMPLE_RATE);
  private length = 0;
  private truncated = false;
  private readonly abort = new AbortController();
  private result: Promise<string> | undefined;

  constructor(private readonly options: BufferedUtteranceOptions) {}

  write(frame: Int16Array): void {
    if (this.result || this.abort.signal.aborted) return;
    const room = this.options.maxSamples - this.length;
    if (frame.length > room && !this.truncated) {
      this.truncated = true;
      this.options.log.warn('utterance too long: only its beginning is transcribed', {
        max_ms: this.options.maxSamples / SAMPLES_PER_MS,
      });
    }
    const take = Math.min(room, frame.length);
    if (take <= 0) return;
    if (this.length + take > this.samples.length) this.grow(this.length + take);
    this.samples.set(take === frame.length ? frame : frame.subarray(0, take), this.length);
    this.length += take;
  }

  onPartial(): void {
    // Not streaming: no partial hypotheses.
  }

  finish(signal?: AbortSignal): Promise<string> {
    this.result ??= this.transcribe(signal);
    return this.result;
  }

  cancel(): void {
    this.abort.abort();
    this.samples = new Int16Array(0);
    this.options.release();
  }

  private async transcribe(signal: AbortSignal | undefined): Promise<string> {
    if (signal?.aborted || this.abort.signal.aborted || this.length < this.options.minSamples) {
      this.options.release();
      return '';
    }
    // The caller's signal aborts our own, which cancel() and close() also abort (no AbortSignal.any:
    // Node 20 may collect a signal held only by it).
    const onAbort = () => this.abort.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.options.transcribe(this.samples.subarray(0, this.length), this.abort.signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.options.release();
    }
  }

  private grow(needed: number): void {
    let capacity = this.samples.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Int16Array(Math.min(capacity, this.options.maxSamples));
    grown.set(this.samples.subarray(0, this.length));
    this.samples = grown;
  }
}
