import {
  AsYouType,
  getExampleNumber,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import metadata from 'libphonenumber-js/max/metadata';
import {
  groupDigits,
  isNumberWord,
  normalizeSpeech,
  readNumberWords,
  REPEATERS,
  tokenizeSpeech,
} from './numbers';

/**
 * Reads a phone number as a speech-to-text engine writes it: "+33 6 12 34 56 78", "0612345678",
 * "plus thirty-three six twelve thirty-four fifty-six seventy-eight", "oh six, double five...",
 * "zéro six douze trente-quatre", "my number is 06 12 thirty-four 56 78". Words that are not part of
 * a number ("my number is", "c'est le") are skipped.
 */

export type SpokenPhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

export interface SpokenPhoneOptions {
  /**
   * The country a number said without its country code belongs to, usually the country of the
   * caller's own number. Without it, such a number is refused: guessing would call a stranger.
   */
  defaultRegion?: CountryCode;
}

/**
 * Words that are also something else: "one" ("the one I gave you"), "un" / "une" (the French article,
 * "c'est un portable"), "oh" ("oh, wait") and "o" (a letter). They count as digits only next to another
 * part of the number.
 */
const AMBIGUOUS = new Set(['one', 'un', 'une', 'oh', 'o']);

interface HeardNumber {
  /** A "plus" (or "+") was said before the first digit. */
  international: boolean;
  digits: string;
}

type Heard = { ok: true; heard: HeardNumber } | { ok: false; reason: string };

export function parseSpokenPhoneNumber(text: string, options: SpokenPhoneOptions = {}): SpokenPhoneResult {
  const heard = hearDigits(text);
  if (!heard.ok) return heard;
  let { international, digits } = heard.heard;
  if (digits === '') return { ok: false, reason: `I didn't hear a phone number in "${text.trim()}".` };

  // "double zero three three ..." is the international prefix most of Europe dials instead of "+".
  if (!international && digits.startsWith('00')) {
    international = true;
    digits = digits.slice(2);
  }
  return international ? readInternational(digits) : readNational(digits, options.defaultRegion);
}

/** Collects the digits said, in order, and whether a "plus" came first. */
function hearDigits(text: string): Heard {
  const words = tokenizeSpeech(normalizeSpeech(text));
  const isPartOfNumber = (word: string | undefined): boolean =>
    word !== undefined &&
    (/^\d+$/.test(word) ||
      word === '+' ||
      word === 'plus' ||
      word in REPEATERS ||
      isNumberWord(word, { digits: true }));
  // Neighbours are looked for across pauses: in "oh, six" the "oh" is still a zero.
  const neighbour = (i: number, step: 1 | -1): string | undefined => {
    let j = i + step;
    while (words[j] === ',') j += step;
    return words[j];
  };

  let international = false;
  let digits = '';
  let repeat = 1;
  let i = 0;
  while (i < words.length) {
    const word = words[i] ?? '';
    if (word === '+' || word === 'plus') {
      if (digits !== '') {
        return { ok: false, reason: `I heard "plus" in the middle of the number, after ${digits}.` };
      }
      international = true;
      i += 1;
      continue;
    }
    const repeater = REPEATERS[word];
    if (repeater !== undefined) {
      repeat = repeater;
      i += 1;
      continue;
    }
    let said: string | undefined;
    let end = i + 1;
    if (/^\d+$/.test(word)) {
      // Kept verbatim: "06" must stay two digits.
      said = word;
    } else if (!AMBIGUOUS.has(word) || isPartOfNumber(neighbour(i, -1)) || isPartOfNumber(neighbour(i, 1))) {
      const number = readNumberWords(words, i, { digits: true });
      if (number) {
        said = String(number.value);
        end = number.end;
      }
    }
    if (said !== undefined) {
      // "double" repeats a digit ("double five" is 55); on a longer group it repeats the group.
      digits += said.repeat(repeat);
      repeat = 1;
    }
    i = end;
  }
  return { ok: true, heard: { international, digits } };
}

/** Calling code → countries, the main one first (+1 lists the United States, then Canada...). */
const CALLING_CODES: Readonly<Record<string, readonly string[] | undefined>> = metadata.country_calling_codes;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(region: CountryCode): string {
  return regionNames.of(region) ?? region;
}

function digitCount(n: number): string {
  if (n === 0) return 'no digits';
  return n === 1 ? '1 digit' : `${n} digits`;
}

/** A number said with its country code: "+33 6 12 34 56 78", "plus one four two five...". */
function readInternational(digits: string): SpokenPhoneResult {
  // libphonenumber drops a trunk "0" said after the country code ("+33 0 6 12...") by itself.
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  if (parsed?.isValid()) return { ok: true, e164: parsed.number };

  const callingCode = [1, 2, 3]
    .map((n) => digits.slice(0, n))
    .find((code) => CALLING_CODES[code] !== undefined);
  if (callingCode === undefined) {
    return {
      ok: false,
      reason: `I heard +${groupDigits(digits, 3)}, which does not start with a country code I know.`,
    };
  }
  const region = CALLING_CODES[callingCode]?.[0] as CountryCode | undefined;
  const national = digits.slice(callingCode.length);
  const heardAs = new AsYouType().input(`+${digits}`);
  const example = region ? getExampleNumber(region, examples) : undefined;
  if (region && example && example.nationalNumber.length !== national.length) {
    return {
      ok: false,
      reason:
        `I heard ${digitCount(national.length)} after +${callingCode} (${heardAs}), but a mobile number in ` +
        `${countryName(region)} has ${example.nationalNumber.length} after the country code, like ${example.formatInternational()}.`,
    };
  }
  const where = region ? ` in ${countryName(region)}` : '';
  return { ok: false, reason: `I heard ${heardAs}, which is not a valid phone number${where}.` };
}

/** A number said without its country code: "06 12 34 56 78" from a French caller. */
function readNational(digits: string, region: CountryCode | undefined): SpokenPhoneResult {
  if (region === undefined) {
    return {
      ok: false,
      reason: `I heard ${groupDigits(digits)} without a country code; please say the number with "plus" and the country code, like plus 33 6 12 34 56 78.`,
    };
  }
  // libphonenumber also accepts the region's own calling code said without "plus" ("33 6 12 34 56 78").
  const parsed = parsePhoneNumberFromString(digits, region);
  if (parsed?.isValid()) return { ok: true, e164: parsed.number };

  const heardAs = new AsYouType(region).input(digits);
  const example = getExampleNumber(region, examples);
  const expected = example ? example.formatNational().replace(/\D/g, '').length : undefined;
  if (example && expected !== undefined && expected !== digits.length) {
    return {
      ok: false,
      reason:
        `I heard ${digitCount(digits.length)} (${heardAs}), but a mobile number in ${countryName(region)} has ` +
        `${expected}, like ${example.formatNational()}.`,
    };
  }
  // The right length but no number plan matches: a misheard digit, most often the first ones.
  const like = example ? `; a mobile number there looks like ${example.formatNational()}` : '';
  return {
    ok: false,
    reason: `I heard ${heardAs}, which is not a valid phone number in ${countryName(region)}${like}.`,
  };
}
