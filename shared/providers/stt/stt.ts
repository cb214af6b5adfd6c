/**
 * The speech-to-text port: what the voice session asks of any recognizer. The session decides when
 * the caller's turn starts and ends (voice activity detection); a backend only turns the audio of one
 * utterance into text, streaming partial hypotheses if it can.
 */

export interface SpeechToText {
  /** Which backend this is, for logs ('openai', 'azure-openai'...). */
  readonly kind: string;
  /** One caller utterance. Frames are 16 kHz PCM16, 20 ms. */
  startUtterance(options: { readonly lang: string }): Utterance;
  /** Abandons utterances in progress (their `finish` resolves ''). */
  close(): Promise<void>;
}

export interface Utterance {
  write(frame: Int16Array): void;
  /** Partial hypotheses while the caller speaks (streaming backends only). */
  onPartial(listener: (text: string) => void): void;
  /** The caller's turn ended: the final text ('' when nothing was understood). Rejects with a clear Error on failure; resolves '' promptly when `signal` aborts. */
  finish(signal?: AbortSignal): Promise<string>;
  /** Abandon (barge-in that turned out to be noise, hang-up). A pending `finish` resolves ''. */
  cancel(): void;
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
