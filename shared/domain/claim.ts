import { z } from 'zod';
import { textSchema } from './text';
import { parseE164 } from './phone';

/**
 * The claim: the typed form the agent fills during the call. A request describes its fields; the call
 * stores one value per field. Every value is validated by its field's type, with a message a person
 * (or the model, which reads it as a tool result) can act on.
 */

export const CLAIM_FIELD_TYPES = ['text', 'email', 'phone_number', 'datetime'] as const;
export type ClaimFieldType = (typeof CLAIM_FIELD_TYPES)[number];

export const CLAIM_FIELD_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
export const MAX_CLAIM_FIELDS = 50;
export const MAX_CLAIM_DESCRIPTION_LENGTH = 500;
export const MAX_CLAIM_TEXT_VALUE_LENGTH = 2_000;

const RESERVED_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export const claimFieldSchema = z.strictObject({
  name: z
    .string()
    .regex(CLAIM_FIELD_NAME_PATTERN, {
      error: 'must be 1 to 64 characters of lowercase letters, digits and _, starting with a letter',
    })
    // The claim is an object keyed by these names: `constructor` or `tostring`-like names would
    // read as set (`'constructor' in claim`) before the caller said anything.
    .refine((name) => !RESERVED_NAMES.has(name), {
      error: (issue) => `"${String(issue.input)}" is reserved; choose another name`,
    }),
  type: z.enum(CLAIM_FIELD_TYPES, {
    error: (issue) =>
      `must be one of ${CLAIM_FIELD_TYPES.join(', ')} (got ${JSON.stringify(issue.input) ?? 'nothing'})`,
  }),
  description: textSchema(MAX_CLAIM_DESCRIPTION_LENGTH).optional(),
});
export type ClaimField = z.infer<typeof claimFieldSchema>;

/** Fields every claim has, whatever the request says: the bot always needs to reach the caller again. */
export const POLICYHOLDER_FIELDS: readonly ClaimField[] = [
  { name: 'policyholder_name', type: 'text', description: "The caller's full name" },
  { name: 'policyholder_email', type: 'email', description: "The caller's e-mail address" },
  { name: 'policyholder_phone', type: 'phone_number', description: "The caller's phone number" },
];

/** The schema used when a request names no claim: a property and casualty insurance claim. */
export const DEFAULT_CLAIM_FIELDS: readonly ClaimField[] = [
  { name: 'incident_datetime', type: 'datetime', description: 'When the incident happened' },
  { name: 'incident_description', type: 'text', description: 'What happened, in the caller’s words' },
  { name: 'incident_location', type: 'text', description: 'Where the incident happened' },
  { name: 'injuries', type: 'text', description: 'Anyone hurt, and how' },
  { name: 'involved_parties', type: 'text', description: 'Other people or vehicles involved' },
  { name: 'medical_records', type: 'text', description: 'Medical care received or planned' },
  { name: 'policy_number', type: 'text', description: 'The insurance policy number' },
  { name: 'pre_existing_damages', type: 'text', description: 'Damage that existed before the incident' },
  { name: 'witnesses', type: 'text', description: 'Names and contacts of witnesses' },
];

/** Claim values by field name; `null` marks a field not filled yet, so what is missing stays visible. */
export type ClaimValues = Record<string, string | null>;

export type ClaimValueResult = { ok: true; value: string } | { ok: false; message: string };

const emailSchema = z.email();
const datetimeSchema = z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()]);

/** Validates and normalises one value for a field of the given type. */
export function validateClaimValue(type: ClaimFieldType, raw: string): ClaimValueResult {
  const value = raw.trim();
  if (value === '') return { ok: false, message: 'is empty' };
  switch (type) {
    case 'text':
      return value.length <= MAX_CLAIM_TEXT_VALUE_LENGTH
        ? { ok: true, value }
        : { ok: false, message: `is longer than ${MAX_CLAIM_TEXT_VALUE_LENGTH} characters` };
    case 'email':
      return emailSchema.safeParse(value).success
        ? { ok: true, value: value.toLowerCase() }
        : {
            ok: false,
            message: `"${value}" is not an e-mail address; expected something like name@example.com`,
          };
    case 'phone_number': {
      const phone = parseE164(value);
      return phone.ok
        ? { ok: true, value: phone.e164 }
        : { ok: false, message: `"${value}" ${phone.message}` };
    }
    case 'datetime':
      return datetimeSchema.safeParse(value).success
        ? { ok: true, value }
        : {
            ok: false,
            message: `"${value}" is not an ISO 8601 date or date-time; expected something like 2026-11-23T14:30:00+01:00 or 2026-11-23`,
          };
  }
}

/** The claim fields of a call: the policyholder fields first, then the request's (or the default) fields. */
export function withPolicyholderFields(fields: readonly ClaimField[]): ClaimField[] {
  const own = fields.filter((field) => !POLICYHOLDER_FIELDS.some((p) => p.name === field.name));
  return [...POLICYHOLDER_FIELDS, ...own];
}

/** An empty value for every field. */
export function emptyClaim(fields: readonly ClaimField[]): ClaimValues {
  return Object.fromEntries(fields.map((field) => [field.name, null]));
}

/** The fields that still have no value, in schema order. */
export function missingClaimFields(fields: readonly ClaimField[], values: ClaimValues): ClaimField[] {
  return fields.filter((field) => values[field.name] == null);
}

const TYPE_HINTS: Record<ClaimFieldType, string> = {
  text: 'free text',
  email: 'an e-mail address',
  phone_number: 'a phone number with its country code, E.164 like +14255550123',
  datetime: 'an ISO 8601 date or date-time, like 2026-11-23T14:30:00+01:00',
};

/**
 * A change to some of a claim's fields, each value validated and normalised by its field's type. The
 * same schema validates an update from any source and, through `claimUpdateJsonSchema`, tells a model
 * what its claim-update tool takes.
 */
export function claimUpdateSchema(fields: readonly ClaimField[]) {
  const shape = Object.fromEntries(
    fields.map((field) => [
      field.name,
      z
        .string()
        .transform((raw, ctx) => {
          const result = validateClaimValue(field.type, raw);
          if (result.ok) return result.value;
          ctx.addIssue({ code: 'custom', message: result.message });
          return z.NEVER;
        })
        .optional()
        .describe(`${field.description ?? field.name.replace(/_/g, ' ')}: ${TYPE_HINTS[field.type]}`),
    ]),
  );
  return z.strictObject(shape);
}

/** The JSON Schema of a claim update, as a model's tool parameters. */
export function claimUpdateJsonSchema(fields: readonly ClaimField[]): Record<string, unknown> {
  return z.toJSONSchema(claimUpdateSchema(fields), { io: 'input' }) as Record<string, unknown>;
}
