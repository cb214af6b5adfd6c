import type { ClaimField, ClaimValues } from '../../domain/claim';
import { OTHER_LANGUAGE_CORRECTION_WORDS } from '../offline/correction-words';
import { extractCorrection } from '../offline/extract-correction';
import { normalizeSpeech } from '../offline/numbers';
import { fieldWords } from './fields';
import { parseAnswer, type AnswerSetting } from './parse-answer';

/**
 * Which claim field a caller's answer is for, and the part of it that is the value.
 *
 * - By default, the field the agent asked about: the first missing one.
 * - A field the caller names at the start ("my email is ...", "no, actually my phone number is ...",
 *   "mon numéro c'est ..."), or with "my" at the start of a later sentence ("Fine. My name is ..."),
 *   takes over, when the answer is a correction or a possessive statement, or
 *   when the asked field is not free text (an e-mail answer cannot be about the incident's date). While
 *   the agent asks for free text, "the damage was on the door" stays an answer to it.
 *   A named field whose value does not fit it while free text was asked for is the free text after all
 *   ("my phone was broken in the accident"), unless the caller was correcting it.
 * - "it's not Jane, it's Joan" is for the field whose stored value is Jane.
 * - A correction that names no field ("no, it's Joan", "sorry, jane dot smith at example dot com") is
 *   for the field stored on the previous turn when the value fits that field's type and, for a text
 *   field, does not fit the asked one.
 */

export interface Target {
  readonly field: ClaimField;
  /** What to parse as the value. */
  readonly text: string;
}

export interface TargetContext {
  readonly fields: readonly ClaimField[];
  /** The field the agent asked about; undefined once nothing is missing. */
  readonly asked: ClaimField | undefined;
  /** The field stored on the previous turn, the one a bare correction is about. */
  readonly previous: ClaimField | undefined;
  /** The values stored so far, for "it's not Jane, it's Joan". */
  readonly claim: ClaimValues;
  readonly setting: AnswerSetting;
}

const APOS = "['’]";
const LEAD_WORDS = [
  'no',
  'nope',
  'non',
  'actually',
  'sorry',
  'pardon',
  'oops',
  'en fait',
  'plut[ôo]t',
  'I mean',
  'I meant',
  'je veux dire',
  'je voulais dire',
  'wait',
  'attendez',
  'correction',
  'd[ée]sol[ée]e?',
  ...OTHER_LANGUAGE_CORRECTION_WORDS,
  'hi',
  'hello',
  'bonjour',
  'yes',
  'yeah',
  'oui',
  'ok(?:ay)?',
  'so',
  'well',
  'alors',
  'euh',
  'um',
  'uh',
  'and',
  'et',
  'oh',
];
const CORRECTIVE_WORDS = LEAD_WORDS.slice(0, LEAD_WORDS.indexOf('d[ée]sol[ée]e?') + 1);
const POSSESSIVES = [
  'my',
  'our',
  'mon',
  'ma',
  'mes',
  'notre',
  'nos',
  'mi',
  'mis',
  'nuestro',
  'mein',
  'meine',
  'meinen',
  'unser',
  'il mio',
  'la mia',
  'o meu',
  'a minha',
  'meu',
  'minha',
];
const DETERMINERS = [...POSSESSIVES, 'your', 'the', 'votre', 'le', 'la', 'les', `l${APOS}`];
/** Verbs that are words of their own: a space before them, so "medical care" is not "medical c" + "are". */
const VERBS = [
  'is',
  'was',
  'are',
  'were',
  'should be',
  'will be',
  'est',
  `c${APOS}est`,
  '[ée]tait',
  `c${APOS}[ée]tait`,
  'sera',
  'sont',
  'es',
  'era',
  'fue',
  'ist',
  'war',
  'lautet',
  '[èé]',
  'foi',
];
/** Verbs written onto the subject: "my name's", "e-mail:". */
const ATTACHED_VERBS = [`${APOS}s`, ':'];

const NOT_A_LETTER = '(?![\\p{L}\\p{N}])';
/** Up to 4 words naming the field, a verb, then the value. */
const SUBJECT_VERB_VALUE =
  `((?:[\\p{L}'’-]+\\s+){0,3}?[\\p{L}'’-]+)` +
  `(?:\\s+(?:${VERBS.join('|')})|\\s*(?:${ATTACHED_VERBS.join('|')}))${NOT_A_LETTER}[\\s,:;-]*(.+)$`;
/** "no, actually my e-mail address is ...": lead words, a determiner, the field, a verb, the value. */
const NAMED = new RegExp(
  `^((?:(?:${LEAD_WORDS.join('|')})${NOT_A_LETTER}[\\s,.;:!-]*)*)` +
    `(?:(${DETERMINERS.join('|')})${NOT_A_LETTER}\\s*)?` +
    SUBJECT_VERB_VALUE,
  'iu',
);
/** Where a later sentence or clause starts: "Fine. My name is ...", "whatever, my name is ...". */
const CLAUSE_START = /[.!?;,]\s+/gu;
/** In a later clause only a possessive names a field: "the damage is ..." there is still the story. */
const POSSESSIVE_NAMED = new RegExp(
  `^(?:${POSSESSIVES.join('|')})${NOT_A_LETTER}\\s*${SUBJECT_VERB_VALUE}`,
  'iu',
);
const CORRECTIVE = new RegExp(`^(?:${CORRECTIVE_WORDS.join('|')})${NOT_A_LETTER}`, 'iu');

/** "it's not Jane, it's Joan", "ce n'est pas Dupont mais Dupond": what is replaced. */
const REPLACED = new RegExp(
  `(?:^|[\\s,])(?:not|pas)\\s+(.+?)\\s*(?:[,;.]\\s*|\\s+)(?:but\\s+|mais\\s+)?(?:it${APOS}s|it is|c${APOS}est|but|mais)${NOT_A_LETTER}`,
  'iu',
);

/** Whether the caller corrects something: "no, ...", "actually ...", "it's not Jane, it's Joan". */
export function isCorrection(text: string): boolean {
  const said = text.trim();
  return CORRECTIVE.test(said) || REPLACED.test(said) || RESTART.test(said);
}

/** A restart in the middle: "jane at x dot com, sorry, I meant ...". */
const RESTART =
  /\b(?:sorry,?\s+I\s+mean(?:t)?|I\s+meant|no,?\s+wait|scratch\s+that|je\s+voulais\s+dire|quise\s+decir|ich\s+meinte|volevo\s+dire|queria\s+dizer)\b/iu;

export function targetField(text: string, context: TargetContext): Target | undefined {
  const { asked, previous, setting } = context;
  const named = namedField(text, context);
  // "my phone was broken in the accident" is still the story the agent asked for; "no, my phone
  // number is ..." is not, even misheard.
  const storyAfterAll =
    named &&
    !named.corrective &&
    asked?.type === 'text' &&
    named.target.field !== asked &&
    !parseAnswer(named.target.field, named.target.text, setting).ok;
  if (named && !storyAfterAll) return named.target;
  const value = extractCorrection(text);
  const replaced = replacedField(text, context);
  if (replaced) return { field: replaced, text: value };
  const corrective = value !== text.trim();
  if (corrective && previous && previous !== asked) {
    const fitsPrevious = parseAnswer(previous, value, setting).ok;
    const fitsAsked = asked !== undefined && parseAnswer(asked, value, setting).ok;
    if (fitsPrevious && (previous.type !== 'text' || !fitsAsked)) {
      return { field: previous, text: value };
    }
  }
  return asked ? { field: asked, text: asked.type === 'text' ? freeText(text) : value } : undefined;
}

/**
 * A free-text answer in the caller’s words. A "no" set apart by punctuation is an interjection
 * ("No, nobody was hurt"); without it, it is part of the answer: "no one was hurt" is not "one was hurt".
 */
function freeText(text: string): string {
  return text.trim().replace(/^(?:no|non|nope)\s*[,.;:!]+\s*/iu, '');
}

interface Named {
  readonly target: Target;
  readonly corrective: boolean;
}

/**
 * The field the caller names, with the value that follows: at the start of the answer, or else with
 * "my ..." at the start of a later sentence or clause, where an explicit "my name is" still wins
 * ("Fine. My name is Rob Stone." while the e-mail is asked).
 */
function namedField(text: string, context: TargetContext): Named | undefined {
  const said = text.trim();
  return namedAtStart(said, context) ?? namedInClause(said, context);
}

function namedAtStart(text: string, context: TargetContext): Named | undefined {
  const match = NAMED.exec(text);
  if (!match) return undefined;
  const [, lead = '', determiner = '', subject = '', value = ''] = match;
  const field = bestField(normalizeSpeech(subject), context);
  if (!field) return undefined;
  const { asked } = context;
  const possessive = POSSESSIVES.includes(determiner.toLowerCase());
  const corrective = CORRECTIVE.test(lead);
  if (field !== asked && asked?.type === 'text' && !possessive && !corrective) return undefined;
  return { target: { field, text: value.trim() }, corrective };
}

/**
 * Later on, the value must fit the named field: "Yesterday, my phone was off" still says when it
 * happened, where at the start "my phone was ..." would at least get the phone number asked again.
 */
function namedInClause(text: string, context: TargetContext): Named | undefined {
  for (const start of text.matchAll(CLAUSE_START)) {
    const match = POSSESSIVE_NAMED.exec(text.slice(start.index + start[0].length));
    const field = match && bestField(normalizeSpeech(match[1] ?? ''), context);
    const value = (match?.[2] ?? '').trim();
    if (field && parseAnswer(field, value, context.setting).ok) {
      return { target: { field, text: value }, corrective: false };
    }
  }
  return undefined;
}

/** The field whose stored value the caller says is wrong: "not Jane" matches "Jane Doe". */
function replacedField(text: string, context: TargetContext): ClaimField | undefined {
  const wrong = REPLACED.exec(text)?.[1];
  if (!wrong) return undefined;
  const said = normalizeSpeech(wrong);
  return context.fields.find((field) => {
    const stored = context.claim[field.name];
    return stored != null && containsWord(normalizeSpeech(stored), said);
  });
}

/** The field whose words the subject says most, the asked one first, then in schema order. */
function bestField(subject: string, context: TargetContext): ClaimField | undefined {
  let best: { field: ClaimField; score: number } | undefined;
  const ordered = context.asked ? [context.asked, ...context.fields] : context.fields;
  for (const field of ordered) {
    const score = fieldWords(field).filter((word) => containsWord(subject, word)).length;
    if (score > 0 && (!best || score > best.score)) best = { field, score };
  }
  return best?.field;
}

function containsWord(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^a-z0-9])${escaped}(?:$|[^a-z0-9])`).test(text);
}
