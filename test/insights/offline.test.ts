import { describe, expect, it } from 'vitest';
import { OFFLINE_IMPROVEMENT_SUGGESTIONS, offlineInsights } from '../../shared/insights/offline';
import { bot, caller, fillClaim, insightsCall } from './support';

/** The offline rules: one case per rule, with the exact synthesis and next action. */
const now = new Date('2026-11-23T10:00:00Z');

describe('offlineInsights', () => {
  it('an emergency makes the case high priority, whatever else is missing', () => {
    const call = insightsCall();
    call.claim.policyholder_name = 'Jane Doe';
    call.claim.incident_description = 'A fire in the garage.';
    call.emergencies.push({
      service: 'firefighters',
      reason: 'fire in the garage',
      location: '1 rue de la Paix',
      created_at: '2026-11-23T09:02:00.000Z',
      notified: true,
    });
    call.messages.push(caller('My garage is on fire!'), bot('I am alerting the fire brigade.'));

    expect(offlineInsights(call, { now })).toEqual({
      synthesis: {
        short: 'Automatic summary: emergency reported',
        long:
          'You called us about your claim: “A fire in the garage”. We noted your name and what happened. ' +
          'We still need your e-mail address, your phone number and your policy number: please send us this information. ' +
          'We recorded the emergency you reported (the fire brigade) and treat your case first.',
        satisfaction: 'unknown',
        improvement_suggestions: OFFLINE_IMPROVEMENT_SUGGESTIONS,
      },
      next: {
        action: 'high_priority',
        justification: 'An emergency was reported during the call (the fire brigade).',
      },
    });
  });

  it('missing fields: the customer will send them, and the justification names them', () => {
    const call = insightsCall();
    call.claim.policyholder_name = 'Jane Doe';
    call.claim.policyholder_phone = '+33611111111';
    call.messages.push(caller('Hello, I had a problem with my car.'), bot('What is your policy number?'));

    expect(offlineInsights(call, { now })).toEqual({
      synthesis: {
        short: 'Automatic summary: claim started, details still missing',
        long:
          'You called us about your claim. We noted your name and your phone number. ' +
          'We still need your e-mail address, what happened and your policy number: please send us this information.',
        satisfaction: 'unknown',
        improvement_suggestions: OFFLINE_IMPROVEMENT_SUGGESTIONS,
      },
      next: {
        action: 'customer_will_send_info',
        justification: 'You still have to send us your e-mail address, what happened and your policy number.',
      },
    });
  });

  it('a transfer to a person requires expertise; asking for a human means low satisfaction', () => {
    const call = insightsCall();
    call.messages.push(
      caller('I want to talk to a human, now.'),
      bot('Let me transfer you to a colleague, please hold on.', ['talk_to_human']),
    );

    expect(offlineInsights(call, { now })).toEqual({
      synthesis: {
        short: 'Automatic summary: transferred to a colleague',
        long:
          'You called us about your claim. We have not noted any detail yet. ' +
          'We still need your name, your e-mail address, your phone number, what happened and your policy number: ' +
          'please send us this information. We transferred you to a colleague, who will follow up.',
        satisfaction: 'low',
        improvement_suggestions: OFFLINE_IMPROVEMENT_SUGGESTIONS,
      },
      next: {
        action: 'requires_expertise',
        justification:
          'You were transferred to a colleague who can handle your request. Still missing: your name, your e-mail address, ' +
          'your phone number, what happened and your policy number.',
      },
    });
  });

  it('a complete claim is closed; thanks on a complete claim means high satisfaction', () => {
    const call = insightsCall();
    fillClaim(call);
    call.reminders.push(
      {
        title: 'Send the repair quote',
        description: 'Jane will e-mail the plumber’s quote',
        due_date_time: '2026-11-25T09:00:00.000Z',
        owner: 'Jane',
        created_at: '2026-11-23T09:03:00.000Z',
      },
      {
        title: 'Already past',
        description: 'Due before the end of the call: not announced',
        due_date_time: '2026-11-23T09:30:00.000Z',
        owner: 'Contoso',
        created_at: '2026-11-23T09:03:00.000Z',
      },
    );
    call.messages.push(caller('That is all, thank you very much!'), bot('You are welcome, goodbye.'));

    expect(offlineInsights(call, { now })).toEqual({
      synthesis: {
        short: 'Automatic summary: claim complete',
        long:
          'You called us about your claim: “A water leak in the kitchen”. We noted your name, your e-mail address, ' +
          'your phone number, what happened and your policy number. We have everything we need. ' +
          'We will get back to you: Send the repair quote.',
        satisfaction: 'high',
        improvement_suggestions: OFFLINE_IMPROVEMENT_SUGGESTIONS,
      },
      next: { action: 'case_closed', justification: 'Every field of the claim is filled.' },
    });
  });

  it('profanity means low satisfaction, even with thanks on a complete claim', () => {
    const call = insightsCall();
    fillClaim(call);
    call.messages.push(caller('This is bullshit. Thanks anyway.'));

    const { synthesis, next } = offlineInsights(call, { now });
    expect(synthesis.satisfaction).toBe('low');
    expect(next.action).toBe('case_closed');
  });

  it('thanks on an incomplete claim stays unknown', () => {
    const call = insightsCall();
    call.messages.push(caller('Merci beaucoup.'));
    expect(offlineInsights(call, { now }).synthesis.satisfaction).toBe('unknown');
  });

  it('writes to a French caller in French', () => {
    const call = insightsCall({ lang: 'fr-FR' });
    call.claim.policyholder_name = 'Jeanne Dupont';
    call.claim.incident_description = 'Une fuite d’eau dans la cuisine';
    call.messages.push(
      caller('Je veux parler à un conseiller, s’il vous plaît.'),
      bot('Je vous passe un collègue.', ['talk_to_human']),
    );

    expect(offlineInsights(call, { now })).toEqual({
      synthesis: {
        short: 'Résumé automatique : transfert vers un conseiller',
        long:
          'Vous nous avez appelés au sujet de votre dossier : « Une fuite d’eau dans la cuisine ». Nous avons noté votre nom et ce qui s’est passé. ' +
          'Il nous manque encore votre adresse e-mail, votre numéro de téléphone et votre numéro de contrat : ' +
          'merci de nous transmettre ces informations. Nous vous avons transféré à un conseiller, qui assurera le suivi.',
        satisfaction: 'low',
        improvement_suggestions: OFFLINE_IMPROVEMENT_SUGGESTIONS,
      },
      next: {
        action: 'requires_expertise',
        justification:
          'Vous avez été transféré à un conseiller qui peut traiter votre demande. Il manque encore votre adresse e-mail, ' +
          'votre numéro de téléphone et votre numéro de contrat.',
      },
    });
  });

  it('makes up no suggestions, and says nothing of how it was produced', () => {
    const call = insightsCall();
    call.messages.push(caller('Hello'));
    const suggestions = offlineInsights(call, { now }).synthesis.improvement_suggestions;
    expect(suggestions).toMatch(/^No suggestions/);
    expect(suggestions).not.toMatch(/offline|rules|language model/i);
  });
});
