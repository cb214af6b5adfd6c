import { describe, expect, it } from 'vitest';
import type { CallState } from '../../shared/domain/call';
import { escapeHtml } from '../../shared/http/html';
import { renderReportPage } from '../../shared/http/report-page';
import { makeCall } from '../support/calls';

const NOW = new Date('2026-03-10T09:30:00Z');
const XSS = '<script>alert(1)</script>';
const XSS_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

/** A finished call with every section filled, in `language`. */
function fullCall(language = 'en-US', overrides: Partial<CallState> = {}): CallState {
  const call = makeCall({}, new Date('2026-03-09T14:05:00Z'));
  return {
    ...call,
    language,
    lifecycle: { state: 'ended', reason: 'completed', ended_at: '2026-03-09T14:15:00Z' },
    claim: {
      ...call.claim,
      hardware_info: 'Dell laptop, model XPS 13',
      policyholder_name: 'Jeanne Martin',
      policyholder_email: 'jeanne@example.com',
      // first_seen, building_location and policyholder_phone stay missing
    },
    messages: [
      {
        created_at: '2026-03-09T14:05:10Z',
        persona: 'assistant',
        action: 'call',
        content: '',
        style: 'none',
        tool_calls: [],
      },
      {
        created_at: '2026-03-09T14:05:20Z',
        persona: 'assistant',
        action: 'talk',
        content: 'Hello, this is Amélie from Contoso IT support.',
        style: 'none',
        tool_calls: [],
      },
      {
        created_at: '2026-03-09T14:06:00Z',
        persona: 'human',
        action: 'talk',
        content: 'My laptop screen flickers.',
        style: 'none',
        tool_calls: [],
      },
      {
        created_at: '2026-03-09T14:07:00Z',
        persona: 'assistant',
        action: 'talk',
        content: '',
        style: 'none',
        tool_calls: [
          {
            id: 't1',
            name: 'updated_claim',
            arguments: JSON.stringify({
              updates: [{ field: 'policyholder_email', value: 'jeanne@example.com' }],
            }),
            result: 'Stored policyholder_email.',
          },
        ],
      },
      {
        created_at: '2026-03-09T14:12:00Z',
        persona: 'assistant',
        action: 'sms',
        content: 'Here is your ticket number: 4521.',
        style: 'none',
        tool_calls: [],
      },
      {
        created_at: '2026-03-09T14:15:00Z',
        persona: 'assistant',
        action: 'hangup',
        content: '',
        style: 'none',
        tool_calls: [],
      },
    ],
    reminders: [
      {
        title: 'Ship a replacement screen',
        description: 'Order part 123.',
        due_date_time: '2026-03-12T10:00:00Z',
        owner: 'IT support',
        created_at: '2026-03-09T14:10:00Z',
      },
      {
        title: 'Call back about the diagnosis',
        description: '',
        due_date_time: '2026-03-10T16:00:00Z',
        owner: 'Amélie',
        created_at: '2026-03-09T14:11:00Z',
      },
    ],
    emergencies: [
      {
        service: 'firefighters',
        reason: 'Smoke from the laptop charger',
        location: 'Building B, floor 2',
        created_at: '2026-03-09T14:08:00Z',
        notified: true,
      },
    ],
    synthesis: {
      short: 'Laptop screen flickers; replacement ordered.',
      long: 'The caller reported a flickering screen.\nA replacement was ordered.',
      satisfaction: 'high',
      improvement_suggestions: 'none',
    },
    next: { action: 'requires_expertise', justification: 'A technician must check the charger.' },
    ...overrides,
  };
}

function render(call: CallState, callBackNumber?: string): string {
  return renderReportPage(call, callBackNumber ? { now: NOW, callBackNumber } : { now: NOW });
}

describe('renderReportPage', () => {
  it('is a mobile-friendly HTML5 document with landmarks and no script', () => {
    const html = render(fullCall());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="en-US">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<meta charset="utf-8">');
    for (const landmark of ['<header>', '<main>', '<nav ', '<footer>']) expect(html).toContain(landmark);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son\w+=/i); // no inline event handlers
    expect(html).not.toMatch(/<link\b|src=/i); // no external resources
    expect(html).toMatch(/font-family:system-ui/);
  });

  it('has its headings in order: one h1, then h2 and h3 without skipping a level', () => {
    const html = render(fullCall());
    const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    for (let i = 1; i < levels.length; i++) {
      expect((levels[i] as number) - (levels[i - 1] as number)).toBeLessThanOrEqual(1);
    }
  });

  it('shows who called and when, with the caller’s full number', () => {
    const html = render(fullCall());
    expect(html).toContain('Your call with Amélie from Contoso');
    expect(html).toContain('+33612345678');
    expect(html).toMatch(/<time datetime="2026-03-09T14:05:00.000Z">[^<]*March[^<]*2026/);
    // In the caller's zone (Paris, UTC+1 in March), in English: 3:05 PM.
    expect(html).toMatch(/3:05\sPM/);
    expect(html).toContain('Ended');
  });

  it('shows every section', () => {
    const html = render(fullCall());
    for (const id of ['summary', 'claim', 'next', 'reminders', 'emergencies', 'timeline']) {
      expect(html).toContain(`<h2 id="${id}">`);
      expect(html).toContain(`<a href="#${id}">`);
    }
    // Synthesis
    expect(html).toContain('Laptop screen flickers; replacement ordered.');
    expect(html).toContain('The caller reported a flickering screen.');
    expect(html).toContain('High');
    // Next action
    expect(html).toContain('An expert will review the case');
    expect(html).toContain('A technician must check the charger.');
    // Emergencies
    expect(html).toContain('Firefighters');
    expect(html).toContain('Smoke from the laptop charger');
    expect(html).toContain('Building B, floor 2');
    expect(html).toContain('Emergency contact notified');
    // Timeline: voice, SMS, tool notes, start and end of the call
    expect(html).toContain('My laptop screen flickers.');
    expect(html).toContain('Here is your ticket number: 4521.');
    expect(html).toMatch(/Amélie<\/span> · SMS/);
    expect(html).toContain('Updated the claim');
    expect(html).not.toContain('policyholder_'); // internal field names stay internal
    expect(html).not.toContain('Stored policyholder_email.'); // tool results stay internal
    expect(html).toContain('Call started');
    expect(html).toContain('Call ended');
    expect(html).toContain('<time datetime="2026-03-09T14:06:00Z">');
  });

  it('lists reminders by due date', () => {
    const html = render(fullCall());
    const soon = html.indexOf('Call back about the diagnosis');
    const later = html.indexOf('Ship a replacement screen');
    expect(soon).toBeGreaterThan(0);
    expect(later).toBeGreaterThan(soon);
    expect(html).toContain('IT support');
    expect(html).toContain('Order part 123.');
  });

  it('shows each claim field by a label a person reads, never its internal name or type, and marks missing ones in text', () => {
    const html = render(fullCall());
    // The caller reads "Your e-mail address", not "policyholder_email (E-mail)".
    expect(html).toContain('<dt>Your e-mail address</dt>');
    expect(html).toContain('<dt>The hardware info</dt><dd>Dell laptop, model XPS 13</dd>');
    expect(html).not.toContain('(E-mail)');
    expect(html).not.toContain('(Date and time)');
    expect(html).not.toMatch(/policyholder_|hardware_info|first_seen/);
    // The bot's instructions are not the caller's business.
    expect(html).not.toContain('Purpose');
    // first_seen, building_location, policyholder_phone
    expect(html.match(/>Missing</g)).toHaveLength(3);
  });

  it('says the summary is being prepared while there is none', () => {
    const html = render(fullCall('en-US', { synthesis: null, next: null }));
    expect(html).toContain('The summary is being prepared');
    expect(html).toContain('The next step is being decided.');
  });

  it('links to call back: the given number, else the agent number', () => {
    expect(render(fullCall(), '+1 425 555 0100')).toContain('href="tel:+14255550100"');
    expect(render(fullCall())).toContain('href="tel:+33687654321"');
  });

  it('escapes every value: claim, messages, reminders, synthesis, names (and never shows the task)', () => {
    const base = fullCall();
    const call = fullCall('en-US', {
      initiate: {
        ...base.initiate,
        task: `Task ${XSS}`,
        bot_name: `Bot ${XSS}`,
        bot_company: 'A "quoted" Co',
      },
      claim: { ...base.claim, hardware_info: XSS },
      messages: [
        { ...base.messages[1]!, content: `Said ${XSS}` },
        {
          ...base.messages[3]!,
          tool_calls: [
            {
              id: 't2',
              name: 'new_or_updated_reminder',
              arguments: JSON.stringify({ title: `Rem ${XSS}` }),
            },
          ],
        },
      ],
      reminders: [{ ...base.reminders[0]!, title: `Title ${XSS}`, owner: `Owner ${XSS}` }],
      synthesis: { ...base.synthesis!, short: `Short ${XSS}`, long: `Long ${XSS}` },
      next: { action: 'case_closed', justification: `Because ${XSS}` },
      emergencies: [{ ...base.emergencies[0]!, reason: `Reason ${XSS}` }],
    });
    const html = render(call, '+33 1 "23" <45>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('"quoted"');
    expect(html).not.toContain('Task ');
    for (const prefix of ['Bot', 'Said', 'Rem', 'Title', 'Owner', 'Short', 'Long', 'Because', 'Reason']) {
      expect(html).toContain(`${prefix} ${XSS_ESCAPED}`);
    }
    expect(html).toContain(`<dd>${XSS_ESCAPED}</dd>`);
    expect(html).toContain('A &quot;quoted&quot; Co');
    // The call-back number is shown escaped, and dialled as digits only.
    expect(html).toContain('href="tel:+3312345"');
    expect(html).toContain('+33 1 &quot;23&quot; &lt;45&gt;');
  });

  it('escapes quotes in attributes', () => {
    const call = fullCall('en" onload="alert(1)');
    const html = render(call);
    expect(html).not.toContain('onload="alert');
    expect(html).toContain('<html lang="en">');
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });

  it('speaks Spanish, German, Italian and Portuguese too, with labels a person reads', () => {
    const headings: Record<string, string[]> = {
      'es-ES': ['Resumen', 'Su declaración', 'Siguiente paso', 'Emergencias', 'Conversación'],
      'de-DE': ['Zusammenfassung', 'Ihre Meldung', 'Nächster Schritt', 'Notfälle', 'Gespräch'],
      'it-IT': ['Riepilogo', 'La sua denuncia', 'Prossimo passo', 'Emergenze', 'Conversazione'],
      'pt-PT': ['Resumo', 'A sua participação', 'Próximo passo', 'Emergências', 'Conversa'],
    };
    for (const [language, titles] of Object.entries(headings)) {
      const html = render(fullCall(language));
      expect(html).toContain(`<html lang="${language}">`);
      for (const heading of titles) expect(html).toMatch(new RegExp(`<h2 id="\\w+">${heading}</h2>`));
    }
    const spanish = render(fullCall('es-ES'));
    expect(spanish).toContain('<dt>Su correo electrónico</dt>');
    expect(spanish).not.toMatch(/policyholder_|Your report|Updated the claim/);
  });

  it('speaks French when the call is in French', () => {
    const html = render(fullCall('fr-FR'));
    expect(html).toContain('<html lang="fr-FR">');
    for (const heading of [
      'Résumé',
      'Votre déclaration',
      'Prochaine étape',
      'Tâches de suivi',
      'Urgences',
      'Conversation',
    ]) {
      expect(html).toMatch(new RegExp(`<h2 id="\\w+">${heading}</h2>`));
    }
    expect(html).toContain('Votre appel avec Amélie de Contoso');
    expect(html).toContain('>Manquant<');
    expect(html).toContain('Nous rappeler');
    expect(html).toContain('Déclaration mise à jour');
    // French dates: "lundi 9 mars 2026", 24-hour clock in Paris time.
    expect(html).toMatch(/lundi 9 mars 2026[^<]*15:05/);
    expect(html).not.toContain('Missing');
  });
});
