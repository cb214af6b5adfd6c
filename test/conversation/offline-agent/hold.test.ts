import { describe, expect, it } from 'vitest';
import { isHold } from '../../../shared/conversation/offline-agent/hold';
import { PHRASES } from '../../../shared/conversation/offline-agent/phrases';
import { useTempStore } from '../../support/temp-store';
import { Caller } from './caller';

/**
 * "Sorry, one second": the caller asks for a moment. The agent says "take your time", stores nothing,
 * and the question stays open without counting as a failed answer. Through the real engine, tools and
 * store for the conversation; the recogniser on its own for the six languages.
 */
const db = useTempStore();

const HOLDS = [
  'Sorry, one second.',
  'Hold on.',
  'Wait a moment please, let me find it.',
  'Hang on, I need to check.',
  'Attendez, une seconde.',
  "Un instant s'il vous plaît, je cherche.",
  'Perdón, un segundo.',
  'Un momento, por favor, déjeme buscar.',
  'Moment bitte, ich muss kurz nachsehen.',
  'Einen Augenblick.',
  'Scusi, un attimo.',
  'Aspetti, fammi controllare.',
  'Desculpe, um momento.',
  'Só um segundo, vou verificar.',
];

const NOT_HOLDS = [
  "Hold on, it's jane at example dot com.",
  "Wait, that's wrong, my name is Jane Roe.",
  "I'm looking at my car and the bumper is broken.",
  'One second ago a car hit me.',
  "Attendez, ce n'est pas ça, c'est Dupont.",
  'Un momento, hay fuego en la cocina.',
  'Moment, die Nummer ist null eins fünf eins.',
  'Aspetta, mi chiamo Marco Rossi.',
  'Espere, o meu nome é Ana Costa.',
];

describe('"one second" in six languages', () => {
  it.each(HOLDS)('"%s" asks for a moment', (said) => {
    expect(isHold(said)).toBe(true);
  });

  it.each(NOT_HOLDS)('"%s" says more than that', (said) => {
    expect(isHold(said)).toBe(false);
  });
});

describe('the offline agent waits when asked for a moment', () => {
  it('says "take your time", stores nothing, and takes the next words as the answer to its question', async () => {
    const caller = await Caller.dial(
      db.store,
      {},
      {
        claim: {
          policyholder_name: 'Ken Adams',
          policyholder_email: 'ken@example.com',
          policyholder_phone: '+33612345678',
          incident_datetime: '2026-11-22T20:00:00+01:00',
          incident_description: 'A tree fell on the car.',
          incident_location: 'Paris',
          injuries: 'Nobody was hurt.',
          involved_parties: 'No one else.',
          medical_records: 'None.',
        },
      },
    );
    let heard = await caller.say('Hello, I need to finish my claim.');
    expect(heard.said.at(-1)).toBe('What is your insurance policy number?');
    heard = await caller.say('Sorry, one second, let me find it.');
    expect(heard.toolCalls).toEqual([]);
    expect(heard.said).toEqual(['Of course, take your time.']);
    // A bare code is stored only as the answer to the policy number question: it is still open.
    heard = await caller.say('HB-55012');
    expect(heard.call.claim.policy_number).toBe('HB-55012');
  });

  it('does not count a moment asked for as a missed answer', async () => {
    const caller = await Caller.dial(
      db.store,
      {},
      { claim: { policyholder_name: 'Ken Adams', policyholder_email: 'ken@example.com' } },
    );
    let heard = await caller.say('Hello.');
    expect(heard.said.at(-1)).toBe('What phone number can we reach you on?');
    await caller.say('Hold on.');
    await caller.say('Wait a moment please.');
    heard = await caller.say('banana');
    // One miss, not three: asked again plainly, not set aside for "one last thing" at the end.
    expect(heard.text).not.toContain(PHRASES.en.lastTry);
    expect(heard.said.at(-1)).toBe('Could you give me your phone number again?');
    heard = await caller.say("It's this number.");
    expect(heard.call.claim.policyholder_phone).toBe('+33612345678');
  });

  it('waits in French too', async () => {
    const caller = await Caller.dial(db.store, { lang: { default_short_code: 'fr-FR' } });
    await caller.say("Bonjour, je m'appelle Jeanne Dupont.");
    const heard = await caller.say('Attendez, une seconde, je cherche.');
    expect(heard.toolCalls).toEqual([]);
    expect(heard.said).toEqual(['Bien sûr, prenez votre temps.']);
    expect(heard.call.claim.policyholder_email).toBeNull();
  });
});
