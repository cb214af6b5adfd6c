import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { featuresSchema } from '../../shared/config';
import { commitTurn, runTurn, type ConversationDeps, type TurnEvent } from '../../shared/conversation/engine';
import { OfflineAgent } from '../../shared/conversation/offline-agent/agent';
import { LANGS, type Lang } from '../../shared/conversation/offline-agent/phrases';
import { normalizeSpeech } from '../../shared/conversation/offline/numbers';
import { timeZoneForPhone } from '../../shared/conversation/timezone';
import { createTools } from '../../shared/conversation/tools';
import { wallClockAt } from '../../shared/conversation/wall-clock';
import { newCall, type CallState } from '../../shared/domain/call';
import { callInitiateSchema } from '../../shared/domain/initiate';
import { silentLogger } from '../../shared/log';
import { openSqliteDatabase } from '../../shared/providers/sqlite';
import { SqliteCallStore } from '../../shared/providers/store/sqlite';
import { CallStore } from '../../shared/providers/store/store';
import { conversationMetrics, type MetricTurn } from '../conversation-metrics';
import type { Scenario } from '../scenario';
import { BANK } from './bank';
import { planCaller, type CallerPlan, type Fact } from './plan';

/**
 * The caller simulator: no model, only rules. From each scenario's claim schema and facts it draws
 * callers (language, order, phrasing, volunteered details, noise, questions, insults, jailbreaks, a
 * corrected e-mail), plays each conversation against the offline agent through the real turn engine,
 * tools and SQLite store, and reports the same figures as the scenarios: fields right, free text
 * wrongly stored, repeated questions, turns to completion.
 */

const CODES: Readonly<Record<Lang, string>> = {
  en: 'en-US',
  fr: 'fr-FR',
  es: 'es-ES',
  de: 'de-DE',
  it: 'it-IT',
  pt: 'pt-PT',
};
const MAX_TURNS = 30;
const NOW = new Date('2026-11-23T10:00:00Z');

export interface SimulatedConversation {
  readonly scenario: string;
  readonly lang: Lang;
  readonly fields: number;
  readonly fieldsRight: number;
  readonly wrong: readonly string[];
  readonly wronglyStored: number;
  readonly repeatedQuestions: number;
  readonly maxSameQuestion: number;
  readonly turnsToCompletion: number | null;
  readonly turns: number;
  readonly transcript: readonly string[];
}

export async function simulateCallers(
  scenarios: readonly Scenario[],
  count: number,
): Promise<SimulatedConversation[]> {
  const dir = mkdtempSync(join(tmpdir(), 'callcenter-callers-'));
  const store = new CallStore(new SqliteCallStore(openSqliteDatabase(join(dir, 'calls.sqlite')), true));
  try {
    const results: SimulatedConversation[] = [];
    for (let i = 0; i < count; i++) {
      const scenario = scenarios[i % scenarios.length] as Scenario;
      const own = scenario.initiate.lang.default_short_code.slice(0, 2) as Lang;
      // A third in the scenario's own language, the rest spread over all six.
      const lang =
        i % 3 === 0 && LANGS.includes(own) ? own : (LANGS[Math.floor(i / 3) % LANGS.length] as Lang);
      results.push(await simulateOne(store, scenario, lang, i + 1));
    }
    return results;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function simulateOne(
  store: CallStore,
  scenario: Scenario,
  lang: Lang,
  seed: number,
): Promise<SimulatedConversation> {
  const code = CODES[lang];
  const initiate = callInitiateSchema.parse({
    ...scenario.initiate,
    claim: scenario.initiate.claim.filter((field) => !field.name.startsWith('policyholder_')),
    lang: { default_short_code: code, availables: [{ short_code: code, voice: `${code}-Voice` }] },
  });
  const known = Object.fromEntries(
    Object.entries(scenario.expect.claim).flatMap(([field, value]) =>
      typeof value === 'string' && (field === 'policyholder_name' || field === 'policyholder_email')
        ? [[field, value]]
        : [],
    ),
  );
  const plan = planCaller({ seed, lang, fields: initiate.claim, callerPhone: initiate.phone_number, known });
  let call = await store.create(newCall(initiate, randomUUID(), NOW));
  const deps = agentDeps();
  const turns: MetricTurn[] = [];
  const transcript: string[] = [];
  const given = new Set<string>();
  let lastBot = '';
  let completedAt: number | null = null;
  let emailCorrected = !plan.correctsEmail;
  for (let index = 0; index < MAX_TURNS; index++) {
    const next = nextLine(plan, index, lastBot, given, () => {
      const wasCorrected = emailCorrected;
      emailCorrected = true;
      return wasCorrected;
    });
    const turn = runTurn(call, { text: next.say, channel: 'voice' }, new AbortController().signal, deps);
    const events: TurnEvent[] = [];
    for (;;) {
      const step = await turn.next();
      if (step.done) {
        call = await commitTurn(store, call.call_id, step.value, { now: NOW });
        break;
      }
      events.push(step.value);
    }
    const sentences = events.flatMap((event) => (event.type === 'sentence' ? [event.text] : []));
    lastBot = sentences.join(' ');
    transcript.push(`You: ${next.say}`, `Bot: ${lastBot}`);
    turns.push({ call: 0, line: next.say, kind: next.kind, sentences, claim: { ...call.claim } });
    if (completedAt === null && wrongFacts(plan, call).length === 0) completedAt = index + 1;
    const ended = events.some(
      (event) =>
        event.type === 'action' && (event.action.type === 'end_call' || event.action.type === 'transfer'),
    );
    if (ended || next.last) break;
  }
  const wrong = wrongFacts(plan, call);
  const metrics = conversationMetrics(turns);
  return {
    scenario: scenario.name,
    lang,
    fields: plan.facts.length,
    fieldsRight: plan.facts.length - wrong.length,
    wrong: wrong.map(
      (fact) => `${fact.field}: got ${JSON.stringify(call.claim[fact.field])}, want ${fact.expected}`,
    ),
    wronglyStored: metrics.wronglyStored.length,
    repeatedQuestions: metrics.repeatedQuestions,
    maxSameQuestion: metrics.maxSameQuestion,
    turnsToCompletion: completedAt,
    turns: turns.length,
    transcript,
  };
}

interface NextLine {
  readonly say: string;
  readonly kind?: MetricTurn['kind'];
  readonly last?: boolean;
}

/** What the caller says now: volunteered facts first, then what is asked, or what is left. */
function nextLine(
  plan: CallerPlan,
  index: number,
  lastBot: string,
  given: Set<string>,
  correctNow: () => boolean,
): NextLine {
  if (index === 0) {
    const first = plan.facts.filter((fact) => fact.type === 'text' && !fact.field.startsWith('policyholder'));
    const volunteered = [...first.slice(0, 1), ...plan.facts.filter((f) => !first.includes(f))].slice(
      0,
      plan.volunteered,
    );
    for (const fact of volunteered) given.add(fact.field);
    return { say: volunteered.map((fact) => fact.say).join(' ') || plan.goodbye };
  }
  const interjection = plan.interjections.get(index);
  if (interjection) return interjection;
  const asked = askedFact(plan, lastBot);
  const fact =
    asked && (!given.has(asked.field) || /\?\s*$/.test(lastBot))
      ? asked
      : plan.facts.find((candidate) => !given.has(candidate.field));
  if (!fact) return { say: plan.goodbye, last: true };
  given.add(fact.field);
  if (fact.type === 'email' && !correctNow()) {
    // A wrong address first ("jane.dow"), then "no, sorry, my email is ...".
    given.delete(fact.field);
    return { say: fact.say.replace(/(\w)(\s)/, '$1x$2') };
  }
  if (fact.type === 'email' && plan.correctsEmail && !given.has('email corrected')) {
    given.add('email corrected');
    const bank = BANK[plan.lang];
    const spoken = fact.expected
      .replace('@', ` ${bank.emailWords.at} `)
      .replace(/\./g, ` ${bank.emailWords.dot} `);
    return { say: bank.emailCorrection.replace('{email}', spoken) };
  }
  return { say: fact.say };
}

/** The fact the bot's last question asks for, from its words in the caller's language (or English). */
function askedFact(plan: CallerPlan, lastBot: string): Fact | undefined {
  const question = normalizeSpeech(
    lastBot
      .split(/(?<=[.!?])\s+/)
      .filter((s) => s.includes('?'))
      // The last questions, two of them: "Was anyone hurt? How?" asks about injuries, not "how".
      .slice(-2)
      .join(' '),
  );
  if (question === '') return undefined;
  for (const asks of [BANK[plan.lang].asks, BANK.en.asks]) {
    for (const [kind, pattern] of Object.entries(asks)) {
      if (!pattern.test(question)) continue;
      const fact = plan.facts.find((candidate) => matchesKind(candidate, kind));
      if (fact) return fact;
    }
  }
  return undefined;
}

function matchesKind(fact: Fact, kind: string): boolean {
  const byKind: Record<string, (f: Fact) => boolean> = {
    name: (f) => f.field === 'policyholder_name',
    email: (f) => f.type === 'email',
    phone: (f) => f.type === 'phone_number',
    datetime: (f) => f.type === 'datetime',
    story: (f) => f.field === 'incident_description',
    location: (f) => f.field === 'incident_location',
    injuries: (f) => f.field === 'injuries',
    parties: (f) => f.field === 'involved_parties',
    medical: (f) => f.field === 'medical_records',
    policy: (f) => f.field === 'policy_number',
    damage: (f) => f.field === 'pre_existing_damages',
    witnesses: (f) => f.field === 'witnesses',
    device: (f) => f.field === 'hardware_info',
    building: (f) => f.field === 'building_location',
  };
  return byKind[kind]?.(fact) ?? false;
}

/** The facts whose stored value is not right. */
function wrongFacts(plan: CallerPlan, call: CallState): Fact[] {
  const zone = timeZoneForPhone(call.initiate.phone_number);
  return plan.facts.filter((fact) => {
    const value = call.claim[fact.field];
    if (value == null) return true;
    if (fact.contains) {
      const said = normalizeSpeech(value);
      return !fact.expected.split('|').some((word) => said.includes(normalizeSpeech(word)));
    }
    if (fact.type === 'datetime') {
      const days = Number(fact.expected.slice(1, -1));
      const day = wallClockAt(NOW.getTime() - days * 86_400_000, zone);
      const want = `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
      return !value.startsWith(want);
    }
    return value.toLowerCase() !== fact.expected.toLowerCase();
  });
}

function agentDeps(): ConversationDeps {
  return {
    models: [new OfflineAgent({ now: () => NOW })],
    tools: (call) => createTools(call, {}),
    systemPrompt: () => '',
    phrases: { filler: () => '', refusal: () => '', error: () => '' },
    features: featuresSchema.parse({}),
    maxToolIterations: 4,
    now: () => NOW,
    log: silentLogger,
  };
}
