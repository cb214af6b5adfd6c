import { describe, expect, it } from 'vitest';
import { DEFAULT_LANGUAGE_TEMPLATES } from '../../../shared/conversation/prompt-languages';
import {
  DEFAULT_TEMPLATES,
  TEMPLATE_KINDS,
  mergeTemplates,
  parseTemplateOverrides,
  templateOverridesSchema,
  type CannedKind,
  type PromptTemplates,
} from '../../../shared/conversation/prompt-templates';
import {
  buildSystemPrompt,
  cannedPhrase,
  pickVariant,
  renderTemplate,
} from '../../../shared/conversation/prompts';
import { cleanMarkup } from '../../../shared/conversation/style';
import type { CallState } from '../../../shared/domain/call';
import { makeCall } from '../../support/calls';

const NOW = new Date('2026-11-23T22:05:00Z');
const CANNED: CannedKind[] = [
  'hello',
  'hello_resumed',
  'filler',
  'goodbye',
  'refusal',
  'timeout',
  'silence',
  'error',
];

/** A call with the default claim (policyholder fields and the insurance claim). */
function defaultClaimCall(overrides: Parameters<typeof makeCall>[0] = {}): CallState {
  return makeCall({ claim: undefined, task: undefined, ...overrides });
}

function frenchCall(): CallState {
  return defaultClaimCall({ lang: { default_short_code: 'fr-FR' } });
}

/** A `random` that returns the given values in turn. */
function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length] ?? 0;
}

describe('buildSystemPrompt', () => {
  it('holds the persona, the task, every claim field with its value or "missing", and what is missing', () => {
    const call = defaultClaimCall();
    call.claim.policyholder_name = 'Jane Doe';
    call.claim.incident_location = 'Rue de Rivoli,\n75001 Paris';
    const prompt = buildSystemPrompt(call, { now: NOW });

    expect(prompt).toContain('You are Amélie, an AI assistant at Contoso');
    expect(prompt).toContain(call.initiate.task);
    for (const field of call.initiate.claim) {
      const value = call.claim[field.name];
      const line = prompt.split('\n').find((l) => l.startsWith(`- ${field.name} (`));
      expect(line, field.name).toBeDefined();
      expect(line).toContain(field.type);
      if (field.description) expect(line).toContain(field.description);
      expect(line).toMatch(value == null ? /: missing$/ : /: "[^"]+"$/);
    }
    expect(prompt).toContain('- policyholder_name (text, The caller\'s full name): "Jane Doe"');
    // A value stays on its line.
    expect(prompt).toContain('"Rue de Rivoli, 75001 Paris"');
    expect(prompt).toMatch(/Still missing: policyholder_email, policyholder_phone, incident_datetime,/);
    expect(prompt).not.toMatch(/Still missing:[^\n]*policyholder_name/);
  });

  it('gives the date and time on the caller’s clock, and the spoken-style rules', () => {
    const paris = buildSystemPrompt(defaultClaimCall(), { now: NOW });
    // The date as the call's language (en-US) writes it.
    expect(paris).toMatch(/Monday, November 23, 2026, 23:05 \(Europe\/Paris\), UTC offset \+01:00/);
    expect(paris).toContain('[style=cheerful]');
    expect(paris).toContain('[style=sad]');
    expect(paris).toMatch(/at most two questions/);
    expect(paris).toContain('English (en-US)');
    expect(paris).toContain('French (fr-FR)');

    const newYork = buildSystemPrompt(defaultClaimCall({ phone_number: '+12125550123' }), { now: NOW });
    expect(newYork).toMatch(/Monday,? November 23, 2026, 17:05 \(America\/New_York\), UTC offset -05:00/);

    const summer = buildSystemPrompt(defaultClaimCall(), { now: new Date('2026-07-01T12:00:00Z') });
    expect(summer).toContain('14:00 (Europe/Paris), UTC offset +02:00');
  });

  it('states the call’s language and, in it, the date', () => {
    const prompt = buildSystemPrompt(frenchCall(), { now: NOW });
    expect(prompt).toContain('Speak French (fr-FR).');
    expect(prompt).toContain('lundi 23 novembre 2026, 23:05 (Europe/Paris)');
  });

  it('lists reminders, and names the human to transfer to', () => {
    const call = defaultClaimCall();
    expect(buildSystemPrompt(call, { now: NOW })).toMatch(/Reminders:\nnone\n/);
    expect(buildSystemPrompt(call, { now: NOW })).toContain('transfer the call to a human colleague');
    call.reminders.push({
      title: 'Call back',
      description: 'About the repair quote',
      due_date_time: '2026-11-24T09:00:00+01:00',
      owner: 'Amélie',
      created_at: NOW.toISOString(),
    });
    const prompt = buildSystemPrompt(call, { now: NOW, agentName: 'Marc from the claims team' });
    expect(prompt).toContain(
      '- "Call back", due 2026-11-24T09:00:00+01:00, owner "Amélie": "About the repair quote"',
    );
    expect(prompt).toContain('transfer the call to Marc from the claims team');
  });

  it('stays compact: the model reads it every turn', () => {
    const prompt = buildSystemPrompt(defaultClaimCall(), { now: NOW });
    expect(prompt.length).toBeLessThan(4_000);
    expect(prompt).not.toMatch(/\{[a-z_]+\}/);
  });

  it('uses the overridden system template', () => {
    const templates = mergeTemplates(DEFAULT_TEMPLATES, {
      system: ['{bot_name} of {bot_company}. {task} Missing: {missing}. Now: {date}.'],
    });
    const call = defaultClaimCall({ task: 'Sell {claim} insurance.' });
    expect(buildSystemPrompt(call, { now: NOW, templates })).toMatch(
      /^Amélie of Contoso\. Sell \{claim\} insurance\. Missing: policyholder_name, .*\. Now: .*23:05 \(Europe\/Paris\)\.$/,
    );
  });
});

describe('cannedPhrase', () => {
  it('says hello honestly: who is speaking, that it is an AI, and invites the caller', () => {
    const hello = cannedPhrase('hello', defaultClaimCall(), { random: () => 0 });
    expect(hello).toBe(
      "Hello, this is Amélie from Contoso. I'm an AI assistant, and I'm here to help you. What can I do for you today?",
    );
    for (const variant of DEFAULT_TEMPLATES.hello) {
      expect(variant).toContain('{bot_name}');
      expect(variant).toContain('{bot_company}');
      expect(variant).toMatch(/\bAI\b/);
      expect(variant).toMatch(/\?$/);
    }
  });

  it('says hello in French on a fr-FR call', () => {
    const hello = cannedPhrase('hello', frenchCall(), { random: () => 0 });
    expect(hello).toBe(
      "Bonjour, ici Amélie, de Contoso. Je suis une intelligence artificielle, et je suis là pour vous aider. Que puis-je faire pour vous aujourd'hui ?",
    );
    for (const variant of DEFAULT_LANGUAGE_TEMPLATES['fr-FR']?.hello ?? []) {
      expect(variant).toContain('intelligence artificielle');
    }
  });

  it('has a French and a Spanish variant of every canned phrase, and falls back to English for other languages', () => {
    const spanish = defaultClaimCall({ lang: { default_short_code: 'es-ES' } });
    for (const kind of CANNED) {
      expect(DEFAULT_TEMPLATES[kind]).not.toContain(cannedPhrase(kind, frenchCall()));
      expect(DEFAULT_TEMPLATES[kind]).not.toContain(cannedPhrase(kind, spanish));
    }
    expect(cannedPhrase('goodbye', spanish, { random: () => 0 })).toBe(
      'Gracias por su llamada. Todo el equipo de Contoso le desea un buen día. ¡Adiós!',
    );
    const chinese = defaultClaimCall({ lang: { default_short_code: 'zh-CN' } });
    expect(cannedPhrase('goodbye', chinese, { random: () => 0 })).toBe(
      'Thank you for your call. Everyone at Contoso wishes you a good day. Goodbye!',
    );
    // Another French region uses the French variants.
    const canadian = defaultClaimCall({
      lang: {
        default_short_code: 'fr-CA',
        availables: [{ short_code: 'fr-CA', voice: 'fr-CA-SylvieNeural' }],
      },
    });
    expect(cannedPhrase('filler', canadian, { random: () => 0 })).toBe('Un instant, s’il vous plaît.');
  });

  it('recaps a resumed call: what is known and what is missing, in the call’s language', () => {
    const call = defaultClaimCall({
      claim: [{ name: 'policy_number', type: 'text' }],
    });
    expect(cannedPhrase('hello_resumed', call, { random: () => 0 })).toBe(
      "Hello again, it's Amélie from Contoso, your AI assistant. Let's pick up where we left off. I already have: nothing yet. I still need: policyholder name, policyholder email, policyholder phone, and policy number.",
    );
    call.claim.policyholder_name = 'Jane Doe';
    call.claim.policyholder_email = 'jane@example.com';
    expect(cannedPhrase('hello_resumed', call, { random: () => 0.99 })).toBe(
      'Welcome back, this is Amélie, the AI assistant of Contoso. So far I have noted: policyholder name and policyholder email. Still to collect: policyholder phone and policy number. Shall we continue?',
    );
    call.language = 'fr-FR';
    call.claim.policyholder_phone = '+33612345678';
    call.claim.policy_number = 'P-123';
    expect(cannedPhrase('hello_resumed', call, { random: () => 0.99 })).toBe(
      'Bonjour à nouveau, c’est Amélie, l’intelligence artificielle de Contoso. Déjà noté : policyholder name, policyholder email, policyholder phone et policy number. Encore à compléter : plus rien. On continue ?',
    );
  });

  it('picks the variant with the injected random', () => {
    const call = defaultClaimCall();
    const filler = DEFAULT_TEMPLATES.filler;
    expect(filler.length).toBeGreaterThan(2);
    expect(cannedPhrase('filler', call, { random: () => 0 })).toBe(filler[0]);
    expect(cannedPhrase('filler', call, { random: () => 0.999 })).toBe(filler.at(-1));
    const random = sequence(0, 0.5, 0.3);
    const said = [1, 2, 3].map(() => cannedPhrase('filler', call, { random }));
    expect(said).toEqual([
      filler[0],
      filler[Math.floor(0.5 * filler.length)],
      filler[Math.floor(0.3 * filler.length)],
    ]);
    // Out-of-range randoms stay in the list.
    expect(pickVariant(['a', 'b'], () => 1)).toBe('b');
    expect(pickVariant(['a', 'b'], () => -3)).toBe('a');
    expect(pickVariant(['a', 'b'], () => Number.NaN)).toBe('a');
  });

  it('says every default phrase as plain text a voice can read, with every placeholder filled', () => {
    for (const call of [defaultClaimCall(), frenchCall()]) {
      for (const kind of CANNED) {
        for (let i = 0; i < 4; i++) {
          const text = cannedPhrase(kind, call, { random: () => i / 4 });
          expect(text).not.toMatch(/[{}]/);
          expect(cleanMarkup(text)).toBe(text);
        }
      }
    }
  });

  it('uses overridden templates for English, the language’s own when it has some', () => {
    const templates = mergeTemplates(DEFAULT_TEMPLATES, { goodbye: ['Bye from {bot_company}.'] });
    expect(cannedPhrase('goodbye', defaultClaimCall(), { templates })).toBe('Bye from Contoso.');
    expect(cannedPhrase('goodbye', frenchCall(), { templates, random: () => 0 })).toMatch(
      /^Merci de votre appel/,
    );
    expect(cannedPhrase('goodbye', frenchCall(), { templates, languages: {} })).toBe('Bye from Contoso.');
  });
});

describe('renderTemplate', () => {
  it('fills placeholders in one pass and keeps unknown ones', () => {
    expect(renderTemplate('{a} and {b}, {c}', { a: 'x', b: '{a}' })).toBe('x and {a}, {c}');
    expect(renderTemplate('no placeholders { here }', { a: 'x' })).toBe('no placeholders { here }');
    expect(renderTemplate('{bot_name}{bot_name}', { bot_name: 'Amélie' })).toBe('AmélieAmélie');
  });
});

describe('mergeTemplates', () => {
  it('replaces the lists given and keeps the others', () => {
    const merged = mergeTemplates(DEFAULT_TEMPLATES, {
      hello: ['Hi, {bot_name} here.'],
      silence: ['Hello?'],
    });
    expect(merged.hello).toEqual(['Hi, {bot_name} here.']);
    expect(merged.silence).toEqual(['Hello?']);
    expect(merged.goodbye).toBe(DEFAULT_TEMPLATES.goodbye);
    expect(DEFAULT_TEMPLATES.hello).not.toEqual(merged.hello);
    expect(mergeTemplates(DEFAULT_TEMPLATES, undefined)).toEqual(DEFAULT_TEMPLATES);
    expect(mergeTemplates(DEFAULT_TEMPLATES, {})).toEqual(DEFAULT_TEMPLATES);
  });

  it('refuses an unknown placeholder, naming the template and the placeholder', () => {
    expect(() => mergeTemplates(DEFAULT_TEMPLATES, { hello: ['Hi.', 'Your claim: {claim}'] })).toThrow(
      /prompt template "hello" \(variant 2\) uses unknown placeholder \{claim\}; it may use \{bot_name\}, \{bot_company\}, \{language\}/,
    );
    expect(() => mergeTemplates(DEFAULT_TEMPLATES, { system: ['You are {botname}.'] })).toThrow(
      /"system".*\{botname\}/,
    );
  });

  it('refuses empty lists, empty variants, non-strings and unknown templates', () => {
    const message = (overrides: unknown) => {
      const result = parseTemplateOverrides(overrides);
      return result.ok ? 'ok' : result.message;
    };
    expect(message({ filler: [] })).toBe('prompt template "filler" must have at least one variant');
    expect(message({ filler: ['  '] })).toBe('prompt template "filler" has an empty variant');
    expect(message({ filler: 'One moment.' })).toBe('prompt template "filler" must be a list of strings');
    expect(message({ filler: [42] })).toBe('prompt template "filler" must be a list of strings');
    expect(message({ helo: ['Hi'] })).toBe(
      'unknown prompt template "helo"; expected one of system, hello, hello_resumed, hello_follow_up, filler, goodbye, refusal, timeout, silence, error, transfer_failed',
    );
    expect(message('hello')).toBe('prompt templates must be an object of lists of strings');
    expect(message({ hello: ['{x}'], goodbye: ['{y}'] })).toMatch(/"hello".*\{x\}.*; .*"goodbye".*\{y\}/);
  });

  it('accepts every default template, in every language', () => {
    expect(templateOverridesSchema.safeParse(DEFAULT_TEMPLATES).success).toBe(true);
    for (const [language, templates] of Object.entries(DEFAULT_LANGUAGE_TEMPLATES)) {
      expect(parseTemplateOverrides(templates), language).toEqual({ ok: true, value: templates });
    }
    const kinds: (keyof PromptTemplates)[] = [...TEMPLATE_KINDS];
    expect(kinds.sort()).toEqual(Object.keys(DEFAULT_TEMPLATES).sort());
  });
});
