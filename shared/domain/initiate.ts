import { z } from 'zod';
import {
  DEFAULT_CLAIM_FIELDS,
  MAX_CLAIM_FIELDS,
  POLICYHOLDER_FIELDS,
  claimFieldSchema,
  withPolicyholderFields,
} from './claim';
import { e164PhoneSchema } from './phone';
import { textSchema } from './text';

/**
 * The call request (`initiate`): who the bot is, whom it calls, what it must get done, in which
 * languages. The same schema validates `POST /api/call`, is stored with the call, and seeds the prompts.
 */

export const DEFAULT_TASK =
  'Help the customer with their insurance claim. Collect the details of the incident, reassure them, ' +
  'and make sure every field of the claim is filled before the end of the call.';

export const LANGUAGE_SHORT_CODE_PATTERN = /^[a-z]{2,3}-[A-Z]{2}$/;

const shortCodeSchema = z.string().regex(LANGUAGE_SHORT_CODE_PATTERN, {
  error: 'must be a BCP 47 language tag like en-US or fr-FR',
});

export const languageSchema = z.strictObject({
  short_code: shortCodeSchema,
  voice: z.string().trim().min(1).max(100),
  pronunciations_en: z.array(z.string().trim().min(1).max(50)).max(10).default([]),
});
export type Language = z.infer<typeof languageSchema>;

export const DEFAULT_LANGUAGES: readonly Language[] = [
  { short_code: 'en-US', voice: 'en-US-AvaMultilingualNeural', pronunciations_en: ['English', 'EN'] },
  { short_code: 'fr-FR', voice: 'fr-FR-DeniseNeural', pronunciations_en: ['French', 'FR'] },
  { short_code: 'es-ES', voice: 'es-ES-ElviraNeural', pronunciations_en: ['Spanish', 'ES'] },
  { short_code: 'zh-CN', voice: 'zh-CN-XiaoxiaoNeural', pronunciations_en: ['Chinese', 'ZH', 'Mandarin'] },
];

const langSchema = z
  .strictObject({
    default_short_code: shortCodeSchema.default('en-US'),
    availables: z
      .array(languageSchema)
      .min(1)
      .max(20)
      .default(() => DEFAULT_LANGUAGES.map((l) => ({ ...l, pronunciations_en: [...l.pronunciations_en] }))),
  })
  .superRefine((lang, ctx) => {
    if (!lang.availables.some((l) => l.short_code === lang.default_short_code)) {
      ctx.addIssue({
        code: 'custom',
        path: ['default_short_code'],
        message: `must be one of the available languages (${lang.availables.map((l) => l.short_code).join(', ')})`,
      });
    }
    lang.availables.forEach((l, index) => {
      if (lang.availables.findIndex((other) => other.short_code === l.short_code) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: ['availables', index, 'short_code'],
          message: `"${l.short_code}" is listed twice`,
        });
      }
    });
  });

const claimSchema = z
  .array(claimFieldSchema)
  .max(MAX_CLAIM_FIELDS, { error: `must have at most ${MAX_CLAIM_FIELDS} fields` })
  .superRefine((fields, ctx) => {
    fields.forEach((field, index) => {
      if (fields.findIndex((other) => other.name === field.name) !== index) {
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `"${field.name}" is used twice` });
      }
      const builtin = POLICYHOLDER_FIELDS.find((p) => p.name === field.name);
      if (builtin && builtin.type !== field.type) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'type'],
          message: `"${field.name}" is always part of the claim with type ${builtin.type}; remove it or use that type`,
        });
      }
    });
  });

const nameSchema = textSchema(100);

/** `POST /api/call`'s body. Unknown keys are refused so that a typo is an error, not a silent default. */
export const callRequestSchema = z.strictObject({
  bot_company: nameSchema,
  bot_name: nameSchema,
  phone_number: e164PhoneSchema,
  agent_phone_number: e164PhoneSchema,
  task: textSchema(4_000).default(DEFAULT_TASK),
  claim: claimSchema.default(() => [...DEFAULT_CLAIM_FIELDS]),
  lang: langSchema.default(() => langSchema.parse({})),
  prosody_rate: z
    .number()
    .min(0.75, { error: 'must be between 0.75 and 1.25' })
    .max(1.25, { error: 'must be between 0.75 and 1.25' })
    .default(1),
});
export type CallRequest = z.input<typeof callRequestSchema>;

/** The stored, normalised request: phone numbers in E.164, defaults filled, policyholder fields included. */
export const callInitiateSchema = callRequestSchema.transform((request) => ({
  ...request,
  claim: withPolicyholderFields(request.claim),
}));
export type CallInitiate = z.output<typeof callInitiateSchema>;
