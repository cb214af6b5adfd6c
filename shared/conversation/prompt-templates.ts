import { z } from 'zod';

/**
 * The prompt templates as configured: what each kind is for, the placeholders it may use, the English
 * defaults (other languages: prompt-languages.ts), and the validation of overrides from the
 * configuration, whose errors name the template and the placeholder. Each template is a list of
 * variants, one picked at random each time so the bot does not sound like a recording. Everything here
 * is fixed once the app is configured; filling the templates for a call, each turn, is prompts.ts's.
 */

export interface PromptTemplates {
  /** The system prompt, read by the model every turn. */
  system: string[];
  /** The first words of a call: who is speaking, that it is an AI, an invitation to talk. */
  hello: string[];
  /** The first words of a call resumed later: a short recap of what is known and what is missing. */
  hello_resumed: string[];
  /** The first words of the callback the bot promised (an assistant reminder fell due): why it calls, then the recap. */
  hello_follow_up: string[];
  /** Said while the answer is slow to come. */
  filler: string[];
  goodbye: string[];
  /** After the content filter refused the caller's words or the model's answer. */
  refusal: string[];
  /** When the answer takes far longer than expected. */
  timeout: string[];
  /** When the caller has said nothing for a while. */
  silence: string[];
  /** When no model could answer. */
  error: string[];
  /** The hand-over to a person failed: say so, and offer to go on together or a callback. */
  transfer_failed: string[];
}

export type TemplateKind = keyof PromptTemplates;
export type CannedKind = Exclude<TemplateKind, 'system'>;

export const TEMPLATE_KINDS = [
  'system',
  'hello',
  'hello_resumed',
  'hello_follow_up',
  'filler',
  'goodbye',
  'refusal',
  'timeout',
  'silence',
  'error',
  'transfer_failed',
] as const satisfies readonly TemplateKind[];

/** Templates by language short code ("fr-FR"); a kind a language lacks falls back to the English one. */
export type LanguageTemplates = Readonly<Record<string, Partial<PromptTemplates>>>;

const SPOKEN_PLACEHOLDERS = ['bot_name', 'bot_company', 'language'] as const;

/** The placeholders each template may use. */
export const PLACEHOLDERS: Readonly<Record<TemplateKind, readonly string[]>> = {
  system: [
    'bot_name',
    'bot_company',
    'task',
    'caller_number',
    'language',
    'languages',
    'date',
    'time_zone',
    'utc_offset',
    'claim',
    'missing',
    'reminders',
    'agent_name',
  ],
  hello: SPOKEN_PLACEHOLDERS,
  hello_resumed: [...SPOKEN_PLACEHOLDERS, 'known', 'missing'],
  hello_follow_up: [...SPOKEN_PLACEHOLDERS, 'reminder', 'known', 'missing'],
  filler: SPOKEN_PLACEHOLDERS,
  goodbye: SPOKEN_PLACEHOLDERS,
  refusal: SPOKEN_PLACEHOLDERS,
  timeout: SPOKEN_PLACEHOLDERS,
  silence: SPOKEN_PLACEHOLDERS,
  error: SPOKEN_PLACEHOLDERS,
  transfer_failed: SPOKEN_PLACEHOLDERS,
};

const SYSTEM_PROMPT = `You are {bot_name}, an AI assistant at {bot_company}, on a phone call with a customer (phone number {caller_number}). Be warm, calm and efficient. If asked, say honestly that you are an AI.

Your task: {task}

How to speak: everything you write is read aloud by a synthetic voice.
- Short, simple sentences. Ask at most two questions at a time.
- Plain spoken words only: no lists, markdown, emoji, symbols or URLs. Say numbers, dates, times and amounts the way a person says them.
- Speak {language}. Available languages: {languages}. Switch when the caller asks or speaks one of them.
- To set your tone, start a sentence with [style=cheerful] or [style=sad]; [style=none] goes back to neutral. A tone lasts until the next tag.

The claim:
- Store every detail with your tools as soon as the caller gives it, then briefly confirm what you stored.
- Never invent, guess or complete a value yourself: ask. Read back e-mail addresses and numbers to check them.
- Dates and times: ISO 8601 with the caller's UTC offset ({utc_offset}), like 2026-11-23T14:30:00{utc_offset}.
- Fields, as name (type, description): current value.
{claim}
- Still missing: {missing}.

Reminders:
{reminders}

If the caller wants a human, or you cannot help, offer to transfer the call to {agent_name}. When everything is done, sum up in one sentence, say goodbye and end the call.

The caller's local date and time: {date}, UTC offset {utc_offset}.`;

/** The English templates. */
export const DEFAULT_TEMPLATES: PromptTemplates = {
  system: [SYSTEM_PROMPT],
  hello: [
    "Hello, this is {bot_name} from {bot_company}. I'm an AI assistant, and I'm here to help you. What can I do for you today?",
    "Hi, you're speaking with {bot_name}, the AI assistant of {bot_company}. How can I help you?",
    "Hello! {bot_name} here, an AI assistant at {bot_company}. I'm listening: how can I help?",
  ],
  hello_resumed: [
    "Hello again, it's {bot_name} from {bot_company}, your AI assistant. Let's pick up where we left off. I already have: {known}. I still need: {missing}.",
    'Welcome back, this is {bot_name}, the AI assistant of {bot_company}. So far I have noted: {known}. Still to collect: {missing}. Shall we continue?',
  ],
  hello_follow_up: [
    "Hello, it's {bot_name} from {bot_company}, your AI assistant, calling back as promised about: {reminder}. I already have: {known}. I still need: {missing}.",
    'Hello again, this is {bot_name}, the AI assistant of {bot_company}. I said I would call you back about: {reminder}. So far I have noted: {known}. Still to collect: {missing}.',
  ],
  filler: [
    'One moment, please.',
    'Let me check that for you.',
    "Just a second, I'm looking into it.",
    'Bear with me a moment.',
  ],
  goodbye: [
    'Thank you for your call. Everyone at {bot_company} wishes you a good day. Goodbye!',
    'Thanks for your time. Take care, and goodbye!',
  ],
  refusal: [
    "I'm sorry, I can't help with that. Is there anything else I can do for you?",
    "I'm afraid that's not something I can discuss. Can I help you with something else?",
  ],
  timeout: [
    "It's taking me longer than expected to answer. Thank you for your patience.",
    "Sorry for the wait, I'm still working on it.",
  ],
  silence: ["Are you still there? Take your time, I'm listening.", "I'm still here. How can I help you?"],
  error: [
    "I'm sorry, something went wrong on my side. Could you say that again, please?",
    'Sorry, I ran into a technical problem. Could you repeat what you just said?',
  ],
  transfer_failed: [
    "I'm sorry, I couldn't reach a colleague right now. We can carry on together, or I can note a reminder for a colleague to call you back. What would you prefer?",
  ],
};

// --- Overrides ---------------------------------------------------------------------------------------

/** A `{placeholder}` in a template. */
export const PLACEHOLDER = /\{([a-z_][a-z0-9_]*)\}/gi;

function variantsSchema(kind: TemplateKind) {
  const allowed = PLACEHOLDERS[kind];
  return z
    .array(
      z
        .string({ error: `prompt template "${kind}" must be a list of strings` })
        .refine((text) => text.trim() !== '', { error: `prompt template "${kind}" has an empty variant` }),
      { error: `prompt template "${kind}" must be a list of strings` },
    )
    .min(1, { error: `prompt template "${kind}" must have at least one variant` })
    .superRefine((variants, ctx) => {
      variants.forEach((text, index) => {
        for (const match of text.matchAll(PLACEHOLDER)) {
          const name = match[1] ?? '';
          if (!allowed.includes(name)) {
            ctx.addIssue({
              code: 'custom',
              path: [index],
              message:
                `prompt template "${kind}" (variant ${index + 1}) uses unknown placeholder {${name}}; ` +
                `it may use ${allowed.map((p) => `{${p}}`).join(', ')}`,
            });
          }
        }
      });
    });
}

/** Template overrides as read from the configuration: any kind given replaces that list. */
export const templateOverridesSchema = z.strictObject(
  Object.fromEntries(TEMPLATE_KINDS.map((kind) => [kind, variantsSchema(kind).optional()])) as {
    [K in TemplateKind]: z.ZodOptional<ReturnType<typeof variantsSchema>>;
  },
);

export type TemplateOverridesResult =
  { ok: true; value: Partial<PromptTemplates> } | { ok: false; message: string };

/** Validates overrides; the message names each faulty template and placeholder. */
export function parseTemplateOverrides(overrides: unknown): TemplateOverridesResult {
  const result = templateOverridesSchema.safeParse(overrides);
  if (result.success) return { ok: true, value: result.data };
  const messages = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `unknown prompt template ${issue.keys.map((k) => `"${k}"`).join(', ')}; expected one of ${TEMPLATE_KINDS.join(', ')}`;
    }
    if (issue.path.length === 0) return 'prompt templates must be an object of lists of strings';
    return issue.message;
  });
  return { ok: false, message: messages.join('; ') };
}

/** The defaults with the overrides' lists in their place. Throws an Error naming what is wrong. */
export function mergeTemplates(defaults: PromptTemplates, overrides: unknown): PromptTemplates {
  if (overrides === undefined || overrides === null) return { ...defaults };
  const parsed = parseTemplateOverrides(overrides);
  if (!parsed.ok) throw new Error(parsed.message);
  const merged: PromptTemplates = { ...defaults };
  for (const kind of TEMPLATE_KINDS) {
    const variants = parsed.value[kind];
    if (variants) merged[kind] = [...variants];
  }
  return merged;
}
