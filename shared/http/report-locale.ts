import { knownZoneOrUtc } from '../conversation/timezone';
import { escapeHtml } from './html';
import type { Labels } from './report-labels';
import { DE, ES, IT, PT } from './report-labels-more';
import { EN, FR } from './report-labels-en-fr';

/** The report page in the caller's language and time zone: its texts, its dates. */

/** The labels for a BCP 47 tag, by its language (fr-CA is French); English for any other. */
export function labelsFor(language: string): Labels {
  const byLanguage: Readonly<Record<string, Labels>> = { fr: FR, es: ES, de: DE, it: IT, pt: PT };
  return byLanguage[language.toLowerCase().split('-')[0] ?? ''] ?? EN;
}

export interface DateFormat {
  readonly long: (iso: string | Date) => string;
  readonly short: (iso: string | Date) => string;
}

function safeLocale(locale: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale])[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

export function dateFormat(language: string, timeZone: string): DateFormat {
  const locale = safeLocale(language);
  const zone = knownZoneOrUtc(timeZone);
  const long = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  const short = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  const apply = (f: Intl.DateTimeFormat) => (value: string | Date) => {
    const date = value instanceof Date ? value : new Date(value);
    return Number.isFinite(date.getTime()) ? f.format(date) : String(value);
  };
  return { long: apply(long), short: apply(short) };
}

/** A `<time>` element: the machine-readable instant in `datetime`, the localised text inside. */
export function time(value: string | Date, text: string): string {
  const iso = value instanceof Date ? value.toISOString() : value;
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(text)}</time>`;
}
