import { describe, expect, it } from 'vitest';
import type { ClaimValues } from '../../../shared/domain/claim';
import { useTempStore } from '../../support/temp-store';
import { Caller } from './caller';

/**
 * A story told in one breath, through the real engine, tools and store: the date, the place and what
 * happened each land in their own field, whatever was asked, and an answer about something else is
 * never stored in the field asked.
 */
const db = useTempStore();

const DETAILS: ClaimValues = {
  policyholder_name: 'Ken Adams',
  policyholder_email: 'ken@example.com',
  policyholder_phone: '+33612345678',
};
const langOf = (code: string) => ({
  lang: { default_short_code: code, availables: [{ short_code: code, voice: `${code}-Voice` }] },
});

describe('a story told in one breath', () => {
  it('fills the date, the place and what happened, asked when it happened, then asks about injuries', async () => {
    const caller = await Caller.dial(db.store, {}, { claim: DETAILS });
    await caller.say('Hello, I need to report a break-in.');
    const heard = await caller.say(
      'Two nights ago around 10 pm somebody broke into our shed at 7 Birch Road in Lyon and took the lawnmower.',
    );
    expect(heard.call.claim.incident_datetime).toBe('2026-11-21T22:00:00+01:00');
    expect(heard.call.claim.incident_location).toBe('7 Birch Road in Lyon');
    // Added to what the first words told.
    expect(heard.call.claim.incident_description).toBe(
      'I need to report a break-in. Somebody broke into our shed at 7 Birch Road in Lyon and took the lawnmower',
    );
    expect(heard.said.at(-1)).toBe('Was anyone hurt, and how?');
  });

  it('in Italian, at the first words of the call', async () => {
    const caller = await Caller.dial(db.store, langOf('it-IT'));
    const heard = await caller.say(
      'Buongiorno, sono Giulia Neri, ieri sera verso le undici hanno rubato la mia bicicletta davanti alla stazione di Bologna.',
    );
    expect(heard.call.claim.policyholder_name).toBe('Giulia Neri');
    expect(heard.call.claim.incident_datetime).toBe('2026-11-22T23:00:00+01:00');
    expect(heard.call.claim.incident_location).toContain('stazione di Bologna');
    expect(heard.call.claim.incident_description).toContain('rubato la mia bicicletta');
  });

  it('in Portuguese, asked what happened', async () => {
    const caller = await Caller.dial(db.store, langOf('pt-PT'), { claim: DETAILS });
    await caller.say('Olá.');
    const heard = await caller.say(
      'Hoje de manhã por volta das oito um camião bateu no meu carro na Avenida da Liberdade em Lisboa.',
    );
    // The caller's clock is their number's: a French mobile.
    expect(heard.call.claim.incident_datetime).toBe('2026-11-23T08:00:00+01:00');
    expect(heard.call.claim.incident_location).toContain('Avenida da Liberdade em Lisboa');
    // "Um" is the article here, not a hesitation.
    expect(heard.call.claim.incident_description).toMatch(/^Um camião bateu no meu carro/);
  });

  it('never stores "No, nobody was hurt" as the place it was asked for', async () => {
    const caller = await Caller.dial(db.store, langOf('de-DE'), {
      claim: {
        ...DETAILS,
        incident_datetime: '2026-11-22T20:00:00+01:00',
        incident_description: 'Ein Baum ist auf das Auto gefallen.',
      },
    });
    let heard = await caller.say('Hallo.');
    expect(heard.said.at(-1)).toBe('Wo ist es passiert?');
    heard = await caller.say('Nein, niemand wurde verletzt.');
    expect(heard.call.claim.incident_location).toBeNull();
    expect(heard.call.claim.injuries).toBe('niemand wurde verletzt');
  });
});
