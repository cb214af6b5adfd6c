import { OTHER_LANGUAGE_CORRECTION_WORDS } from './correction-words';

/**
 * Strips what a caller says around a corrected value, so a parser gets the value itself:
 * "no, my email is john at example dot com" → "john at example dot com", "sorry, I meant March 4th"
 * → "March 4th", "06 12 34 56 78, sorry I meant 06 12 34 56 79" → "06 12 34 56 79",
 * "non, c'est le 4 mars" → "le 4 mars", "it's not John, it's Joan" → "Joan".
 *
 * The text keeps its case and accents (a name is a value too). Works on English and French, and on the
 * correction words of Spanish, German, Italian and Portuguese ("perdón", "eigentlich", "anzi", "aliás").
 */

const APOS = "['’]";

/**
 * Said in the middle of an answer, these restart it: only what follows counts. Kept to phrases that
 * mean a restart wherever they are; "actually" or "I mean" inside a description ("it was actually
 * raining") are only correction words at the very start.
 */
const RESTARTS = new RegExp(
  [
    `\\bsorry\\s*[,.;:!-]`,
    `\\bsorry,?\\s+I\\s+mean(?:t)?\\b`,
    `\\bI\\s+meant\\b`,
    `\\bno,?\\s+wait\\b[,.;:!]?`,
    `\\bwait,?\\s+no\\b[,.;:!]?`,
    `\\bscratch\\s+that\\b[,.;:!]?`,
    `\\bpardon\\s*[,.;:!-]`,
    `\\bje\\s+veux\\s+dire\\b`,
    `\\bje\\s+voulais\\s+dire\\b`,
    `\\bnon,?\\s+(?:pardon|attendez|attends)\\b[,.;:!]?`,
    `\\bcorrection\\s*:`,
  ].join('|'),
  'giu',
);

/** Words a correction starts with. Removed one after another: "no, sorry, actually, ..." */
const CORRECTION_WORDS = new RegExp(
  '^(?:' +
    [
      'no(?:pe)?',
      'nah',
      'non',
      'sorry',
      'pardon',
      'excuse me',
      'd[ée]sol[ée]e?',
      '(?:wh)?oops',
      'wait',
      'hold on',
      'attendez',
      'attends',
      'actually',
      'in fact',
      'en fait',
      'plut[ôo]t',
      'correction',
      'I mean(?:t)?',
      'je veux dire',
      'je voulais dire',
      `that${APOS}s (?:wrong|not right|not it|incorrect)`,
      'that is (?:wrong|not right|incorrect)',
      `c${APOS}est faux`,
      `(?:ce n${APOS}est|c${APOS}est) pas [çc]a`,
      'my (?:mistake|bad)',
      'I made a mistake',
      'let me correct(?: that| myself)?',
      'je me suis tromp[ée]e?',
      ...OTHER_LANGUAGE_CORRECTION_WORDS,
      // "oh" alone could be a zero ("oh six..."), so only "oh," or "oh!" is an interjection.
      'oh(?=\\s*[,!])',
      'ah',
      'um+',
      'uh+',
      'euh+',
      'er+',
      'hmm+',
      'well',
    ].join('|') +
    ')(?![\\p{L}\\p{N}])[\\s,.;:!-]*',
  'iu',
);

/** Words before a value that only make sense once a correction started ("it's", "my email is"). */
const FIELD_NOUNS =
  '(?:e-?mail|mail|address|number|phone|mobile|cell|name|date|time|day|policy|adresse|num[ée]ro|t[ée]l[ée]phone|portable|nom|heure|jour|police|courriel)';
const SUBJECT = new RegExp(
  '^(?:' +
    [
      `(?:my|the|our|his|her) (?:[\\p{L}-]+ ){0,2}?${FIELD_NOUNS}(?: [\\p{L}-]+){0,2}? (?:is|was|${APOS}s|should be|will be)`,
      `(?:mon|ma|le|la|l${APOS}) ?(?:[\\p{L}-]+ ){0,2}?${FIELD_NOUNS}(?: [\\p{L}-]+){0,2}? (?:est|c${APOS}est|[ée]tait|c${APOS}[ée]tait|sera)`,
      `the (?:right|correct) one is`,
      `it(?:${APOS}s| is| was| should be| will be)`,
      'its',
      `that(?:${APOS}s| is)`,
      `c${APOS}est`,
      `c${APOS}[ée]tait`,
      'es',
      'era',
      'fue',
      'ist',
      'war',
      '[eé]',
      'foi',
      'ce sera',
      '[çc]a sera',
      '[çc]a devrait [êe]tre',
    ].join('|') +
    ')(?![\\p{L}\\p{N}])[\\s,:;-]*',
  'iu',
);

/** "it's not John, it's Joan", "ce n'est pas Dupont, c'est Dupond", "not the 3rd but the 4th". */
const NOT_THIS_BUT_THAT = new RegExp(
  `^(?:(?:it${APOS}s|it is|that${APOS}s|c${APOS}est|ce n${APOS}est|c${APOS}[ée]tait)\\s+)?(?:not|pas)\\s+.+?` +
    `(?:[,;.]\\s*|\\s+)(?:but\\s+|mais\\s+)?(?:it${APOS}s|it is|c${APOS}est|but|mais)\\s+(.+)$`,
  'iu',
);

export function extractCorrection(text: string): string {
  const original = text.trim();
  let value = original;
  let corrected = false;

  // A restart in the middle: only what follows counts, unless nothing does ("..., sorry").
  let lastRestartEnd = -1;
  let lastRestartStart = -1;
  for (const match of value.matchAll(RESTARTS)) {
    lastRestartStart = match.index;
    lastRestartEnd = match.index + match[0].length;
  }
  if (lastRestartEnd >= 0) {
    const after = value.slice(lastRestartEnd).trim();
    value = after !== '' ? after : value.slice(0, lastRestartStart).replace(/[\s,;:.!-]+$/, '');
    corrected = true;
  }

  for (let before = ''; before !== value;) {
    before = value;
    const stripped = value.replace(CORRECTION_WORDS, '');
    if (stripped !== value) corrected = true;
    value = stripped.trim();
  }

  const replacement = NOT_THIS_BUT_THAT.exec(value)?.[1];
  if (replacement !== undefined) {
    value = replacement.trim();
    corrected = true;
  }

  if (corrected) {
    value = value.replace(SUBJECT, '').trim();
    // "building C, not B": what it is not is not part of the value.
    const trimmed = value.replace(/[,;]?\s+(?:not|pas|no|nicht|non|n[ãa]o)\s+[^,;]{1,30}$/iu, '').trim();
    if (trimmed !== '') value = trimmed;
  }
  // "No." alone is an answer, not a preamble: keep it rather than return nothing.
  return value === '' ? original : value;
}
