import type { CallState } from '../../domain/call';
import { DE } from './lang/de';
import { EN } from './lang/en';
import { ES } from './lang/es';
import { FR } from './lang/fr';
import { IT } from './lang/it';
import { PT } from './lang/pt';
import { LANGS, type Lang, type Phrases } from './lang/types';

/**
 * Everything the offline agent says, in English, French, Spanish, German, Italian and Portuguese: one
 * file per language in `lang/`. Variants are picked by the turn's number, not at random, so a
 * conversation replays the same way.
 */

export type { Lang, Phrases } from './lang/types';
export { LANGS } from './lang/types';

export const PHRASES: Readonly<Record<Lang, Phrases>> = { en: EN, fr: FR, es: ES, de: DE, it: IT, pt: PT };

/** The agent's language for a BCP 47 code ("es-ES", "pt-BR"); English for any other. */
export function langOfCode(code: string): Lang {
  const primary = code.toLowerCase().split('-')[0] ?? '';
  return (LANGS as readonly string[]).includes(primary) ? (primary as Lang) : 'en';
}

/** The call's language as the agent speaks it. */
export function langOf(call: CallState): Lang {
  return langOfCode(call.language);
}

/** One of the variants, by the turn's number: deterministic, and not the same one twice in a row. */
export function pick(variants: readonly string[], turnNumber: number): string {
  return variants[Math.abs(turnNumber) % variants.length] ?? variants[0] ?? '';
}
