import type { ClaimFieldType } from '../../../domain/claim';

/** The languages the offline agent speaks and understands. */
export const LANGS = ['en', 'fr', 'es', 'de', 'it', 'pt'] as const;
export type Lang = (typeof LANGS)[number];

/** A hand-written question and read-back label for a field every claim (or the default claim) has. */
export interface KnownFieldPhrases {
  readonly question: string;
  readonly label: string;
}

/**
 * Everything the offline agent says, in one language. Lists give variants: the agent picks one by the
 * turn's number, so it does not say "Thank you" ten times in a row yet stays deterministic.
 */
export interface Phrases {
  /** The first answer of a call to anything that is not an answer: the host already said hello. */
  canHelp: string;
  hello(botName: string, company: string): string;
  stillHere: string;
  /** After a bare "yes": the caller has not answered yet. */
  goAhead: string;
  /** "One second, let me check": the agent waits, with the same question still open. */
  takeYourTime: string;
  /** An honest answer to "are you a robot?". */
  automated(botName: string, company: string): string;
  offerHuman: string;
  didNotCatch: string;
  repeat: string;
  /** Said before a read-back: "Thank you.", "Got it.", "Perfect." */
  acks: readonly string[];
  noted(label: string, value: string): string;
  notedOnly(label: string): string;
  /** A value that replaced another: only what changed is read back. */
  changed(label: string, value: string): string;
  /** A value the agent parsed but the claim refused, with the claim's reason (English only). */
  refused(label: string, reason?: string): string;
  /** An answer the agent could not read as its field's type. */
  notUnderstood(label: string): string;
  askAgain(label: string): string;
  /** Before the one last try at a field set aside after two failed answers. */
  lastTry: string;
  /** "I don't know": accepted, noted, and not asked again. */
  dontKnow: string;
  /** What a text field stores when the caller does not know. */
  unknownValue: string;
  /** "The one I'm calling from": the number read back. */
  callingNumber: string;
  /** Everything is filled: the summary's opening, and the closing question. */
  allCollected: string;
  summary(items: string[]): string;
  anythingElse: string;
  onlyClaim: string;
  /** Deflections, each followed by the question of the moment. */
  question: string;
  jailbreak: string;
  insult: string;
  smallTalk: string;
  /** Once, when the caller says someone is hurt or something bad happened. */
  empathy: string;
  /** The emergency: what to do now, with the local emergency number. */
  emergency(number: string): string;
  emergencyRecorded: string;
  emergencyContinue: string;
  transferring: string;
  cannotTransfer: string;
  /** The call-back reminder, with its time when known. */
  reminder(when: string | undefined): string;
  /** The goodbye: what happens next, then goodbye. */
  goodbyeComplete: string;
  goodbye: string;
  somethingWentWrong: string;
  noCall: string;
  /** "Could you tell me <description>?" for fields without hand-written phrases. */
  askDescribed(description: string): string;
  /** Field questions and labels of the policyholder and default insurance fields. */
  fields: Readonly<Record<string, KnownFieldPhrases>>;
  /** How to say a value of each type, after a value was not understood. */
  typeHints: Readonly<Record<ClaimFieldType, string>>;
  /**
   * For a custom field described in English on a call in another language: the question and label by
   * what the field is about (a place, a device, a date, anything else).
   */
  byConcept: Readonly<Record<'location' | 'device' | 'datetime' | 'text', KnownFieldPhrases>>;
  /** "the date for", used to ask for a field that has no description. */
  typeNouns: Readonly<Record<ClaimFieldType, string>>;
  /** "at" in "Monday, March 3 at 3:00 PM". */
  at: string;
  /** Joins a list: "and". */
  and: string;
}
