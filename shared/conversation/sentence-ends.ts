/**
 * Where a sentence ends, for the streaming splitter (sentences.ts): one decision per candidate end,
 * reading only the characters it needs and answering `wait` when they have not arrived yet. It is apart
 * from the splitter because these are the language rules, long lists included, while the splitter is
 * only the buffering around them.
 *
 * Rules (Latin-script marks . ! ? …):
 *  - a mark must be followed by whitespace or the end of the text: 3.14, john.doe@example.com, v1.2.3,
 *    23.11.2026, 555.123.4567, z.B., https://example.com/a.b?c=d, 10.30 never split;
 *  - closing quotes and brackets right after the mark stay with the sentence (`"yes."`, `(sic!)`), and so
 *    does a French closing guillemet after a space (`« Bonjour. »`);
 *  - the end is confirmed by the first non-space character after it (or by a line break / end of stream):
 *    if it is a lowercase letter the sentence goes on ("etc. and", "a.m. and", `"why?" she asked`). LLM
 *    tokens carry their leading space ("." then " How"), so waiting for that character costs no latency;
 *  - an ellipsis ("..." or "…" without ? or !) is a hesitation inside a sentence ("Well... I think so."),
 *    not an end: splitting there would give the pause a final intonation and a TTS round trip. Only a
 *    line break or the end of the stream ends a sentence after an ellipsis;
 *  - a single "." does not end a sentence after: a title or an abbreviation that never ends a sentence
 *    (Mr., Dr., Mme., Sra., e.g., z.B., Nr., vs., see NEVER_FINAL), a single capital letter (initials:
 *    "J. R. R. Tolkien", French "M. Dupont"), a list number or letter at the start of a line or after a
 *    colon ("1. Open the app"), a number followed by another number ("23. 11. 2026"), a German ordinal
 *    (before a month, "am 1. Januar", or after an article/preposition, "den 3. Platz");
 *  - abbreviations that may end a sentence (etc., usw., a.m., p.m., Inc.) are left to the lowercase rule.
 * CJK marks 。！？ end a sentence without any following whitespace (你好。我是小明。); closing brackets
 * stay with the sentence, and a Japanese particle after a closing quote (「はい。」と答えた) continues it.
 * ASCII ! ? . between two CJK characters are treated the same way (すごい!ありがとう).
 * A line break always ends a sentence (paragraphs, list items). ";" and ":" never do: TTS would give them
 * a final intonation, while a colon announces what follows and a semicolon joins two clauses.
 *
 * Known limits: a never-final abbreviation or a capital letter that does end a sentence is not split
 * ("on Main St. Then", "Plan B. Next"); a Roman-numeral ordinal before a capital ("Ludwig XIV. König") is split; Chinese
 * "“你好。”他说。" is split after the quote; marks without a following space ("¿Qué?¡Hola!") do not split
 * outside CJK text; there is no maximum length, so a long sentence without marks is emitted whole.
 */

/** Marks that can end a sentence. */
const TERMINALS = new Set(['.', '…', '!', '?', '‼', '⁇', '⁈', '⁉', '。', '｡', '！', '？']);
/** Marks that always end a sentence (unless a lowercase word follows), unlike "." and "…". */
const STRONG = new Set(['!', '?', '‼', '⁇', '⁈', '⁉', '！', '？']);
/** CJK full-width marks: no space follows them, so the next character of any kind confirms the end. */
const CJK_STOPS = new Set(['。', '｡', '！', '？']);
/** Closing quotes and brackets that belong to the sentence they follow (and Markdown emphasis, "**Yes.**"). */
const CLOSERS = new Set([
  '"',
  "'",
  '”',
  '’',
  '»',
  '›',
  ')',
  ']',
  '}',
  '*',
  '」',
  '』',
  '）',
  '】',
  '〕',
  '〉',
  '》',
  '〗',
  '〙',
  '〛',
]);
/** French typography puts a space before the closing guillemet: « Bonjour. » */
const SPACED_CLOSERS = new Set(['»', '›']);
/** Opening punctuation stripped from the word before a ".", so that "(Mr." is still "Mr". */
const OPENERS = new Set(['"', "'", '“', '‘', '„', '‚', '«', '‹', '(', '[', '{', '¿', '¡', '*']);

/**
 * Words that are followed by a "." but (practically) never end a sentence: titles and abbreviations that
 * introduce something. Case-sensitive so that an ordinary word at a sentence end ("I love art.") is not
 * mistaken for one. "No." is deliberately absent ("No. It works."), as are abbreviations that often end a
 * sentence (etc., usw., Jr., Inc., a.m., p.m.): the lowercase rule handles them mid-sentence.
 */
const NEVER_FINAL = new Set([
  // English
  'Mr',
  'Mrs',
  'Ms',
  'Mx',
  'Dr',
  'Prof',
  'St',
  'Sr',
  'Mt',
  'Capt',
  'Lt',
  'Sgt',
  'Col',
  'Gen',
  'Gov',
  'Rev',
  'Hon',
  'vs',
  'Vs',
  'e.g',
  'E.g',
  'i.e',
  'I.e',
  'cf',
  'Cf',
  'approx',
  'Approx',
  // French
  'Mme',
  'Mmes',
  'Mlle',
  'Mlles',
  'Mgr',
  'Pr',
  'Ste',
  // German
  'Hr',
  'Hrn',
  'Fr',
  'Nr',
  'z.B',
  'Z.B',
  'd.h',
  'D.h',
  'bzw',
  'Bzw',
  'ca',
  'Ca',
  'vgl',
  'Vgl',
  'inkl',
  'Inkl',
  'ggf',
  'Ggf',
  'evtl',
  'Evtl',
  'sog',
  'bzgl',
  'Tel',
  // Spanish
  'Sra',
  'Srta',
  'Sres',
  'Dra',
  'Dña',
  'Lic',
  'Ing',
  'Av',
  'Avda',
  'núm',
  'Núm',
]);

/** German words that put a number before a "." in ordinal position: "den 3. Platz", "vom 1. bis 3. Mai". */
const ORDINAL_CONTEXT = new Set([
  'der',
  'die',
  'das',
  'den',
  'dem',
  'des',
  'im',
  'vom',
  'zum',
  'zur',
  'beim',
  'bis',
  'ab',
  'seit',
  'jeden',
  'jedem',
  'jeder',
]);

/** German dates: "1. Januar" is an ordinal, not "1." + "Januar". */
const MONTHS = [
  'Januar',
  'Jänner',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];

const LINE_BREAK = /[\n\r\u2028\u2029]/u;
const INLINE_SPACE = /[^\S\n\r\u2028\u2029]/u;
const LOWERCASE = /\p{Ll}/u;
const SINGLE_CAPITAL = /^\p{Lu}$/u;
const SINGLE_LETTER = /^\p{L}$/u;
const NUMBER = /^\p{Nd}+$/u;
const DIGIT = /\p{Nd}/u;
const LETTER = /\p{L}/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HIRAGANA = /\p{Script=Hiragana}/u;

/** The decision for one candidate position. */
export type Decision =
  | { kind: 'wait' } // the characters needed to decide have not arrived yet
  | { kind: 'continue'; next: number } // no sentence end here: resume scanning at `next`
  | { kind: 'end'; end: number }; // the sentence is text[0, end)

const WAIT: Decision = { kind: 'wait' };
const end = (at: number): Decision => ({ kind: 'end', end: at });
const go = (next: number): Decision => ({ kind: 'continue', next });

/**
 * Decides whether a sentence ends at the candidate starting at `i` (the text before `i` is the current
 * sentence). `final` means no more text will come, so the end of the text confirms a pending end.
 */
export function decideAt(text: string, i: number, final: boolean): Decision {
  const c = text.charAt(i);
  if (LINE_BREAK.test(c)) return end(i + 1);
  if (!TERMINALS.has(c)) return go(i + 1);

  // The whole run of marks ("?!", "...", "！？") is one candidate; we must see where it stops.
  let j = i;
  while (j < text.length && TERMINALS.has(text.charAt(j))) j++;
  if (j === text.length && !final) return WAIT;
  const run = [...text.slice(i, j)];

  if (run.some((mark) => CJK_STOPS.has(mark))) {
    const after = skipClosers(text, j, false);
    if (after === text.length && !final) return WAIT;
    // 「はい。」と答えた: a hiragana particle right after a closing quote continues the sentence.
    if (after > j && HIRAGANA.test(text.charAt(after))) return go(after);
    return end(after);
  }

  const strong = run.some((mark) => STRONG.has(mark));
  const period = run.length === 1 && run[0] === '.';
  if (!strong && !period) return go(j); // an ellipsis ("...", "…"): a pause, not an end

  const after = skipClosers(text, j, true);
  const k = skipInlineSpace(text, after);
  if (k === text.length) return final ? end(after) : WAIT; // the next character (or a "»") may still come
  const next = text.charAt(k);
  // (A line break after the mark needs no rule here: it is a candidate of its own and ends the sentence.)

  if (k === after) {
    // No space after the mark: inside a token (3.14, john.doe@, v1.2.3, a.m., ?c=d), unless the text is
    // Japanese or Chinese written with ASCII punctuation, which uses no spaces at all.
    if (CJK.test(text.charAt(i - 1)) && CJK.test(next)) return end(after);
    return go(after);
  }

  // A lowercase word after the mark means the sentence goes on: "etc. and", `"why?" she asked`.
  if (LOWERCASE.test(next)) return go(k);
  if (strong) return end(after);

  const ends = periodEnds(text, i, k, final);
  if (ends === undefined) return WAIT;
  return ends ? end(after) : go(k);
}

/**
 * Skips closing quotes and brackets from `j`; with `spaced`, also a French closing guillemet after spaces.
 * Returns the index right after the last closer.
 */
function skipClosers(text: string, j: number, spaced: boolean): number {
  for (;;) {
    if (CLOSERS.has(text.charAt(j))) {
      j++;
      continue;
    }
    const k = spaced ? skipInlineSpace(text, j) : j;
    if (k > j && SPACED_CLOSERS.has(text.charAt(k))) {
      j = k + 1;
      continue;
    }
    return j;
  }
}

function skipInlineSpace(text: string, j: number): number {
  while (j < text.length && INLINE_SPACE.test(text.charAt(j))) j++;
  return j;
}

/**
 * Decides a single "." at `dot` followed by spaces and a non-lowercase character at `next`.
 * Returns undefined when the word at `next` must be read further (a possible German month).
 */
function periodEnds(text: string, dot: number, next: number, final: boolean): boolean | undefined {
  const { word, start } = wordBefore(text, dot);
  if (NEVER_FINAL.has(word)) return false;
  if (SINGLE_CAPITAL.test(word)) return false; // initials: "J. R. R. Tolkien", "M. Dupont"

  const before = text.slice(0, start).trimEnd();
  const listItem = before === '' || before.endsWith(':');
  if (listItem && (NUMBER.test(word) || SINGLE_LETTER.test(word))) return false; // "1. Open the app"

  if (!NUMBER.test(word)) return true;
  if (DIGIT.test(text.charAt(next))) return false; // a spaced date: "23. 11. 2026"
  if (ORDINAL_CONTEXT.has(lastWord(before).toLowerCase())) return false; // "den 3. Platz"

  let wordEnd = next;
  while (wordEnd < text.length && LETTER.test(text.charAt(wordEnd))) wordEnd++;
  const following = text.slice(next, wordEnd);
  if (wordEnd === text.length && !final && MONTHS.some((month) => month.startsWith(following))) {
    return undefined; // "1. Ja…" may become "1. Januar"
  }
  return !MONTHS.includes(following);
}

/** The word ending at `endIndex` (exclusive), without opening quotes or brackets, and where it starts. */
function wordBefore(text: string, endIndex: number): { word: string; start: number } {
  let start = endIndex;
  while (start > 0 && !/\s/u.test(text.charAt(start - 1))) start--;
  let wordStart = start;
  while (wordStart < endIndex && OPENERS.has(text.charAt(wordStart))) wordStart++;
  return { word: text.slice(wordStart, endIndex), start };
}

function lastWord(text: string): string {
  const words = text.split(/\s+/u);
  return (words[words.length - 1] ?? '').replace(/[^\p{L}]/gu, '');
}
