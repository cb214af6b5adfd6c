import type { CallState } from '../domain/call';
import { missingClaimFields, type ClaimField } from '../domain/claim';
import { dueFollowUp } from '../domain/follow-up';
import { DEFAULT_LANGUAGE_TEMPLATES } from './prompt-languages';
import {
  type CannedKind,
  DEFAULT_TEMPLATES,
  type LanguageTemplates,
  PLACEHOLDER,
  type PromptTemplates,
  type TemplateKind,
} from './prompt-templates';
import { formatLocalDateTime, timeZoneForPhone, utcOffset } from './timezone';

/**
 * What the bot is told (the system prompt) and the few things it says without the model (hello,
 * filler, goodbye...), filled in for the call as it is now: its claim, reminders, language, the caller's
 * local time. Everything spoken ends up in a text-to-speech voice, so the canned phrases are plain
 * sentences, and the system prompt tells the model to write the same way. The templates themselves and
 * their validation are in prompt-templates.ts.
 */

/** Words for an empty recap list, by primary language; English otherwise. */
const EMPTY_LIST_WORDS: Readonly<Record<string, { known: string; missing: string }>> = {
  en: { known: 'nothing yet', missing: 'nothing more' },
  fr: { known: 'rien pour l’instant', missing: 'plus rien' },
  es: { known: 'nada todavía', missing: 'nada más' },
  de: { known: 'noch nichts', missing: 'nichts mehr' },
  it: { known: 'ancora niente', missing: 'nient’altro' },
  pt: { known: 'nada ainda', missing: 'mais nada' },
};

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
