/**
 * What the offline parsers need to read Spanish, German, Italian or Portuguese speech: the parsers
 * themselves read English and French, so each lexicon rewrites another language's number words, date
 * words and spoken e-mail symbols into English ones ("treinta y cuatro" → "thirty four", "ayer por la
 * tarde" → "yesterday afternoon", "arroba" → "at"). Only for parsing: the caller's words are stored as said.
 */
export interface Lexicon {
  /** Phrases first, in order, on normalised speech (lowercase, no accents). */
  readonly phrases: readonly (readonly [RegExp, string])[];
  /** Then word by word. */
  readonly words: Readonly<Record<string, string>>;
  /** A compound number word ("vierunddreissig", "trentadue") as English words, or undefined. */
  readonly compound?: (word: string) => string | undefined;
}

export const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
export const EN_UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

export const EN_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
export const EN_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** { enero: 'january', ... } from a list in calendar order. */
export function inOrder(names: readonly string[], english: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name, i) => [name, english[i] ?? name]));
}
