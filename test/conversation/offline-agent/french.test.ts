import { describe, expect, it } from 'vitest';
import { useTempStore } from '../../support/temp-store';
import { Caller } from './caller';

/** A call in French: questions, read-backs, refusals and requests in French, values parsed from French. */
const db = useTempStore();

const FRENCH = { lang: { default_short_code: 'fr-FR' } };

describe('the offline agent in French', () => {
  it('takes the details in French, then passes the caller to an adviser', async () => {
    const caller = await Caller.dial(db.store, FRENCH);
    let heard = await caller.say('Bonjour, je voudrais déclarer un sinistre.');
    expect(heard.said).toEqual([
      'Je peux vous aider : je vais noter les détails de votre dossier.',
      'Quel est votre nom complet ?',
    ]);

    heard = await caller.say("Je m'appelle Jeanne Dupont.");
    expect(heard.call.claim.policyholder_name).toBe('Jeanne Dupont');
    expect(heard.said).toEqual(['J’ai noté votre nom : Jeanne Dupont.', 'Quelle est votre adresse e-mail ?']);

    heard = await caller.say('banane');
    expect(heard.toolCalls).toEqual([]);
    expect(heard.said).toEqual([
      'Désolé, je n’ai pas compris votre adresse e-mail.',
      'Dites-la par exemple : jean point dupont arobase exemple point fr.',
      'Pouvez-vous me redonner votre adresse e-mail ?',
    ]);

    heard = await caller.say('jeanne point dupont arobase exemple point fr');
    expect(heard.call.claim.policyholder_email).toBe('jeanne.dupont@exemple.fr');

    // Said without the country code: read in the caller's country (France).
    heard = await caller.say('zéro six douze trente-quatre cinquante-six soixante-dix-huit');
    expect(heard.call.claim.policyholder_phone).toBe('+33612345678');
    expect(heard.said).toEqual([
      // The number the caller is calling from: said so.
      'J’ai noté votre numéro de téléphone : le numéro depuis lequel vous appelez, +33 6 12 34 56 78.',
      'Quand l’incident a-t-il eu lieu ?',
    ]);

    heard = await caller.say('hier soir vers 21 h');
    expect(heard.call.claim.incident_datetime).toBe('2026-11-22T21:00:00+01:00');
    expect(heard.text).toContain('la date de l’incident : dimanche 22 novembre 2026 à 21:00.');

    heard = await caller.say('Non, mon numéro c’est le 06 98 76 54 32.');
    expect(heard.call.claim.policyholder_phone).toBe('+33698765432');
    expect(heard.sentences.at(-1)).toBe('Que s’est-il passé, avec vos mots ?');

    heard = await caller.say('Vous êtes un robot ?');
    expect(heard.said[0]).toBe(
      'Je suis Amélie, un assistant automatique de Contoso Insurance, pas un humain.',
    );

    heard = await caller.say('Je voudrais parler à un conseiller.');
    expect(heard.actions).toEqual([{ type: 'transfer', to: '+33687654321' }]);
    expect(heard.said).toEqual(['Un conseiller va prendre le relais dans un instant, restez en ligne.']);
  });

  it('says goodbye in French, with a reminder to call back', async () => {
    const caller = await Caller.dial(db.store, FRENCH);
    await caller.say('Bonjour.');
    const heard = await caller.say('Au revoir.');
    expect(heard.toolCalls.map((c) => c.name)).toEqual(['new_or_updated_reminder', 'end_call']);
    expect(heard.call.reminders[0]).toMatchObject({ title: 'Complete the claim', owner: 'assistant' });
    expect(heard.said).toEqual([
      'Nous vous rappellerons mardi 24 novembre 2026 à 10:00 pour compléter votre dossier.',
      'Vous recevrez un résumé par SMS.',
      'Merci de votre appel, au revoir.',
    ]);
  });
});
