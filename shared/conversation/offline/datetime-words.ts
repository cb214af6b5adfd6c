/**
 * The words and forms `parse-datetime.ts` understands, in English and French (after `normalize`:
 * lowercase, no accents, numbers in figures): months, weekdays, parts of the day, and the patterns
 * built from them.
 */

export type DayPart = 'morning' | 'afternoon' | 'evening' | 'night';

export const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  janvier: 1,
  fevrier: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  decembre: 12,
};

export const WEEKDAYS: Readonly<Record<string, number>> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  dimanche: 0,
  lundi: 1,
  mardi: 2,
  mercredi: 3,
  jeudi: 4,
  vendredi: 5,
  samedi: 6,
};

export const DAY_PARTS: Readonly<Record<string, DayPart>> = {
  morning: 'morning',
  matin: 'morning',
  matinee: 'morning',
  afternoon: 'afternoon',
  'apres midi': 'afternoon',
  aprem: 'afternoon',
  evening: 'evening',
  soir: 'evening',
  soiree: 'evening',
  night: 'night',
  nuit: 'night',
};

export const DAY_PART_HOURS: Readonly<Record<DayPart, number>> = {
  morning: 9,
  afternoon: 15,
  evening: 19,
  night: 23,
};

export const MONTH = `(${Object.keys(MONTHS).join('|')})`;
export const WEEKDAY = `(${Object.keys(WEEKDAYS).join('|')})`;
export const DAY_PART = `(${Object.keys(DAY_PARTS).join('|')})`;
/** "2026", or "twenty twenty-six" once numeralised: "20 26". */
export const YEAR = '(\\d{4}|(?:19|20) \\d{2})';
/** Minutes after an hour: "3 30", "10 oh 5". */
export const MINUTES = '(?: (\\d{2})| (?:oh|o) (\\d))?';

/** A time from now: "2 hours ago", "il y a 3 jours", "in 2 days", "half an hour ago". */
export const FROM_NOW = new RegExp(
  [
    '(?:il y a|ya) (\\d+) (minutes?|min|heures?|h|jours?|semaines?)',
    '(\\d+|an?) (minutes?|mins?|hours?|days?|nights?|weeks?) ago',
    '(?:in|dans) (\\d+|an?) (minutes?|hours?|heures?|days?|jours?|weeks?|semaines?)',
    '(?:il y a|ya) 1 demi heure|half an? hour ago',
  ]
    .map((form) => `\\b${form}\\b`)
    .join('|'),
);

/** Too vague to file: better ask for the day than pick one. */
export const VAGUE = new RegExp(
  [
    '(?:\\d+|an?|a few|several|quelques) (?:months?|years?) ago',
    'il y a (?:\\d+|quelques) (?:mois|ans?|annees?)',
    'last (?:week|month|year)',
    '(?:la|cette) semaine (?:derniere|passee)',
    'le mois (?:dernier|passe)',
    'l annee (?:derniere|passee)',
    'the other day',
    'l autre jour',
    'recently',
    'recemment',
  ]
    .map((form) => `\\b${form}\\b`)
    .join('|'),
);
