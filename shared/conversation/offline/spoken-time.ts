import { Failure, HOW_TO_SAY, type Remaining } from './datetime-reading';
import { MINUTES, type DayPart } from './datetime-words';

/** The time of day in a spoken answer: "at 3", "15 h 30", "quarter to 4", "noon", and its 24-hour reading. */

export interface SaidTime {
  hour: number;
  minute: number;
  /** "am" / "pm" said after the hour. */
  meridiem?: 'am' | 'pm';
  /** Said on the 24-hour clock ("15 h", "08:00"): no daytime guess for 1 to 6. */
  clock24: boolean;
  /** Noon and midnight are exact: no part of the day changes them. */
  exact?: boolean;
}

/** One of the time forms; two different times in one answer is an error. */
export function readTime(rest: Remaining): SaidTime | undefined {
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

/** The hour on a 24-hour clock, from what was said and the part of the day. See the decisions in `parse-datetime.ts`. */
export function clockTime(time: SaidTime, dayPart: DayPart | undefined): { hour: number; minute: number } {
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
