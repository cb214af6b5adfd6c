/**
 * Reads a name said, then spelled letter by letter, as callers do on the phone: "Ngozi Okafor, that's
 * O K A F O R" is "Ngozi Okafor". The spelling is about the word it follows: it confirms a word of the
 * name as heard, or, when it differs, it wins over the last word, which speech-to-text misheard
 * ("Jon Smith, S M Y T H" is "Jon Smyth"). Letters that look like nothing the caller said ("Tolkien,
 * J R R": initials) are left as they are: better a name as said than a wrong one.
 */

const APOS = "['’]";
/** What callers say between the name and its spelling. */
const SPELLING_INTRO = [
  `that${APOS}s`,
  'that is',
  `it${APOS}s spelled`,
  `it${APOS}s spelt`,
  'spelled',
  'spelt',
  'I spell it',
  'which is',
  `c${APOS}est`,
  `[çc]a s${APOS}[ée]crit`,
  `qui s${APOS}[ée]crit`,
  `s${APOS}[ée]crit`,
  'je vous l(?:e|a) [ée]pelle',
].join('|');

/** The name, an optional introduction, then 2 letters or more, each on its own: "O K A F O R", "O-K-A". */
const SPELLED_AT_END = new RegExp(
  `^(.*?)[\\s,.;:-]*(?:(?:${SPELLING_INTRO})(?![\\p{L}\\p{N}]))?[\\s,.;:-]*` +
    `(?<![\\p{L}\\p{N}'’])((?:\\p{L}[\\s.,-]+)+\\p{L})[\\s.,;!?]*$`,
  'iu',
);

/** More edits than this and the spelling is not the word misheard, but something else. */
const MAX_EDITS = 2;

export function readSpelledName(text: string): string {
  const match = SPELLED_AT_END.exec(text.trim());
  if (!match) return text;
  const head = (match[1] ?? '').trim();
  const spelled = (match[2] ?? '').replace(/[^\p{L}]/gu, '');
  const words = head.split(/\s+/).filter(Boolean);
  const spelledWord = capitalised(spelled);
  const last = words.at(-1);
  if (last === undefined) return spelledWord;
  if (words.some((word) => plain(word) === plain(spelled))) return head;
  if (editDistance(plain(last), plain(spelled)) > MAX_EDITS) return text;
  return [...words.slice(0, -1), spelledWord].join(' ');
}

/** Lowercase letters only, without accents: "Okafor," and "O K A F O R" compare equal. */
function plain(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');
}

function capitalised(letters: string): string {
  return letters.charAt(0).toUpperCase() + letters.slice(1).toLowerCase();
}

/** Levenshtein distance: letters to insert, delete or replace to go from one word to the other. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(replace, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
