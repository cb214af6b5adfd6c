/**
 * How long one caller turn may be, whatever way it comes: typed on the softphone, spoken and
 * transcribed (by our speech recognition or by ACS), keyed in, or texted. One cap for every path, so
 * that no channel can grow a call faster than another; the serverless voice loop uses it too.
 */

/** Characters (UTF-16 code units, as `String.length` counts) in one caller turn; a minute of speech is ~900. */
export const MAX_TURN_CHARS = 1_000;

/** Whether a caller turn is over the cap (and must be refused, not cut: a cut turn changes its meaning). */
export function isTurnTooLong(text: string): boolean {
  return text.length > MAX_TURN_CHARS;
}

/** What a caller is told when their turn is over the cap (English; see `turnTooLongReply`). */
export const TURN_TOO_LONG_REPLY = `Sorry, that was too long for me to take in one go (at most ${MAX_TURN_CHARS} characters). Please say it in shorter parts.`;

/** What a caller is told when the call's record is full (the store's `CallTooLargeError`). */
export const RECORD_FULL_REPLY =
  'Sorry, this conversation is too long for me to note anything more. Please call back to go on with a new one.';

/** French, for calls in French (any `fr-*` language); every other language gets the English text. */
const FRENCH = {
  tooLong: `Désolé, c'était trop long pour moi en une seule fois (${MAX_TURN_CHARS} caractères au plus). Pouvez-vous le dire en plusieurs fois ?`,
  full: 'Désolé, cette conversation est trop longue pour que je note quoi que ce soit de plus. Rappelez-nous pour continuer dans une nouvelle conversation.',
};

/** `TURN_TOO_LONG_REPLY` in the call's language ("fr-FR"), when we have it. */
export function turnTooLongReply(language: string | undefined): string {
  return language?.toLowerCase().startsWith('fr') ? FRENCH.tooLong : TURN_TOO_LONG_REPLY;
}

/** `RECORD_FULL_REPLY` in the call's language ("fr-FR"), when we have it. */
export function recordFullReply(language: string | undefined): string {
  return language?.toLowerCase().startsWith('fr') ? FRENCH.full : RECORD_FULL_REPLY;
}
