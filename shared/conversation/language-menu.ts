import type { CallState } from '../domain/call';
import type { Language } from '../domain/initiate';

/**
 * The language menu, as the original's IVR: when a call offers more than one language, the caller first
 * hears one line per language, each said in that language ("To continue in English, press 1. Pour
 * continuer en français, tapez 2."), and picks by keypad or by saying the language. Each line is in its
 * own language because a caller who does not speak the default one must still understand their option.
 * Keys 1 to 9 only: a tenth language can be picked by name, not by key.
 */

/** How each option is said, by primary language; others use the English line with the English name. */
const OPTION_LINES: Readonly<Record<string, string>> = {
  en: 'To continue in {language}, press {digit}.',
  fr: 'Pour continuer en {language}, tapez {digit}.',
  es: 'Para continuar en {language}, pulse {digit}.',
  de: 'Um auf {language} fortzufahren, drücken Sie die {digit}.',
  it: 'Per continuare in {language}, premi {digit}.',
  pt: 'Para continuar em {language}, prima {digit}.',
};

/** Spoken digits 1 to 9, in the languages the option lines are said in (what a transcriber may write). */
const DIGIT_WORDS: readonly (readonly string[])[] = [
  ['one', 'un', 'une', 'uno', 'una', 'eins', 'um', 'uma'],
  ['two', 'deux', 'dos', 'zwei', 'due', 'dois', 'duas'],
  ['three', 'trois', 'tres', 'drei', 'tre', 'tres'],
  ['four', 'quatre', 'cuatro', 'vier', 'quattro', 'quatro'],
  ['five', 'cinq', 'cinco', 'funf', 'cinque'],
  ['six', 'seis', 'sechs', 'sei'],
  ['seven', 'sept', 'siete', 'sieben', 'sette', 'sete'],
  ['eight', 'huit', 'ocho', 'acht', 'otto', 'oito'],
  ['nine', 'neuf', 'nueve', 'neun', 'nove'],
];

export const MENU_KEYS = 9;

function primary(shortCode: string): string {
  return shortCode.split('-')[0]?.toLowerCase() ?? shortCode;
}

/** The language's name in `locale` ("français" in French, "French" in English); the code if unknown. */
function nameIn(shortCode: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(primary(shortCode)) ?? shortCode;
  } catch {
    return shortCode;
  }
}

/** Lower case, accents off, punctuation to spaces: "Français !" and "francais" compare equal. */
function normalized(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether the call opens with the menu: enabled, and more than one language to pick from. */
export function offersLanguageMenu(call: CallState, enabled: boolean): boolean {
  return enabled && call.initiate.lang.availables.length > 1;
}

/**
 * While the call waits at the menu, how many keys it offers (1 to that number, never more than nine): each
 * is a whole answer, so a voice loop takes one key at once instead of waiting for more. 0 once answered.
 */
export function menuKeys(call: CallState): number {
  return call.language_menu ? Math.min(call.initiate.lang.availables.length, MENU_KEYS) : 0;
}

/** The menu: one line per language (the first nine), each in its own language. */
export function languageMenuText(call: CallState): string {
  return call.initiate.lang.availables
    .slice(0, MENU_KEYS)
    .map((language, index) => {
      const own = OPTION_LINES[primary(language.short_code)];
      const line = own ?? OPTION_LINES.en!;
      const name = nameIn(language.short_code, own ? language.short_code : 'en');
      return line.replace('{language}', name).replace('{digit}', String(index + 1));
    })
    .join(' ');
}

/** Every way a caller may name this language: its English names, its own name, its code. */
function namesOf(language: Language): string[] {
  return [
    ...language.pronunciations_en,
    nameIn(language.short_code, 'en'),
    nameIn(language.short_code, language.short_code),
    language.short_code,
  ]
    .map(normalized)
    .filter((name) => name.length > 1);
}

/**
 * The language the caller picked: a key (1 to 9, "2#" too), a digit said as a word ("two", "deux"), or
 * the language's name anywhere in what they said ("French, please", "en français"). Undefined when
 * nothing matches, or when what they said names two languages: the menu is then said again.
 */
export function parseLanguageChoice(call: CallState, text: string): Language | undefined {
  const languages = call.initiate.lang.availables;
  const said = normalized(text);
  if (said === '') return undefined;
  const keyed = /^([1-9])\s*#?$/.exec(text.trim());
  const spokenDigit = DIGIT_WORDS.findIndex((words) => words.includes(said));
  const index = keyed ? Number(keyed[1]) - 1 : spokenDigit;
  if (index >= 0) return index < MENU_KEYS ? languages[index] : undefined;
  const words = ` ${said} `;
  // Two-letter names ("EN", "ES") are common words of other languages ("en français"): whole answers only.
  const names = (language: Language) => namesOf(language);
  const exact = languages.filter((language) => names(language).includes(said));
  if (exact.length === 1) return exact[0];
  const named = languages.filter((language) =>
    names(language).some((name) => name.length > 2 && words.includes(` ${name} `)),
  );
  return named.length === 1 ? named[0] : undefined;
}
