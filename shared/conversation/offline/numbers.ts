/**
 * Number words as a speech-to-text engine writes them, in English and French (other languages are
 * rewritten into English words first: `translate.ts`): "thirty-four",
 * "soixante-dix-huit", "quatre vingt douze", "eight hundred", "deux mille vingt-six". Shared by the
 * phone, e-mail and date parsers of the offline agent, which work on words rather than characters.
 *
 * Every function here takes words already passed through `normalizeSpeech` (lowercase, no accents),
 * so "zéro" and "zero", "Seize" and "seize" are the same word.
 */

/**
 * Lowercase, accents removed, typographic apostrophes made plain, whitespace collapsed. Engines differ
 * on all of these ("Zéro", "zero", "c’est", "c'est"), and the parsers should not have to care.
 */
export function normalizeSpeech(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Splits normalised speech into words, digit runs, "+" and "," (kept as a pause: "quatre, vingt" is two
 * numbers, "quatre vingt" is eighty). Hyphens, dots, brackets and slashes separate words, so
 * "soixante-dix-huit" and "06.12.34.56.78" come out as separate pieces.
 */
export function tokenizeSpeech(normalized: string): string[] {
  return normalized.match(/\+|,|\d+|[a-z]+(?:'[a-z]+)?/g) ?? [];
}

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  nought: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  sept: 7,
  huit: 8,
  neuf: 9,
};

const TEENS: Readonly<Record<string, number>> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  dix: 10,
  onze: 11,
  douze: 12,
  treize: 13,
  quatorze: 14,
  quinze: 15,
  seize: 16,
};

// Belgian and Swiss French (septante, huitante, nonante) cost nothing to understand.
const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  vingt: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  soixante: 60,
  septante: 70,
  octante: 80,
  huitante: 80,
  nonante: 90,
};

const HUNDRED = new Set(['hundred', 'cent', 'cents']);
const THOUSAND = new Set(['thousand', 'mille']);

/** "oh" and "o" are zero only when reading digits: "ten oh five" is a time, "o" is also a letter. */
const OH = new Set(['oh', 'o']);

const ORDINAL_UNITS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
};

const ORDINALS: Readonly<Record<string, number>> = {
  ...ORDINAL_UNITS,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
  // French dates use cardinals ("le trois mars") except for the first of the month.
  premier: 1,
  premiere: 1,
};

export interface NumberReadOptions {
  /**
   * Reading a phone number: "oh" and "o" are zero, and "hundred" / "thousand" only append zeros
   * ("one eight hundred five five five" is 1-800-555, not 1-805-55). Off, "five hundred and five"
   * is 505, as in a year or an amount.
   */
  digits?: boolean;
}

/** A number read from words: its value and the index just after its last word. */
export interface NumberMatch {
  value: number;
  end: number;
}

function unitAt(words: readonly string[], i: number, options: NumberReadOptions): number | undefined {
  const word = words[i];
  if (word === undefined) return undefined;
  if (options.digits && OH.has(word)) return 0;
  return UNITS[word];
}

/** 10–19, including the French "dix-sept", "dix-huit", "dix-neuf" written as two words. */
function teenAt(words: readonly string[], i: number): NumberMatch | undefined {
  const word = words[i];
  if (word === undefined) return undefined;
  if (word === 'dix') {
    const unit = UNITS[words[i + 1] ?? ''];
    if (unit !== undefined && unit >= 7) return { value: 10 + unit, end: i + 2 };
  }
  const value = TEENS[word];
  return value === undefined ? undefined : { value, end: i + 1 };
}

/** A unit from 1 to 9 after a tens word; "et" is consumed only where French puts it ("vingt et un"). */
function tensUnitAt(words: readonly string[], i: number): NumberMatch | undefined {
  if (words[i] === 'et' && (words[i + 1] === 'un' || words[i + 1] === 'une')) return { value: 1, end: i + 2 };
  const unit = UNITS[words[i] ?? ''];
  return unit !== undefined && unit > 0 ? { value: unit, end: i + 1 } : undefined;
}

/** 0–99, greedy: "thirty four" is 34, "six twelve" is 6 then 12. */
function below100At(
  words: readonly string[],
  i: number,
  options: NumberReadOptions,
): NumberMatch | undefined {
  const word = words[i];
  if (word === undefined) return undefined;

  // French 80 and 90: "quatre-vingt(s)", "quatre-vingt-un", "quatre-vingt-dix-neuf" (no "et" there).
  if (word === 'quatre' && (words[i + 1] === 'vingt' || words[i + 1] === 'vingts')) {
    const teen = teenAt(words, i + 2);
    if (teen) return { value: 80 + teen.value, end: teen.end };
    const unit = UNITS[words[i + 2] ?? ''];
    if (unit !== undefined && unit > 0) return { value: 80 + unit, end: i + 3 };
    return { value: 80, end: i + 2 };
  }

  const tens = TENS[word];
  if (tens !== undefined) {
    // French 70: "soixante-dix", "soixante et onze", "soixante-dix-sept".
    if (word === 'soixante') {
      const afterEt = words[i + 1] === 'et' && words[i + 2] === 'onze' ? i + 2 : i + 1;
      const teen = teenAt(words, afterEt);
      if (teen) return { value: 60 + teen.value, end: teen.end };
    }
    const unit = tensUnitAt(words, i + 1);
    return unit ? { value: tens + unit.value, end: unit.end } : { value: tens, end: i + 1 };
  }

  const teen = teenAt(words, i);
  if (teen) return teen;
  const unit = unitAt(words, i, options);
  return unit === undefined ? undefined : { value: unit, end: i + 1 };
}

/** 0–999: "eight hundred", "cent vingt", "deux cents", "five hundred and five". */
function below1000At(
  words: readonly string[],
  i: number,
  options: NumberReadOptions,
): NumberMatch | undefined {
  let hundreds: NumberMatch | undefined;
  if (HUNDRED.has(words[i] ?? '')) {
    hundreds = { value: 100, end: i + 1 };
  } else {
    const small = below100At(words, i, options);
    if (!small) return undefined;
    if (small.value < 1 || small.value > 9 || !HUNDRED.has(words[small.end] ?? '')) return small;
    hundreds = { value: small.value * 100, end: small.end + 1 };
  }
  if (options.digits) return hundreds;
  const rest = restAfter(words, hundreds.end, (j) => below100At(words, j, options));
  return rest ? { value: hundreds.value + rest.value, end: rest.end } : hundreds;
}

/** What follows "hundred" or "thousand", with the English "and": "one hundred and five". */
function restAfter(
  words: readonly string[],
  i: number,
  read: (j: number) => NumberMatch | undefined,
): NumberMatch | undefined {
  const start = words[i] === 'and' ? i + 1 : i;
  const rest = read(start);
  return rest && rest.value > 0 ? rest : undefined;
}

/**
 * Reads the longest number written in words starting at `start` ("thirty four", "soixante et onze",
 * "two thousand and twenty six"), or undefined when the word there is not a number. Digit runs ("06")
 * are not read here: callers keep them verbatim so a leading zero survives.
 */
export function readNumberWords(
  words: readonly string[],
  start: number,
  options: NumberReadOptions = {},
): NumberMatch | undefined {
  let thousands: NumberMatch | undefined;
  if (THOUSAND.has(words[start] ?? '')) {
    thousands = { value: 1000, end: start + 1 };
  } else {
    const small = below1000At(words, start, options);
    if (!small) return undefined;
    if (small.value < 1 || !THOUSAND.has(words[small.end] ?? '')) return small;
    thousands = { value: small.value * 1000, end: small.end + 1 };
  }
  if (options.digits) return thousands;
  const rest = restAfter(words, thousands.end, (j) => below1000At(words, j, options));
  return rest ? { value: thousands.value + rest.value, end: rest.end } : thousands;
}

/** Reads an ordinal in words at `start`: "third", "twenty-first" (as two words), "premier". */
export function readOrdinalWords(words: readonly string[], start: number): NumberMatch | undefined {
  const word = words[start];
  if (word === undefined) return undefined;
  const tens = TENS[word];
  const unit = ORDINAL_UNITS[words[start + 1] ?? ''];
  if (tens !== undefined && unit !== undefined) return { value: tens + unit, end: start + 2 };
  const value = ORDINALS[word];
  return value === undefined ? undefined : { value, end: start + 1 };
}

/** True when the word takes part in a number (so "un" in "un numéro" can be told from "un deux"). */
export function isNumberWord(word: string, options: NumberReadOptions = {}): boolean {
  return (
    word in UNITS ||
    word in TEENS ||
    word in TENS ||
    HUNDRED.has(word) ||
    THOUSAND.has(word) ||
    (options.digits === true && OH.has(word))
  );
}

/** "double five" is 55, "triple seven" is 777; "deux fois cinq" is not handled (rarely said). */
export const REPEATERS: Readonly<Record<string, number>> = { double: 2, triple: 3 };

/**
 * Rewrites words into numerals: each number said in words becomes its digits ("thirty four" → "34",
 * "twenty twenty six" → "20", "26"), and with `ordinals` each ordinal becomes "<n>th" ("third" →
 * "3th", a form the date parser shares with a written "3rd" or "1er"). Other words pass through.
 */
export function numeralize(
  words: readonly string[],
  options: NumberReadOptions & { ordinals?: boolean } = {},
): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    const ordinal = options.ordinals ? readOrdinalWords(words, i) : undefined;
    if (ordinal) {
      out.push(`${ordinal.value}th`);
      i = ordinal.end;
      continue;
    }
    const number = readNumberWords(words, i, options);
    if (number) {
      out.push(String(number.value));
      i = number.end;
      continue;
    }
    out.push(words[i] ?? '');
    i += 1;
  }
  return out;
}

/**
 * Digits grouped for reading back to a caller: pairs, as French numbers are said ("06 12 34 56 7"),
 * used when no country formatting applies.
 */
export function groupDigits(digits: string, size = 2): string {
  return digits.match(new RegExp(`\\d{1,${size}}`, 'g'))?.join(' ') ?? '';
}
