import { describe, expect, it } from 'vitest';
import type { ClaimValues } from '../../../shared/domain/claim';
import { useTempStore } from '../../support/temp-store';
import { Caller } from './caller';

/**
 * Caller lines the conversation evals caught the offline agent misreading, each played at the question
 * it answers, through the real engine, tools and store: what is stored, and what the caller hears.
 */
const db = useTempStore();

const DETAILS: ClaimValues = {
  policyholder_name: 'Ken Adams',
  policyholder_email: 'ken.adams@example.com',
  policyholder_phone: '+33612345678',
};

/** A caller past the greeting, at the question of the first field missing from `claim`. */
async function callerAt(claim: ClaimValues, now?: Date): Promise<Caller> {
  const caller = await Caller.dial(db.store, {}, { claim, ...(now ? { now } : {}) });
  await caller.say('Hello, I need to declare a claim.');
  return caller;
}

describe('the offline agent reads the lines it used to misread', () => {
  it('"No medical care needed." is the medical care, not a field named "medical c" that "are" needed', async () => {
    const caller = await callerAt({
      ...DETAILS,
      incident_datetime: '2026-11-22T20:00:00+01:00',
      incident_description: 'A tree fell on the car.',
      incident_location: 'Paris',
      injuries: 'Nobody was hurt.',
      involved_parties: 'No other vehicles.',
    });
    const heard = await caller.say('No medical care needed.');
    expect(heard.call.claim.medical_records).toBe('No medical care needed');
    expect(heard.said[0]).toBe('I noted the medical care: No medical care needed.');
  });

  it('takes the address after "it\'s" in "my email address is wrong again, it\'s ..."', async () => {
    const caller = await callerAt({ ...DETAILS, policyholder_email: 'alex.morgan@outlook.com' });
    const heard = await caller.say(
      "Sorry, my email address is wrong again, it's alex dot morgan 42 at outlook dot com",
    );
    expect(heard.call.claim.policyholder_email).toBe('alex.morgan42@outlook.com');
    expect(heard.said[0]).toBe('I noted your e-mail address: alex.morgan42@outlook.com.');
  });

  it('ends the call on a goodbye that closes a longer line, leaving the reminder to call back', async () => {
    const caller = await callerAt({ policyholder_name: 'Ken Adams', policyholder_email: 'ken@example.com' });
    const heard = await caller.say("Sorry, I have to go now, I'll call back later. Bye.");
    expect(heard.toolCalls.map((c) => c.name)).toEqual(['new_or_updated_reminder', 'end_call']);
    expect(heard.actions).toEqual([{ type: 'end_call' }]);
    expect(heard.call.claim.policyholder_phone).toBeNull();
    expect(heard.call.reminders).toMatchObject([{ title: 'Complete the claim', owner: 'assistant' }]);
    expect(heard.said).toEqual([
      'We will call you back on Tuesday, November 24, 2026 at 10:00 AM to complete your claim.',
      'You will receive a summary by text message.',
      'Thank you for your call, goodbye.',
    ]);
  });

  it('"Fine. My name is Rob Stone." at the e-mail question replaces the name', async () => {
    const caller = await callerAt({ policyholder_name: 'Who won the football game last night' });
    const heard = await caller.say('Fine. My name is Rob Stone.');
    expect(heard.call.claim.policyholder_name).toBe('Rob Stone');
    expect(heard.said).toEqual(['I noted your name: Rob Stone.', 'What is your e-mail address?']);
  });

  it('stores a name said then spelled once, as spelled', async () => {
    const caller = await callerAt({});
    let heard = await caller.say("It's Ngozi Okafor, that's O K A F O R.");
    expect(heard.call.claim.policyholder_name).toBe('Ngozi Okafor');

    // A spelling that differs from what was heard corrects it.
    heard = await caller.say('Sorry, my name is Jon Smith, S M Y T H.');
    expect(heard.call.claim.policyholder_name).toBe('Jon Smyth');
  });

  it('at 2 am, "this morning at 7 am" is yesterday morning, not five hours ahead', async () => {
    // Tuesday 24 November 2026, 02:00 in Paris (the caller's clock).
    const caller = await callerAt(DETAILS, new Date('2026-11-24T01:00:00Z'));
    const heard = await caller.say('this morning at 7 am');
    expect(heard.call.claim.incident_datetime).toBe('2026-11-23T07:00:00+01:00');
    expect(heard.said[0]).toBe('I noted the date of the incident: Monday, November 23, 2026 at 7:00 AM.');
  });

  it('in the afternoon, asks again rather than file "today at 5 pm" for an incident', async () => {
    // Monday 23 November 2026, 14:00 in Paris.
    const caller = await callerAt(DETAILS, new Date('2026-11-23T13:00:00Z'));
    const heard = await caller.say('today at 5 pm');
    expect(heard.call.claim.incident_datetime).toBeNull();
    expect(heard.toolCalls).toEqual([]);
    expect(heard.said).toEqual([
      'Sorry, I could not get the date of the incident.',
      'It is 2:00 PM now, so 5:00 PM today has not happened yet.',
      'Could you give me the date of the incident again?',
    ]);
  });
});
