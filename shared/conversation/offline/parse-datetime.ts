import { normalizeSpeech, numeralize } from './numbers';
import { formatDate, formatInZone, instantOfWallClock, wallClockAt } from '../wall-clock';

/**
 * Reads a date, and a time if one was said, as a speech-to-text engine writes it, in English or
 * French: "tomorrow at 3 pm", "yesterday around 10", "last Monday", "on the 3rd of March at 14:30",
 * "two days ago", "this morning", "demain à 15h", "hier soir", "le 3 mars à 14h30".
 *
 * The answer is a claim value: ISO 8601 with the offset the time zone had on that day
 * ("2026-07-15T15:00:00+02:00"), or a bare date ("2026-03-02") when no time of day was said.
 *
 * Decisions (each one is pinned by a test):
 * - Past first. The offline agent mostly asks when something happened, so what does not say which
 *   one it means is the latest one not after today: a bare weekday ("on Monday") is the last one
 *   before today, "March 3rd" without a year is this year's if that is not after today, else last
 *   year's, "the 5th" is this month's if not after today, else last month's. "Tomorrow", "next
 *   Monday", "in two days" and dates with a year are taken as said.
 * - Day and month in figures ("3/11/2026") are read only when they cannot be swapped (13/11/2026,
 *   11/13/2026, 3/3/2026). Otherwise the answer is refused with both readings and a request for the
 *   month's name: the order depends on the caller's country, which the time zone does not tell
 *   reliably (America/* covers both orders), and a wrong guess silently files the wrong month.
 * - An hour said without am/pm or a part of the day: with "h" / "heures" or in the 24-hour form
 *   ("15:30", "08:00") it is taken as said, as French speakers use the 24-hour clock; otherwise
 *   ("at 3", "3 o'clock", "3:30") 1 to 6 is the afternoon (15:00) and 7 to 12 as said (10:00), the
 *   daytime reading of English speech. "Du matin", "in the evening", "pm"... override both.
 * - A part of the day without an hour takes a fixed hour: morning 09:00, afternoon 15:00, evening
 *   19:00, night 23:00. "Last night" is yesterday at 23:00; "cette nuit" is last night before noon
 *   and tonight after.
 * - "2 hours ago" and "il y a 20 minutes" are an instant: now minus that, to the minute.
 * - Vague answers ("last week", "a month ago", "in March") are refused with a question, not guessed.
 * - With `past` (the moment already happened, like an incident), a time still to come is never filed.
 *   Said without a day ("at 7 am") it is the last such time: yesterday's. Said as today ("this
 *   morning at 7", "tonight") before 06:00, it is the day that just ended, as for someone who has not
 *   slept yet. Otherwise ("today at 5 pm" at 2 pm, "tomorrow") the answer is refused with why.
 * - Reasons are in English, like the rest of the claim's validation messages.
 */

export type SpokenDateTimeResult = { ok: true; iso: string } | { ok: false; reason: string };

export interface SpokenDateTimeOptions {
  now: Date;
  /** IANA time zone of the caller, e.g. Europe/Paris. An unknown zone throws a RangeError. */
  timeZone: string;
  /** The moment already happened (an incident): a time still to come is rolled back or refused. */
  past?: boolean;
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

type DayPart = 'morning' | 'afternoon' | 'evening' | 'night';

interface SaidTime {
  hour: number;
  minute: number;
  /** "am" / "pm" said after the hour. */
  meridiem?: 'am' | 'pm';
  /** Said on the 24-hour clock ("15 h", "08:00"): no daytime guess for 1 to 6. */
  clock24: boolean;
  /** Noon and midnight are exact: no part of the day changes them. */
  exact?: boolean;
}

const MINUTE = 60_000;
/** Before this hour, "this morning" or "tonight" said of a past moment is about the day that just ended. */
const NIGHT_ENDS_HOUR = 6;
const HOW_TO_SAY = 'say it like "yesterday at 3 pm", "March 3rd at 14:30" or "le 3 mars à 14h30"';

const MONTHS: Readonly<Record<string, number>> = {
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

const WEEKDAYS: Readonly<Record<string, number>> = {
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

const DAY_PARTS: Readonly<Record<string, DayPart>> = {
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

const DAY_PART_HOURS: Readonly<Record<DayPart, number>> = {
  morning: 9,
  afternoon: 15,
  evening: 19,
  night: 23,
};

const MONTH = `(${Object.keys(MONTHS).join('|')})`;
const WEEKDAY = `(${Object.keys(WEEKDAYS).join('|')})`;
const DAY_PART = `(${Object.keys(DAY_PARTS).join('|')})`;
/** "2026", or "twenty twenty-six" once numeralised: "20 26". */
const YEAR = '(\\d{4}|(?:19|20) \\d{2})';
/** Minutes after an hour: "3 30", "10 oh 5". */
const MINUTES = '(?: (\\d{2})| (?:oh|o) (\\d))?';

class Failure {
  constructor(readonly reason: string) {}
}

export function parseSpokenDateTime(text: string, options: SpokenDateTimeOptions): SpokenDateTimeResult {
  try {
    return { ok: true, iso: read(text, options) };
  } catch (error) {
    if (error instanceof Failure) return { ok: false, reason: error.reason };
    throw error;
  }
}

/** The text left to read: each understood piece is cut out, so what remains can be checked. */
class Remaining {
  constructor(public text: string) {}

  /**
   * Every match of a pattern (not a global one: each search starts over on what is left), each cut out
   * and replaced by a bar, so that no later pattern joins the words on both sides of it.
   */
  takeAll(pattern: RegExp): RegExpExecArray[] {
    const found: RegExpExecArray[] = [];
    for (let match = pattern.exec(this.text); match; match = pattern.exec(this.text)) {
      found.push(match);
      this.text = `${this.text.slice(0, match.index)} | ${this.text.slice(match.index + match[0].length)}`;
    }
    return found;
  }
}

/** Everything the answer said, piece by piece, before it is put together. */
interface Heard {
  today: CalendarDate;
  /** Every way the day was said ("yesterday, the 14th"): they must agree. */
  dates: CalendarDate[];
  weekdays: { weekday: number; direction: -1 | 1 }[];
  /** "2 hours ago": an instant, complete on its own. */
  instant?: number;
  time?: SaidTime;
  dayPart?: DayPart;
  /** "last week": refused if nothing more precise was said. */
  vague?: string;
  /** The day was said as today ("today", "this morning", "tonight"), not as a date. */
  saidToday?: boolean;
}

function read(text: string, options: SpokenDateTimeOptions): string {
  const { now, timeZone } = options;
  const clock = wallClockAt(now.getTime(), timeZone);
  const heard: Heard = {
    today: { year: clock.year, month: clock.month, day: clock.day },
    dates: [],
    weekdays: [],
  };
  const rest = new Remaining(normalize(text));

  // Longest and most specific forms first, so "il y a 3 jours" is not read as a time "a 3".
  readFromNow(rest, heard, now.getTime());
  heard.vague = rest.takeAll(VAGUE)[0]?.[0];
  readDatesInFigures(rest, heard);
  readNamedMonths(rest, heard);
  readDaysFromToday(rest, heard, clock.hour);
  readWeekdays(rest, heard);
  // A day of the month alone: "the 5th", "le 5" (not "le 5 h", an hour).
  for (const m of rest.takeAll(/\b(?:the |le )?(\d{1,2})th\b|\ble (\d{1,2})\b(?! ?(?:h|heures?)\b|[:.]\d)/)) {
    heard.dates.push(dayOfMonthDate(Number(m[1] ?? m[2]), heard.today));
  }
  heard.time = readTime(rest);
  // A part of the day left once the time is read: "at 8 in the evening", "hier soir".
  for (const m of rest.takeAll(
    new RegExp(`\\b(?:in the |du |de l |de la |dans la |at |le |la |l )?${DAY_PART}\\b`),
  )) {
    setDayPart(heard, DAY_PARTS[m[1] ?? ''] ?? 'morning');
  }
  checkNothingLeft(rest.text, text);
  return putTogether(heard, text, options);
}

function setDayPart(heard: Heard, part: DayPart): void {
  if (heard.dayPart !== undefined && heard.dayPart !== part) {
    throw new Failure(`I heard both ${heard.dayPart} and ${part}.`);
  }
  heard.dayPart = part;
}

const FROM_NOW = new RegExp(
  [
    '(?:il y a|ya) (\\d+) (minutes?|min|heures?|h|jours?|semaines?)',
    '(\\d+|an?) (minutes?|mins?|hours?|days?|nights?|weeks?) ago',
    '(?:in|dans) (\\d+|an?) (minutes?|hours?|heures?|days?|jours?|weeks?|semaines?)',
    '(?:il y a|ya) 1 demi heure|half an? hour ago',
  ]
    .map((form) => `\\b${form}\\b`)
    .join('|'),
);

/** "2 hours ago", "il y a 3 jours", "in 2 days": days give a date, hours and minutes an instant. */
function readFromNow(rest: Remaining, heard: Heard, nowMs: number): void {
  for (const m of rest.takeAll(FROM_NOW)) {
    const amountText = m[1] ?? m[3] ?? m[5];
    const amount = amountText === undefined ? 0.5 : /^an?$/.test(amountText) ? 1 : Number(amountText);
    const unit = (m[2] ?? m[4] ?? m[6] ?? 'hour').replace(/s$/, '');
    const sign = m[5] !== undefined ? 1 : -1;
    // "two nights ago" is a day, its night told by the time said with it ("around 10 pm").
    if (['day', 'night', 'jour', 'week', 'semaine'].includes(unit)) {
      const days = unit === 'week' || unit === 'semaine' ? amount * 7 : amount;
      heard.dates.push(addDays(heard.today, sign * days));
    } else {
      const minutes = unit.startsWith('min') ? amount : amount * 60;
      // To the minute: nobody remembers the seconds, and the claim should not pretend to.
      heard.instant = Math.floor((nowMs + sign * minutes * MINUTE) / MINUTE) * MINUTE;
    }
  }
}

/** Too vague to file: better ask for the day than pick one. */
const VAGUE = new RegExp(
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

/** "2026-03-03", "3/11/2026", "13.11.2026", "3/11". */
function readDatesInFigures(rest: Remaining, heard: Heard): void {
  for (const m of rest.takeAll(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/)) {
    heard.dates.push(checkedDate(Number(m[1]), Number(m[2]), Number(m[3])));
  }
  for (const m of rest.takeAll(/\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b/)) {
    const year = fullYear(m[4] ?? '', heard.today);
    heard.dates.push(figuresDate(m[0], Number(m[1]), Number(m[3]), year, heard.today));
  }
  for (const m of rest.takeAll(/\b(\d{1,2})\/(\d{1,2})\b/)) {
    heard.dates.push(figuresDate(m[0], Number(m[1]), Number(m[2]), undefined, heard.today));
  }
}

/** "the 3rd of March 2026", "le 3 mars", then "March 3rd, 2026", "March the 3rd". */
function readNamedMonths(rest: Remaining, heard: Heard): void {
  for (const m of rest.takeAll(new RegExp(`\\b(\\d{1,2})(?:th)?(?: of)? ${MONTH}(?: ${YEAR})?\\b`))) {
    heard.dates.push(namedMonthDate(Number(m[1]), m[2] ?? '', m[3], heard.today));
  }
  // Not "mars 14 h": there the figure is an hour.
  const monthFirst = new RegExp(
    `\\b${MONTH} (?:the )?(\\d{1,2})(?:th)?\\b(?! ?(?:h|heures?|am|pm)\\b|[:.]\\d)(?: ${YEAR})?\\b`,
  );
  for (const m of rest.takeAll(monthFirst)) {
    heard.dates.push(namedMonthDate(Number(m[2]), m[1] ?? '', m[3], heard.today));
  }
}

/** "yesterday", "après-demain", "last night", "ce soir"... */
function readDaysFromToday(rest: Remaining, heard: Heard, hourNow: number): void {
  const days: readonly (readonly [RegExp, number, DayPart?])[] = [
    [/\b(?:the day before yesterday|avant hier)\b/, -2],
    [/\b(?:the day after tomorrow|apres demain)\b/, 2],
    [/\blast night\b/, -1, 'night'],
    [/\b(?:yesterday|hier)\b/, -1],
    [/\b(?:today|aujourdhui)\b/, 0],
    [/\b(?:tomorrow|demain)\b/, 1],
    [/\btonight\b/, 0, 'evening'],
    // Said in the morning, "cette nuit" is the night that just ended.
    [/\bcette nuit\b/, hourNow < 12 ? -1 : 0, 'night'],
  ];
  for (const [pattern, offset, part] of days) {
    for (const _ of rest.takeAll(pattern)) {
      heard.dates.push(addDays(heard.today, offset));
      if (offset === 0) heard.saidToday = true;
      if (part) setDayPart(heard, part);
    }
  }
  for (const m of rest.takeAll(new RegExp(`\\b(?:this|ce|cet|cette) ${DAY_PART}\\b`))) {
    heard.dates.push(heard.today);
    heard.saidToday = true;
    setDayPart(heard, DAY_PARTS[m[1] ?? ''] ?? 'morning');
  }
}

/** "last Monday", "lundi dernier", "next Friday", "vendredi prochain", "on Thursday". */
function readWeekdays(rest: Remaining, heard: Heard): void {
  const pattern = new RegExp(
    `\\b(?:(?:last|past|previous) ${WEEKDAY}|${WEEKDAY} dernier|next ${WEEKDAY}|${WEEKDAY} prochain|(?:on |this |ce )?${WEEKDAY})\\b`,
  );
  for (const m of rest.takeAll(pattern)) {
    const name = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
    heard.weekdays.push({ weekday: WEEKDAYS[name] ?? 0, direction: m[3] || m[4] ? 1 : -1 });
  }
}

/** What no pattern understood may only be filler: a month, a year or a figure left means a question. */
function checkNothingLeft(remaining: string, text: string): void {
  const leftover = remaining.replace(/\|/g, ' ').replace(/\s+/g, ' ').trim();
  const month = new RegExp(`\\b${MONTH}\\b`).exec(leftover)?.[1];
  if (month !== undefined) throw new Failure(`Which day in ${monthName(MONTHS[month] ?? 1)}?`);
  const year = /\b(?:19|20)\d{2}\b/.exec(leftover)?.[0];
  if (year !== undefined) throw new Failure(`Which day in ${year}?`);
  const number = /\d+/.exec(leftover)?.[0];
  if (number !== undefined) {
    throw new Failure(`I didn't understand the "${number}" in "${text.trim()}"; ${HOW_TO_SAY}.`);
  }
}

/** The claim value: an instant, a date, or a date and a time in the zone. */
function putTogether(heard: Heard, text: string, options: SpokenDateTimeOptions): string {
  const { timeZone } = options;
  const { time, dayPart } = heard;
  if (heard.instant !== undefined) {
    if (heard.dates.length > 0 || heard.weekdays.length > 0 || time || dayPart) {
      throw new Failure(
        `I heard a time from now and a date or time as well in "${text.trim()}"; ${HOW_TO_SAY}.`,
      );
    }
    if (options.past && heard.instant > options.now.getTime()) throw new Failure(notYet('that', options));
    return formatInZone(heard.instant, timeZone);
  }

  let date = agreedDate(heard.dates);
  for (const said of heard.weekdays) {
    if (date === undefined) {
      date = nearestWeekday(heard.today, said.weekday, said.direction);
    } else if (weekdayOf(date) !== said.weekday) {
      throw new Failure(
        `${describe(date)} is a ${weekdayName(weekdayOf(date))}, not a ${weekdayName(said.weekday)}.`,
      );
    }
  }
  if (date === undefined && time === undefined && dayPart === undefined) {
    if (heard.vague) throw new Failure(`"${heard.vague}" is not precise enough: which day was it?`);
    throw new Failure(`I didn't hear a date or time in "${text.trim()}"; ${HOW_TO_SAY}.`);
  }
  const saidDay = date !== undefined;
  date ??= heard.today;
  if (time === undefined && dayPart === undefined) {
    if (options.past && compare(date, heard.today) > 0) throw new Failure(notYet(describe(date), options));
    return formatDate(date);
  }

  const { hour, minute } = time
    ? clockTime(time, dayPart)
    : { hour: DAY_PART_HOURS[dayPart ?? 'morning'], minute: 0 };
  let instant = instantOfWallClock({ ...date, hour, minute, second: 0 }, timeZone);
  if (options.past && instant > options.now.getTime()) {
    if (compare(date, heard.today) !== 0 || !lastOccurrenceMeant(saidDay, heard, options)) {
      throw new Failure(notYet(`${timeOfDay(instant, timeZone)} ${describeDay(date, heard.today)}`, options));
    }
    instant = instantOfWallClock({ ...addDays(date, -1), hour, minute, second: 0 }, timeZone);
  }
  return formatInZone(instant, timeZone);
}

/**
 * Whether a time of today still to come means the same time the day before: said without a day (the
 * latest such time, past first), or as today while the night is not over (the caller's "this
 * morning" at 2 am is the morning of the day that just ended).
 */
function lastOccurrenceMeant(saidDay: boolean, heard: Heard, options: SpokenDateTimeOptions): boolean {
  if (!saidDay) return true;
  return (
    heard.saidToday === true && wallClockAt(options.now.getTime(), options.timeZone).hour < NIGHT_ENDS_HOUR
  );
}

/** Why a moment still to come is refused for one that already happened. */
function notYet(moment: string, { now, timeZone }: SpokenDateTimeOptions): string {
  return `It is ${timeOfDay(now.getTime(), timeZone)} now, so ${moment} has not happened yet.`;
}

/** Lowercase, no accents, numbers in figures, ordinals as "3th", punctuation only inside figures. */
function normalize(text: string): string {
  const s = normalizeSpeech(text)
    .replace(/\baujourd'hui\b/g, 'aujourdhui')
    .replace(/\ba couple of\b/g, '2')
    .replace(/\bo'? ?clock\b/g, 'oclock')
    .replace(/\b([ap])\. ?m\.?(?=\s|$|[,;!?])/g, '$1m')
    .replace(/(\d)\s*(am|pm)\b/g, '$1 $2')
    .replace(/(\d)\s*h\s*(\d{2})\b/g, '$1 h $2')
    .replace(/(\d)h\b/g, '$1 h')
    .replace(/\b(\d{1,2})(?:st|nd|rd|th|er|ere|re|eme|e)\b/g, '$1th')
    // ":", "/", "." and "-" only mean something between figures ("14:30", "3/11/2026", "2026-03-03").
    .replace(/[:./-](?!\d)|(?<!\d)[:./-]/g, ' ')
    .replace(/[,;!?()"«»']/g, ' ')
    // The French article is not a number: "c'était un lundi", "une nuit".
    .replace(new RegExp(`\\bune? (?=(?:${WEEKDAY.slice(1, -1)}|${DAY_PART.slice(1, -1)})\\b)`, 'g'), '');
  return numeralize(s.split(/\s+/).filter(Boolean), { ordinals: true }).join(' ');
}

/** One of the time forms; two different times in one answer is an error. */
function readTime(rest: Remaining): SaidTime | undefined {
  const times: SaidTime[] = [];
  const meridiem = (s: string | undefined): 'am' | 'pm' | undefined =>
    s === 'am' || s === 'pm' ? s : undefined;

  for (const m of rest.takeAll(
    /\b(?:at |a |around |vers )?(noon|midday|midi|midnight|minuit)(?: (?:et )?(quart|demie?|\d{2}))?\b/,
  )) {
    const hour = m[1] === 'midnight' || m[1] === 'minuit' ? 0 : 12;
    times.push({ hour, minute: fraction(m[2]), clock24: true, exact: true });
  }
  // French: "15 h", "15 h 30", "15 heures 30 minutes", "3 heures et quart", "4 heures moins le quart".
  for (const m of rest.takeAll(
    /\b(\d{1,2}) (?:h|heures?)(?: (\d{1,2})(?: minutes?)?| et (quart|demie?)| moins (?:le )?(quart|\d{1,2}))?\b/,
  )) {
    const minute = m[4] !== undefined ? -fraction(m[4]) : m[2] !== undefined ? Number(m[2]) : fraction(m[3]);
    times.push({ hour: Number(m[1]), minute, clock24: true });
  }
  for (const m of rest.takeAll(/\b(\d{1,2})[:.](\d{2})(?: (am|pm))?\b/)) {
    const hourText = m[1] ?? '';
    const hour = Number(hourText);
    times.push({
      hour,
      minute: Number(m[2]),
      meridiem: meridiem(m[3]),
      clock24: hourText.startsWith('0') || hour > 12,
    });
  }
  // "half past 3", "20 past 3", "quarter to 4", with "pm" or "o'clock" after.
  for (const m of rest.takeAll(
    /\b(?:(half|quarter|\d{1,2}) past|(?:a )?(quarter|\d{1,2}) (?:to|til|till)) (\d{1,2})(?: (am|pm|oclock))?\b/,
  )) {
    const minute = m[1] !== undefined ? fraction(m[1]) : -fraction(m[2]);
    times.push({ hour: Number(m[3]), minute, meridiem: meridiem(m[4]), clock24: false });
  }
  for (const m of rest.takeAll(new RegExp(`\\b(\\d{1,2})${MINUTES} (am|pm|oclock)\\b`))) {
    times.push({
      hour: Number(m[1]),
      minute: minutesOf(m[2], m[3]),
      meridiem: meridiem(m[4]),
      clock24: false,
    });
  }
  for (const m of rest.takeAll(
    new RegExp(
      `\\b(?:at|around|about|by|vers|a|towards?|round|sur les)(?: about| around| environ)? (\\d{1,2})${MINUTES}\\b`,
    ),
  )) {
    times.push({ hour: Number(m[1]), minute: minutesOf(m[2], m[3]), clock24: false });
  }

  const [first, ...others] = times;
  if (first && others.some((t) => t.hour !== first.hour || t.minute !== first.minute)) {
    throw new Failure(`I heard more than one time; ${HOW_TO_SAY}.`);
  }
  if (first) {
    const limit = first.meridiem ? 12 : 23;
    if (first.hour > limit || (first.meridiem && first.hour === 0)) {
      throw new Failure(`${first.hour}${first.meridiem ? ` ${first.meridiem}` : ' h'} is not a time of day.`);
    }
    if (first.minute > 59) throw new Failure(`There is no minute ${first.minute} in an hour.`);
  }
  return first;
}

/** "quart" / "quarter" is 15, "demi" / "half" 30, figures as said, nothing 0. */
function fraction(word: string | undefined): number {
  if (word === undefined) return 0;
  if (word === 'quart' || word === 'quarter') return 15;
  if (word.startsWith('demi') || word === 'half') return 30;
  return Number(word);
}

function minutesOf(twoDigits: string | undefined, afterOh: string | undefined): number {
  return twoDigits !== undefined ? Number(twoDigits) : afterOh !== undefined ? Number(afterOh) : 0;
}

/** The hour on a 24-hour clock, from what was said and the part of the day. See the decisions above. */
function clockTime(time: SaidTime, dayPart: DayPart | undefined): { hour: number; minute: number } {
  let hour = time.hour;
  if (time.meridiem === 'am') hour = hour === 12 ? 0 : hour;
  else if (time.meridiem === 'pm') hour = hour === 12 ? 12 : hour + 12;
  else if (time.exact) hour = time.hour;
  else if (dayPart === 'afternoon' || dayPart === 'evening') hour = hour < 12 ? hour + 12 : hour;
  else if (dayPart === 'night') hour = hour === 12 ? 0 : hour >= 6 && hour < 12 ? hour + 12 : hour;
  else if (dayPart === undefined && !time.clock24 && hour >= 1 && hour <= 6) hour += 12;
  // "quarter to 4" is 3:45: minutes below zero borrow from the hour.
  const total = hour * 60 + time.minute;
  return { hour: Math.floor(total / 60), minute: ((total % 60) + 60) % 60 };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkedDate(year: number, month: number, day: number): CalendarDate {
  if (month < 1 || month > 12) throw new Failure(`There is no month ${month}.`);
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    throw new Failure(
      `${monthName(month)} ${year} has ${days} days, so there is no ${monthName(month)} ${day}.`,
    );
  }
  return { year, month, day };
}

function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function compare(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function weekdayOf(date: CalendarDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** The closest such weekday strictly before (-1) or after (1) today. */
function nearestWeekday(today: CalendarDate, weekday: number, direction: -1 | 1): CalendarDate {
  const gap =
    direction === -1 ? (weekdayOf(today) - weekday + 7) % 7 || 7 : (weekday - weekdayOf(today) + 7) % 7 || 7;
  return addDays(today, direction * gap);
}

/** "99" is 1999 and "26" 2026: a two-digit year more than ten years ahead is the last century's. */
function fullYear(text: string, today: CalendarDate): number {
  if (text.length === 4) return Number(text);
  const year = 2000 + Number(text);
  return year > today.year + 10 ? year - 100 : year;
}

/** A date without its year: this year's if not after today, else last year's (past first). */
function withoutYear(month: number, day: number, today: CalendarDate): CalendarDate {
  const thisYear = { year: today.year, month, day };
  return compare(thisYear, today) <= 0 ? thisYear : { year: today.year - 1, month, day };
}

function namedMonthDate(
  day: number,
  monthWord: string,
  yearText: string | undefined,
  today: CalendarDate,
): CalendarDate {
  const month = MONTHS[monthWord] ?? 1;
  if (yearText === undefined) {
    const { year } = withoutYear(month, day, today);
    return checkedDate(year, month, day);
  }
  return checkedDate(Number(yearText.replace(' ', '')), month, day);
}

/** "3/11/2026": read only when day and month cannot be swapped. */
function figuresDate(
  said: string,
  first: number,
  second: number,
  year: number | undefined,
  today: CalendarDate,
): CalendarDate {
  let day: number;
  let month: number;
  if (first === second || (first > 12 && second <= 12)) [day, month] = [first, second];
  else if (second > 12 && first <= 12) [day, month] = [second, first];
  else if (first > 12)
    throw new Failure(`"${said}" is not a date: neither ${first} nor ${second} is a month.`);
  else {
    const a = withYear(year, second, first, today);
    const b = withYear(year, first, second, today);
    throw new Failure(
      `"${said}" could be ${describe(a)} or ${describe(b)}; please say the month's name, like "the 3rd of March".`,
    );
  }
  const date = withYear(year, month, day, today);
  return checkedDate(date.year, date.month, date.day);
}

function withYear(year: number | undefined, month: number, day: number, today: CalendarDate): CalendarDate {
  return year === undefined ? withoutYear(month, day, today) : { year, month, day };
}

/** "the 5th": this month's if not after today, else last month's. */
function dayOfMonthDate(day: number, today: CalendarDate): CalendarDate {
  if (day <= today.day) return checkedDate(today.year, today.month, day);
  const previous = addDays({ ...today, day: 1 }, -1);
  return checkedDate(previous.year, previous.month, day);
}

/** Several ways of saying the same day are fine ("yesterday, the 14th"); two different days are not. */
function agreedDate(dates: readonly CalendarDate[]): CalendarDate | undefined {
  const [first, ...others] = dates;
  const other = others.find((d) => compare(d, first ?? d) !== 0);
  if (first && other)
    throw new Failure(`I heard two different days: ${describe(first)} and ${describe(other)}.`);
  return first;
}

const monthFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'long' });
const weekdayFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long' });
const dateFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'long' });

/** "3:00 PM" on the zone's clock, with a plain space (Intl puts a narrow no-break one before "PM"). */
function timeOfDay(instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' })
    .format(instant)
    .replace(/\s/gu, ' ');
}

/** "today", or "on March 3, 2026". */
function describeDay(date: CalendarDate, today: CalendarDate): string {
  return compare(date, today) === 0 ? 'today' : `on ${describe(date)}`;
}

function monthName(month: number): string {
  return monthFormat.format(Date.UTC(2000, month - 1, 1));
}

function weekdayName(weekday: number): string {
  // 2023-01-01 was a Sunday.
  return weekdayFormat.format(Date.UTC(2023, 0, 1 + weekday));
}

/** "March 3, 2026" */
function describe(date: CalendarDate): string {
  return dateFormat.format(Date.UTC(date.year, date.month - 1, date.day));
}
