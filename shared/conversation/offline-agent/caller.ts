import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { CallState } from '../../domain/call';
import { instantOfWallClock, formatInZone, wallClockAt } from '../wall-clock';
import { knownZoneOrUtc, timeZoneForPhone } from '../timezone';

/**
 * Where the caller is, from their phone number: their time zone (for "yesterday at 3 pm" and the
 * call-back time) and their country (for a phone number said without its country code).
 */

export function callerTimeZone(call: CallState): string {
  return knownZoneOrUtc(timeZoneForPhone(call.initiate.phone_number));
}

export function callerRegion(call: CallState): CountryCode | undefined {
  return parsePhoneNumberFromString(call.initiate.phone_number)?.country;
}

/** The call-back time: tomorrow at 10:00 on the caller's clock, ISO 8601 with its offset. */
export function tomorrowAtTen(now: Date, timeZone: string): string {
  const today = wallClockAt(now.getTime(), timeZone);
  // Date.UTC rolls the day over into the next month or year.
  const tomorrow = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  const instant = instantOfWallClock(
    {
      year: tomorrow.getUTCFullYear(),
      month: tomorrow.getUTCMonth() + 1,
      day: tomorrow.getUTCDate(),
      hour: 10,
      minute: 0,
      second: 0,
    },
    timeZone,
  );
  return formatInZone(instant, timeZone);
}
