import { z } from 'zod';
import type { CallState } from '../../domain/call';
import { missingClaimFields, validateClaimValue, type ClaimField } from '../../domain/claim';
import { defineTool, type Tool } from '../tool';
import { enumError } from './enum-error';

/** At most this many fields in one call of the tool: the claim itself has at most 50 (plus 3). */
const MAX_UPDATES = 60;

function describeField(field: ClaimField): string {
  const what = field.description ?? field.name.replace(/_/g, ' ');
  return `${field.name} (${field.type}): ${what}`;
}

/**
 * `updated_claim`: stores several claim values at once. Each value is validated by its field's type on
 * its own, so one bad value never loses the good ones: the result says what was stored, what was
 * refused and why, and what is still missing.
 */
export function createUpdatedClaimTool(call: CallState): Tool<unknown> {
  const fields = call.initiate.claim;
  const names = fields.map((field) => field.name);
  const parameters = z.strictObject({
    updates: z
      .array(
        z.strictObject({
          field: z
            .enum(names, { error: enumError('a field of this claim', names) })
            .describe('The claim field to fill, by its exact name.'),
          value: z
            .string()
            .describe(
              'The value, as the caller gave it and confirmed. e-mail: name@example.com; phone_number: with its country code, E.164 like +14255550123; datetime: ISO 8601 like 2026-11-23T14:30:00+01:00 or 2026-11-23.',
            ),
        }),
      )
      .min(1, { error: 'must list at least one field to update' })
      .max(MAX_UPDATES)
      .describe('One entry per field to store; several fields can be stored in one call.'),
  });

  return defineTool({
    name: 'updated_claim',
    description:
      'Store values the caller gave for the claim, several fields at once. Use it as soon as the caller ' +
      'states or corrects a detail, with the value in the expected format. Each value is checked: the ' +
      'result says which were stored, which were refused and why (ask the caller again for those), and ' +
      'which fields are still missing. Do not invent values, and do not use it for anything outside ' +
      `these fields. Fields: ${fields.map(describeField).join('; ')}.`,
    parameters,
    run({ updates }, context) {
      const stored: string[] = [];
      const refused: string[] = [];
      const values: Record<string, string> = {};
      for (const { field, value } of updates) {
        const spec = context.call.initiate.claim.find((f) => f.name === field);
        if (!spec) {
          refused.push(`Not stored ${field}: it is not a field of this claim.`);
          continue;
        }
        const result = validateClaimValue(spec.type, value);
        if (!result.ok) {
          const reason = result.message.startsWith('is ') ? `the value ${result.message}` : result.message;
          refused.push(`Not stored ${field}: ${reason}.`);
          continue;
        }
        values[field] = result.value;
        stored.push(result.value === value.trim() ? field : `${field} (as ${result.value})`);
      }
      if (Object.keys(values).length > 0) {
        context.change((draft) => {
          Object.assign(draft.claim, values);
        });
      }
      const missing = missingClaimFields(context.call.initiate.claim, context.call.claim).map((f) => f.name);
      return [
        stored.length > 0 ? `Stored ${stored.join(', ')}.` : 'Nothing stored.',
        ...refused,
        missing.length > 0 ? `Still missing: ${missing.join(', ')}.` : 'Every field of the claim is filled.',
      ].join(' ');
    },
  });
}
