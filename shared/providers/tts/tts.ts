/**
 * The text-to-speech port: turns one sentence into audio for the voice loop, as it is synthesized.
 * Audio is PCM16 mono at 16 kHz (`TTS_SAMPLE_RATE`), whatever the backend produces natively.
 *
 * Every backend behaves the same way on the edges, so that the voice loop needs no special cases:
 * blank text yields no audio and no error; an aborted `signal` ends the iteration quietly (no more
 * chunks, no throw), before or during synthesis; a language the backend cannot speak, or a failure of the
 * engine or service, throws an `Error` saying what went wrong.
 */

export type SpokenStyle = 'none' | 'cheerful' | 'sad';

export interface SpeechRequest {
  readonly text: string;
  /** BCP-47, like 'en-US' or 'fr-FR'. */
  readonly lang: string;
  /**
   * The backend's own voice name (Azure: 'fr-FR-DeniseNeural'; Flite: 'slt'; espeak-ng: 'fr'). A name the
   * backend does not know is ignored for its default voice of `lang`, so a call configured for another
   * backend still speaks.
   */
  readonly voice?: string;
  /** The call's prosody rate, 0.75..1.25; 1 is normal. */
  readonly rate?: number;
  readonly style?: SpokenStyle;
}

export interface TextToSpeech {
  /** 'flite', 'espeak-ng', 'azure-speech': for logs and the health page. */
  readonly kind: string;
  /** Whether this backend can speak `lang` (Flite: English only). */
  supports(lang: string): boolean;
  /**
   * Audio as it is synthesized: PCM16 mono 16 kHz chunks (any length). Stops promptly when `signal`
   * aborts (no more chunks; the iterator ends without throwing). Throws a clear Error on failure.
   */
  synthesize(request: SpeechRequest, signal?: AbortSignal): AsyncIterable<Int16Array>;
  /** Stops the backend's processes and workers. Synthesizing afterwards throws. */
  close(): Promise<void>;
}

/** The voice loop's audio rate. */
export const TTS_SAMPLE_RATE = 16_000;

/** Whether there is nothing to say: the text is empty or only whitespace. */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/**
 * The request's speaking rate, 1 when unset. Kept within 0.5..2: beyond, every engine becomes hard to
 * understand, and some refuse (espeak-ng below 80 words a minute).
 */
export function speakingRate(rate: number | undefined): number {
  if (rate === undefined) return 1;
  if (!Number.isFinite(rate) || rate <= 0)
    throw new RangeError(`rate must be a positive number, not ${rate}`);
  return Math.min(2, Math.max(0.5, rate));
}

/** The language part of a BCP-47 tag, lower case: 'fr' for 'fr-FR'. */
export function languageOf(lang: string): string {
  return (lang.split(/[-_]/)[0] ?? '').toLowerCase();
}

/**
 * Waits for `promise`, or answers `undefined` as soon as `signal` aborts (the promise goes on; its outcome
 * is dropped).
 */
export function unlessAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T | undefined> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A failure's text, from anything thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
