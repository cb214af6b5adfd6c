import { DE } from './lexicon/de';
import { ES } from './lexicon/es';
import { IT } from './lexicon/it';
import { PT } from './lexicon/pt';
import type { Lexicon } from './lexicon/types';
import { normalizeSpeech } from './numbers';

/**
 * Rewrites Spanish, German, Italian or Portuguese speech into the English words the offline parsers
 * read (numbers, dates, spoken e-mail symbols). English and French pass through: the parsers read them.
 * Used only to parse a typed answer (a phone number, an e-mail address, a date), never on what is stored
 * as the caller's words.
 */

export type ParserLang = 'en' | 'fr' | 'es' | 'de' | 'it' | 'pt';

const LEXICONS: Readonly<Partial<Record<ParserLang, Lexicon>>> = { es: ES, de: DE, it: IT, pt: PT };

/**
 * With `articles: false`, "um", "una", "ein"... are dropped: in "tive um acidente" they are
 * articles, and a "one" there would read as a time.
 */
export function toParserWords(text: string, lang: ParserLang, options: { articles?: boolean } = {}): string {
  const lexicon = LEXICONS[lang];
  if (!lexicon) return text;
  let said = normalizeSpeech(text);
  for (const [pattern, replacement] of lexicon.phrases) said = said.replace(pattern, replacement);
  return said
    .split(/(\s+|[,;:!?]+|\.(?=\s|$))/)
    .map((piece) => {
      const word = piece.trim();
      if (word === '') return piece;
      const english = lexicon.words[word] ?? lexicon.compound?.(word);
      if (english === 'one' && options.articles === false) return '';
      return english ?? piece;
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The languages whose words may be in an answer: the call's first, then the others with a lexicon. */
export function parserLanguages(first: ParserLang): ParserLang[] {
  const others: ParserLang[] = ['es', 'pt', 'it', 'de'];
  return [first, ...others.filter((lang) => lang !== first)];
}
