import { describe, expect, it } from 'vitest';
import { newCall } from '../../shared/domain/call';
import {
  claimUpdateJsonSchema,
  claimUpdateSchema,
  missingClaimFields,
  validateClaimValue,
} from '../../shared/domain/claim';
import { callInitiateSchema } from '../../shared/domain/initiate';
import { maskPhone, parseE164 } from '../../shared/domain/phone';
import { EXAMPLE_REQUEST } from '../support/calls';

describe('claim values', () => {
  it('accepts and normalises each type', () => {
    expect(validateClaimValue('text', '  broken screen ')).toEqual({ ok: true, value: 'broken screen' });
    expect(validateClaimValue('email', 'John.Doe@Example.com')).toEqual({
      ok: true,
      value: 'john.doe@example.com',
    });
    expect(validateClaimValue('phone_number', '+33 6 12 34 56 78')).toEqual({
      ok: true,
      value: '+33612345678',
    });
    expect(validateClaimValue('datetime', '2026-11-23T14:30:00+01:00')).toEqual({
      ok: true,
      value: '2026-11-23T14:30:00+01:00',
    });
    expect(validateClaimValue('datetime', '2026-11-23')).toMatchObject({ ok: true });
  });

  it('refuses bad values with a message saying what is expected', () => {
    expect(validateClaimValue('email', 'john@')).toEqual({
      ok: false,
      message: '"john@" is not an e-mail address; expected something like name@example.com',
    });
    expect(validateClaimValue('phone_number', '06 12 34 56 78')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/country code.*E\.164/),
    });
    expect(validateClaimValue('datetime', 'tomorrow')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/ISO 8601/),
    });
    expect(validateClaimValue('text', '   ')).toEqual({ ok: false, message: 'is empty' });
  });

  it('lists the missing fields in schema order, policyholder fields first', () => {
    const call = newCall(callInitiateSchema.parse(EXAMPLE_REQUEST), crypto.randomUUID(), new Date());
    call.claim.policyholder_email = 'jane@example.com';
    expect(missingClaimFields(call.initiate.claim, call.claim).map((f) => f.name)).toEqual([
      'policyholder_name',
      'policyholder_phone',
      'hardware_info',
      'first_seen',
      'building_location',
    ]);
  });
});

describe('phone numbers', () => {
  it('reads numbers as people write them into E.164', () => {
    expect(parseE164('+1 (425) 555-0123')).toEqual({ ok: true, e164: '+14255550123' });
    expect(parseE164('+33612345678')).toEqual({ ok: true, e164: '+33612345678' });
    expect(parseE164('+1234')).toMatchObject({ ok: false });
  });

  it('masks numbers for logs', () => {
    expect(maskPhone('+33612345678')).toBe('+336******78');
    expect(maskPhone('+33612345678')).not.toContain('1234');
  });
});

describe('claim update schema', () => {
  const fields = callInitiateSchema.parse(EXAMPLE_REQUEST).claim;

  it('validates and normalises each field by its type, naming the field that is wrong', () => {
    const schema = claimUpdateSchema(fields);
    expect(schema.parse({ policyholder_email: 'Jane@Example.com', first_seen: '2026-11-20' })).toEqual({
      policyholder_email: 'jane@example.com',
      first_seen: '2026-11-20',
    });
    const refused = schema.safeParse({ policyholder_phone: '0612345678', hardware_info: 'laptop' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues).toEqual([
      expect.objectContaining({
        path: ['policyholder_phone'],
        message: expect.stringMatching(/country code/),
      }),
    ]);
    expect(schema.safeParse({ favourite_colour: 'blue' }).success).toBe(false);
  });

  it('gives a model a JSON schema with every field, its description and expected format', () => {
    const json = claimUpdateJsonSchema(fields) as {
      type: string;
      properties: Record<string, { type: string; description: string }>;
      additionalProperties: boolean;
      required?: string[];
    };
    expect(json.type).toBe('object');
    expect(json.additionalProperties).toBe(false);
    expect(json.required ?? []).toEqual([]);
    expect(Object.keys(json.properties)).toEqual(fields.map((f) => f.name));
    expect(json.properties.policyholder_phone).toEqual({
      type: 'string',
      description: "The caller's phone number: a phone number with its country code, E.164 like +14255550123",
    });
    expect(json.properties.building_location?.description).toBe('building location: free text');
  });
});
