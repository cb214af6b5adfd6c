import type { TokenCredential } from '@azure/core-auth';
import * as sdk from 'microsoft-cognitiveservices-speech-sdk';
import { silentLogger, type Logger } from '../../log';
import {
  SpeechToTextError,
  type ExpectedAnswer,
  type SpeechToText,
  type SpeechToTextErrorKind,
  type Utterance,
  type UtteranceOptions,
} from './stt';

/**
 * Azure Speech recognition through the Speech SDK, streamed: each utterance opens a recogniser on a push
 * stream as soon as the caller starts speaking, the 16 kHz frames go out as they arrive, partial results
 * come back while they speak (`recognizing`), and the final text needs only the service's last words once
 * the stream closes. The call's language is recognised; when the call has several, the service detects
 * which one is spoken among them. The vocabulary the question expects (spoken e-mail symbols, the
 * caller's commands) is given as a phrase list. Auth: a key, or an Entra ID `TokenCredential` with a
 * custom-domain endpoint.
 */

export interface AzureSpeechSttOptions {
  /** e.g. westeurope; or `endpoint`. */
  readonly region?: string;
  /** A full endpoint (wss://.../speech/recognition/conversation/cognitiveservices/v1), or ws:// in tests. */
  readonly endpoint?: string;
  readonly key?: string;
  /** Entra ID instead of a key (needs `endpoint`, the resource's custom domain). */
  readonly credential?: TokenCredential;
  /** How long the final text may take once the stream is closed (default 5 s). */
  readonly timeoutMs?: number;
  readonly log?: Logger;
}

/** At-start language detection takes at most 4 candidates. */
const MAX_CANDIDATE_LANGS = 4;

/** Words the service should favour for each kind of answer; the caller's commands always. */
const COMMANDS = ['agent', 'talk to an agent', 'repeat', 'bye'];
const PHRASES: Readonly<Record<ExpectedAnswer, readonly string[]>> = {
  yes_no: ['yes', 'no'],
  phone_number: ['plus', 'double', 'oh'],
  email: ['at', 'dot', 'dot com', 'underscore', 'dash', 'gmail dot com', 'outlook dot com'],
  datetime: ['yesterday', 'this morning', 'last night', 'a.m.', 'p.m.'],
  name: ['my name is', 'spelled'],
  free_text: [],
};

export class AzureSpeechStt implements SpeechToText {
  readonly kind = 'azure-speech';
  readonly understands = 'anything';
  private readonly log: Logger;
  private readonly open = new Set<AzureUtterance>();
  /** Where requests go, for error messages (never the key). */
  readonly target: string;

  constructor(private readonly options: AzureSpeechSttOptions) {
    if (!options.endpoint && !options.region) throw new Error('Azure Speech needs a region or an endpoint');
    if (!options.key && !options.credential) throw new Error('Azure Speech needs a key or a credential');
    if (options.credential && !options.endpoint) {
      throw new Error('Azure Speech with Entra ID needs the resource endpoint (its custom domain)');
    }
    this.log = options.log ?? silentLogger;
    this.target = options.endpoint ? new URL(options.endpoint).host : `${options.region} region`;
  }

  startUtterance(options: UtteranceOptions): Utterance {
    const stream = sdk.AudioInputStream.createPushStream(
      sdk.AudioStreamFormat.getWaveFormatPCM(16_000, 16, 1),
    );
    const recognizer = this.recognizer(options, stream);
    const phrases = [...COMMANDS, ...(options.expect ? PHRASES[options.expect] : [])];
    sdk.PhraseListGrammar.fromRecognizer(recognizer).addPhrases(phrases);
    const utterance = new AzureUtterance(stream, recognizer, {
      timeoutMs: this.options.timeoutMs ?? 5_000,
      target: this.target,
      log: this.log,
      release: () => this.open.delete(utterance),
    });
    this.open.add(utterance);
    return utterance;
  }

  async close(): Promise<void> {
    for (const utterance of [...this.open]) utterance.cancel();
  }

  private recognizer(options: UtteranceOptions, stream: sdk.PushAudioInputStream): sdk.SpeechRecognizer {
    const { endpoint, key, region, credential } = this.options;
    const config = !endpoint
      ? sdk.SpeechConfig.fromSubscription(key ?? '', region ?? '')
      : credential
        ? sdk.SpeechConfig.fromEndpoint(new URL(endpoint), credential)
        : sdk.SpeechConfig.fromEndpoint(new URL(endpoint), key);
    const audio = sdk.AudioConfig.fromStreamInput(stream);
    const langs = [...new Set([options.lang, ...(options.candidateLangs ?? [])])].slice(
      0,
      MAX_CANDIDATE_LANGS,
    );
    if (langs.length > 1) {
      // The call's language first: detection among the call's languages only.
      const detect = sdk.AutoDetectSourceLanguageConfig.fromLanguages(langs);
      return sdk.SpeechRecognizer.FromConfig(config, detect, audio);
    }
    config.speechRecognitionLanguage = options.lang;
    return new sdk.SpeechRecognizer(config, audio);
  }
}

interface AzureUtteranceOptions {
  readonly timeoutMs: number;
  readonly target: string;
  readonly log: Logger;
  readonly release: () => void;
}

/** One utterance: a push stream and its continuous recognition, started at once. */
class AzureUtterance implements Utterance {
  private readonly phrases: string[] = [];
  private partialListener: ((text: string) => void) | undefined;
  private result: Promise<string> | undefined;
  private settle: ((text: string) => void) | undefined;
  private reject: ((error: Error) => void) | undefined;
  private failure: SpeechToTextError | undefined;
  private stopped = false;
  private over = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: sdk.PushAudioInputStream,
    private readonly recognizer: sdk.SpeechRecognizer,
    private readonly options: AzureUtteranceOptions,
  ) {
    recognizer.recognizing = (_, event) => {
      const text = event.result.text;
      if (text && !this.over) this.partialListener?.([...this.phrases, text].join(' '));
    };
    recognizer.recognized = (_, event) => {
      if (event.result.reason === sdk.ResultReason.RecognizedSpeech && event.result.text) {
        this.phrases.push(event.result.text);
      }
    };
    recognizer.canceled = (_, event) => {
      if (event.reason === sdk.CancellationReason.Error) {
        this.failure = new SpeechToTextError(
          errorKind(event.errorCode),
          `Azure Speech at ${options.target} failed (${sdk.CancellationErrorCode[event.errorCode]}): ${redactDetails(event.errorDetails)}`,
        );
        this.reject?.(this.failure);
        this.end();
      }
    };
    recognizer.sessionStopped = () => {
      this.stopped = true;
      this.settle?.(this.phrases.join(' '));
      if (this.settle) this.end();
    };
    recognizer.startContinuousRecognitionAsync(undefined, (error) => {
      this.failure = new SpeechToTextError('connection', `Azure Speech at ${options.target}: ${error}`);
      this.reject?.(this.failure);
    });
  }

  write(frame: Int16Array): void {
    if (this.over || this.result) return;
    // The SDK keeps the buffer: a copy, since the caller's frame may be reused.
    this.stream.write(frame.slice().buffer);
  }

  onPartial(listener: (text: string) => void): void {
    this.partialListener = listener;
  }

  finish(signal?: AbortSignal): Promise<string> {
    if (this.result) return this.result;
    if (this.failure) return (this.result = Promise.reject(this.failure));
    if (this.over || signal?.aborted) {
      this.cancel();
      return (this.result = Promise.resolve(''));
    }
    this.result = new Promise<string>((resolve, reject) => {
      this.settle = resolve;
      this.reject = reject;
    });
    signal?.addEventListener('abort', () => this.cancel(), { once: true });
    if (this.stopped) {
      this.settle?.(this.phrases.join(' '));
      this.end();
      return this.result;
    }
    // End of audio: the service sends its last phrase, then ends the turn (sessionStopped).
    this.stream.close();
    this.timer = setTimeout(() => {
      this.reject?.(
        new SpeechToTextError(
          'timeout',
          `Azure Speech at ${this.options.target} gave no final text within ${this.options.timeoutMs} ms`,
        ),
      );
      this.end();
    }, this.options.timeoutMs);
    this.timer.unref();
    return this.result;
  }

  cancel(): void {
    this.settle?.('');
    this.end();
  }

  private end(): void {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.timer);
    this.settle = undefined;
    this.reject = undefined;
    this.stream.close();
    this.options.release();
    this.recognizer.stopContinuousRecognitionAsync(
      () => this.recognizer.close(),
      () => this.recognizer.close(),
    );
  }
}

function errorKind(code: sdk.CancellationErrorCode): SpeechToTextErrorKind {
  switch (code) {
    case sdk.CancellationErrorCode.AuthenticationFailure:
    case sdk.CancellationErrorCode.Forbidden:
      return 'unauthorized';
    case sdk.CancellationErrorCode.TooManyRequests:
      return 'rate_limited';
    case sdk.CancellationErrorCode.BadRequestParameters:
      return 'bad_request';
    case sdk.CancellationErrorCode.ServiceTimeout:
      return 'timeout';
    case sdk.CancellationErrorCode.ConnectionFailure:
      return 'connection';
    default:
      return 'server';
  }
}

/** The SDK's error details may quote the connection URL with its query; never a key, but keep them short. */
function redactDetails(details: string | undefined): string {
  return (details ?? 'no details')
    .replace(/(subscription-key|authorization)=[^&\s]+/gi, '$1=***')
    .slice(0, 300);
}
