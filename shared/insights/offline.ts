import type { CallState, Emergency, Next, Synthesis } from '../domain/call';
import { missingClaimFields, type ClaimField } from '../domain/claim';
import { fieldLabel } from '../conversation/offline-agent/fields';
import { langOf, type Lang } from '../conversation/offline-agent/phrases';
import type { Insights } from './insights';

/**
 * Insights without a language model: deterministic rules over the claim, the reminders, the
 * emergencies and the transcript. Used when no model is configured or none gave a valid answer, so a
 * call always gets a synthesis and a next action. Everything the caller may read (`short`, `long`,
 * `justification`, shown on the report page and in the report SMS) is in the call's language (French
 * for `fr*`, else English); `improvement_suggestions`, for the team, is in English.
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
  'Produced automatically by the offline rules, without a language model: no improvement suggestions. ' +
  'Read the transcript to judge how the call went.';

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
  /\b(human|real person|a person|someone real|representative|operator|an agent|a real agent|humain|une personne|vraie? personne|un conseiller|une conseillere|un agent|un operateur|quelqu'un d'autre)\b/;
const PROFANITY =
  /\b(fuck\w*|shit\w*|bullshit|crap|asshole|bastard|damn|merde\w*|putain|connard\w*|connasse|bordel|encule\w*|salaud)\b/;
const THANKS = /\b(thanks?|thank you|cheers|merci|je vous remercie)\b/;

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
  const and = lang === 'fr' ? 'et' : 'and';
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1] ?? ''}`;
}

const SERVICES: Readonly<Record<Lang, Record<Emergency['service'], string>>> = {
  en: {
    police: 'the police',
    firefighters: 'the fire brigade',
    ambulance: 'an ambulance',
    hospital: 'the hospital',
    coast_guard: 'the coast guard',
  },
  fr: {
    police: 'la police',
    firefighters: 'les pompiers',
    ambulance: 'une ambulance',
    hospital: 'l’hôpital',
    coast_guard: 'les garde-côtes',
  },
};

interface Texts {
  short(action: Next['action']): string;
  about(incident: string | undefined): string;
  noted(labels: string): string;
  notedNothing: string;
  stillNeed(labels: string): string;
  nothingMissing: string;
  emergency(services: string): string;
  transferred: string;
  followUp(titles: string): string;
  whyEmergency(services: string): string;
  whyTransferred: string;
  whyStillMissing(labels: string): string;
  whyMissing(labels: string): string;
  whyComplete: string;
}

const TEXTS: Readonly<Record<Lang, Texts>> = {
  en: {
    short: (action) =>
      `Automatic summary: ${
        action === 'high_priority'
          ? 'emergency reported'
          : action === 'requires_expertise'
            ? 'transferred to a colleague'
            : action === 'customer_will_send_info'
              ? 'claim started, details still missing'
              : 'claim complete'
      }`,
    about: (incident) =>
      incident ? `You called us about your claim: “${incident}”.` : 'You called us about your claim.',
    noted: (labels) => `We noted ${labels}.`,
    notedNothing: 'We have not noted any detail yet.',
    stillNeed: (labels) => `We still need ${labels}: please send us this information.`,
    nothingMissing: 'We have everything we need.',
    emergency: (services) =>
      `We recorded the emergency you reported (${services}) and treat your case first.`,
    transferred: 'We transferred you to a colleague, who will follow up.',
    followUp: (titles) => `We will get back to you: ${titles}.`,
    whyEmergency: (services) => `An emergency was reported during the call (${services}).`,
    whyTransferred: 'You were transferred to a colleague who can handle your request.',
    whyStillMissing: (labels) => `Still missing: ${labels}.`,
    whyMissing: (labels) => `You still have to send us ${labels}.`,
    whyComplete: 'Every field of the claim is filled.',
  },
  fr: {
    short: (action) =>
      `Résumé automatique : ${
        action === 'high_priority'
          ? 'urgence signalée'
          : action === 'requires_expertise'
            ? 'transfert vers un conseiller'
            : action === 'customer_will_send_info'
              ? 'dossier ouvert, informations manquantes'
              : 'dossier complet'
      }`,
    about: (incident) =>
      incident
        ? `Vous nous avez appelés au sujet de votre dossier : « ${incident} ».`
        : 'Vous nous avez appelés au sujet de votre dossier.',
    noted: (labels) => `Nous avons noté ${labels}.`,
    notedNothing: 'Nous n’avons encore noté aucune information.',
    stillNeed: (labels) => `Il nous manque encore ${labels} : merci de nous transmettre ces informations.`,
    nothingMissing: 'Nous avons tout ce qu’il nous faut.',
    emergency: (services) =>
      `Nous avons enregistré l’urgence que vous avez signalée (${services}) et traitons votre dossier en priorité.`,
    transferred: 'Nous vous avons transféré à un conseiller, qui assurera le suivi.',
    followUp: (titles) => `Nous reviendrons vers vous : ${titles}.`,
    whyEmergency: (services) => `Une urgence a été signalée pendant l’appel (${services}).`,
    whyTransferred: 'Vous avez été transféré à un conseiller qui peut traiter votre demande.',
    whyStillMissing: (labels) => `Il manque encore ${labels}.`,
    whyMissing: (labels) => `Vous devez encore nous transmettre ${labels}.`,
    whyComplete: 'Toutes les informations du dossier sont renseignées.',
  },
};
