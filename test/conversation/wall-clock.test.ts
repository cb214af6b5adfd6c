import { describe, expect, it } from 'vitest';
import {
  formatInZone,
  instantOfWallClock,
  offsetMinutesAt,
  wallClockAt,
} from '../../shared/conversation/wall-clock';

const at = (iso: string): number => Date.parse(iso);
const wall = (year: number, month: number, day: number, hour: number, minute: number) => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
});

describe('offsetMinutesAt', () => {
  const cases: [string, string, number][] = [
    ['2026-01-15T12:00:00Z', 'Europe/Paris', 60],
    ['2026-07-15T12:00:00Z', 'Europe/Paris', 120],
    // The spring change in Paris is at 01:00 UTC.
    ['2026-03-29T00:59:00Z', 'Europe/Paris', 60],
    ['2026-03-29T01:00:00Z', 'Europe/Paris', 120],
    ['2026-01-15T12:00:00Z', 'America/New_York', -300],
    ['2026-07-15T12:00:00Z', 'America/New_York', -240],
    ['2026-07-15T12:00:00Z', 'Asia/Kolkata', 330],
    ['2026-07-15T12:00:00Z', 'UTC', 0],
  ];
  it.each(cases)('%s in %s', (iso, zone, minutes) => {
    expect(offsetMinutesAt(at(iso), zone)).toBe(minutes);
  });
});

describe('wallClockAt', () => {
  it('reads midnight as hour 0 on the next day', () => {
    expect(wallClockAt(at('2026-07-15T22:00:00Z'), 'Europe/Paris')).toEqual(wall(2026, 7, 16, 0, 0));
  });

  it('throws on an unknown zone: a configuration mistake', () => {
    expect(() => wallClockAt(0, 'Europe/Atlantis')).toThrow(RangeError);
  });
});

describe('instantOfWallClock', () => {
  const cases: [string, ReturnType<typeof wall>, string, string][] = [
    ['winter', wall(2026, 1, 15, 14, 30), 'Europe/Paris', '2026-01-15T13:30:00Z'],
    ['summer', wall(2026, 7, 15, 14, 30), 'Europe/Paris', '2026-07-15T12:30:00Z'],
    // 02:30 never happens on that night: it moves forward by the hour skipped.
    ['spring gap', wall(2026, 3, 29, 2, 30), 'Europe/Paris', '2026-03-29T01:30:00Z'],
    // 02:30 happens twice: the first time, still on summer time.
    ['autumn overlap', wall(2026, 10, 25, 2, 30), 'Europe/Paris', '2026-10-25T00:30:00Z'],
    ['New York spring gap', wall(2026, 3, 8, 2, 30), 'America/New_York', '2026-03-08T07:30:00Z'],
  ];
  it.each(cases)('%s', (_, clock, zone, iso) => {
    expect(instantOfWallClock(clock, zone)).toBe(at(iso));
  });
});

describe('formatInZone', () => {
  const cases: [string, string, string][] = [
    ['2026-01-15T13:30:00Z', 'Europe/Paris', '2026-01-15T14:30:00+01:00'],
    ['2026-07-15T12:30:00Z', 'Europe/Paris', '2026-07-15T14:30:00+02:00'],
    // The second 02:30 of the autumn night, after clocks went back.
    ['2026-10-25T01:30:00Z', 'Europe/Paris', '2026-10-25T02:30:00+01:00'],
    ['2026-01-15T10:00:00Z', 'America/New_York', '2026-01-15T05:00:00-05:00'],
    ['2026-07-15T10:00:00Z', 'Asia/Kolkata', '2026-07-15T15:30:00+05:30'],
  ];
  it.each(cases)('%s in %s', (iso, zone, expected) => {
    expect(formatInZone(at(iso), zone)).toBe(expected);
  });
});
