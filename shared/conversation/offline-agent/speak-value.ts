import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { ClaimFieldType } from '../../domain/claim';
import { PHRASES, type Lang } from './phrases';

/**
 * A stored claim value as the agent reads it back to the caller: a phone number with its digits
 * grouped ("+33 6 12 34 56 78"), a date in words on the caller's clock ("Sunday, November 22, 2026 at
 * 3:00 PM"), an e-mail address as stored. A text too long to read back comfortably is not read back.
 */

/** Longer texts are acknowledged without being read back. */
export const MAX_READ_BACK_LENGTH = 160;

export function speakValue(
  type: ClaimFieldType,
  value: string,
  lang: Lang,
  locale: string,
): string | undefined {
  switch (type) {
    case 'phone_number':
      return parsePhoneNumberFromString(value)?.formatInternational() ?? value;
    case 'datetime':
      return speakDateTime(value, lang, locale) ?? value;
    case 'email':
      return value;
    case 'text':
      return value.length <= MAX_READ_BACK_LENGTH ? value : undefined;
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/;

/**
 * The date (and time) as written in the value: the wall clock of the offset stored with it, which is
 * the caller's. Formatted as UTC so that no other zone shifts it.
 */
function speakDateTime(value: string, lang: Lang, locale: string): string | undefined {
  const match = ISO.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map((part) => Number(part ?? 0));
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const at = new Date(Date.UTC(year, month - 1, day, hour ?? 0, minute ?? 0));
  const tag = safeLocale(locale, lang);
  const date = new Intl.DateTimeFormat(tag, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
  if (match[4] === undefined) return plainSpaces(date);
  const time = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' }).format(
    at,
  );
  return plainSpaces(`${date} ${PHRASES[lang].at} ${time}`);
}

/** Intl puts narrow no-break spaces before "PM" in some versions: plain ones read the same. */
const plainSpaces = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

const DEFAULT_LOCALES: Readonly<Record<Lang, string>> = {
  en: 'en-US',
  fr: 'fr-FR',
  es: 'es-ES',
  de: 'de-DE',
  it: 'it-IT',
  pt: 'pt-PT',
};

/** The call's locale when Intl knows it and it matches the spoken language, else a default one. */
function safeLocale(locale: string, lang: Lang): string {
  const fallback = DEFAULT_LOCALES[lang];
  if (!locale.toLowerCase().startsWith(lang)) return fallback;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale])[0] ?? fallback;
  } catch {
    return fallback;
  }
}
