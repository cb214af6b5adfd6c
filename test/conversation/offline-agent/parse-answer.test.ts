import { describe, expect, it } from 'vitest';
import { cleanText, parseAnswer } from '../../../shared/conversation/offline-agent/parse-answer';
import { speakValue } from '../../../shared/conversation/offline-agent/speak-value';
import type { ClaimField } from '../../../shared/domain/claim';
import { NOW } from './caller';

/** Answers read by their field's type, and values read back. */

const SETTING = { now: NOW, timeZone: 'America/New_York', region: 'US' as const };
const as = (type: ClaimField['type'], name = 'some_field'): ClaimField => ({ name, type });

describe('parseAnswer', () => {
  it('reads "ayer por la mañana" as yesterday morning, not "yesterday tomorrow"', () => {
    const madrid = { now: NOW, timeZone: 'Europe/Madrid', region: 'ES' as const, lang: 'es' as const };
    for (const said of ['ayer por la mañana a las nueve', 'Desde ayer por la mañana, a las nueve.']) {
      expect(parseAnswer(as('datetime'), said, madrid)).toEqual({
        ok: true,
        value: '2026-11-22T09:00:00+01:00',
      });
    }
    expect(parseAnswer(as('datetime'), 'ayer por la tarde', madrid)).toEqual({
      ok: true,
      value: '2026-11-22T15:00:00+01:00',
    });
  });

  it('reads each type with the caller’s country and clock', () => {
    expect(parseAnswer(as('email'), 'j dot doe at example dot org', SETTING)).toEqual({
      ok: true,
      value: 'j.doe@example.org',
    });
    // No country code: read as a number of the caller's country (here the United States).
    expect(
      parseAnswer(as('phone_number'), 'four two five, five five five, zero one two three', SETTING),
    ).toEqual({
      ok: true,
      value: '+14255550123',
    });
    // "yesterday at 3 pm" in New York, not in UTC.
    expect(parseAnswer(as('datetime'), 'yesterday at 3 pm', SETTING)).toEqual({
      ok: true,
      value: '2026-11-22T15:00:00-05:00',
    });
  });

  it('gives the parser’s reason when it cannot read the answer, and none for an empty text', () => {
    expect(parseAnswer(as('datetime'), 'banana', SETTING)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^I didn't hear a date or time in "banana"/),
    });
    expect(parseAnswer(as('text'), 'well, thanks', SETTING)).toEqual({ ok: false, reason: undefined });
  });
});

describe('cleanText', () => {
  it.each([
    ['My name is Jane Doe.', true, 'Jane Doe'],
    ["je m'appelle Jeanne Dupont", true, 'Jeanne Dupont'],
    ["It's Ngozi Okafor, that's O K A F O R.", true, 'Ngozi Okafor'],
    ["Well, it's AB-1234, thanks.", false, 'AB-1234'],
    // In a longer answer "it was" is part of the story.
    ['It was raining and a tree fell on the roof.', false, 'It was raining and a tree fell on the roof'],
    [
      "It's a long story, a tree fell on the roof of the garage.",
      false,
      "It's a long story, a tree fell on the roof of the garage",
    ],
    ['Um, the garage, merci.', false, 'the garage'],
  ])('"%s" → "%s"', (text, isName, expected) => {
    expect(cleanText(text, isName)).toBe(expected);
  });
});

describe('speakValue', () => {
  it('reads a phone number with its digits grouped, and a date in words on its own clock', () => {
    expect(speakValue('phone_number', '+14255550123', 'en', 'en-US')).toBe('+1 425 555 0123');
    expect(speakValue('datetime', '2026-11-22T15:00:00-05:00', 'en', 'en-US')).toBe(
      'Sunday, November 22, 2026 at 3:00 PM',
    );
    expect(speakValue('datetime', '2026-03-04', 'fr', 'fr-FR')).toBe('mercredi 4 mars 2026');
    expect(speakValue('text', 'x'.repeat(500), 'en', 'en-US')).toBeUndefined();
  });
});
