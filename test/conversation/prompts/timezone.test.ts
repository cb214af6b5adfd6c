import { describe, expect, it } from 'vitest';
import {
  formatLocalDateTime,
  isKnownTimeZone,
  mappedTimeZones,
  timeZoneForPhone,
  utcOffset,
} from '../../../shared/conversation/timezone';

describe('timeZoneForPhone', () => {
  it.each([
    ['France, mobile', '+33612345678', 'Europe/Paris'],
    ['United Kingdom, London', '+442071234567', 'Europe/London'],
    ['United States, New York', '+12125550123', 'America/New_York'],
    ['United States, Los Angeles', '+13105550123', 'America/Los_Angeles'],
    ['United States, Chicago', '+13125550123', 'America/Chicago'],
    ['United States, Denver', '+13035550123', 'America/Denver'],
    ['United States, Phoenix (no DST)', '+16025550123', 'America/Phoenix'],
    ['Canada, Toronto', '+14165550123', 'America/Toronto'],
    ['Canada, Vancouver', '+16045550123', 'America/Vancouver'],
    ['Japan, Tokyo', '+81312345678', 'Asia/Tokyo'],
    ['Brazil, São Paulo mobile', '+5511987654321', 'America/Sao_Paulo'],
    ['Brazil, Manaus', '+559233334444', 'America/Manaus'],
    ['Australia, Perth', '+61892345678', 'Australia/Perth'],
    ['Australia, mobile: the capital', '+61412345678', 'Australia/Sydney'],
    ['Mexico, Tijuana', '+526641234567', 'America/Tijuana'],
    ['Russia, mobile: Moscow', '+79161234567', 'Europe/Moscow'],
    ['Spain, Canary Islands', '+34928123456', 'Atlantic/Canary'],
    ['Germany', '+4930123456', 'Europe/Berlin'],
    ['India', '+919812345678', 'Asia/Kolkata'],
  ])('%s: %s → %s', (_label, phone, zone) => {
    expect(timeZoneForPhone(phone)).toBe(zone);
  });

  it.each([
    ['a non-geographic number', '+80012345678'],
    ['a country not in the table', '+6767123456'],
    ['no number at all', ''],
    ['garbage', 'not a phone'],
  ])('%s → UTC', (_label, phone) => {
    expect(timeZoneForPhone(phone)).toBe('UTC');
  });

  it('only answers zones Intl knows', () => {
    const unknown = mappedTimeZones().filter((zone) => !isKnownTimeZone(zone));
    expect(unknown).toEqual([]);
  });
});

describe('formatLocalDateTime', () => {
  it('formats on the caller’s clock, with the zone', () => {
    const text = formatLocalDateTime(new Date('2026-11-23T22:05:00Z'), 'Europe/Paris', 'en-GB');
    expect(text).toMatch(/^Monday,? 23 November 2026, 23:05 \(Europe\/Paris\)$/);
  });

  it('shows the new minute as soon as it starts, in every zone asked', () => {
    const paris = 'Europe/Paris';
    expect(formatLocalDateTime(new Date('2026-11-23T22:05:59.999Z'), paris, 'en-GB')).toContain('23:05');
    expect(formatLocalDateTime(new Date('2026-11-23T22:06:00Z'), paris, 'en-GB')).toContain('23:06');
    expect(formatLocalDateTime(new Date('2026-11-23T22:06:00Z'), 'Asia/Tokyo', 'en-GB')).toContain('07:06');
    expect(formatLocalDateTime(new Date('2026-11-23T22:06:00Z'), paris, 'fr-FR')).toMatch(/^lundi/);
  });

  it('follows daylight saving time', () => {
    // Paris: UTC+1 in winter, UTC+2 in summer.
    expect(formatLocalDateTime(new Date('2026-07-01T12:00:00Z'), 'Europe/Paris', 'en-GB')).toContain('14:00');
    expect(formatLocalDateTime(new Date('2026-01-15T12:00:00Z'), 'Europe/Paris', 'en-GB')).toContain('13:00');
    // New York springs forward at 02:00 on 8 March 2026: 01:59 EST is followed by 03:00 EDT.
    const before = new Date('2026-03-08T06:59:00Z');
    const after = new Date('2026-03-08T07:00:00Z');
    expect(formatLocalDateTime(before, 'America/New_York', 'en-US')).toContain('01:59');
    expect(formatLocalDateTime(after, 'America/New_York', 'en-US')).toContain('03:00');
    expect(utcOffset(before, 'America/New_York')).toBe('-05:00');
    expect(utcOffset(after, 'America/New_York')).toBe('-04:00');
    expect(utcOffset(new Date('2026-07-01T12:00:00Z'), 'Europe/Paris')).toBe('+02:00');
    expect(utcOffset(new Date('2026-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe('+05:30');
    expect(utcOffset(new Date('2026-07-01T12:00:00Z'), 'UTC')).toBe('+00:00');
  });

  it('uses the caller’s date, which may already be tomorrow', () => {
    const text = formatLocalDateTime(new Date('2026-11-23T22:05:00Z'), 'Asia/Tokyo', 'en-GB');
    expect(text).toMatch(/^Tuesday,? 24 November 2026, 07:05 \(Asia\/Tokyo\)$/);
  });

  it('writes the date in the locale’s language, the time on 24 hours', () => {
    const now = new Date('2026-11-23T22:05:00Z');
    expect(formatLocalDateTime(now, 'Europe/Paris', 'fr-FR')).toBe(
      'lundi 23 novembre 2026, 23:05 (Europe/Paris)',
    );
    expect(formatLocalDateTime(now, 'America/Los_Angeles', 'en-US')).toContain('14:05');
  });

  it('falls back to UTC for an unknown zone instead of failing the call', () => {
    const text = formatLocalDateTime(new Date('2026-11-23T22:05:00Z'), 'Mars/Olympus_Mons', 'en-GB');
    expect(text).toContain('22:05 (UTC)');
    expect(utcOffset(new Date(), 'Mars/Olympus_Mons')).toBe('+00:00');
  });
});
