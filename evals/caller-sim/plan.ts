import type { Lang } from '../../shared/conversation/offline-agent/phrases';
import type { ClaimField } from '../../shared/domain/claim';
import type { NonAnswerKind } from '../conversation-metrics';
import { BANK, type Concept } from './bank';

/**
 * One simulated caller, drawn from a seed: the facts they know (from the scenario: its claim schema,
 * phone number, name and e-mail when it gives them exactly; the rest from the bank in their language),
 * how they say each one, in which order, what they volunteer in their first words, and the noise,
 * questions, insults or jailbreaks they add. Deterministic for a seed.
 */

export interface Fact {
  /** The claim field this fact fills. */
  readonly field: string;
  readonly type: ClaimField['type'];
  /** The ways of saying it; the first is used first. */
  readonly say: string;
  /** What the stored value must be (typed fields) or contain (words, | for alternatives). */
  readonly expected: string;
  readonly contains: boolean;
}

export interface CallerPlan {
  readonly lang: Lang;
  readonly facts: readonly Fact[];
  /** Facts said together in the first words. */
  readonly volunteered: number;
  /** Lines that answer nothing, said at given turns. */
  readonly interjections: ReadonlyMap<number, { kind: NonAnswerKind; say: string }>;
  /** Give a wrong e-mail first, then correct it. */
  readonly correctsEmail: boolean;
  readonly goodbye: string;
}

/** A small, seeded generator (mulberry32): the same seed, the same caller. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pickOf =
  (rand: () => number) =>
  <T>(items: readonly T[]): T =>
    items[Math.floor(rand() * items.length)] as T;

const CONCEPT_OF: Readonly<Record<string, Concept>> = {
  incident_description: 'story',
  incident_location: 'location',
  injuries: 'injuries',
  involved_parties: 'parties',
  medical_records: 'medical',
  pre_existing_damages: 'damage',
  witnesses: 'witnesses',
  hardware_info: 'device',
  building_location: 'building',
};

const NAMES = [
  'Jane Doe',
  'Omar Haddad',
  'Lena Vogt',
  'Sofia Russo',
  'Tiago Melo',
  'Claire Dubois',
  'Ana García',
];

export interface PlanInput {
  readonly seed: number;
  readonly lang: Lang;
  readonly fields: readonly ClaimField[];
  readonly callerPhone: string;
  /** Exact values the scenario gives (name, e-mail), used when present. */
  readonly known: Readonly<Record<string, string>>;
}

export function planCaller(input: PlanInput): CallerPlan {
  const rand = random(input.seed);
  const pick = pickOf(rand);
  const bank = BANK[input.lang];
  const facts: Fact[] = [];
  const name = input.known.policyholder_name ?? pick(NAMES);
  const [first = 'jane', last = 'doe'] = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(' ');
  const email = input.known.policyholder_email ?? `${first}.${last}@example.com`;
  for (const field of input.fields) {
    const fact = factFor(field);
    if (fact) facts.push(fact);
  }
  // Shuffled after the first two: callers give their details in their own order.
  for (let i = facts.length - 1; i > 2; i--) {
    const j = 2 + Math.floor(rand() * (i - 1));
    [facts[i], facts[j]] = [facts[j] as Fact, facts[i] as Fact];
  }
  const interjections = new Map<number, { kind: NonAnswerKind; say: string }>();
  for (let turn = 1; turn < 14; turn++) {
    if (rand() > 0.22) continue;
    const kind = pick(['question', 'jailbreak', 'abuse', 'small_talk', 'noise'] as const);
    interjections.set(turn, { kind, say: pick(bank.nonAnswers[kind]) });
  }
  return {
    lang: input.lang,
    facts,
    volunteered: rand() < 0.4 ? 2 + Math.floor(rand() * 3) : 1,
    interjections,
    correctsEmail: rand() < 0.2,
    goodbye: pick(bank.goodbye),
  };

  function factFor(field: ClaimField): Fact | undefined {
    const base = { field: field.name, type: field.type };
    if (field.name === 'policyholder_name') {
      return { ...base, say: pick(bank.nameIntros).replace('{name}', name), expected: name, contains: false };
    }
    if (field.type === 'email') {
      const spoken = email.replace('@', ` ${bank.emailWords.at} `).replace(/\./g, ` ${bank.emailWords.dot} `);
      return {
        ...base,
        say: pick(bank.emailIntros).replace('{email}', spoken),
        expected: email,
        contains: false,
      };
    }
    if (field.type === 'phone_number') {
      const say =
        rand() < 0.6
          ? pick(bank.thisNumber)
          : pick(bank.phoneIntros).replace('{phone}', input.callerPhone.replace(/(\d{3})(?=\d)/g, '$1 '));
      return { ...base, say, expected: input.callerPhone, contains: false };
    }
    if (field.type === 'datetime') {
      const date = pick(bank.dates);
      return { ...base, say: date.say, expected: `-${date.daysAgo}d`, contains: false };
    }
    if (field.name === 'policy_number') {
      const policy = `PX-${10000 + Math.floor(rand() * 89999)}`;
      return {
        ...base,
        say: pick(bank.policyIntros).replace('{policy}', policy),
        expected: policy,
        contains: false,
      };
    }
    const concept = CONCEPT_OF[field.name];
    if (!concept) return undefined;
    const fact = pick(bank.facts[concept]);
    return { ...base, say: pick(fact.say), expected: fact.contains, contains: true };
  }
}
