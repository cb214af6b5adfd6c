import { z } from 'zod';
import type { CallState } from '../domain/call';
import { missingClaimFields, type ClaimField } from '../domain/claim';
import { DEFAULT_LANGUAGE_TEMPLATES } from './prompt-languages';
import { dueFollowUp } from '../domain/follow-up';
import { formatLocalDateTime, timeZoneForPhone, utcOffset } from './timezone';

/**
 * What the bot is told (the system prompt) and the few things it says without the model (hello,
 * filler, goodbye...). Each template is a list of variants, one picked at random each time so the bot
 * does not sound like a recording; `{placeholders}` are filled from the call. Everything spoken ends up
 * in a text-to-speech voice, so the canned phrases are plain sentences, and the system prompt tells the
 * model to write the same way.
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

export { DEFAULT_LANGUAGE_TEMPLATES } from './prompt-languages';

/** Words for an empty recap list, by primary language; English otherwise. */
const EMPTY_LIST_WORDS: Readonly<Record<string, { known: string; missing: string }>> = {
  en: { known: 'nothing yet', missing: 'nothing more' },
  fr: { known: 'rien pour l’instant', missing: 'plus rien' },
  es: { known: 'nada todavía', missing: 'nada más' },
  de: { known: 'noch nichts', missing: 'nichts mehr' },
  it: { known: 'ancora niente', missing: 'nient’altro' },
  pt: { known: 'nada ainda', missing: 'mais nada' },
};

// --- Overrides ---------------------------------------------------------------------------------------

const PLACEHOLDER = /\{([a-z_][a-z0-9_]*)\}/gi;

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

// --- Rendering ---------------------------------------------------------------------------------------

export interface PromptOptions {
  /** Now, for the phrases that depend on it (the follow-up hello names the reminder that fell due). */
  readonly now?: Date;
  /** Default `DEFAULT_TEMPLATES`. */
  readonly templates?: PromptTemplates;
  /**
   * Per-language variants, preferred over `templates` for a call in that language (exact short code, else
   * the same primary language: fr-CA uses fr-FR's). Default `DEFAULT_LANGUAGE_TEMPLATES`; `{}` for none.
   */
  readonly languages?: LanguageTemplates;
  /** In [0, 1), like Math.random (the default): picks the variant. */
  readonly random?: () => number;
}

export interface SystemPromptOptions extends PromptOptions {
  readonly now: Date;
  /** Whom the bot offers to transfer the call to. Default "a human colleague". */
  readonly agentName?: string;
}

/** Fills `{placeholders}` in one pass (a value containing "{task}" stays as it is); unknown ones are kept. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

/** One variant, chosen by `random`. */
export function pickVariant(variants: readonly string[], random: () => number = Math.random): string {
  if (variants.length === 0) return '';
  const r = random();
  const index = Number.isFinite(r)
    ? Math.min(variants.length - 1, Math.max(0, Math.floor(r * variants.length)))
    : 0;
  return variants[index] ?? variants[0] ?? '';
}

function primaryLanguage(shortCode: string): string {
  return shortCode.split('-')[0]?.toLowerCase() ?? shortCode;
}

/** The variants of a kind for a language, and the language they are written in. */
function variantsFor(
  kind: TemplateKind,
  language: string,
  options: PromptOptions,
): { variants: readonly string[]; locale: string } {
  const languages = options.languages ?? DEFAULT_LANGUAGE_TEMPLATES;
  const primary = primaryLanguage(language);
  const key =
    language in languages
      ? language
      : Object.keys(languages).find((code) => primaryLanguage(code) === primary);
  const own = key === undefined ? undefined : languages[key]?.[kind];
  if (key !== undefined && own && own.length > 0) return { variants: own, locale: key };
  return { variants: (options.templates ?? DEFAULT_TEMPLATES)[kind], locale: 'en-US' };
}

const languageNames = new Map<string, string>();
/** Cached: building Intl.DisplayNames on every prompt cost a few percent of a turn. */
function languageName(shortCode: string, inLocale: string): string {
  const key = `${shortCode}|${inLocale}`;
  let name = languageNames.get(key);
  if (name === undefined) {
    try {
      name =
        new Intl.DisplayNames([inLocale], { type: 'language' }).of(primaryLanguage(shortCode)) ?? shortCode;
    } catch {
      name = shortCode;
    }
    languageNames.set(key, name);
  }
  return name;
}

/** "policyholder_email" → "policyholder email": a field name a voice can say. */
function spokenFieldName(name: string): string {
  return name.replace(/_/g, ' ');
}

function spokenList(items: readonly string[], locale: string): string {
  try {
    return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/** A claim value on one line, quoted so the model tells it apart from the prompt. */
function quoted(value: string): string {
  return JSON.stringify(value.replace(/\s+/g, ' ').trim());
}

function claimLines(fields: readonly ClaimField[], values: CallState['claim']): string {
  return fields
    .map((field) => {
      const value = values[field.name];
      const about = field.description ? `${field.type}, ${field.description}` : field.type;
      return `- ${field.name} (${about}): ${value == null ? 'missing' : quoted(value)}`;
    })
    .join('\n');
}

function reminderLines(call: CallState): string {
  if (call.reminders.length === 0) return 'none';
  return call.reminders
    .map((r) => {
      const description = r.description.trim() ? `: ${quoted(r.description)}` : '';
      return `- ${quoted(r.title)}, due ${r.due_date_time}, owner ${quoted(r.owner)}${description}`;
    })
    .join('\n');
}

/** The system prompt for the call as it is now. */
export function buildSystemPrompt(call: CallState, options: SystemPromptOptions): string {
  const { initiate } = call;
  const timeZone = timeZoneForPhone(initiate.phone_number);
  const missing = missingClaimFields(initiate.claim, call.claim);
  const values: Record<string, string> = {
    bot_name: initiate.bot_name,
    bot_company: initiate.bot_company,
    task: initiate.task,
    caller_number: initiate.phone_number,
    language: `${languageName(call.language, 'en')} (${call.language})`,
    languages: initiate.lang.availables
      .map((l) => `${languageName(l.short_code, 'en')} (${l.short_code})`)
      .join(', '),
    date: formatLocalDateTime(options.now, timeZone, call.language),
    time_zone: timeZone,
    utc_offset: utcOffset(options.now, timeZone),
    claim: claimLines(initiate.claim, call.claim),
    missing:
      missing.length === 0 ? 'nothing, the claim is complete' : missing.map((field) => field.name).join(', '),
    reminders: reminderLines(call),
    agent_name: options.agentName?.trim() || 'a human colleague',
  };
  return renderTemplate(
    pickVariant(variantsFor('system', call.language, options).variants, options.random),
    values,
  );
}

/** A phrase the bot says without the model, in the call's language when there is a variant for it. */
export function cannedPhrase(kind: CannedKind, call: CallState, options: PromptOptions = {}): string {
  const { initiate } = call;
  const { variants, locale } = variantsFor(kind, call.language, options);
  const empty = EMPTY_LIST_WORDS[primaryLanguage(locale)] ?? {
    known: 'nothing yet',
    missing: 'nothing more',
  };
  const missing = missingClaimFields(initiate.claim, call.claim);
  const known = initiate.claim.filter((field) => call.claim[field.name] != null);
  const values: Record<string, string> = {
    bot_name: initiate.bot_name,
    bot_company: initiate.bot_company,
    language: languageName(call.language, locale),
    reminder: dueFollowUp(call, options.now ?? new Date())?.title ?? '',
    known:
      known.length === 0
        ? empty.known
        : spokenList(
            known.map((f) => spokenFieldName(f.name)),
            locale,
          ),
    missing:
      missing.length === 0
        ? empty.missing
        : spokenList(
            missing.map((f) => spokenFieldName(f.name)),
            locale,
          ),
  };
  return renderTemplate(pickVariant(variants, options.random), values);
}
