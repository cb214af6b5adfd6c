import type { TokenCredential } from '@azure/core-auth';
import * as sdk from 'microsoft-cognitiveservices-speech-sdk';
import { silentLogger, type Logger } from '../../log';
import {
  SpeechToTextError,
  type ExpectedAnswer,
  type SpeechToText,
  type SpeechToTextErrorKind,
  type CallRecognition,
  type Utterance,
  type UtteranceOptions,
} from './stt';

/**
 * Azure Speech recognition through the Speech SDK, streamed. A voice call opens one push stream and one
 * continuous recognition for the whole call (`openCall`): every 16 kHz frame goes out as it arrives,
 * silence included, so the service finds the ends of phrases itself; partial results come back while the
 * caller speaks (`recognizing`) and each phrase's final text (`recognized`) soon after they stop, often
 * before the session's own silence window is over. An utterance is what was recognised between the
 * session's start of turn and its end. A lone utterance (`startUtterance`) is a stream of its own, ended
 * by `finish`. The call's language is recognised; when the call has several, the service detects which
 * one is spoken among them. The vocabulary the question expects (spoken e-mail symbols, the caller's
 * commands) is given as a phrase list. Auth: a key, or an Entra ID `TokenCredential` with a custom-domain
 * endpoint.
 */

export interface AzureSpeechSttOptions {
  /** e.g. westeurope; or `endpoint`. */
  readonly region?: string;
  /** A full endpoint (wss://.../speech/recognition/conversation/cognitiveservices/v1), or ws:// in tests. */
  readonly endpoint?: string;
  readonly key?: string;
  /** Entra ID instead of a key (needs `endpoint`, the resource's custom domain). */
  readonly credential?: TokenCredential;
  /**
   * Entra ID through a token provider (the infra's managed identity): called for each connection the SDK
   * opens, so a long call's reconnections get a fresh token, the provider caching and renewing it before
   * expiry. With `resourceId` the token is sent in the `aad#<resourceId>#<token>` form Microsoft documents
   * for a regional endpoint; without, as is, to the resource's custom-domain `endpoint`.
   */
  readonly getToken?: () => Promise<string>;
  /** The Speech resource's id (/subscriptions/…/accounts/NAME), for `getToken` on a region. */
  readonly resourceId?: string;
  /** How long the final text may take once the stream is closed (default 5 s). */
  readonly timeoutMs?: number;
  readonly log?: Logger;
}

/** The recognition endpoint's path, on a region or a custom domain. */
const SPEECH_PATH = '/speech/recognition/conversation/cognitiveservices/v1';
/** At-start language detection takes at most 4 candidates; continuous detection (a call's stream) 10. */
const MAX_AT_START_LANGS = 4;
const MAX_CONTINUOUS_LANGS = 10;

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
  readonly streaming = true;
  private readonly log: Logger;
  private readonly open = new Set<AzureCallRecognition>();
  /** Where requests go, for error messages (never the key). */
  readonly target: string;

  constructor(private readonly options: AzureSpeechSttOptions) {
    if (!options.endpoint && !options.region) throw new Error('Azure Speech needs a region or an endpoint');
    if (!options.key && !options.credential && !options.getToken) {
      throw new Error('Azure Speech needs a key, a credential or a token provider');
    }
    if (options.credential && !options.endpoint) {
      throw new Error('Azure Speech with Entra ID needs the resource endpoint (its custom domain)');
    }
    if (options.getToken && !options.endpoint && !options.resourceId) {
      throw new Error('Azure Speech with a token on a region needs resourceId (aad#<resourceId>#<token>)');
    }
    this.log = options.log ?? silentLogger;
    this.target = options.endpoint ? new URL(options.endpoint).host : `${options.region} region`;
  }

  /** One utterance on a stream of its own: its end of audio (`finish`) ends the service's turn. */
  startUtterance(options: UtteranceOptions): Utterance {
    return this.start(options, false).startUtterance(options, true);
  }

  openCall(options: UtteranceOptions): CallRecognition {
    return this.start(options, true);
  }

  async close(): Promise<void> {
    for (const call of [...this.open]) call.close();
  }

  private start(options: UtteranceOptions, wholeCall: boolean): AzureCallRecognition {
    const stream = sdk.AudioInputStream.createPushStream(
      sdk.AudioStreamFormat.getWaveFormatPCM(16_000, 16, 1),
    );
    const recognizer = this.recognizer(options, stream, wholeCall);
    // The phrase list goes out once, when the stream opens: a call's stream carries every answer kind's.
    const expected = options.expect ? PHRASES[options.expect] : Object.values(PHRASES).flat();
    const phrases = [...COMMANDS, ...expected];
    sdk.PhraseListGrammar.fromRecognizer(recognizer).addPhrases([...new Set(phrases)]);
    const call = new AzureCallRecognition(stream, recognizer, {
      timeoutMs: this.options.timeoutMs ?? 5_000,
      target: this.target,
      log: this.log,
      release: () => this.open.delete(call),
    });
    this.open.add(call);
    return call;
  }

  private recognizer(
    options: UtteranceOptions,
    stream: sdk.PushAudioInputStream,
    wholeCall: boolean,
  ): sdk.SpeechRecognizer {
    const { endpoint, key, region } = this.options;
    const credential = this.options.credential ?? this.tokenCredential();
    const url = new URL(endpoint ?? `wss://${region}.stt.speech.microsoft.com${SPEECH_PATH}`);
    const config = credential
      ? sdk.SpeechConfig.fromEndpoint(url, credential)
      : endpoint
        ? sdk.SpeechConfig.fromEndpoint(url, key)
        : sdk.SpeechConfig.fromSubscription(key ?? '', region ?? '');
    const audio = sdk.AudioConfig.fromStreamInput(stream);
    const langs = [...new Set([options.lang, ...(options.candidateLangs ?? [])])].slice(
      0,
      wholeCall ? MAX_CONTINUOUS_LANGS : MAX_AT_START_LANGS,
    );
    if (langs.length > 1) {
      // The call's language first: detection among the call's languages only. A call's stream detects
      // phrase by phrase, since the caller may switch; a lone utterance once, at its start.
      const detect = sdk.AutoDetectSourceLanguageConfig.fromLanguages(langs);
      if (wholeCall) detect.mode = sdk.LanguageIdMode.Continuous;
      return sdk.SpeechRecognizer.FromConfig(config, detect, audio);
    }
    config.speechRecognitionLanguage = options.lang;
    return new sdk.SpeechRecognizer(config, audio);
  }

  /** `getToken` as the SDK's credential: it asks on every connection it opens. */
  private tokenCredential(): TokenCredential | undefined {
    const { getToken, resourceId, key } = this.options;
    if (!getToken || key) return undefined;
    return {
      getToken: async () => {
        const token = await getToken();
        // The SDK reads only the token; the provider knows its expiry and renews it.
        return { token: resourceId ? `aad#${resourceId}#${token}` : token, expiresOnTimestamp: 0 };
      },
    };
  }
}

interface AzureCallOptions {
  readonly timeoutMs: number;
  readonly target: string;
  readonly log: Logger;
  readonly release: () => void;
}

/**
 * One push stream and its continuous recognition, started at once. Results go to the utterance in
 * progress; a phrase recognised outside any (noise between turns, a phrase after its turn gave up) is
 * dropped.
 */
class AzureCallRecognition implements CallRecognition {
  private current: AzureUtterance | undefined;
  /** The phrase in progress: heard (`recognizing`), not yet final. */
  private hypothesis = '';
  failure: SpeechToTextError | undefined;
  /** The service ended the session (the stream ended, or an error). */
  stopped = false;
  private closed = false;

  constructor(
    private readonly stream: sdk.PushAudioInputStream,
    private readonly recognizer: sdk.SpeechRecognizer,
    readonly options: AzureCallOptions,
  ) {
    recognizer.recognizing = (_, event) => {
      if (this.closed || !event.result.text) return;
      this.hypothesis = event.result.text;
      this.current?.partial(event.result.text);
    };
    recognizer.recognized = (_, event) => {
      const speech = event.result.reason === sdk.ResultReason.RecognizedSpeech;
      this.hypothesis = '';
      this.current?.phrase(speech ? event.result.text : '');
    };
    recognizer.canceled = (_, event) => {
      if (event.reason !== sdk.CancellationReason.Error) return;
      this.fail(
        new SpeechToTextError(
          errorKind(event.errorCode),
          `Azure Speech at ${options.target} failed (${sdk.CancellationErrorCode[event.errorCode]}): ${redactDetails(event.errorDetails)}`,
        ),
      );
    };
    recognizer.sessionStopped = () => {
      this.stopped = true;
      this.current?.streamEnded();
    };
    recognizer.startContinuousRecognitionAsync(undefined, (error) =>
      this.fail(new SpeechToTextError('connection', `Azure Speech at ${options.target}: ${error}`)),
    );
  }

  /** A phrase is in progress: its final text is still to come. */
  get pending(): boolean {
    return this.hypothesis !== '';
  }

  get inProgress(): string {
    return this.hypothesis;
  }

  write(frame: Int16Array): void {
    if (this.closed) return;
    // The SDK keeps the buffer: a copy, since the caller's frame may be reused.
    this.stream.write(frame.slice().buffer);
  }

  startUtterance(_options: Pick<UtteranceOptions, 'expect'>, alone = false): AzureUtterance {
    this.current?.cancel();
    const utterance = new AzureUtterance(this, alone);
    if (this.failure || this.closed) utterance.fail(this.failure);
    else this.current = utterance;
    return utterance;
  }

  /** The utterance has its text (or was abandoned): later results are not its. */
  detach(utterance: AzureUtterance): void {
    if (this.current === utterance) this.current = undefined;
  }

  /** End of audio: the service sends its last phrase, then ends the session. */
  endAudio(): void {
    this.stream.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.current?.cancel();
    this.stream.close();
    this.options.release();
    this.recognizer.stopContinuousRecognitionAsync(
      () => this.recognizer.close(),
      () => this.recognizer.close(),
    );
  }

  private fail(error: SpeechToTextError): void {
    this.failure = error;
    this.current?.fail(error);
    this.options.log.warn('azure speech recognition stopped', { error: error.message });
    this.close();
  }
}

/** One turn's text out of a call's recognition. */
class AzureUtterance implements Utterance {
  private readonly phrases: string[] = [];
  private partialListener: ((text: string) => void) | undefined;
  private finalListener: ((text: string) => void) | undefined;
  private result: Promise<string> | undefined;
  private settle: ((text: string) => void) | undefined;
  private reject: ((error: Error) => void) | undefined;
  private failure: Error | undefined;
  private over = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly call: AzureCallRecognition,
    /** A stream of its own, which `finish` ends. */
    private readonly alone: boolean,
  ) {}

  write(frame: Int16Array): void {
    // A call's stream is written by the session, every frame; a lone utterance's by its own writes.
    if (this.alone && !this.over && !this.result) this.call.write(frame);
  }

  onPartial(listener: (text: string) => void): void {
    this.partialListener = listener;
  }

  onFinal(listener: (text: string) => void): void {
    this.finalListener = listener;
  }

  partial(text: string): void {
    if (!this.over && !this.result) this.partialListener?.(this.text(text));
  }

  phrase(text: string): void {
    if (this.over) return;
    if (text) this.phrases.push(text);
    if (this.result) {
      // A lone utterance ends with its session; a turn's, as soon as nothing is in progress any more.
      if (!this.alone && !this.call.pending) this.resolve(this.text());
      return;
    }
    if (this.phrases.length > 0) this.finalListener?.(this.text());
  }

  streamEnded(): void {
    if (this.result) this.resolve(this.text());
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
    const { timeoutMs, target } = this.call.options;
    if (this.alone) {
      if (this.call.stopped) this.resolve(this.text());
      else this.call.endAudio();
      this.timer = setTimeout(
        () =>
          this.fail(
            new SpeechToTextError(
              'timeout',
              `Azure Speech at ${target} gave no final text within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    } else if (!this.call.pending) {
      this.resolve(this.text());
    } else {
      // The service owes the phrase in progress; if it never comes, what was heard of it will do.
      this.timer = setTimeout(() => this.resolve(this.text(this.call.inProgress)), timeoutMs);
    }
    this.timer?.unref();
    return this.result;
  }

  cancel(): void {
    this.resolve('');
  }

  fail(error: Error | undefined): void {
    this.failure = error ?? new SpeechToTextError('connection', 'Azure Speech recognition is closed');
    this.reject?.(this.failure);
    this.end();
  }

  private text(inProgress?: string): string {
    return (inProgress ? [...this.phrases, inProgress] : this.phrases).join(' ');
  }

  private resolve(text: string): void {
    this.settle?.(text);
    this.end();
  }

  private end(): void {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.timer);
    this.settle = undefined;
    this.reject = undefined;
    this.call.detach(this);
    if (this.alone) this.call.close();
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
