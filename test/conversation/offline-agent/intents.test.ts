import { describe, expect, it } from 'vitest';
import { detectIntent, requestedLanguage } from '../../../shared/conversation/offline-agent/intents';

/** What callers ask for beyond an answer, and the answers that only look like requests. */

describe('detectIntent', () => {
  it.each([
    ['can I talk to a human', 'human'],
    ['I want to speak to someone', 'human'],
    ['I need a real person', 'human'],
    ['Agent!', 'human'],
    ['representative please', 'human'],
    ['transfer me', 'human'],
    ['je voudrais parler à un conseiller', 'human'],
    ["passez-moi quelqu'un s'il vous plaît", 'human'],
    ['un conseiller', 'human'],
    ['bye', 'goodbye'],
    ['ok, goodbye and thanks', 'goodbye'],
    ['Stop.', 'goodbye'],
    ["that's all, thank you", 'goodbye'],
    ['au revoir', 'goodbye'],
    ["non merci, c'est tout", 'goodbye'],
    // A farewell of its own at the end of a longer answer ends the call too.
    ["Sorry, I have to go now, I'll call back later. Bye.", 'goodbye'],
    ['I am at work and cannot talk any more, I will call you back tomorrow, goodbye then.', 'goodbye'],
    ['Je dois y aller, je vous rappelle demain matin sans faute. Au revoir, merci.', 'goodbye'],
    ['are you a robot?', 'robot_question'],
    ['Are you human?', 'robot_question'],
    ['am I talking to a machine', 'robot_question'],
    ['vous êtes un robot ?', 'robot_question'],
    ['est-ce que je parle à un humain ?', 'robot_question'],
    ['', 'unintelligible'],
    ['...', 'unintelligible'],
    ['uh, hmm', 'unintelligible'],
    ['euh', 'unintelligible'],
    ['can you repeat that?', 'repeat'],
    ['pardon ?', 'repeat'],
    ['vous pouvez répéter ?', 'repeat'],
    ['Hello?', 'greeting'],
    ['bonjour', 'greeting'],
    ['yes', 'yes'],
    ["oui d'accord", 'yes'],
    ['no', 'no'],
    ['no thanks', 'no'],
    ['non', 'no'],
  ])('"%s" is %s', (text, intent) => {
    expect(detectIntent(text)).toBe(intent);
  });

  it.each([
    'One person was hurt.',
    'The other driver was an insurance agent.',
    'quelqu’un a été blessé',
    'personne n’a été blessé',
    'The car did not stop at the red light.',
    'It is a human error, the driver did not look.',
    'The thief said goodbye to nobody and ran away with the TV, the laptop and the jewels.',
    'The other driver got out of his car, looked at the damage and just said goodbye.',
    'jane dot doe at example dot com',
    'yesterday at 3 pm',
  ])('"%s" is an answer, not a request', (text) => {
    expect(detectIntent(text)).toBeUndefined();
  });
});

describe('requestedLanguage', () => {
  it.each([
    ['Can you speak French?', 'fr'],
    ['in English please', 'en'],
    ['vous pouvez parler en anglais ?', 'en'],
    ['parlez-vous français ?', 'fr'],
    ['I drove to the French border', undefined],
  ])('"%s" asks for %s', (text, lang) => {
    expect(requestedLanguage(text)).toBe(lang);
  });
});
