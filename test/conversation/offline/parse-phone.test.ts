import { describe, expect, it } from 'vitest';
import type { CountryCode } from 'libphonenumber-js/max';
import { validateClaimValue } from '../../../shared/domain/claim';
import {
  parseSpokenPhoneNumber,
  type SpokenPhoneResult,
} from '../../../shared/conversation/offline/parse-phone';

const FR: { defaultRegion: CountryCode } = { defaultRegion: 'FR' };
const US: { defaultRegion: CountryCode } = { defaultRegion: 'US' };
const NONE = {};

const FR_MOBILE: SpokenPhoneResult = { ok: true, e164: '+33612345678' };

describe('parseSpokenPhoneNumber: understood', () => {
  const cases: [string, { defaultRegion?: CountryCode }, SpokenPhoneResult][] = [
    ['+33 6 12 34 56 78', NONE, FR_MOBILE],
    ['+33612345678', US, FR_MOBILE],
    ['0612345678', FR, FR_MOBILE],
    ['06.12.34.56.78', FR, FR_MOBILE],
    ['plus thirty-three six twelve thirty-four fifty-six seventy-eight', NONE, FR_MOBILE],
    ['plus three three six one two three four five six seven eight', NONE, FR_MOBILE],
    ['oh six, twelve, thirty four, fifty six, seventy eight', FR, FR_MOBILE],
    ['zéro six douze trente-quatre cinquante-six soixante-dix-huit', FR, FR_MOBILE],
    ['Zéro six douze trente quatre cinquante six soixante dix huit.', FR, FR_MOBILE],
    ['plus trente-trois six douze trente-quatre cinquante-six soixante-dix-huit', NONE, FR_MOBILE],
    ["c'est le zéro six, douze, 34, cinquante six, 78", FR, FR_MOBILE],
    ['my number is 06 12 thirty-four 56 seventy eight', FR, FR_MOBILE],
    ["it's zero six one two three four five six seven eight", FR, FR_MOBILE],
    // "un" before a word is the article, not a digit.
    ["c'est un portable : zéro six douze trente-quatre cinquante-six soixante-dix-huit", FR, FR_MOBILE],
    // "oh" before a pause and a non-number is an interjection, not a zero.
    ['oh, wait, it is zero six twelve thirty four fifty six seventy eight', FR, FR_MOBILE],
    // A trunk zero said after the country code is dropped.
    ['plus thirty three zero six twelve thirty four fifty six seventy eight', NONE, FR_MOBILE],
    // The international prefix said instead of "plus".
    ['double zero three three six one two three four five six seven eight', NONE, FR_MOBILE],
    ['0033 6 12 34 56 78', US, FR_MOBILE],
    // The caller's own country code without "plus".
    ['thirty three six twelve thirty four fifty six seventy eight', FR, FR_MOBILE],
    [
      'zéro six quatre-vingt-dix-neuf soixante et onze quatre vingt un dix-sept',
      FR,
      { ok: true, e164: '+33699718117' },
    ],
    ['zero seven double five triple seven one two three', FR, { ok: true, e164: '+33755777123' }],
    ['my number is four two five double five five oh one two three', US, { ok: true, e164: '+14255550123' }],
    ['(425) 555-0123', US, { ok: true, e164: '+14255550123' }],
    ['plus one four two five five five five zero one two three', FR, { ok: true, e164: '+14255550123' }],
    // "hundred" appends zeros in a phone number: 1-800-555-1234, not 1-805-55...
    ['one eight hundred five five five one two three four', US, { ok: true, e164: '+18005551234' }],
    ['zéro huit cent douze trente-quatre cinquante-six', FR, { ok: true, e164: '+33800123456' }],
    ['+44 20 7946 0000', NONE, { ok: true, e164: '+442079460000' }],
  ];
  it.each(cases)('%s', (text, options, expected) => {
    expect(parseSpokenPhoneNumber(text, options)).toEqual(expected);
  });

  it('gives values the claim accepts as they are', () => {
    for (const [text, options] of cases) {
      const result = parseSpokenPhoneNumber(text, options);
      if (!result.ok) throw new Error(`${text}: ${result.reason}`);
      expect(validateClaimValue('phone_number', result.e164)).toEqual({ ok: true, value: result.e164 });
    }
  });
});

describe('parseSpokenPhoneNumber: refused, with what was wrong', () => {
  const cases: [string, { defaultRegion?: CountryCode }, string][] = [
    [
      '06 12 34 56 7',
      FR,
      'I heard 9 digits (06 12 34 56 7), but a mobile number in France has 10, like 06 12 34 56 78.',
    ],
    [
      'zéro six douze trente-quatre cinquante-six soixante-dix-huit neuf',
      FR,
      'I heard 11 digits (06123456789), but a mobile number in France has 10, like 06 12 34 56 78.',
    ],
    [
      'plus thirty three six twelve thirty four fifty six seven',
      NONE,
      'I heard 8 digits after +33 (+33 6 12 34 56 7), but a mobile number in France has 9 after the country code, like +33 6 12 34 56 78.',
    ],
    [
      'plus thirty three',
      NONE,
      'I heard no digits after +33 (+33), but a mobile number in France has 9 after the country code, like +33 6 12 34 56 78.',
    ],
    [
      'zero six twelve thirty four fifty six seventy eight',
      NONE,
      'I heard 06 12 34 56 78 without a country code; please say the number with "plus" and the country code, like plus 33 6 12 34 56 78.',
    ],
    ['+999 123 456', NONE, 'I heard +999 123 456, which does not start with a country code I know.'],
    [
      'seven seven seven one two three four five six seven',
      FR,
      'I heard 7771234567, which is not a valid phone number in France; a mobile number there looks like 06 12 34 56 78.',
    ],
    [
      '+1 425 555 012',
      NONE,
      'I heard 9 digits after +1 (+1 425 555 012), but a mobile number in United States has 10 after the country code, like +1 201 555 0123.',
    ],
    ['06 plus 12', FR, 'I heard "plus" in the middle of the number, after 06.'],
    ['I have no idea', FR, `I didn't hear a phone number in "I have no idea".`],
    ['', FR, `I didn't hear a phone number in "".`],
    // "one" alone, next to no other number, is not a digit.
    ['the one I gave you', FR, `I didn't hear a phone number in "the one I gave you".`],
  ];
  it.each(cases)('%s', (text, options, reason) => {
    expect(parseSpokenPhoneNumber(text, options)).toEqual({ ok: false, reason });
  });
});
