import { describe, expect, it } from 'vitest';
import { MAX_CLAIM_TEXT_VALUE_LENGTH } from '../../../shared/domain/claim';
import { useTempStore } from '../../support/temp-store';
import { Caller } from './caller';

/** Answers the agent cannot store: it says why, stores nothing, and asks again. */
const db = useTempStore();

async function callerAskedForEmail(): Promise<Caller> {
  const caller = await Caller.dial(db.store);
  await caller.say('Hi, I want to report a burglary.');
  await caller.say('Jane Doe');
  return caller;
}

describe('the offline agent refuses what it cannot read', () => {
  it('refuses an unparsable e-mail with the reason, asks again, then takes a good one', async () => {
    const caller = await callerAskedForEmail();
    let heard = await caller.say('my email is jane doe');
    expect(heard.toolCalls).toEqual([]);
    expect(heard.said).toEqual([
      'Sorry, I could not get your e-mail address.',
      'I heard "janedoe" but no "at" (@) in it; say it like "john dot doe at example dot com".',
      'Could you give me your e-mail address again?',
    ]);
    expect(heard.call.claim.policyholder_email).toBeNull();

    heard = await caller.say('jane doe at example dot com');
    expect(heard.call.claim.policyholder_email).toBe('janedoe@example.com');
  });

  it('refuses a phone number of the wrong length, counting the digits in the caller’s country', async () => {
    const caller = await callerAskedForEmail();
    await caller.say('jane at example dot com');
    const heard = await caller.say('oh six twelve thirty-four fifty-six');
    expect(heard.toolCalls).toEqual([]);
    expect(heard.text).toContain('I heard 8 digits (06 12 34 56), but a mobile number in France has 10');
    expect(heard.sentences.at(-1)).toBe('Could you give me your phone number again?');
    expect(heard.call.claim.policyholder_phone).toBeNull();
  });

  it('asks for a day rather than guessing one from a vague date', async () => {
    const caller = await callerAskedForEmail();
    await caller.say('jane at example dot com');
    await caller.say('+33 6 12 34 56 78');
    const heard = await caller.say('last week');
    expect(heard.toolCalls).toEqual([]);
    expect(heard.text).toContain('"last week" is not precise enough: which day was it?');
    expect(heard.call.claim.incident_datetime).toBeNull();
  });

  it('says it did not catch silence, noise or hesitation, asks once more, then sets the question aside', async () => {
    const caller = await callerAskedForEmail();
    // Asked once already: noise gets the question again, once; then the next field comes first.
    let heard = await caller.say('');
    expect(heard.toolCalls).toEqual([]);
    expect(heard.said).toEqual(['Sorry, I did not catch that.', 'What is your e-mail address?']);
    heard = await caller.say('uh... hmm');
    expect(heard.said).toEqual(['Sorry, I did not catch that.', 'What phone number can we reach you on?']);
    heard = await caller.say('mpf mfp');
    expect(heard.toolCalls).toEqual([]);
    expect(heard.said).toEqual(['Sorry, I did not catch that.', 'What phone number can we reach you on?']);
    heard = await caller.say('...');
    expect(heard.said).toEqual(['Sorry, I did not catch that.', 'When did the incident happen?']);
  });

  it('reports a value the claim itself refused, in plain words, and asks again', async () => {
    const caller = await callerAskedForEmail();
    await caller.say('jane at example dot com');
    await caller.say('+33 6 12 34 56 78');
    await caller.say('yesterday morning');
    const story = 'It rained all night. '.repeat(Math.ceil(MAX_CLAIM_TEXT_VALUE_LENGTH / 20) + 1);
    const heard = await caller.say(story);
    // The agent tried: the tool refused, and the agent says why.
    expect(heard.toolCalls.map((c) => c.name)).toEqual(['updated_claim']);
    expect(heard.said).toEqual([
      // "I want to report a burglary" told what happened: the question was where.
      `Sorry, I could not note the place: the value is longer than ${MAX_CLAIM_TEXT_VALUE_LENGTH} characters.`,
      'Where did it happen?',
    ]);
    expect(heard.call.claim.incident_description).toBe('a burglary');
    expect(heard.call.claim.incident_location).toBeNull();
  });
});
