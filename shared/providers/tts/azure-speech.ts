import { Pcm16Decoder } from '../../audio/pcm';
import { speechSsml } from './ssml';
import { silentLogger, type Logger } from '../../log';
import { errorText, isBlank, languageOf, type SpeechRequest, type TextToSpeech } from './tts';

/** A voice for each language the call center offers by default. */
export const DEFAULT_AZURE_VOICES: Readonly<Record<string, string>> = {
  'en-US': 'en-US-AvaMultilingualNeural',
  'fr-FR': 'fr-FR-DeniseNeural',
  'es-ES': 'es-ES-ElviraNeural',
  'de-DE': 'de-DE-KatjaNeural',
  'it-IT': 'it-IT-ElsaNeural',
  'pt-BR': 'pt-BR-FranciscaNeural',
  'zh-CN': 'zh-CN-XiaoxiaoNeural',
};

export interface AzureSpeechTtsOptions {
  /** The Speech resource's region ('westeurope'), for `https://{region}.tts.speech.microsoft.com`. */
  readonly region?: string;
  /** The full synthesis URL instead (a custom domain, a sovereign cloud, a test server). */
  readonly endpoint?: string;
  /** The Speech resource's key; or `token`. */
  readonly key?: string;
  /** Answers a bearer token (an Entra ID access token), asked before each request. */
  readonly token?: () => Promise<string>;
  /**
   * The Speech resource's id (/subscriptions/…/accounts/NAME), for `token` on a region: the token is then
   * sent in the `aad#<resourceId>#<token>` form Microsoft documents.
   */
  readonly resourceId?: string;
  /** Voice per language, over `DEFAULT_AZURE_VOICES`. */
  readonly voices?: Readonly<Record<string, string>>;
  /** The service waits this long at most for an answer, and between two chunks of audio. Default 10 s. */
  readonly timeoutMs?: number;
  /** Before the first retry of a throttled or failed request; doubled for the second. Default 250 ms. */
  readonly retryDelayMs?: number;
  readonly userAgent?: string;
  readonly log?: Logger;
}

/** Retries of a throttled (429) or failed (5xx, no answer) request, before any audio came. */
const RETRIES = 2;

/**
 * Azure AI Speech through its REST API, which streams: `POST {endpoint}` with the sentence as SSML, the
 * audio coming back as raw PCM16 16 kHz mono while the service synthesizes it. The voice is the request's,
 * else the one configured for its language. Styles (`mstts:express-as`) work on the voices that have them;
 * the others ignore the style.
 */
export class AzureSpeechTts implements TextToSpeech {
  readonly kind = 'azure-speech';
  private readonly url: string;
  private readonly key: string | undefined;
  private readonly token: (() => Promise<string>) | undefined;
  private readonly resourceId: string | undefined;
  private readonly credential: 'key' | 'token';
  private readonly voices: ReadonlyMap<string, string>;
  private readonly timeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly userAgent: string;
  private readonly log: Logger;
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(options: AzureSpeechTtsOptions) {
    const { key, token, region, endpoint } = options;
    if (!key === !token) throw new Error('AzureSpeechTts: give either key or token');
    if (!endpoint && !region) throw new Error('AzureSpeechTts: give a region or an endpoint');
    this.url =
      endpoint ?? `https://${encodeURIComponent(region!)}.tts.speech.microsoft.com/cognitiveservices/v1`;
    this.key = key;
    this.token = token;
    this.resourceId = options.resourceId;
    this.credential = key ? 'key' : 'token';
    const voices = { ...DEFAULT_AZURE_VOICES, ...options.voices };
    this.voices = new Map(Object.entries(voices).map(([lang, voice]) => [lang.toLowerCase(), voice]));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.userAgent = options.userAgent ?? 'call-center-ai';
    this.log = (options.log ?? silentLogger).child({ tts: this.kind });
  }

  /** Whether a voice is configured for `lang`, or for another country of its language. */
  supports(lang: string): boolean {
    return this.voiceFor(lang) !== undefined;
  }

  async *synthesize(request: SpeechRequest, signal?: AbortSignal): AsyncGenerator<Int16Array> {
    if (this.closed) throw new Error('Azure Speech is closed');
    if (isBlank(request.text) || signal?.aborted) return;
    const voice = request.voice ?? this.voiceFor(request.lang);
    if (!voice) throw new Error(`Azure Speech: no voice configured for ${request.lang}`);
    const ssml = speechSsml(request, voice);
    // One controller stops the request: the caller's abort, a timeout, or the caller leaving the loop.
    const controller = new AbortController();
    const stop = () => controller.abort();
    signal?.addEventListener('abort', stop, { once: true });
    this.inFlight.add(controller);
    const watchdog = new Watchdog(this.timeoutMs, stop);
    try {
      const response = await this.post(ssml, controller.signal, watchdog);
      if (!response?.body) return;
      const decoder = new Pcm16Decoder();
      const reader = response.body.getReader();
      let received = 0;
      for (;;) {
        let read: Awaited<ReturnType<typeof reader.read>>;
        try {
          watchdog.arm();
          read = await reader.read();
          watchdog.disarm(); // the caller may take its time with the chunk (playing it in real time)
        } catch (error) {
          if (signal?.aborted) return;
          if (this.closed) throw new Error('Azure Speech is closed', { cause: error });
          if (watchdog.fired) {
            throw new Error(`Azure Speech stopped sending audio for ${this.timeoutMs} ms`, { cause: error });
          }
          throw new Error(`Azure Speech broke off after ${received} bytes of audio: ${errorText(error)}`, {
            cause: error,
          });
        }
        if (read.done) break;
        received += read.value.length;
        const samples = decoder.decode(read.value);
        if (samples.length > 0) yield samples;
        if (signal?.aborted) return;
      }
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    } finally {
      watchdog.disarm();
      signal?.removeEventListener('abort', stop);
      this.inFlight.delete(controller);
      controller.abort(); // the caller stopped reading early: close the connection (no-op once complete)
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const controller of this.inFlight) controller.abort();
  }

  private voiceFor(lang: string): string | undefined {
    const wanted = lang.toLowerCase();
    const exact = this.voices.get(wanted);
    if (exact) return exact;
    const language = languageOf(lang);
    for (const [configured, voice] of this.voices) if (languageOf(configured) === language) return voice;
    return undefined;
  }

  /**
   * The service's answer, its audio to come; `undefined` when aborted. Throttling (429), server errors and
   * connection failures are retried: the caller hears nothing yet, so a retry costs only latency. A
   * request left unanswered for `timeoutMs` is not: the sentence is already late.
   */
  private async post(ssml: string, signal: AbortSignal, watchdog: Watchdog): Promise<Response | undefined> {
    let failure = '';
    for (let attempt = 0; attempt <= RETRIES; attempt++) {
      if (attempt > 0) {
        this.log.warn('Azure Speech request failed, retrying', { attempt, failure });
        watchdog.disarm();
        if (!(await sleep(this.retryDelayMs * 2 ** (attempt - 1), signal))) return undefined;
      }
      const headers = {
        ...(await this.authorization()),
        'Content-Type': 'application/ssml+xml',
        'X-Microsoft-OutputFormat': 'raw-16khz-16bit-mono-pcm',
        'User-Agent': this.userAgent,
      };
      let response: Response;
      try {
        watchdog.arm();
        response = await fetch(this.url, { method: 'POST', headers, body: ssml, signal });
      } catch (error) {
        if (watchdog.fired) {
          throw new Error(`Azure Speech did not answer within ${this.timeoutMs} ms`, { cause: error });
        }
        if (signal.aborted) return undefined;
        failure = fetchFailure(error);
        continue;
      }
      if (response.ok) return response;
      const said = (await response.text().catch(() => '')).trim().slice(0, 300);
      const detail = said || response.statusText || 'no reason given';
      if (response.status === 429 || response.status >= 500) {
        failure = `${response.status}: ${detail}`;
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        throw new Error(
          `Azure Speech refused the ${this.credential} (${response.status}): check the Speech resource's ` +
            `${this.credential} and its region or endpoint (${detail})`,
        );
      }
      throw new Error(`Azure Speech refused the request (${response.status}): ${detail}`);
    }
    throw new Error(`Azure Speech failed after ${RETRIES + 1} attempts (${failure})`);
  }

  private async authorization(): Promise<Record<string, string>> {
    if (this.key) return { 'Ocp-Apim-Subscription-Key': this.key };
    try {
      const token = await this.token!();
      return { Authorization: `Bearer ${this.resourceId ? `aad#${this.resourceId}#${token}` : token}` };
    } catch (error) {
      throw new Error(`Azure Speech: could not get a token: ${errorText(error)}`, { cause: error });
    }
  }
}

/** Why fetch failed: its own message is only "fetch failed"; the reason (ECONNREFUSED...) is its cause. */
function fetchFailure(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause ? `${errorText(error)}: ${errorText(cause)}` : errorText(error);
}

/** Aborts (calls `onTimeout`) when armed for longer than `ms` without being re-armed or disarmed. */
class Watchdog {
  fired = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    private readonly onTimeout: () => void,
  ) {}

  arm(): void {
    this.disarm();
    this.timer = setTimeout(() => {
      this.fired = true;
      this.onTimeout();
    }, this.ms);
  }

  disarm(): void {
    clearTimeout(this.timer);
  }
}

/** Waits `ms`; answers false when `signal` aborted meanwhile. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (slept: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(slept);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
