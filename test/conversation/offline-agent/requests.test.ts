import { describe, expect, it } from 'vitest';
import { useTempStore } from '../../support/temp-store';
import { Caller } from './caller';

/** What callers ask beyond the form: a person, the end of the call, the truth, another language. */
const db = useTempStore();

describe('the offline agent handles requests', () => {
  it('transfers to a human when asked', async () => {
    const caller = await Caller.dial(db.store);
    await caller.say('Hello, I had a water leak.');
    const heard = await caller.say('Can I talk to a human, please?');
    expect(heard.toolCalls.map((c) => c.name)).toEqual(['talk_to_human']);
    expect(heard.actions).toEqual([{ type: 'transfer', to: '+33687654321' }]);
    expect(heard.said).toEqual(['A colleague will take over in a moment, please stay on the line.']);
    expect(heard.call.messages.at(-1)?.tool_calls).toMatchObject([{ name: 'talk_to_human' }]);
  });

  it('does not take an answer that mentions a person for a request for one', async () => {
    const caller = await Caller.dial(db.store);
    await caller.say('Hello.');
    await caller.say('Jane Doe');
    await caller.say('jane at example dot com');
    await caller.say('+33 6 12 34 56 78');
    await caller.say('yesterday at 3 pm');
    await caller.say('A cyclist hit my car.');
    await caller.say('Rue de Rivoli, Paris');
    const heard = await caller.say('One person was hurt, the cyclist.');
    expect(heard.actions).toEqual([]);
    expect(heard.call.claim.injuries).toBe('One person was hurt, the cyclist');
  });

  it('on "bye" with fields missing, leaves a reminder to call back tomorrow at 10:00, then hangs up', async () => {
    const caller = await Caller.dial(db.store);
    await caller.say('Hello, I need to declare a claim.');
    await caller.say('Jane Doe');
    const heard = await caller.say('Sorry, I have to go. Bye!');
    expect(heard.toolCalls.map((c) => c.name)).toEqual(['new_or_updated_reminder', 'end_call']);
    expect(heard.actions).toEqual([{ type: 'end_call' }]);
    expect(heard.call.reminders).toEqual([
      {
        title: 'Complete the claim',
        description: expect.stringMatching(
          // Labels a person reads, never the fields' internal names.
          /^Call Jane Doe back on \+33612345678 to complete the claim\. Missing: your e-mail address, your phone number, .*the witnesses\.$/,
        ),
        // Tomorrow at 10:00 on the caller's (Paris) clock.
        due_date_time: '2026-11-24T10:00:00+01:00',
        owner: 'assistant',
        created_at: '2026-11-23T10:00:00.000Z',
      },
    ]);
    expect(heard.said).toEqual([
      'We will call you back on Tuesday, November 24, 2026 at 10:00 AM to complete your claim.',
      'You will receive a summary by text message.',
      'Thank you for your call, goodbye.',
    ]);
  });

  it('answers honestly that it is an automated assistant, and goes on', async () => {
    const caller = await Caller.dial(db.store);
    await caller.say('Hello, I had an accident.');
    const heard = await caller.say('Wait, are you a robot?');
    expect(heard.toolCalls).toEqual([]);
    expect(heard.said).toEqual([
      'I am Amélie, an automated assistant of Contoso Insurance, not a human.',
      'If you prefer, I can transfer you to a colleague: just ask for an agent.',
      'What is your full name?',
    ]);
  });

  it('introduces itself as automated when greeted first', async () => {
    const caller = await Caller.dial(db.store);
    const heard = await caller.say('Hello?');
    expect(heard.said).toEqual([
      'Hello, I am Amélie, the automated assistant of Contoso Insurance.',
      'I will take down the details of your claim.',
      'What is your full name?',
    ]);
  });

  it('switches to French when asked, and asks its questions in French', async () => {
    const caller = await Caller.dial(db.store);
    await caller.say('Hello.');
    const heard = await caller.say('Can you speak French?');
    expect(heard.toolCalls).toEqual([{ name: 'speech_lang', arguments: { lang: 'fr-FR' } }]);
    expect(heard.actions).toEqual([{ type: 'switch_language', shortCode: 'fr-FR' }]);
    expect(heard.call.language).toBe('fr-FR');
    expect(heard.said).toEqual(['Quel est votre nom complet ?']);
  });
});
