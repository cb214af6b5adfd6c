import {
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { z } from 'zod';
import { memoizeString } from './memo';

/** An example people can copy: shown in every phone-number error message. */
export const E164_EXAMPLE = '+14255550123';

export type PhoneParseResult = { ok: true; e164: string } | { ok: false; message: string };

/**
 * Reads a phone number written by a person ("+33 6 12 34 56 78", "+1 (425) 555-0123") into E.164.
 * The country code is required: a number without one is ambiguous, and guessing would call a stranger.
 */
export const parseE164: (input: string) => PhoneParseResult = memoizeString(parseE164Uncached);

// Every store update validates the whole call, its phone numbers included, and libphonenumber costs
// 20–30 µs a number: remembered, since a call's numbers are the same turn after turn.
function parseE164Uncached(input: string): PhoneParseResult {
  const text = input.trim();
  if (!text.startsWith('+')) {
    return {
      ok: false,
      message: `must start with + and the country code, in E.164 format like ${E164_EXAMPLE}`,
    };
  }
  const parsed = parsePhoneNumberFromString(text);
  if (parsed?.ext) {
    // Dropping it would call the switchboard instead of the person: refused, not "normalised".
    return {
      ok: false,
      message: `has an extension (${parsed.ext}), which cannot be dialled: give the direct number, in E.164 format like ${E164_EXAMPLE}`,
    };
  }
  if (!parsed || !parsed.isValid()) {
    const why = lengthProblem(text);
    return {
      ok: false,
      message: `is not a valid phone number${why ? ` (${why})` : ''}; expected E.164 format like ${E164_EXAMPLE}`,
    };
  }
  return { ok: true, e164: parsed.number };
}

/** Why an E.164-looking number is not one, in words. */
function lengthProblem(text: string): string | undefined {
  switch (validatePhoneNumberLength(text)) {
    case 'INVALID_COUNTRY':
      return 'no country has that country code';
    case 'TOO_SHORT':
      return 'too short for its country';
    case 'TOO_LONG':
      return 'too long for its country';
    case 'INVALID_LENGTH':
      return 'no number in its country has that many digits';
    case 'NOT_A_NUMBER':
      return 'not a number';
    default: {
      const parsed = parsePhoneNumberFromString(text);
      return parsed ? (numberingProblem(parsed) ?? 'not a number in use in its country') : undefined;
    }
  }
}

/**
 * Why a number of the right length is still not one, when it can be said: a North American area code
 * or exchange starting with 0 or 1 ("+1 123 …": 123 is not a valid area code). (The 0 dialled at home
 * kept after the country code, "+33 0 6 12 …", libphonenumber already drops.)
 */
function numberingProblem(parsed: PhoneNumber): string | undefined {
  const national = parsed.nationalNumber;
  if (parsed.countryCallingCode === '1' && national.length === 10) {
    const area = national.slice(0, 3);
    const exchange = national.slice(3, 6);
    if (/^[01]/.test(area))
      return `${area} is not a valid area code: North American area codes do not start with 0 or 1`;
    if (/^[01]/.test(exchange))
      return `${exchange} cannot follow the area code: North American exchanges do not start with 0 or 1`;
  }
  return undefined;
}

/** A zod string that accepts a phone number as a person writes it and outputs it in E.164. */
export const e164PhoneSchema = z
  .string()
  .max(32, { error: 'is too long for a phone number' })
  .transform((value, ctx) => {
    const result = parseE164(value);
    if (result.ok) return result.e164;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });

/** "+33612345678" → "+336******78": enough to tell calls apart in logs, not enough to dial. */
export function maskPhone(e164: string): string {
  if (e164.length <= 6) return '*'.repeat(e164.length);
  return e164.slice(0, 4) + '*'.repeat(e164.length - 6) + e164.slice(-2);
}
