import type { CallState } from '../../domain/call';

/**
 * Everything the offline agent says that does not depend on a claim field, in English and French.
 * One phrase per situation, no variants: the agent is deterministic. Field questions and labels live
 * in `fields.ts`.
 */

export type Lang = 'en' | 'fr';

/** French when the call's language is French, else English. */
export function langOf(call: CallState): Lang {
  return call.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export interface Phrases {
  /** The first answer of a call to anything that is not an answer: the host already said hello. */
  canHelp: string;
  hello(botName: string, company: string): string;
  stillHere: string;
  /** After a bare "yes": the caller has not answered yet. */
  goAhead: string;
  /** An honest answer to "are you a robot?". */
  automated(botName: string, company: string): string;
  offerHuman: string;
  didNotCatch: string;
  repeat: string;
  noted(label: string, value: string): string;
  notedOnly(label: string): string;
  /** A value the agent parsed but the claim refused, with the claim's reason (English only). */
  refused(label: string, reason: string | undefined): string;
  /** An answer the agent could not read as its field's type. */
  notUnderstood(label: string): string;
  askAgain(label: string): string;
  /** Everything is filled: the summary's opening, and the closing question. */
  allCollected: string;
  summary(items: string[]): string;
  anythingElse: string;
  onlyClaim: string;
  transferring: string;
  cannotTransfer: string;
  /** The call-back reminder, with its time when known. */
  reminder(when: string | undefined): string;
  goodbye: string;
  somethingWentWrong: string;
  noCall: string;
}

const EN: Phrases = {
  canHelp: 'I can help you with that: I will take down the details of your claim.',
  hello: (bot, company) =>
    `Hello, I am ${bot}, the automated assistant of ${company}. I will take down the details of your claim.`,
  stillHere: 'Yes, I am here.',
  goAhead: 'Please go ahead.',
  automated: (bot, company) => `I am ${bot}, an automated assistant of ${company}, not a human.`,
  offerHuman: 'If you prefer, I can transfer you to a colleague: just ask for an agent.',
  didNotCatch: 'Sorry, I did not catch that.',
  repeat: 'Of course.',
  noted: (label, value) => `Thank you, I noted ${label}, ${value}.`,
  notedOnly: (label) => `Thank you, I noted ${label}.`,
  refused: (label, reason) =>
    reason ? `Sorry, I could not note ${label}: ${reason}.` : `Sorry, I could not note ${label}.`,
  notUnderstood: (label) => `Sorry, I could not get ${label}.`,
  askAgain: (label) => `Could you give me ${label} again?`,
  allCollected: 'Thank you, I have everything I need.',
  summary: (items) => `Here is what I noted: ${items.join('; ')}.`,
  anythingElse: 'Is there anything else I can do for you?',
  onlyClaim:
    'I can only take down the details of your claim. For anything else, I can transfer you to a colleague: just ask for an agent.',
  transferring: 'A colleague will take over in a moment, please stay on the line.',
  cannotTransfer: 'Sorry, I cannot transfer you to a colleague right now.',
  reminder: (when) =>
    when
      ? `We will call you back on ${when} to complete your claim.`
      : 'We will call you back to complete your claim.',
  goodbye: 'Thank you for your call, goodbye.',
  somethingWentWrong: 'Sorry, something went wrong on my side.',
  noCall: 'Sorry, I cannot help you right now. Please call again later.',
};

const FR: Phrases = {
  canHelp: 'Je peux vous aider : je vais noter les détails de votre dossier.',
  hello: (bot, company) =>
    `Bonjour, je suis ${bot}, l’assistant automatique de ${company}. Je vais noter les détails de votre dossier.`,
  stillHere: 'Oui, je suis là.',
  goAhead: 'Je vous écoute.',
  automated: (bot, company) => `Je suis ${bot}, un assistant automatique de ${company}, pas un humain.`,
  offerHuman: 'Si vous préférez, je peux vous passer un conseiller : il suffit de le demander.',
  didNotCatch: 'Désolé, je n’ai pas compris.',
  repeat: 'Bien sûr.',
  noted: (label, value) => `Merci, j’ai noté ${label} : ${value}.`,
  notedOnly: (label) => `Merci, j’ai noté ${label}.`,
  // The claim's reasons are in English: in French the type's hint says what to do instead.
  refused: (label) => `Désolé, je n’ai pas pu noter ${label}.`,
  notUnderstood: (label) => `Désolé, je n’ai pas compris ${label}.`,
  askAgain: (label) => `Pouvez-vous me redonner ${label} ?`,
  allCollected: 'Merci, j’ai tout ce qu’il me faut.',
  summary: (items) => `Voici ce que j’ai noté : ${items.join(' ; ')}.`,
  anythingElse: 'Puis-je faire autre chose pour vous ?',
  onlyClaim:
    'Je peux seulement noter les détails de votre dossier. Pour autre chose, je peux vous passer un conseiller : il suffit de le demander.',
  transferring: 'Un conseiller va prendre le relais dans un instant, restez en ligne.',
  cannotTransfer: 'Désolé, je ne peux pas vous passer de conseiller pour le moment.',
  reminder: (when) =>
    when
      ? `Nous vous rappellerons ${when} pour compléter votre dossier.`
      : 'Nous vous rappellerons pour compléter votre dossier.',
  goodbye: 'Merci de votre appel, au revoir.',
  somethingWentWrong: 'Désolé, quelque chose n’a pas fonctionné de mon côté.',
  noCall: 'Désolé, je ne peux pas vous aider pour le moment. Merci de rappeler plus tard.',
};

export const PHRASES: Readonly<Record<Lang, Phrases>> = { en: EN, fr: FR };
