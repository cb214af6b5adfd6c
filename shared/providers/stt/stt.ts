/**
 * The speech-to-text port: what the voice session asks of any recognizer. The session decides when
 * the caller's turn starts and ends (voice activity detection); a backend only turns the audio of one
 * utterance into text, streaming partial hypotheses if it can. A streaming cloud backend may instead
 * listen to the whole call (`openCall`): one audio stream per call, segmented by the service, its final
 * results letting the session end a turn before the whole silence window has passed.
 */

/**
 * What the bot just asked for, so that a recognizer can listen for it: a grammar-based one (the
 * embedded recogniser) builds its grammar from it, a cloud one biases its vocabulary (phrase lists).
 * `free_text` is an answer in the caller's own words (a description).
 */
export const EXPECTED_ANSWERS = ['yes_no', 'phone_number', 'email', 'datetime', 'name', 'free_text'] as const;
export type ExpectedAnswer = (typeof EXPECTED_ANSWERS)[number];

export interface UtteranceOptions {
  /** The call's language (BCP 47, 'en-US'). */
  readonly lang: string;
  /** Other languages the caller may switch to: a backend that can detects which one is spoken. */
  readonly candidateLangs?: readonly string[];
  /** What the bot just asked for; undefined when unknown (the recogniser listens for anything it can). */
  readonly expect?: ExpectedAnswer;
}

export interface SpeechToText {
  /** Which backend this is, for logs ('openai', 'azure-openai'...). */
  readonly kind: string;
  /**
   * What it can understand: `anything` (open vocabulary), or only the kinds of answer it has grammars for,
   * in the languages it has models for. The softphone tells the caller to type the rest.
   */
  readonly understands:
    'anything' | { readonly answers: readonly ExpectedAnswer[]; readonly langs: readonly string[] };
  /**
   * The final text arrives within a short, bounded time of the end of speech, because the backend heard
   * the audio as it came (a streaming service): the session then waits at most
   * `recognition_stt_complete_timeout_ms` for it and falls back to the last partial. False for a backend
   * that transcribes after the end (OpenAI) or may be busy decoding another call first (embedded).
   * Absent: false.
   */
  readonly streaming?: boolean;
  /** One caller utterance. Frames are 16 kHz PCM16, 20 ms. */
  startUtterance(options: UtteranceOptions): Utterance;
  /**
   * Optional: one recognition for the whole call. The session then writes every frame of the call to
   * it, silence included (so that the service finds the ends of phrases itself), and each utterance is
   * what was recognised from its start to its finish; the utterances' own `write` is not used.
   */
  openCall?(options: UtteranceOptions): CallRecognition;
  /** Abandons utterances in progress (their `finish` resolves ''). */
  close(): Promise<void>;
}

/** Whether `stt` can understand an answer of this kind in this language (false without a recognizer). */
export function canUnderstand(
  stt: SpeechToText | undefined,
  expect: ExpectedAnswer | undefined,
  lang: string,
): boolean {
  if (!stt) return false;
  if (stt.understands === 'anything') return true;
  const { answers, langs } = stt.understands;
  const primary = lang.split(/[-_]/)[0]?.toLowerCase() ?? '';
  return langs.includes(primary) && (expect === undefined || answers.includes(expect));
}

/** A whole call's recognition (`SpeechToText.openCall`). */
export interface CallRecognition {
  /** Every 20 ms frame of the caller's audio, as it arrives. */
  write(frame: Int16Array): void;
  /** The caller started a turn: what is recognised from now on (and the phrase in progress) is its. */
  startUtterance(options: Pick<UtteranceOptions, 'expect'>): Utterance;
  /** The call is over: the stream ends, utterances in progress resolve ''. */
  close(): void;
}

export interface Utterance {
  write(frame: Int16Array): void;
  /** Partial hypotheses while the caller speaks (streaming backends only). */
  onPartial(listener: (text: string) => void): void;
  /**
   * Optional: the backend finished a phrase and hears nothing more in progress, so the text so far is
   * complete (`text`: all of it). The session may end the turn then, without waiting for the whole
   * silence window. A partial that follows means the caller went on.
   */
  onFinal?(listener: (text: string) => void): void;
  /** The caller's turn ended: the final text ('' when nothing was understood). Rejects with a clear Error on failure; resolves '' promptly when `signal` aborts. */
  finish(signal?: AbortSignal): Promise<string>;
  /** Abandon (barge-in that turned out to be noise, hang-up). A pending `finish` resolves ''. */
  cancel(): void;
  /**
   * The bot's question changed while the caller was already speaking (they answered over the end of
   * it): a backend that listens by grammar hears the utterance again, from its start, for the new one.
   */
  retarget?(expect: ExpectedAnswer | undefined): void;
}

export type SpeechToTextErrorKind =
  'unauthorized' | 'rate_limited' | 'server' | 'bad_request' | 'timeout' | 'connection';

/** Why recognition failed. The message names the endpoint, never the key. */
export class SpeechToTextError extends Error {
  constructor(
    readonly kind: SpeechToTextErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SpeechToTextError';
  }
}

/** The ISO 639-1 code of a BCP 47 tag ('fr-FR' → 'fr'); undefined when it has none ('fil-PH'). */
export function iso639_1(lang: string): string | undefined {
  const primary = lang.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  return /^[a-z]{2}$/.test(primary) ? primary : undefined;
}
