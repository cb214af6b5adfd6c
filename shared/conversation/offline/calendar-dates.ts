import { Failure } from './datetime-reading';
import { MONTHS } from './datetime-words';

/**
 * Days on the calendar: their arithmetic, the past-first reading of a date said without its year or
 * month (see `parse-datetime.ts`), and the English words refusals name them with.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function checkedDate(year: number, month: number, day: number): CalendarDate {
  if (month < 1 || month > 12) throw new Failure(`There is no month ${month}.`);
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    throw new Failure(
      `${monthName(month)} ${year} has ${days} days, so there is no ${monthName(month)} ${day}.`,
    );
  }
  return { year, month, day };
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function compare(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function weekdayOf(date: CalendarDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** The closest such weekday strictly before (-1) or after (1) today. */
export function nearestWeekday(today: CalendarDate, weekday: number, direction: -1 | 1): CalendarDate {
  const gap =
    direction === -1 ? (weekdayOf(today) - weekday + 7) % 7 || 7 : (weekday - weekdayOf(today) + 7) % 7 || 7;
  return addDays(today, direction * gap);
}

/** "99" is 1999 and "26" 2026: a two-digit year more than ten years ahead is the last century's. */
export function fullYear(text: string, today: CalendarDate): number {
  if (text.length === 4) return Number(text);
  const year = 2000 + Number(text);
  return year > today.year + 10 ? year - 100 : year;
}

/** A date without its year: this year's if not after today, else last year's (past first). */
function withoutYear(month: number, day: number, today: CalendarDate): CalendarDate {
  const thisYear = { year: today.year, month, day };
  return compare(thisYear, today) <= 0 ? thisYear : { year: today.year - 1, month, day };
}

export function namedMonthDate(
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
export function figuresDate(
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
export function dayOfMonthDate(day: number, today: CalendarDate): CalendarDate {
  if (day <= today.day) return checkedDate(today.year, today.month, day);
  const previous = addDays({ ...today, day: 1 }, -1);
  return checkedDate(previous.year, previous.month, day);
}

/** Several ways of saying the same day are fine ("yesterday, the 14th"); two different days are not. */
export function agreedDate(dates: readonly CalendarDate[]): CalendarDate | undefined {
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
export function timeOfDay(instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' })
    .format(instant)
    .replace(/\s/gu, ' ');
}

/** "today", or "on March 3, 2026". */
export function describeDay(date: CalendarDate, today: CalendarDate): string {
  return compare(date, today) === 0 ? 'today' : `on ${describe(date)}`;
}

export function monthName(month: number): string {
  return monthFormat.format(Date.UTC(2000, month - 1, 1));
}

export function weekdayName(weekday: number): string {
  // 2023-01-01 was a Sunday.
  return weekdayFormat.format(Date.UTC(2023, 0, 1 + weekday));
}

/** "March 3, 2026" */
export function describe(date: CalendarDate): string {
  return dateFormat.format(Date.UTC(date.year, date.month - 1, date.day));
}
