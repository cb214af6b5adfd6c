import type { CallState, Emergency, Message, Next, Reminder, Synthesis } from '../domain/call';
import type { ClaimField, ClaimValues } from '../domain/claim';
import { fieldLabel } from '../conversation/offline-agent/fields';
import { langOfCode, type Lang } from '../conversation/offline-agent/phrases';
import { timeZoneForPhone } from '../conversation/timezone';
import { escapeHtml, htmlHead } from './html';
import type { Labels } from './report-labels';
import { dateFormat, labelsFor, time, type DateFormat } from './report-locale';
import { REPORT_PAGE_CSS } from './report-page-style';

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
    htmlHead({ lang, title: `${t.title} · ${company}`, style: REPORT_PAGE_CSS, noReferrer: true }),
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

/** A tool call's arguments, as the model wrote them: an object, or nothing when they are not one. */
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
