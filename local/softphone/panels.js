/**
 * The side panels, drawn from the call as stored (`{"type":"call"}` messages): claim, reminders, SMS,
 * call facts, and the post-call synthesis. Each function replaces its panel's content.
 */

import { h, humanize, timeElement } from './dom.js';

const TYPE_LABELS = { text: 'text', email: 'email', phone_number: 'phone', datetime: 'date/time' };

const END_REASONS = {
  completed: 'completed',
  declined: 'declined',
  not_answered: 'not answered',
  failed: 'failed',
  max_duration: 'maximum duration reached',
  host_restarted: 'the service restarted',
};

export function endReasonText(reason) {
  return END_REASONS[reason] ?? String(reason ?? 'unknown').replace(/_/g, ' ');
}

function isMissing(value) {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Claim table: every declared field (then any extra stored one), its type, its value or "missing". */
export function renderClaim({ body, summary }, call) {
  const declared = Array.isArray(call?.initiate?.claim) ? call.initiate.claim : [];
  const values = call?.claim && typeof call.claim === 'object' ? call.claim : {};
  const fields = declared.filter((field) => field && typeof field.name === 'string');
  const names = new Set(fields.map((field) => field.name));
  for (const name of Object.keys(values)) if (!names.has(name)) fields.push({ name, type: 'text' });

  let filled = 0;
  const rows = fields.map((field) => {
    const value = values[field.name];
    const missing = isMissing(value);
    if (!missing) filled++;
    return h(
      'tr',
      { 'data-field': field.name, class: missing ? 'is-missing' : null },
      h(
        'th',
        { scope: 'row' },
        h('span', { class: 'field-name' }, humanize(field.name)),
        field.description ? h('span', { class: 'field-description' }, field.description) : null,
      ),
      h('td', { class: 'field-type' }, TYPE_LABELS[field.type] ?? String(field.type ?? '')),
      missing
        ? h('td', { class: 'value missing' }, h('span', { class: 'missing-tag' }, 'missing'))
        : h('td', { class: 'value' }, String(value)),
    );
  });
  if (rows.length === 0) rows.push(h('tr', {}, h('td', { colspan: 3, class: 'empty' }, 'No claim yet.')));
  body.replaceChildren(...rows);
  summary.textContent = fields.length ? `${filled} of ${fields.length} fields filled.` : '';
}

/** Reminders, soonest due first. */
export function renderReminders(list, call) {
  const reminders = Array.isArray(call?.reminders) ? [...call.reminders] : [];
  const due = (reminder) => {
    const time = Date.parse(reminder?.due_date_time);
    return Number.isNaN(time) ? Infinity : time;
  };
  reminders.sort((a, b) => due(a) - due(b));
  list.replaceChildren(
    ...(reminders.length
      ? reminders.map((reminder) =>
          h(
            'li',
            { class: 'reminder' },
            h('p', { class: 'reminder-title' }, String(reminder.title ?? '')),
            reminder.description ? h('p', {}, String(reminder.description)) : null,
            h(
              'p',
              { class: 'meta' },
              'Due ',
              timeElement(reminder.due_date_time),
              reminder.owner ? ` · owner: ${reminder.owner}` : '',
            ),
          ),
        )
      : [h('li', { class: 'empty' }, 'No reminders.')]),
  );
}

/**
 * Texts, newest first: the call's messages with action "sms", then texts this phone received
 * (`{"type":"sms"}`) that the call does not already hold.
 */
export function renderSms(list, call, received, botName) {
  const messages = Array.isArray(call?.messages) ? call.messages : [];
  const texts = messages
    .filter((message) => message?.action === 'sms')
    .map((message) => ({
      at: message.created_at,
      from: message.persona === 'human' ? 'From the caller' : `From ${botName || 'the bot'}`,
      content: String(message.content ?? ''),
    }));
  const known = new Set(texts.map((text) => text.content));
  for (const text of received) if (!known.has(text.content)) texts.push(text);
  texts.sort((a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0));
  list.replaceChildren(
    ...(texts.length
      ? texts.map((text) =>
          h(
            'li',
            { class: 'sms' },
            h('p', { class: 'meta' }, text.from, ' · ', timeElement(text.at)),
            h('p', { class: 'sms-body' }, text.content),
          ),
        )
      : [h('li', { class: 'empty' }, 'No texts.')]),
  );
}

/** Call facts as a description list. */
export function renderCallInfo(list, call) {
  if (!call) {
    list.replaceChildren(h('div', {}, h('dt', {}, 'State'), h('dd', {}, 'No call yet')));
    return;
  }
  const lifecycle = call.lifecycle ?? {};
  const state =
    lifecycle.state === 'ended'
      ? `ended (${endReasonText(lifecycle.reason)})`
      : String(lifecycle.state ?? 'unknown');
  const initiate = call.initiate ?? {};
  const bot = [initiate.bot_name, initiate.bot_company].filter(Boolean).join(', ');
  const rows = [
    ['State', state],
    ['Call ID', h('code', {}, String(call.call_id ?? ''))],
    ['Number', initiate.phone_number],
    ['Bot', bot],
    ['Language', typeof call.language === 'string' ? call.language : initiate.lang?.default_short_code],
    ['Started at', call.created_at ? timeElement(call.created_at) : null],
  ];
  list.replaceChildren(
    ...rows
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
  );
}

/** The synthesis written after the call, or a note that it is on its way. */
export function renderSynthesis(container, call) {
  const synthesis = call?.synthesis;
  if (!synthesis) {
    container.replaceChildren(h('p', { class: 'meta' }, 'The summary is being written…'));
    return;
  }
  const next = call.next;
  container.replaceChildren(
    h('h3', {}, 'Summary'),
    synthesis.short ? h('p', { class: 'synthesis-short' }, String(synthesis.short)) : null,
    synthesis.long ? h('p', {}, String(synthesis.long)) : null,
    h(
      'dl',
      { class: 'facts' },
      synthesis.satisfaction
        ? h('div', {}, h('dt', {}, 'Satisfaction'), h('dd', {}, String(synthesis.satisfaction)))
        : null,
      synthesis.improvement_suggestions
        ? h('div', {}, h('dt', {}, 'Could improve'), h('dd', {}, String(synthesis.improvement_suggestions)))
        : null,
      next?.action
        ? h(
            'div',
            {},
            h('dt', {}, 'Next step'),
            h('dd', {}, humanize(next.action), next.justification ? `: ${next.justification}` : ''),
          )
        : null,
    ),
  );
}
