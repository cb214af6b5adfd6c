/**
 * Wall-clock time in an IANA time zone, with nothing but Intl: the offset of a zone at an instant,
 * the instant of a wall-clock time, and ISO 8601 with the offset that applied then (+01:00 in a
 * Paris winter, +02:00 in its summer).
 */

/** A date and time as read on a clock in the zone; month is 1–12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError for an unknown zone: that is a configuration mistake, not a caller's. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23, not hour12: false, which some engines render as "24" at midnight.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at an instant (milliseconds since the epoch). */
export function wallClockAt(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The wall clock read as if it were UTC: the arithmetic base for offsets. */
function asUtc(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

/** Minutes the zone is ahead of UTC at an instant: 60 in a Paris winter, 120 in its summer. */
export function offsetMinutesAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return Math.round((asUtc(wallClockAt(whole, timeZone)) - whole) / MINUTE);
}

/**
 * The instant a wall clock in the zone shows the given time. Around a DST change a wall-clock time
 * can happen twice or never; like JavaScript's Date and Temporal's "compatible" choice, a repeated
 * time is its first occurrence (02:30 on the autumn night in Paris is 02:30+02:00) and a skipped time
 * moves forward by the gap (02:30 on the spring night is 03:30+02:00).
 */
export function instantOfWallClock(clock: WallClock, timeZone: string): number {
  const local = asUtc(clock);
  // The offsets a day before and a day after cover both sides of any single transition.
  const before = offsetMinutesAt(local - DAY, timeZone);
  const after = offsetMinutesAt(local + DAY, timeZone);
  const matching = [before, after]
    .map((offset) => local - offset * MINUTE)
    .filter((instant) => asUtc(wallClockAt(instant, timeZone)) === local);
  if (matching.length > 0) return Math.min(...matching);
  return local - before * MINUTE;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "2026-07-15" */
export function formatDate(date: { year: number; month: number; day: number }): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** "2026-07-15T14:30:00+02:00": the instant as the zone's wall clock, with the offset then. */
export function formatInZone(instant: number, timeZone: string): string {
  const clock = wallClockAt(instant, timeZone);
  return (
    `${formatDate(clock)}T${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}` +
    formatOffset(offsetMinutesAt(instant, timeZone))
  );
}

/** 60 → "+01:00", -330 → "-05:30". */
export function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
