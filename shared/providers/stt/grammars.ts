import type { ExpectedAnswer } from './stt';

/**
 * The embedded recogniser's English grammars (JSGF), one per kind of answer the bot asks for. A grammar
 * recogniser forces whatever it hears onto a phrase of its grammar, so each one also holds:
 * - the caller's commands (an agent, repeat, bye) and yes/no, which are valid answers to any question;
 * - a "garbage" loop of single phones, the path of least resistance for speech outside the grammar;
 *   an utterance that goes through it is reported as not understood ('') rather than as a wrong phrase.
 * What the grammars write is what the offline agent's parsers read: "john dot doe at example dot com",
 * "plus one four two five ...", "yesterday at three p.m.".
 */

const DIGITS = ['zero', 'oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const LETTERS = 'a b c d e f g h i j k l m n o p q r s t u v w x y z'.split(' ');

/** Common first names and surnames (US census top ranks, and the project's examples). */
const FIRST_NAMES =
  'james mary john patricia robert jennifer michael linda david elizabeth william barbara richard susan joseph jessica thomas sarah charles karen daniel nancy matthew lisa anthony betty mark sandra ashley steven emily andrew donna kevin michelle brian carol george amanda jane emma olivia sophia noah liam lucas ava mia alex sam chris anna maria peter laura paul julia'.split(
    ' ',
  );
const SURNAMES =
  'smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts doe dupont'.split(
    ' ',
  );
/** Words often found in e-mail addresses, besides names and spelled letters. */
const EMAIL_WORDS = 'gmail yahoo outlook hotmail icloud live mail email example office info home work'.split(
  ' ',
);
/** Top-level domains said as words; the others are spelled ("dot f r"). */
const ENDINGS = ['com', 'org', 'net', 'edu', 'gov'];

const ORDINALS =
  'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth'.split(
    ' ',
  );
const MONTHS = 'january february march april may june july august september october november december'.split(
  ' ',
);
const WEEKDAYS = 'monday tuesday wednesday thursday friday saturday sunday'.split(' ');
const HOURS = 'one two three four five six seven eight nine ten eleven twelve'.split(' ');

/** Pronunciations the model's dictionary lacks, or spells another way (ArpaBet). */
export const EXTRA_PRONUNCIATIONS: Readonly<Record<string, readonly string[]>> = {
  // Spelled "a" is the letter's name, not the article's schwa.
  a: ['AH', 'EY'],
};

/** The garbage loop: one "word" per phone, written `_aa`, dropped from the result. */
export const GARBAGE_PHONES =
  'AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH'.split(
    ' ',
  );
export const garbageWord = (phone: string): string => `_${phone.toLowerCase()}`;

const alt = (words: readonly string[]): string => `(${[...new Set(words)].join(' | ')})`;

const COMMON = `
<yesno> = yes | yeah | yep | okay | no | nope | no thanks | not really;
<command> = agent | [i want to | can i] (talk | speak) to (an agent | a human | a person | someone)
  | repeat [that] | can you repeat [that] | say that again | bye | goodbye | bye bye | that's all;
<garbage> = ${alt(GARBAGE_PHONES.map(garbageWord))}+;
<digit> = ${alt(DIGITS)};
<letter> = ${alt(LETTERS)};
`;

/** No country code starts with 0: "plus" is followed by one to nine. */
const PHONE = `
<answer> = [my number is | it's] [plus <nonzero>] (<digit> | double <digit> | triple <digit>)+;
<nonzero> = one | two | three | four | five | six | seven | eight | nine;
`;

const EMAIL = `
<answer> = [my email is | it's] <piece>+ at <piece>+ dot <ending>;
<piece> = <letter> | <digit> | double <letter> | dot | underscore | dash | ${alt([...EMAIL_WORDS, ...FIRST_NAMES, ...SURNAMES])};
<ending> = ${alt(ENDINGS)} | <letter> <letter>;
`;

const NAME = `
<answer> = [my name is | it's | i'm] (<first> [<last>] | <last>) [[that's] <letter> <letter>+] | <letter> <letter>+;
<first> = ${alt(FIRST_NAMES)};
<last> = ${alt(SURNAMES)};
`;

const DATETIME = `
<answer> = [it was | it happened] (<day> [[at | around] <time>] | [at | around] <time> [<day>]);
<day> = yesterday | today | this morning | this afternoon | this evening | last night
  | the day before yesterday | [last | on] <weekday> | [on] <month> <ordinal> | [on] the <ordinal> of <month>
  | <hour> days ago;
<weekday> = ${alt(WEEKDAYS)};
<month> = ${alt(MONTHS)};
<ordinal> = ${alt(ORDINALS)} | twenty ${alt(ORDINALS.slice(0, 9))} | thirty first;
<hour> = ${alt(HOURS)};
<time> = <hour> [<minutes>] [o'clock] [a.m. | p.m. | in the morning | in the afternoon | in the evening]
  | noon | midnight | half past <hour> | quarter (past | to) <hour>;
<minutes> = oh five | ten | fifteen | twenty | twenty five | thirty | thirty five | forty | forty five | fifty | fifty five;
`;

const ANSWERS: Readonly<Record<ExpectedAnswer, string>> = {
  yes_no: '',
  free_text: '',
  phone_number: PHONE,
  email: EMAIL,
  datetime: DATETIME,
  name: NAME,
};

/** The kinds of answer the grammars cover (free text: only commands and yes/no, the rest is typed). */
export const GRAMMAR_ANSWERS: readonly ExpectedAnswer[] = [
  'yes_no',
  'phone_number',
  'email',
  'datetime',
  'name',
];

/** The JSGF grammar that listens for an answer of this kind (anything it has a grammar for when unknown). */
export function grammarFor(expect: ExpectedAnswer | undefined): string {
  const rules = expect === undefined ? '' : ANSWERS[expect];
  const top = rules ? '<answer> | <yesno> | <command>' : '<yesno> | <command>';
  return `#JSGF V1.0;\ngrammar ${expect ?? 'any'};\npublic <utterance> = ${top} | <garbage>;\n${COMMON}${rules}`;
}

/** Every word a grammar uses, for the dictionary (garbage words aside). */
export function grammarWords(): Set<string> {
  const words = new Set<string>();
  const all = [COMMON, ...Object.values(ANSWERS)].join('\n').replace(/<[a-z]+>\s*=/g, ' ');
  for (const token of all.split(/[\s()|[\]*+;=]+/)) {
    if (/^[a-z.']+$/.test(token)) words.add(token);
  }
  return words;
}

/** The text the parsers read: garbage and noise words dropped, "p.m." written "pm". */
export function cleanHypothesis(text: string): string {
  return text
    .split(/\s+/)
    .filter((word) => word !== '' && !word.startsWith('_') && !word.startsWith('['))
    .map((word) => (word === 'a.m.' ? 'am' : word === 'p.m.' ? 'pm' : word))
    .join(' ');
}

/** Whether the decoder went through the garbage loop: the caller said something outside the grammar. */
export function isOutOfGrammar(text: string): boolean {
  return text.split(/\s+/).some((word) => word.startsWith('_'));
}
