import { describe, expect, it } from 'vitest';
import { validateClaimValue } from '../../../shared/domain/claim';
import { parseSpokenDateTime } from '../../../shared/conversation/offline/parse-datetime';

/** Wednesday 15 July 2026, 12:00 in Paris (summer time, +02:00). */
const SUMMER = new Date('2026-07-15T10:00:00Z');
/** Thursday 15 January 2026, 11:00 in Paris (winter time, +01:00). */
const WINTER = new Date('2026-01-15T10:00:00Z');
const PARIS = 'Europe/Paris';
const HOW = 'say it like "yesterday at 3 pm", "March 3rd at 14:30" or "le 3 mars à 14h30"';

describe('parseSpokenDateTime: understood (now: Wednesday 15 July 2026, 12:00 in Paris)', () => {
  const cases: [string, string][] = [
    // Days named from today, with a time.
    ['tomorrow at 3 pm', '2026-07-16T15:00:00+02:00'],
    ['yesterday around 10', '2026-07-14T10:00:00+02:00'],
    ['today at noon', '2026-07-15T12:00:00+02:00'],
    ['the day before yesterday at midnight', '2026-07-13T00:00:00+02:00'],
    ['it happened yesterday, I think around ten thirty in the morning', '2026-07-14T10:30:00+02:00'],
    ['demain à 15h', '2026-07-16T15:00:00+02:00'],
    ['hier à quinze heures trente', '2026-07-14T15:30:00+02:00'],
    ['après-demain à midi', '2026-07-17T12:00:00+02:00'],
    ['avant-hier vers 8h du soir', '2026-07-13T20:00:00+02:00'],
    ['hier vers 3 heures du matin', '2026-07-14T03:00:00+02:00'],
    ["aujourd'hui à 9 heures et quart", '2026-07-15T09:15:00+02:00'],
    ['hier à 5 heures moins le quart', '2026-07-14T04:45:00+02:00'],
    // A part of the day without an hour: morning 09:00, afternoon 15:00, evening 19:00, night 23:00.
    ['this morning', '2026-07-15T09:00:00+02:00'],
    ['this afternoon', '2026-07-15T15:00:00+02:00'],
    ['hier soir', '2026-07-14T19:00:00+02:00'],
    ['hier matin', '2026-07-14T09:00:00+02:00'],
    ['last night', '2026-07-14T23:00:00+02:00'],
    ['tonight at 11', '2026-07-15T23:00:00+02:00'],
    ['around 7 in the evening', '2026-07-15T19:00:00+02:00'],
    // Hours without am/pm: 1–6 afternoon, 7–12 as said; 24-hour forms and French "h" as said.
    ['at 3', '2026-07-15T15:00:00+02:00'],
    ["at 3 o'clock", '2026-07-15T15:00:00+02:00'],
    ['yesterday at 7', '2026-07-14T07:00:00+02:00'],
    ['at 3 in the morning', '2026-07-15T03:00:00+02:00'],
    ['at 3 am', '2026-07-15T03:00:00+02:00'],
    ['at 12 am', '2026-07-15T00:00:00+02:00'],
    ['at 12 pm', '2026-07-15T12:00:00+02:00'],
    ['at 10:30 p.m.', '2026-07-15T22:30:00+02:00'],
    ['at 03:00', '2026-07-15T03:00:00+02:00'],
    ['à 3h', '2026-07-15T03:00:00+02:00'],
    ['half past three yesterday', '2026-07-14T15:30:00+02:00'],
    ['quarter to four', '2026-07-15T15:45:00+02:00'],
    // Relative to now: days give a date, hours and minutes an instant (to the minute).
    ['two days ago', '2026-07-13'],
    ['a week ago', '2026-07-08'],
    ['a couple of days ago', '2026-07-13'],
    ['two nights ago around 10 pm', '2026-07-13T22:00:00+02:00'],
    ['in two days', '2026-07-17'],
    ['il y a 3 jours à 14h', '2026-07-12T14:00:00+02:00'],
    ['two hours ago', '2026-07-15T10:00:00+02:00'],
    ['half an hour ago', '2026-07-15T11:30:00+02:00'],
    ['il y a vingt minutes', '2026-07-15T11:40:00+02:00'],
    ['il y a une demi-heure', '2026-07-15T11:30:00+02:00'],
    // Weekdays: "last" and a bare weekday are the latest one before today, "next" the first after.
    ['last Monday', '2026-07-13'],
    ['lundi dernier', '2026-07-13'],
    ["c'était un lundi", '2026-07-13'],
    ['Thursday', '2026-07-09'],
    ['on Wednesday', '2026-07-08'],
    ['vendredi prochain', '2026-07-17'],
    ['next Friday at 9', '2026-07-17T09:00:00+02:00'],
    ['Tuesday March 3rd 2026', '2026-03-03'],
    // Named months: winter dates get the winter offset, whatever the season now.
    ['on the 3rd of March at 14:30', '2026-03-03T14:30:00+01:00'],
    ['July 3rd at 14:30', '2026-07-03T14:30:00+02:00'],
    ['le 3 mars à 14h30', '2026-03-03T14:30:00+01:00'],
    ['March 3rd 2026', '2026-03-03'],
    ['March 3rd, 2025', '2025-03-03'],
    ['le premier juillet', '2026-07-01'],
    ['March third twenty twenty-six at ten oh five', '2026-03-03T10:05:00+01:00'],
    ['le trois mars deux mille vingt-six à quatorze heures', '2026-03-03T14:00:00+01:00'],
    // No year: this year's unless that is after today, then last year's.
    ['July 15', '2026-07-15'],
    ['July 16', '2025-07-16'],
    ['the fifth', '2026-07-05'],
    ['the 20th', '2026-06-20'],
    ['yesterday, the 14th', '2026-07-14'],
    // Figures: only when day and month cannot be swapped.
    ['13/11/2026', '2026-11-13'],
    ['11/13/2026', '2026-11-13'],
    ['3/3/2026', '2026-03-03'],
    ['14.07.2026', '2026-07-14'],
    ['25/12', '2025-12-25'],
    ['2026-03-03', '2026-03-03'],
    ['2026-01-10 at 8:15', '2026-01-10T08:15:00+01:00'],
  ];
  it.each(cases)('%s', (text, iso) => {
    expect(parseSpokenDateTime(text, { now: SUMMER, timeZone: PARIS })).toEqual({ ok: true, iso });
  });

  it('gives values the claim accepts as they are', () => {
    for (const [text] of cases) {
      const result = parseSpokenDateTime(text, { now: SUMMER, timeZone: PARIS });
      if (!result.ok) throw new Error(`${text}: ${result.reason}`);
      expect(validateClaimValue('datetime', result.iso)).toEqual({ ok: true, value: result.iso });
    }
  });
});

describe('parseSpokenDateTime: daylight saving time in Europe/Paris', () => {
  const cases: [string, string][] = [
    ['le 29 mars 2026 à 1h30', '2026-03-29T01:30:00+01:00'],
    // 02:30 does not exist that night: clocks jump from 02:00 to 03:00.
    ['le 29 mars 2026 à 2h30', '2026-03-29T03:30:00+02:00'],
    ['le 29 mars 2026 à 3h30', '2026-03-29T03:30:00+02:00'],
    ['le 25 octobre 2026 à 1h30', '2026-10-25T01:30:00+02:00'],
    // 02:30 happens twice that night: the first one, still on summer time.
    ['le 25 octobre 2026 à 2h30', '2026-10-25T02:30:00+02:00'],
    ['le 25 octobre 2026 à 3h30', '2026-10-25T03:30:00+01:00'],
  ];
  it.each(cases)('%s', (text, iso) => {
    expect(parseSpokenDateTime(text, { now: SUMMER, timeZone: PARIS })).toEqual({ ok: true, iso });
  });

  it('uses the offset of the day said, not of today', () => {
    const said = 'tomorrow at 3 pm';
    expect(parseSpokenDateTime(said, { now: WINTER, timeZone: PARIS })).toEqual({
      ok: true,
      iso: '2026-01-16T15:00:00+01:00',
    });
    expect(parseSpokenDateTime(said, { now: SUMMER, timeZone: PARIS })).toEqual({
      ok: true,
      iso: '2026-07-16T15:00:00+02:00',
    });
  });
});

describe('parseSpokenDateTime: in winter (now: Thursday 15 January 2026, 11:00 in Paris)', () => {
  const cases: [string, string][] = [
    ['two hours ago', '2026-01-15T09:00:00+01:00'],
    ['last Monday', '2026-01-12'],
    ['March 3rd', '2025-03-03'],
    ['December 24th at 8 pm', '2025-12-24T20:00:00+01:00'],
    ['the 20th', '2025-12-20'],
  ];
  it.each(cases)('%s', (text, iso) => {
    expect(parseSpokenDateTime(text, { now: WINTER, timeZone: PARIS })).toEqual({ ok: true, iso });
  });
});

describe('parseSpokenDateTime: other time zones', () => {
  const cases: [string, Date, string, string][] = [
    ['tomorrow at 3 pm', SUMMER, 'America/New_York', '2026-07-16T15:00:00-04:00'],
    // The United States change to summer time on 8 March 2026, Europe on 29 March.
    ['March 3rd 2026 at 3 pm', SUMMER, 'America/New_York', '2026-03-03T15:00:00-05:00'],
    ['March 10th 2026 at 3 pm', SUMMER, 'America/New_York', '2026-03-10T15:00:00-04:00'],
    ['March 10th 2026 at 3 pm', SUMMER, PARIS, '2026-03-10T15:00:00+01:00'],
    ['today at noon', SUMMER, 'Asia/Kolkata', '2026-07-15T12:00:00+05:30'],
    // 22:30 UTC is already the next day in Paris, still the same day in New York.
    ['today', new Date('2026-07-15T22:30:00Z'), PARIS, '2026-07-16'],
    ['today', new Date('2026-07-15T22:30:00Z'), 'America/New_York', '2026-07-15'],
  ];
  it.each(cases)('%s (%s, %s)', (text, now, timeZone, iso) => {
    expect(parseSpokenDateTime(text, { now, timeZone })).toEqual({ ok: true, iso });
  });

  it('throws on an unknown time zone: a configuration mistake, not the caller’s', () => {
    expect(() => parseSpokenDateTime('today', { now: SUMMER, timeZone: 'Mars/Olympus_Mons' })).toThrow(
      RangeError,
    );
  });
});

describe('parseSpokenDateTime: refused, with what was wrong', () => {
  const cases: [string, string][] = [
    [
      '3/11/2026',
      `"3/11/2026" could be November 3, 2026 or March 11, 2026; please say the month's name, like "the 3rd of March".`,
    ],
    [
      '3/7',
      `"3/7" could be July 3, 2026 or March 7, 2026; please say the month's name, like "the 3rd of March".`,
    ],
    ['13/14/2026', '"13/14/2026" is not a date: neither 13 nor 14 is a month.'],
    ['February 30th', 'February 2026 has 28 days, so there is no February 30.'],
    ['Monday March 3rd 2026', 'March 3, 2026 is a Tuesday, not a Monday.'],
    ['yesterday and tomorrow', 'I heard two different days: July 14, 2026 and July 16, 2026.'],
    ['last week', '"last week" is not precise enough: which day was it?'],
    ['la semaine dernière', '"la semaine derniere" is not precise enough: which day was it?'],
    ['a few months ago', '"a few months ago" is not precise enough: which day was it?'],
    ['in March', 'Which day in March?'],
    ['en 2025', 'Which day in 2025?'],
    ['à 25h', '25 h is not a time of day.'],
    ['at 13 pm', '13 pm is not a time of day.'],
    ['at 10:75', 'There is no minute 75 in an hour.'],
    ['this morning in the evening', 'I heard both morning and evening.'],
    ['at 3 pm or at 4 pm', `I heard more than one time; ${HOW}.`],
    [
      'two hours ago yesterday',
      `I heard a time from now and a date or time as well in "two hours ago yesterday"; ${HOW}.`,
    ],
    ['yesterday with 3 cars', `I didn't understand the "3" in "yesterday with 3 cars"; ${HOW}.`],
    ['hello', `I didn't hear a date or time in "hello"; ${HOW}.`],
    ['', `I didn't hear a date or time in ""; ${HOW}.`],
  ];
  it.each(cases)('%s', (text, reason) => {
    expect(parseSpokenDateTime(text, { now: SUMMER, timeZone: PARIS })).toEqual({ ok: false, reason });
  });
});

describe('parseSpokenDateTime: a moment that already happened (past), never one still to come', () => {
  /** Tuesday 24 November 2026 in New York: at 2 am the caller has not slept yet. */
  const AT = { '2 am': new Date('2026-11-24T07:00:00Z'), '2 pm': new Date('2026-11-24T19:00:00Z') };
  const NEW_YORK = 'America/New_York';

  it.each([
    // At 2 am, "this morning" and "tonight" are the day that just ended.
    ['this morning at 7 am', '2 am', '2026-11-23T07:00:00-05:00'],
    ['tonight at 11', '2 am', '2026-11-23T23:00:00-05:00'],
    ['this evening', '2 am', '2026-11-23T19:00:00-05:00'],
    // A time said without a day is the last such time (past first).
    ['at 7 am', '2 am', '2026-11-23T07:00:00-05:00'],
    ['around 5 pm', '2 pm', '2026-11-23T17:00:00-05:00'],
    // Already past: taken as said.
    ['this morning at 1 am', '2 am', '2026-11-24T01:00:00-05:00'],
    ['today at noon', '2 pm', '2026-11-24T12:00:00-05:00'],
    ['yesterday at 3 pm', '2 pm', '2026-11-23T15:00:00-05:00'],
    ['today', '2 pm', '2026-11-24'],
  ] as const)('"%s" said at %s is %s', (text, at, iso) => {
    expect(parseSpokenDateTime(text, { now: AT[at], timeZone: NEW_YORK, past: true })).toEqual({
      ok: true,
      iso,
    });
  });

  it.each([
    // In the middle of the day, "today at 5 pm" is not yet: asked again rather than guessed.
    ['today at 5 pm', '2 pm', 'It is 2:00 PM now, so 5:00 PM today has not happened yet.'],
    ['this evening', '2 pm', 'It is 2:00 PM now, so 7:00 PM today has not happened yet.'],
    ['tomorrow at 9', '2 pm', 'It is 2:00 PM now, so 9:00 AM on November 25, 2026 has not happened yet.'],
    ['tomorrow', '2 pm', 'It is 2:00 PM now, so November 25, 2026 has not happened yet.'],
    ['in two hours', '2 pm', 'It is 2:00 PM now, so that has not happened yet.'],
  ] as const)('"%s" said at %s is refused: %s', (text, at, reason) => {
    expect(parseSpokenDateTime(text, { now: AT[at], timeZone: NEW_YORK, past: true })).toEqual({
      ok: false,
      reason,
    });
  });

  it('without past, takes today’s time as said, to come or not', () => {
    expect(parseSpokenDateTime('this morning at 7 am', { now: AT['2 am'], timeZone: NEW_YORK })).toEqual({
      ok: true,
      iso: '2026-11-24T07:00:00-05:00',
    });
  });
});
