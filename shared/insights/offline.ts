import type { CallState, Emergency, Next, Synthesis } from '../domain/call';
import { missingClaimFields, type ClaimField } from '../domain/claim';
import { fieldLabel } from '../conversation/offline-agent/fields';
import { langOf, PHRASES, type Lang } from '../conversation/offline-agent/phrases';
import { SERVICES, TEXTS } from './offline-texts';
import type { Insights } from './insights';

/**
 * Insights without a language model: deterministic rules over the claim, the reminders, the
 * emergencies and the transcript. Used when no model is configured or none gave a valid answer, so a
 * call always gets a synthesis and a next action. Everything the caller may read (`short`, `long`,
 * `justification`, shown on the report page and in the report SMS) is in the call's language (English,
 * French, Spanish, German, Italian or Portuguese; `offline-texts.ts`); `improvement_suggestions`, for
 * the team, is in English.
 *
 * Next action, first rule that applies:
 * 1. an emergency was reported → `high_priority`;
 * 2. the caller was transferred to a person (a `talk_to_human` tool call) → `requires_expertise`;
 * 3. claim fields are still empty → `customer_will_send_info` (the justification names them);
 * 4. otherwise, every field is filled → `case_closed`.
 * A transfer outranks missing fields: a transferred call almost always has some, and a colleague
 * now owns the case.
 *
 * Satisfaction, from what the caller said:
 * - asked for a person ("human", "real person", "conseiller"...) or swore → `low`;
 * - thanked us ("thanks", "merci"...) and the claim is complete → `high`;
 * - otherwise → `unknown` (the rules cannot tell).
 *
 * `short` starts with "Automatic summary:" ("Résumé automatique :") and has no final period (the
 * report SMS adds one); `long` is a short paragraph addressed to the caller: what the call was about,
 * what was noted, what is still needed, and what happens next.
 */

export interface OfflineInsightsOptions {
  /** Reminders due before this are not announced as follow-ups to come. */
  readonly now: Date;
}

export const OFFLINE_IMPROVEMENT_SUGGESTIONS =
  'No suggestions for this call: read the transcript to judge how it went.';

export function offlineInsights(call: CallState, options: OfflineInsightsOptions): Insights {
  const lang = langOf(call);
  const fields = call.initiate.claim;
  const missing = missingClaimFields(fields, call.claim);
  const filled = fields.filter((field) => !missing.includes(field));
  const transferred = wasTransferred(call);
  const said = callerWords(call);
  const complete = missing.length === 0;

  const next = nextAction(lang, call.emergencies, transferred, missing);
  const satisfaction: Synthesis['satisfaction'] =
    asksForPerson(said) || swears(said) ? 'low' : thanks(said) && complete ? 'high' : 'unknown';
  const upcoming = call.reminders.filter((r) => Date.parse(r.due_date_time) >= options.now.getTime());

  const t = TEXTS[lang];
  const long = [
    t.about(describedIncident(call)),
    filled.length > 0 ? t.noted(labels(filled, lang)) : t.notedNothing,
    complete ? t.nothingMissing : t.stillNeed(labels(missing, lang)),
    call.emergencies.length > 0 ? t.emergency(services(call.emergencies, lang)) : '',
    transferred ? t.transferred : '',
    upcoming.length > 0 ? t.followUp(upcoming.map((r) => r.title).join('; ')) : '',
  ]
    .filter((sentence) => sentence !== '')
    .join(' ');

  return {
    synthesis: {
      short: t.short(next.action),
      long,
      satisfaction,
      improvement_suggestions: OFFLINE_IMPROVEMENT_SUGGESTIONS,
    },
    next,
  };
}

function nextAction(
  lang: Lang,
  emergencies: readonly Emergency[],
  transferred: boolean,
  missing: readonly ClaimField[],
): Next {
  const t = TEXTS[lang];
  if (emergencies.length > 0) {
    return { action: 'high_priority', justification: t.whyEmergency(services(emergencies, lang)) };
  }
  if (transferred) {
    const still = missing.length > 0 ? ` ${t.whyStillMissing(labels(missing, lang))}` : '';
    return { action: 'requires_expertise', justification: `${t.whyTransferred}${still}` };
  }
  if (missing.length > 0) {
    return { action: 'customer_will_send_info', justification: t.whyMissing(labels(missing, lang)) };
  }
  return { action: 'case_closed', justification: t.whyComplete };
}

/** A `talk_to_human` tool call anywhere in the transcript. */
function wasTransferred(call: CallState): boolean {
  return call.messages.some((m) => m.tool_calls.some((c) => c.name === 'talk_to_human'));
}

/** Everything the caller said, lower-cased, without accents, with straight apostrophes. */
function callerWords(call: CallState): string {
  return call.messages
    .filter((m) => m.persona === 'human')
    .map((m) => normalise(m.content))
    .join('\n');
}

function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘`]/g, "'").toLowerCase();
}

const PERSON_REQUEST =
  /\b(human|real person|a person|someone real|representative|operator|an agent|a real agent|humain|une personne|vraie? personne|un conseiller|une conseillere|un agent|un operateur|quelqu'un d'autre|una persona|un humano|un agente|un asesor|einen menschen|einem menschen|mitarbeiter|berater|un operatore|un consulente|uma pessoa|um humano|um atendente|um consultor)\b/;
const PROFANITY =
  /\b(fuck\w*|shit\w*|bullshit|crap|asshole|bastard|damn|merde\w*|putain|connard\w*|connasse|bordel|encule\w*|salaud|mierda|joder|gilipollas|cabron|scheisse|arschloch|cazzo|vaffanculo|merda|porra|caralho)\b/;
const THANKS = /\b(thanks?|thank you|cheers|merci|je vous remercie|gracias|danke|grazie|obrigad[oa])\b/;

function asksForPerson(said: string): boolean {
  return PERSON_REQUEST.test(said);
}
function swears(said: string): boolean {
  return PROFANITY.test(said);
}
function thanks(said: string): boolean {
  return THANKS.test(said);
}

/** The caller's own description of the incident, when the claim has one, cut to a readable length. */
function describedIncident(call: CallState): string | undefined {
  const text = call.claim.incident_description?.trim();
  if (!text) return undefined;
  const oneLine = text.replace(/\s+/g, ' ').replace(/[.!?]+$/, '');
  return oneLine.length > MAX_DESCRIPTION ? `${oneLine.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…` : oneLine;
}
const MAX_DESCRIPTION = 120;

function labels(fields: readonly ClaimField[], lang: Lang): string {
  return joinList(
    fields.map((field) => fieldLabel(field, lang)),
    lang,
  );
}

function services(emergencies: readonly Emergency[], lang: Lang): string {
  const unique = [...new Set(emergencies.map((e) => e.service))];
  return joinList(
    unique.map((service) => SERVICES[lang][service]),
    lang,
  );
}

/** "a, b and c" / "a, b et c". */
function joinList(items: readonly string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  const and = PHRASES[lang].and;
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1] ?? ''}`;
}
