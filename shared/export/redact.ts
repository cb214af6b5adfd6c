import type { CallState } from '../domain/call';

/**
 * Personal data out of a call's text before it becomes training data: names, e-mail addresses, phone
 * numbers and policy numbers are replaced by typed placeholders (`<NAME_1>`, `<EMAIL_1>`, `<PHONE_1>`,
 * `<POLICY_NUMBER_1>`), the same value always by the same placeholder within one call, so the
 * conversation still reads coherently ("<NAME_1>, is <EMAIL_1> right?").
 *
 * Two sources, both needed: what the call knows to be personal (the claim's values by field type and
 * name, the line's numbers) is replaced wherever it appears, however it is spelled; and patterns catch
 * what was never stored (an e-mail or number said in passing, "my name is …"). Free-text fields other
 * than names (an incident description) are kept: they are what the model must learn from. This is
 * best effort, not a guarantee: review an export before it leaves your hands.
 */

export type PiiKind = 'NAME' | 'EMAIL' | 'PHONE' | 'POLICY_NUMBER';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** A phone number written by a person: + or a digit, then digits with spaces, dots, dashes, parentheses. */
const PHONE = /(?<![\w+])(?:\+|00)?\d(?:[\s.()-]{0,2}\d){7,14}(?!\w)/g;
/** Policy and contract numbers as insurers print them: letters, optional dash, three digits or more. */
const POLICY = /\b[A-Z]{1,5}-?\d{3,}(?:-\d+)*\b/g;
/**
 * A name the caller gives: "my name is Jane Doe", "I'm Jane", "je m'appelle Jane Doe". Case matters for
 * the name itself (capitalised words), so the phrases spell out their own capitals.
 */
const NAME_INTRO =
  /(?<![\p{L}])(?:[Mm]y name is|[Mm]y name's|[Ii] am|[Ii]'m|[Jj]e m'appelle|[Mm]e llamo|[Mm]i chiamo|[Ii]ch heiße|[Cc]hamo-me|[Mm]eu nome é)\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){0,3})/gu;
/** What the phone pattern must leave alone: a date (2026-11-23) is not a number to hide. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class Redactor {
  private readonly placeholders = new Map<string, string>();
  private readonly counts: Record<PiiKind, number> = { NAME: 0, EMAIL: 0, PHONE: 0, POLICY_NUMBER: 0 };
  /** Known values, longest first (so "Jane Doe" is replaced before "Jane"). */
  private known: { value: string; placeholder: string }[] = [];

  /** Words never taken for a caller's name (the bot's own name and company). */
  private readonly keep: Set<string>;

  constructor(keep: readonly string[] = []) {
    this.keep = new Set(keep.map((word) => word.toLowerCase()));
  }

  /** A redactor primed with what the call knows to be personal. */
  static forCall(call: CallState): Redactor {
    const redactor = new Redactor([call.initiate.bot_name, call.initiate.bot_company]);
    const phones = [call.initiate.phone_number, call.initiate.agent_phone_number];
    for (const claim of [...call.previous_claims, call.claim]) {
      for (const field of call.initiate.claim) {
        const value = claim[field.name];
        if (!value) continue;
        const kind = kindOfField(field.name, field.type);
        if (kind === 'PHONE') phones.push(value);
        else if (kind) redactor.add(kind, value);
      }
    }
    for (const phone of phones) redactor.add('PHONE', phone);
    return redactor;
  }

  /** Registers a personal value; a name's parts are registered too ("Jane", "Doe" alone). */
  add(kind: PiiKind, value: string): string {
    const placeholder = this.placeholderFor(kind, value);
    const forms = [value, ...(kind === 'NAME' ? value.split(/\s+/).filter((part) => part.length >= 3) : [])];
    for (const form of forms) {
      if (!this.known.some((k) => k.value.toLowerCase() === form.toLowerCase())) {
        this.known.push({ value: form, placeholder });
      }
    }
    this.known.sort((a, b) => b.value.length - a.value.length);
    return placeholder;
  }

  /** The text with every personal value replaced. */
  redact(text: string): string {
    let out = text.replace(NAME_INTRO, (whole, name: string) =>
      this.keep.has(name.toLowerCase()) ? whole : whole.replace(name, this.add('NAME', name)),
    );
    for (const { value, placeholder } of this.known) {
      if (this.kindOf(placeholder) === 'PHONE') continue; // matched by digits below, however it is spaced
      out = out.replace(new RegExp(wordBounded(value), 'giu'), placeholder);
    }
    out = out.replace(EMAIL, (email) => this.placeholderFor('EMAIL', email));
    out = out.replace(PHONE, (phone) => (DATE.test(phone) ? phone : this.placeholderFor('PHONE', phone)));
    out = out.replace(POLICY, (policy) => this.placeholderFor('POLICY_NUMBER', policy));
    return out;
  }

  private kindOf(placeholder: string): PiiKind {
    return placeholder.slice(1, placeholder.lastIndexOf('_')) as PiiKind;
  }

  private placeholderFor(kind: PiiKind, value: string): string {
    const key = `${kind}:${normalise(kind, value)}`;
    let placeholder = this.placeholders.get(key);
    if (!placeholder) {
      this.counts[kind] += 1;
      placeholder = `<${kind}_${this.counts[kind]}>`;
      this.placeholders.set(key, placeholder);
    }
    return placeholder;
  }
}

/** Which personal data a claim field holds, from its type and name; undefined for free text. */
export function kindOfField(name: string, type: string): PiiKind | undefined {
  if (type === 'email') return 'EMAIL';
  if (type === 'phone_number') return 'PHONE';
  if (/(^|_)(name|first_?name|last_?name|surname)($|_)/i.test(name)) return 'NAME';
  if (/policy|contract|account|iban|licen[cs]e|plate/i.test(name)) return 'POLICY_NUMBER';
  if (/e_?mail/i.test(name)) return 'EMAIL';
  if (/phone|mobile/i.test(name)) return 'PHONE';
  return undefined;
}

/** One value, however it is written: a phone number by its last nine digits, the rest case-blind. */
function normalise(kind: PiiKind, value: string): string {
  if (kind === 'PHONE') return value.replace(/\D/g, '').slice(-9);
  return value.trim().toLowerCase().replace(/\s+/g, ' ');
}

function wordBounded(value: string): string {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`;
}
