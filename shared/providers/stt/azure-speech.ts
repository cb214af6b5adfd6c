import type { TokenCredential } from '@azure/core-auth';
import * as sdk from 'microsoft-cognitiveservices-speech-sdk';
import { silentLogger, type Logger } from '../../log';
import type { CallRecognition, ExpectedAnswer, SpeechToText, Utterance, UtteranceOptions } from './stt';
import { AzureCallRecognition } from './azure-speech-recognition';

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
 * endpoint. The SDK session's events are handled in `azure-speech-recognition.ts`, a turn's text is put
 * together in `azure-speech-utterance.ts`.
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
