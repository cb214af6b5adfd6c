import { normalizeSpeech, numeralize } from './numbers';
import { formatDate, formatInZone, instantOfWallClock, wallClockAt } from '../wall-clock';
import {
  addDays,
  agreedDate,
  checkedDate,
  compare,
  dayOfMonthDate,
  describe,
  describeDay,
  figuresDate,
  fullYear,
  monthName,
  namedMonthDate,
  nearestWeekday,
  timeOfDay,
  weekdayName,
  weekdayOf,
  type CalendarDate,
} from './calendar-dates';
import { Failure, HOW_TO_SAY, Remaining } from './datetime-reading';
import {
  DAY_PART,
  DAY_PART_HOURS,
  DAY_PARTS,
  FROM_NOW,
  MONTH,
  MONTHS,
  VAGUE,
  WEEKDAY,
  WEEKDAYS,
  YEAR,
  type DayPart,
} from './datetime-words';
import { clockTime, readTime, type SaidTime } from './spoken-time';

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

const MINUTE = 60_000;
/** Before this hour, "this morning" or "tonight" said of a past moment is about the day that just ended. */
const NIGHT_ENDS_HOUR = 6;

export function parseSpokenDateTime(text: string, options: SpokenDateTimeOptions): SpokenDateTimeResult {
  try {
    return { ok: true, iso: read(text, options) };
  } catch (error) {
    if (error instanceof Failure) return { ok: false, reason: error.reason };
    throw error;
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
