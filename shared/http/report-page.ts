import type { CallState, Emergency, Message, Next, Reminder, Synthesis } from '../domain/call';
import type { ClaimField, ClaimValues } from '../domain/claim';
import { fieldLabel } from '../conversation/offline-agent/fields';
import { langOfCode, type Lang } from '../conversation/offline-agent/phrases';
import type { Labels } from './report-labels';
import { DE, ES, IT, PT } from './report-labels-more';
import { isKnownTimeZone, timeZoneForPhone } from '../conversation/timezone';

/**
 * The caller's report page: what the call was about, what the bot understood, what happens next. It
 * is served to the caller themselves (through a signed link sent by SMS), so it shows their own data in
 * full. Plain server-rendered HTML5: one column, system fonts, inline CSS, no JavaScript, landmarks and
 * ordered headings for screen readers. Every value from the call goes through `escapeHtml`, in text
 * and in attributes alike.
 */

export interface ReportPageOptions {
  /** When the page is rendered: shown in the footer. */
  readonly now: Date;
  /** The number the "Call us back" link dials; the bot's agent number when not given. */
  readonly callBackNumber?: string;
  /** The IANA zone dates are shown in; the caller's, guessed from their number, when not given. */
  readonly timeZone?: string;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in HTML element content and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

// ---------------------------------------------------------------------------------------------------
// Labels

const EN: Labels = {
  title: 'Your call report',
  heading: (bot, company) => `Your call with ${bot} from ${company}`,
  calledOn: 'Date',
  yourNumber: 'Your number',
  status: 'Status',
  contents: 'Contents',
  summary: 'Summary',
  summaryShort: 'In short',
  summaryLong: 'In detail',
  satisfaction: 'Satisfaction',
  satisfactions: {
    terrible: 'Very low',
    low: 'Low',
    partial: 'Partial',
    high: 'High',
    unknown: 'Unknown',
  },
  beingPrepared: 'The summary is being prepared. Open this page again in a few minutes.',
  claim: 'Your claim',
  previousClaims: 'Earlier claims from this call',
  previousClaim: (n) => `Earlier claim ${n}`,
  field: 'Field',
  type: 'Type',
  value: 'Value',
  missing: 'Missing',
  reminders: 'Follow-up tasks',
  noReminders: 'No follow-up task.',
  due: 'Due',
  owner: 'Owner',
  next: 'Next step',
  nextNotDecided: 'The next step is being decided.',
  nextActions: {
    case_closed: 'Case closed',
    commercial_offer: 'A commercial offer will be made',
    customer_will_send_info: 'You will send us more information',
    high_priority: 'Handled with high priority',
    propose_new_contract: 'A new contract will be proposed',
    requires_expertise: 'An expert will review the case',
  },
  why: 'Why',
  emergencies: 'Emergencies',
  noEmergencies: 'No emergency was reported.',
  services: {
    police: 'Police',
    firefighters: 'Firefighters',
    ambulance: 'Ambulance',
    hospital: 'Hospital',
    coast_guard: 'Coast guard',
  },
  location: 'Location',
  notified: 'Emergency contact notified',
  notNotified: 'Emergency contact not notified',
  timeline: 'Conversation',
  noMessages: 'No message yet.',
  you: 'You',
  bySms: 'SMS',
  callStarted: 'Call started',
  callEnded: 'Call ended',
  lifecycle: (l) => {
    switch (l.state) {
      case 'created':
        return 'Not started yet';
      case 'ringing':
        return 'Ringing';
      case 'connected':
        return 'In progress';
      case 'ended':
        return {
          completed: 'Ended',
          not_answered: 'Not answered',
          declined: 'Declined',
          max_duration: 'Ended (time limit reached)',
          failed: 'Ended (technical problem)',
          host_restarted: 'Ended (the service restarted)',
        }[l.reason];
    }
  },
  tool: (name, args) => {
    switch (name) {
      case 'updated_claim': {
        return 'Updated the claim';
      }
      case 'new_claim':
        return 'Started a new claim';
      case 'new_or_updated_reminder': {
        const title = stringArg(args, 'title');
        return title
          ? `Created or updated a follow-up task: ${title}`
          : 'Created or updated a follow-up task';
      }
      case 'notify_emergencies':
        return 'Reported an emergency';
      case 'send_sms':
        return 'Sent you an SMS';
      case 'talk_to_human':
        return 'Transferred the call to a person';
      case 'end_call':
        return 'Ended the call';
      case 'speech_lang':
        return 'Changed the language';
      case 'speech_speed':
        return 'Changed the speaking speed';
      default:
        return 'Other action';
    }
  },
  callBack: 'Call us back',
  generated: 'Page generated on',
};

const FR: Labels = {
  title: 'Compte rendu de votre appel',
  heading: (bot, company) => `Votre appel avec ${bot} de ${company}`,
  calledOn: 'Date',
  yourNumber: 'Votre numéro',
  status: 'État',
  contents: 'Sommaire',
  summary: 'Résumé',
  summaryShort: 'En bref',
  summaryLong: 'En détail',
  satisfaction: 'Satisfaction',
  satisfactions: {
    terrible: 'Très faible',
    low: 'Faible',
    partial: 'Partielle',
    high: 'Élevée',
    unknown: 'Inconnue',
  },
  beingPrepared: 'Le résumé est en cours de préparation. Rouvrez cette page dans quelques minutes.',
  claim: 'Votre déclaration',
  previousClaims: 'Déclarations précédentes de cet appel',
  previousClaim: (n) => `Déclaration précédente ${n}`,
  field: 'Champ',
  type: 'Type',
  value: 'Valeur',
  missing: 'Manquant',
  reminders: 'Tâches de suivi',
  noReminders: 'Aucune tâche de suivi.',
  due: 'Échéance',
  owner: 'Responsable',
  next: 'Prochaine étape',
  nextNotDecided: 'La prochaine étape est en cours de décision.',
  nextActions: {
    case_closed: 'Dossier clos',
    commercial_offer: 'Une offre commerciale vous sera faite',
    customer_will_send_info: 'Vous nous enverrez des informations complémentaires',
    high_priority: 'Traité en priorité',
    propose_new_contract: 'Un nouveau contrat vous sera proposé',
    requires_expertise: 'Un expert examinera le dossier',
  },
  why: 'Pourquoi',
  emergencies: 'Urgences',
  noEmergencies: 'Aucune urgence signalée.',
  services: {
    police: 'Police',
    firefighters: 'Pompiers',
    ambulance: 'Ambulance',
    hospital: 'Hôpital',
    coast_guard: 'Garde-côtes',
  },
  location: 'Lieu',
  notified: 'Contact d’urgence prévenu',
  notNotified: 'Contact d’urgence non prévenu',
  timeline: 'Conversation',
  noMessages: 'Aucun message pour l’instant.',
  you: 'Vous',
  bySms: 'SMS',
  callStarted: 'Début de l’appel',
  callEnded: 'Fin de l’appel',
  lifecycle: (l) => {
    switch (l.state) {
      case 'created':
        return 'Pas encore commencé';
      case 'ringing':
        return 'Sonnerie en cours';
      case 'connected':
        return 'En cours';
      case 'ended':
        return {
          completed: 'Terminé',
          not_answered: 'Sans réponse',
          declined: 'Refusé',
          max_duration: 'Terminé (durée maximale atteinte)',
          failed: 'Terminé (problème technique)',
          host_restarted: 'Terminé (redémarrage du service)',
        }[l.reason];
    }
  },
  tool: (name, args) => {
    switch (name) {
      case 'updated_claim': {
        return 'Déclaration mise à jour';
      }
      case 'new_claim':
        return 'Nouvelle déclaration ouverte';
      case 'new_or_updated_reminder': {
        const title = stringArg(args, 'title');
        return title
          ? `Tâche de suivi créée ou mise à jour : ${title}`
          : 'Tâche de suivi créée ou mise à jour';
      }
      case 'notify_emergencies':
        return 'Urgence signalée';
      case 'send_sms':
        return 'SMS envoyé';
      case 'talk_to_human':
        return 'Appel transféré à un conseiller';
      case 'end_call':
        return 'Appel terminé';
      case 'speech_lang':
        return 'Changement de langue';
      case 'speech_speed':
        return 'Changement de débit de parole';
      default:
        return 'Autre action';
    }
  },
  callBack: 'Nous rappeler',
  generated: 'Page générée le',
};

/** The labels for a BCP 47 tag, by its language (fr-CA is French); English for any other. */
export function labelsFor(language: string): Labels {
  const byLanguage: Readonly<Record<string, Labels>> = { fr: FR, es: ES, de: DE, it: IT, pt: PT };
  return byLanguage[language.toLowerCase().split('-')[0] ?? ''] ?? EN;
}

function parseArgs(raw: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringArg(args: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = args?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Dates

interface DateFormat {
  readonly long: (iso: string | Date) => string;
  readonly short: (iso: string | Date) => string;
}

function safeLocale(locale: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale])[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

function dateFormat(language: string, timeZone: string): DateFormat {
  const locale = safeLocale(language);
  const zone = isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  const long = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  const short = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  const apply = (f: Intl.DateTimeFormat) => (value: string | Date) => {
    const date = value instanceof Date ? value : new Date(value);
    return Number.isFinite(date.getTime()) ? f.format(date) : String(value);
  };
  return { long: apply(long), short: apply(short) };
}

/** A `<time>` element: the machine-readable instant in `datetime`, the localised text inside. */
function time(value: string | Date, text: string): string {
  const iso = value instanceof Date ? value.toISOString() : value;
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(text)}</time>`;
}

// ---------------------------------------------------------------------------------------------------
// Page

const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1.0625rem;line-height:1.55;color:#1a1a1a;background:#ffffff}
header,main,nav,footer{max-width:40rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid #d0d0d0}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.25rem;margin:2rem 0 .75rem;padding-top:.5rem;border-top:2px solid #1a1a1a}
h3{font-size:1.0625rem;margin:1.25rem 0 .5rem}
p,ul,ol,dl{margin:.5rem 0}
a{color:#0b4f9c;text-decoration:underline}
a:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
dl.facts{display:grid;grid-template-columns:minmax(6rem,40%) minmax(0,1fr);gap:.25rem 1rem}
dl.facts dt{font-weight:600;overflow-wrap:anywhere}
dl.facts dd{margin:0;overflow-wrap:anywhere}
@media (max-width:30rem){dl.facts{grid-template-columns:minmax(0,1fr);gap:0}dl.facts dd{margin-bottom:.6rem}}
.muted{color:#4a4a4a}
.card{border:1px solid #d0d0d0;border-radius:.5rem;padding:.75rem;margin:.75rem 0}
.card dl{display:block}
.card dt{font-weight:600;margin-top:.5rem}
.card dd{margin:0;overflow-wrap:anywhere}
.field-type{color:#4a4a4a;font-size:1rem}
.missing{display:inline-block;font-weight:700;color:#8a1111;background:#fdeeee;border:1px solid #8a1111;border-radius:.25rem;padding:0 .4rem}
.missing::before{content:"\\26A0\\FE0E  "}
ol.timeline{list-style:none;padding:0}
ol.timeline li{border-left:3px solid #d0d0d0;padding:.25rem 0 .75rem .75rem}
ol.timeline li.human{border-left-color:#0b4f9c}
.who{font-weight:600}
.note{font-style:italic;color:#4a4a4a}
.long{white-space:pre-line}
.callback{display:block;text-align:center;font-size:1.125rem;font-weight:700;padding:.85rem 1rem;border-radius:.5rem;background:#0b4f9c;color:#ffffff;text-decoration:none;margin:1rem 0}
.callback:focus-visible{outline:3px solid #1a1a1a}
nav ul{padding-left:1.25rem}
.plain{list-style:none;padding:0}
footer{border-top:1px solid #d0d0d0;color:#4a4a4a}
`;

/** The whole report page for `call`, as an HTML5 document. */
export function renderReportPage(call: CallState, options: ReportPageOptions): string {
  const t = labelsFor(call.language);
  const dates = dateFormat(call.language, options.timeZone ?? timeZoneForPhone(call.initiate.phone_number));
  const { bot_name: bot, bot_company: company } = call.initiate;
  const callBackNumber = options.callBackNumber ?? call.initiate.agent_phone_number;
  const lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(call.language) ? call.language : 'en';

  const sections: ReadonlyArray<{ id: string; title: string; body: string }> = [
    { id: 'summary', title: t.summary, body: renderSynthesis(call.synthesis, t) },
    { id: 'claim', title: t.claim, body: renderClaimSection(call, t, dates) },
    { id: 'next', title: t.next, body: renderNext(call.next, t) },
    { id: 'reminders', title: t.reminders, body: renderReminders(call.reminders, t, dates) },
    { id: 'emergencies', title: t.emergencies, body: renderEmergencies(call.emergencies, t, dates) },
    { id: 'timeline', title: t.timeline, body: renderTimeline(call.messages, bot, t, dates) },
  ];

  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(t.title)} · ${escapeHtml(company)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<p class="muted">${escapeHtml(t.title)}</p>`,
    `<h1>${escapeHtml(t.heading(bot, company))}</h1>`,
    '<dl class="facts">',
    `<dt>${escapeHtml(t.calledOn)}</dt><dd>${time(call.created_at, dates.long(call.created_at))}</dd>`,
    `<dt>${escapeHtml(t.yourNumber)}</dt><dd>${escapeHtml(call.initiate.phone_number)}</dd>`,
    `<dt>${escapeHtml(t.status)}</dt><dd>${escapeHtml(t.lifecycle(call.lifecycle))}</dd>`,
    '</dl>',
    renderCallBack(callBackNumber, t),
    '</header>',
    `<nav aria-label="${escapeHtml(t.contents)}">`,
    `<h2 id="contents">${escapeHtml(t.contents)}</h2>`,
    '<ul>',
    ...sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`),
    '</ul>',
    '</nav>',
    '<main>',
    ...sections.map(
      (s) =>
        `<section aria-labelledby="${escapeHtml(s.id)}">\n<h2 id="${escapeHtml(s.id)}">${escapeHtml(s.title)}</h2>\n${s.body}\n</section>`,
    ),
    '</main>',
    '<footer>',
    renderCallBack(callBackNumber, t),
    `<p>${escapeHtml(t.generated)} ${time(options.now, dates.long(options.now))}.</p>`,
    '</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function renderCallBack(number: string, t: Labels): string {
  const dial = number.replace(/[^\d+]/g, '');
  return `<p><a class="callback" href="tel:${escapeHtml(dial)}">${escapeHtml(t.callBack)}: ${escapeHtml(number)}</a></p>`;
}

function renderSynthesis(synthesis: Synthesis | null, t: Labels): string {
  if (!synthesis) return `<p>${escapeHtml(t.beingPrepared)}</p>`;
  return [
    '<dl class="facts">',
    `<dt>${escapeHtml(t.summaryShort)}</dt><dd>${escapeHtml(synthesis.short)}</dd>`,
    `<dt>${escapeHtml(t.satisfaction)}</dt><dd>${escapeHtml(t.satisfactions[synthesis.satisfaction])}</dd>`,
    '</dl>',
    `<h3>${escapeHtml(t.summaryLong)}</h3>`,
    `<p class="long">${escapeHtml(synthesis.long)}</p>`,
  ].join('\n');
}

function renderClaimSection(call: CallState, t: Labels, dates: DateFormat): string {
  const lang = langOfCode(call.language);
  const parts = [renderClaim(call.initiate.claim, call.claim, t, dates, lang)];
  if (call.previous_claims.length > 0) {
    parts.push(`<h3>${escapeHtml(t.previousClaims)}</h3>`);
    call.previous_claims.forEach((claim, index) => {
      parts.push(`<p class="muted">${escapeHtml(t.previousClaim(index + 1))}</p>`);
      parts.push(renderClaim(call.initiate.claim, claim, t, dates, lang));
    });
  }
  return parts.join('\n');
}

/**
 * One card per field: a label a person reads ("Your e-mail address", "When the problem was first
 * noticed"; never the field's internal name or type), its value (a date in the page's time zone) or a
 * marked "Missing".
 */
function renderClaim(
  fields: readonly ClaimField[],
  values: ClaimValues,
  t: Labels,
  dates: DateFormat,
  lang: Lang,
): string {
  const known = new Set(fields.map((f) => f.name));
  const all: ClaimField[] = [
    ...fields,
    // Values stored under a name the request no longer lists are still the caller's: show them as text.
    ...Object.keys(values)
      .filter((name) => !known.has(name))
      .map((name): ClaimField => ({ name, type: 'text' })),
  ];
  return [
    '<dl class="facts">',
    ...all.map((field) => {
      const label = capitalise(fieldLabel(field, lang));
      const value = values[field.name];
      const shown =
        value === null || value === undefined || value.trim() === ''
          ? `<strong class="missing">${escapeHtml(t.missing)}</strong>`
          : field.type === 'datetime' && /T\d{2}:\d{2}/.test(value)
            ? time(value, dates.long(value))
            : escapeHtml(value);
      return `<dt>${escapeHtml(label)}</dt><dd>${shown}</dd>`;
    }),
    '</dl>',
  ].join('\n');
}

function renderNext(next: Next | null, t: Labels): string {
  if (!next) return `<p>${escapeHtml(t.nextNotDecided)}</p>`;
  return [
    `<p><strong>${escapeHtml(t.nextActions[next.action])}</strong></p>`,
    '<dl class="facts">',
    `<dt>${escapeHtml(t.why)}</dt><dd>${escapeHtml(next.justification)}</dd>`,
    '</dl>',
  ].join('\n');
}

function renderReminders(reminders: readonly Reminder[], t: Labels, dates: DateFormat): string {
  if (reminders.length === 0) return `<p>${escapeHtml(t.noReminders)}</p>`;
  const sorted = [...reminders].sort(
    (a, b) => Date.parse(a.due_date_time) - Date.parse(b.due_date_time) || a.title.localeCompare(b.title),
  );
  return [
    '<ol class="plain">',
    ...sorted.map((r) =>
      [
        '<li class="card">',
        `<h3>${escapeHtml(r.title)}</h3>`,
        '<dl>',
        `<dt>${escapeHtml(t.due)}</dt><dd>${time(r.due_date_time, dates.long(r.due_date_time))}</dd>`,
        `<dt>${escapeHtml(t.owner)}</dt><dd>${escapeHtml(r.owner)}</dd>`,
        '</dl>',
        r.description.trim() !== '' ? `<p>${escapeHtml(r.description)}</p>` : '',
        '</li>',
      ]
        .filter(Boolean)
        .join('\n'),
    ),
    '</ol>',
  ].join('\n');
}

function renderEmergencies(emergencies: readonly Emergency[], t: Labels, dates: DateFormat): string {
  if (emergencies.length === 0) return `<p>${escapeHtml(t.noEmergencies)}</p>`;
  return [
    '<ul class="plain">',
    ...emergencies.map((e) =>
      [
        '<li class="card">',
        `<h3>${escapeHtml(t.services[e.service])}</h3>`,
        '<dl>',
        `<dt>${escapeHtml(t.calledOn)}</dt><dd>${time(e.created_at, dates.long(e.created_at))}</dd>`,
        `<dt>${escapeHtml(t.why)}</dt><dd>${escapeHtml(e.reason)}</dd>`,
        e.location.trim() !== ''
          ? `<dt>${escapeHtml(t.location)}</dt><dd>${escapeHtml(e.location)}</dd>`
          : '',
        '</dl>',
        `<p>${escapeHtml(e.notified ? t.notified : t.notNotified)}</p>`,
        '</li>',
      ]
        .filter(Boolean)
        .join('\n'),
    ),
    '</ul>',
  ].join('\n');
}

function renderTimeline(messages: readonly Message[], bot: string, t: Labels, dates: DateFormat): string {
  if (messages.length === 0) return `<p>${escapeHtml(t.noMessages)}</p>`;
  const items = messages.map((m) => {
    const who = m.persona === 'human' ? t.you : bot;
    const channel = m.action === 'sms' ? ` · ${t.bySms}` : '';
    const lines: string[] = [];
    const content = m.content.trim();
    if (content !== '') lines.push(`<p>${escapeHtml(content)}</p>`);
    else if (m.action === 'call') lines.push(`<p class="note">${escapeHtml(t.callStarted)}</p>`);
    else if (m.action === 'hangup') lines.push(`<p class="note">${escapeHtml(t.callEnded)}</p>`);
    for (const call of m.tool_calls) {
      lines.push(`<p class="note">${escapeHtml(t.tool(call.name, parseArgs(call.arguments)))}</p>`);
    }
    if (lines.length === 0) return '';
    return [
      `<li class="${m.persona === 'human' ? 'human' : 'assistant'}">`,
      `<p><span class="who">${escapeHtml(who)}</span>${escapeHtml(channel)} · ${time(m.created_at, dates.short(m.created_at))}</p>`,
      ...lines,
      '</li>',
    ].join('\n');
  });
  return ['<ol class="timeline">', ...items.filter(Boolean), '</ol>'].join('\n');
}
