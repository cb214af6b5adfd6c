import { describe, expect, it } from 'vitest';
import { useTempStore } from '../../support/temp-store';
import { Caller } from './caller';

/**
 * A whole insurance claim taken by the offline agent through the real engine, tools and store, as a
 * caller would give it: spelled-out e-mail, a corrected e-mail, a phone number in words, "yesterday at
 * 3 pm", free text. Every field ends up stored, and correct.
 */
const db = useTempStore();

describe('the offline agent fills the default insurance claim', () => {
  it('from the first words to the goodbye', async () => {
    const caller = await Caller.dial(db.store);

    // The host asked how it can help: the first words are what happened, not a name.
    let heard = await caller.say('Hello, I would like to declare a car accident.');
    expect(heard.toolCalls).toEqual([
      {
        name: 'updated_claim',
        arguments: { updates: [{ field: 'incident_description', value: 'a car accident' }] },
      },
    ]);
    expect(heard.said).toEqual([
      'I am sorry to hear that.',
      'I noted what happened: a car accident.',
      'What is your full name?',
    ]);

    heard = await caller.say('My name is Jane Doe.');
    expect(heard.toolCalls).toEqual([
      { name: 'updated_claim', arguments: { updates: [{ field: 'policyholder_name', value: 'Jane Doe' }] } },
    ]);
    expect(heard.said).toEqual(['I noted your name: Jane Doe.', 'What is your e-mail address?']);

    heard = await caller.say('jane dot doe at example dot com');
    expect(heard.call.claim.policyholder_email).toBe('jane.doe@example.com');
    expect(heard.text).toContain('I noted your e-mail address: jane.doe@example.com.');
    expect(heard.sentences.at(-1)).toBe('What phone number can we reach you on?');

    // A correction names its field: the e-mail is updated, not taken as the phone number.
    heard = await caller.say('No, my email is jane dot smith at example dot com.');
    expect(heard.toolCalls[0]?.arguments).toEqual({
      updates: [{ field: 'policyholder_email', value: 'jane.smith@example.com' }],
    });
    expect(heard.call.claim.policyholder_email).toBe('jane.smith@example.com');
    expect(heard.call.claim.policyholder_phone).toBeNull();
    expect(heard.text).toContain('jane.smith@example.com');
    expect(heard.sentences.at(-1)).toBe('What phone number can we reach you on?');

    heard = await caller.say('plus thirty-three six twelve thirty-four fifty-six seventy-eight');
    expect(heard.call.claim.policyholder_phone).toBe('+33612345678');
    // Read back with its digits grouped, as people say it.
    // The number the caller calls from is said to be so.
    expect(heard.text).toContain(
      'I noted your phone number: the number you are calling from, +33 6 12 34 56 78.',
    );
    expect(heard.sentences.at(-1)).toBe('When did the incident happen?');

    heard = await caller.say('yesterday at 3 pm');
    // The caller's clock: a French number, Paris in winter.
    expect(heard.call.claim.incident_datetime).toBe('2026-11-22T15:00:00+01:00');
    expect(heard.text).toContain('I noted the date of the incident: Sunday, November 22, 2026 at 3:00 PM.');
    expect(heard.text).toContain('Where did it happen?');

    await caller.say("It's the supermarket car park on Rue de Rivoli, in Paris.");
    await caller.say('No, nobody was hurt.');
    await caller.say('The truck driver, Paul Martin, from Acme Deliveries.');
    await caller.say('None, I did not need any care.');
    heard = await caller.say('my policy number is AB-12345');
    expect(heard.text).toContain('I noted your policy number: AB-12345.');
    await caller.say('There was a small scratch on the rear bumper.');
    heard = await caller.say('Yes, a neighbour, Marc Petit, at 06 11 22 33 44.');

    expect(heard.call.claim).toEqual({
      policyholder_name: 'Jane Doe',
      policyholder_email: 'jane.smith@example.com',
      policyholder_phone: '+33612345678',
      incident_datetime: '2026-11-22T15:00:00+01:00',
      incident_description: 'a car accident',
      incident_location: "It's the supermarket car park on Rue de Rivoli, in Paris",
      injuries: 'nobody was hurt',
      involved_parties: 'The truck driver, Paul Martin, from Acme Deliveries',
      medical_records: 'None, I did not need any care',
      policy_number: 'AB-12345',
      pre_existing_damages: 'There was a small scratch on the rear bumper',
      witnesses: 'Yes, a neighbour, Marc Petit, at 06 11 22 33 44',
    });
    // Everything collected: a confirmation of it all, and a last question.
    expect(heard.sentences.slice(-3, -1)).toEqual([
      'Thank you, I have everything I need.',
      expect.stringMatching(
        /^Here is what I noted: your name, Jane Doe; your e-mail address, jane\.smith@example\.com;.*the witnesses, Yes, a neighbour/,
      ),
    ]);
    expect(heard.sentences.at(-1)).toBe('Is there anything else I can do for you?');

    heard = await caller.say('No, thank you.');
    expect(heard.toolCalls.map((c) => c.name)).toEqual(['end_call']);
    expect(heard.actions).toEqual([{ type: 'end_call' }]);
    // The goodbye says what happens next.
    expect(heard.said).toEqual([
      'An adviser will review your claim, and you will receive a summary by text message.',
      'Thank you for your call, goodbye.',
    ]);
    // Nothing was missing: no reminder to call back.
    expect(heard.call.reminders).toEqual([]);
  });

  it('corrects the field of the previous turn, or the one whose value the caller says is wrong', async () => {
    const caller = await Caller.dial(db.store);
    await caller.say('My name is Jane Doe.');
    await caller.say('jane dot doe at example dot com');
    const heard = await caller.say('sorry, jane dot smith at example dot com');
    expect(heard.call.claim.policyholder_email).toBe('jane.smith@example.com');
    expect(heard.call.claim.policyholder_phone).toBeNull();

    const name = await caller.say("no, it's not Jane, it's Joan Doe");
    expect(name.call.claim.policyholder_name).toBe('Joan Doe');
    // Only what changed is read back.
    expect(name.text).toContain('I changed your name to Joan Doe.');
    expect(name.text).not.toContain('jane.smith@example.com');
  });

  it('stores the history of every turn: what the caller said, what the agent said and did', async () => {
    const caller = await Caller.dial(db.store);
    await caller.say('Hello, I had an accident.');
    const heard = await caller.say('I am Jane Doe');
    expect(heard.call.messages.map((m) => [m.persona, m.content])).toEqual([
      ['human', 'Hello, I had an accident.'],
      [
        'assistant',
        'I am sorry to hear that. I noted what happened: I had an accident. What is your full name?',
      ],
      ['human', 'I am Jane Doe'],
      ['assistant', 'Perfect. I noted your name: Jane Doe. What is your e-mail address?'],
    ]);
    expect(heard.call.messages[3]?.tool_calls).toMatchObject([
      { name: 'updated_claim', result: expect.stringMatching(/^Stored policyholder_name\./) },
    ]);
  });

  it('asks for the fields of any claim, from their descriptions or names', async () => {
    const caller = await Caller.dial(db.store, {
      claim: [
        { name: 'device_model', type: 'text', description: 'The model of the faulty device' },
        { name: 'first_seen', type: 'datetime' },
      ],
    });
    let heard = await caller.say('Hi, my laptop is broken.');
    // Said before it was asked: the device field takes it.
    expect(heard.call.claim.device_model).toBe('my laptop is broken');
    await caller.say('Jane Doe');
    await caller.say('jane at example dot com');
    heard = await caller.say('+33 6 12 34 56 78');
    // Without a description, the question says what kind of answer, never "the first seen".
    expect(heard.sentences.at(-1)).toBe('Could you tell me the date for “first seen”?');
    heard = await caller.say("It's a ThinkPad X1.");
    // More about the device, said while a date was asked: added to it.
    expect(heard.call.claim.device_model).toBe('my laptop is broken. a ThinkPad X1');
    heard = await caller.say('this morning');
    expect(heard.call.claim.first_seen).toBe('2026-11-23T09:00:00+01:00');
  });
});
