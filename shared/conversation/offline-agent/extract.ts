import type { ClaimField, ClaimValues } from '../../domain/claim';
import { normalizeSpeech } from '../offline/numbers';
import { cueScore, fieldConcepts } from './cues';
import { detectIntent } from './intents';
import { isNameLike, nameInSentence } from './names';
import { nonAnswer, type NonAnswer } from './non-answers';
import { cleanText, parseAnswer, type AnswerSetting } from './parse-answer';
import { splitStory, type StoryParts } from './story';

/**
 * Every claim fact in one utterance, whatever was asked: "I'm Jane Doe, jane at contoso dot com, my
 * Dell Latitude's screen stays black since yesterday morning, I'm in building C room 12" fills the
 * name, the e-mail, the device, when it was first seen and where it is. The utterance is cut into
 * pieces (sentences, clauses); each piece is read for a typed value (e-mail, phone, date), a name said
 * as a name, or the words of a free-text field's subject, guided by each field's type and description.
 * Pieces that are not answers (questions, instructions to the assistant, insults, noise) are set aside
 * and never stored.
 */

export interface Fact {
  readonly field: ClaimField;
  readonly value: string;
}

export interface ExtractContext {
  readonly fields: readonly ClaimField[];
  readonly claim: ClaimValues;
  /** The field the agent asked about, if any. */
  readonly asked: ClaimField | undefined;
  readonly setting: AnswerSetting;
  /** The caller's own number, for "it's the one I'm calling from". */
  readonly callerNumber: string;
}

export interface Extracted {
  readonly facts: Fact[];
  /** What the pieces that are not answers were. */
  readonly nonAnswers: NonAnswer[];
}

const EMAIL_MARK = /@|\b(?:at|arobase|arroba|chiocciola|klammeraffe|at sign)\b/;
const THIS_NUMBER = new RegExp(
  [
    "\\b(?:this|that|the same|my|the) (?:number|one|phone)(?: (?:i'm|i am) (?:calling|ringing) (?:from|on|with))\\b",
    "\\bthe (?:number|one) i(?:'m| am) (?:calling|ringing) (?:from|on|with)\\b",
    "\\b(?:it|it's) (?:is )?this (?:number|one)\\b|^this (?:number|one)\\b|\\bsame (?:number|one)\\b|\\bcalling from (?:it|this one)\\b",
    '\\b(?:on|at|from|to|with) this (?:number|phone)\\b|\\bthis (?:phone )?number\\b',
    "\\bce numero(?:-ci)?\\b|\\ble numero (?:depuis lequel|d'ou|avec lequel) (?:je vous )?appelle\\b|\\bcelui-ci\\b|\\ble meme\\b",
    '\\beste (?:numero|mismo)\\b|\\bdesde el que (?:le )?llamo\\b|\\bel mismo\\b',
    '\\bdiese(?:lbe)? nummer\\b|\\b(?:von|mit) der ich (?:gerade )?anrufe\\b|\\bdie gleiche\\b',
    '\\bquesto numero\\b|\\bda cui (?:la |ti )?(?:sto )?chiam(?:o|ando)\\b|\\blo stesso\\b',
    '\\beste numero\\b|\\bde onde (?:estou a ligar|ligo|estou ligando)\\b|\\bo mesmo\\b',
  ].join('|'),
);
const DATE_CUE = new RegExp(
  '\\b(?:' +
    [
      "yesterday|today|tonight|this (?:morning|afternoon|evening)|last (?:night|week|\\w+day)|ago|\\w+day|january|february|march|april|may|june|july|august|september|october|november|december|noon|midnight|morning|afternoon|evening|o'clock|\\d{1,2}(?::\\d{2})? ?(?:am|pm|a\\.m\\.|p\\.m\\.|h\\b|uhr)",
      "hier|aujourd'hui|ce (?:matin|soir)|cette nuit|il y a|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|matin|soir|apres-midi|heures?",
      'ayer|hoy|anoche|manana|hace|lunes|martes|miercoles|jueves|viernes|sabado|domingo|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|tarde|noche|a las',
      'gestern|heute|vorgestern|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|januar|februar|marz|juni|juli|oktober|dezember|morgens|abends|nachmittags?|vor \\w+ (?:tagen|stunden)',
      'ieri|oggi|stamattina|stasera|stanotte|lunedi|martedi|mercoledi|giovedi|venerdi|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|pomeriggio|sera|alle \\d|alle \\w+',
      'ontem|hoje|segunda|terca|quarta|quinta|sexta|janeiro|fevereiro|marco|maio|junho|julho|setembro|outubro|novembro|dezembro|manha|noite|as \\d|as \\w+ (?:da|horas)',
    ].join('|') +
    ')\\b',
);
/** Digits or number words enough for a phone number. */
const DIGITS = /\d/g;
const POLICY_CODE = /\b(?=[A-Z0-9-]*\d)[A-Z]{1,4}[- ]?\d{3,}(?:[- ]?[A-Z0-9]+)?\b|\b\d{6,}\b/;
const POLICY_CUE =
  /\b(?:policy|contract|contrat|police|poliza|polizza|apolice|versicherungs\w*|vertrag\w*)\b/;

export function extractFacts(text: string, context: ExtractContext): Extracted {
  const facts: Fact[] = [];
  const nonAnswers: NonAnswer[] = [];
  const filled = new Set<string>();
  const add = (field: ClaimField | undefined, value: string) => {
    if (!field || filled.has(field.name) || value.trim() === '') return;
    filled.add(field.name);
    const stored = context.claim[field.name];
    if (field.type === 'text' && isAppendable(field) && stored != null && field !== context.asked) {
      // More about a field already told ("It's a ThinkPad X1, the screen stays black"): added to it.
      if (normalizeSpeech(stored).includes(normalizeSpeech(value))) return;
      facts.push({ field, value: `${stored.replace(/[.\s]+$/, '')}. ${value}` });
      return;
    }
    facts.push({ field, value });
  };
  const first = (
    type: ClaimField['type'],
    prefer?: (field: ClaimField) => boolean,
  ): ClaimField | undefined => {
    const { asked, fields, claim } = context;
    if (asked?.type === type && !filled.has(asked.name)) return asked;
    const candidates = fields.filter((field) => field.type === type && !filled.has(field.name));
    // Never a field already filled: a witness's number is not a new number for the caller.
    return (
      candidates.find((field) => claim[field.name] == null && (prefer?.(field) ?? true)) ??
      candidates.find((field) => claim[field.name] == null)
    );
  };

  const name = context.fields.find((field) => field.type === 'text' && /(?:^|_)name(?:_|$)/.test(field.name));
  const textPieces: string[] = [];
  /** Clauses that say the caller's name ("Me llamo Paul Martin"): never the rest of a place or story. */
  const naming = new Set<string>();
  /** Pieces that are not also a typed value or a name: what an answer to a text question is made of. */
  const freePieces: string[] = [];
  /** The place of a story told in one breath, and the story itself: each goes to its own field. */
  const placed: string[] = [];
  const told = new Set<string>();
  /** The rest of a clause whose place was cut out: it goes anywhere but to the place again. */
  const besidePlace = new Set<string>();
  for (const sentence of sentences(text)) {
    const before = facts.length;
    const said = normalizeSpeech(sentence);
    const why = nonAnswer(sentence);
    if (why) {
      nonAnswers.push(why);
      // "My name is Jane, what does my policy cover?": the name before the question still counts.
      const named = nameInSentence(sentence, false);
      if (named && name && why !== 'jailbreak') add(name, named);
      continue;
    }
    if (THIS_NUMBER.test(said)) add(first('phone_number'), context.callerNumber);
    // An address ends where its clause ends: "priya at example dot com, you can reach me on ...".
    if (EMAIL_MARK.test(said)) tryEach(first('email'), sentence, EMAIL_MARK);
    if ((said.match(DIGITS)?.length ?? 0) >= 7 || /\b(?:plus|mas|mais|piu)\b.*\d/.test(said)) {
      tryTyped(first('phone_number'), sentence);
    }
    const spokenDigits = said.split(' ').filter((word) => NUMBER_WORDS.has(word)).length;
    if (spokenDigits >= 7 && !EMAIL_MARK.test(said)) tryTyped(first('phone_number'), sentence);
    // "Last night around 11 someone broke into my garage on Oak Lane": when, where and what, apart.
    const stories = new Map<string, StoryParts>();
    for (const clause of clauses(sentence)) {
      const story = splitStory(clause, context.setting);
      if (story) stories.set(clause, story);
    }
    const when = [...stories.values()].find((story) => story.when)?.when;
    if (when) tryTyped(first('datetime') ?? refinable(), when);
    else if (dateCue(said, context.setting)) tryDate(first('datetime') ?? refinable(), sentence);
    const named = nameInSentence(sentence, context.asked === name);
    if (named && name) add(name, named);
    if (named) {
      const who = normalizeSpeech(named);
      for (const clause of clauses(sentence)) if (normalizeSpeech(clause).includes(who)) naming.add(clause);
    }
    const policy = context.fields.find((field) => field.name === 'policy_number');
    const code = POLICY_CODE.exec(sentence)?.[0];
    if (policy && code && (POLICY_CUE.test(said) || context.asked === policy)) add(policy, code);
    // A clause that only says when is not the answer to another question ("Around ten, yesterday").
    const pieces = clauses(sentence).flatMap((clause) => {
      const story = naming.has(clause) ? undefined : stories.get(clause);
      if (!story) return onlyWhen(clause, context) ? [] : [clause];
      if (story.where) placed.push(story.where);
      if (story.what && story.story) told.add(story.what);
      else if (story.what && story.where) besidePlace.add(story.what);
      return story.what ? [story.what] : [];
    });
    textPieces.push(...pieces);
    if (facts.length === before) freePieces.push(...pieces);
  }

  // Free-text fields: each clause goes to the field whose subject it speaks of; neighbours that speak
  // of the same field stay together ("Building B, third floor, room 312"). While a free-text question
  // is asked, a clause goes elsewhere only when it says nothing of the asked subject and clearly speaks
  // of another ("In front of my house" asked about injuries is the place).
  const { asked } = context;
  const askedText = asked?.type === 'text' && asked !== name && !filled.has(asked.name) ? asked : undefined;
  const byField = new Map<ClaimField, string[]>();
  const put = (field: ClaimField, clause: string) =>
    byField.set(field, [...(byField.get(field) ?? []), clause]);
  const free = new Set(freePieces);
  const place = freeTextField(context, filled, 'location');
  if (place) for (const where of placed) put(place, where);
  const story = freeTextField(context, filled, 'story');
  let previous: ClaimField | undefined;
  for (const clause of textPieces) {
    let field = told.has(clause) && story ? story : bestTextField(clause, context, filled);
    // "40 Maple Avenue", "Boston" after "In front of my house": the same subject goes on.
    if (!field && previous && previous !== askedText && !naming.has(clause) && isContinuation(clause))
      field = previous;
    if (askedText && free.has(clause)) {
      const said = normalizeSpeech(clause);
      const askedScore = cueScore(askedText, said);
      if (!field || (askedScore > 0 && askedScore >= cueScore(field, said))) field = askedText;
    }
    if (field && field === place && besidePlace.has(clause)) field = undefined;
    if (field) put(field, clause);
    previous = field;
  }
  // A bare "No" next to an answer about something else: "Nein, niemand wurde verletzt" asked where
  // it happened is no place. A yes-or-no question (injuries, witnesses) takes the whole answer.
  const askedPieces = askedText ? byField.get(askedText) : undefined;
  const open =
    askedText && fieldConcepts(askedText).some((c) => c === 'location' || c === 'story' || c === 'device');
  if (askedText && askedPieces && open && byField.size > 1 && askedPieces.every(isBareYesNo)) {
    byField.delete(askedText);
  } else if (askedText && askedPieces) {
    // The asked field, answered, takes the whole answer ("One person was hurt, the cyclist"); the
    // other fields keep their part. The parts of a story told in one breath are not that answer.
    const answer = freePieces.filter((piece) => !told.has(piece) && !besidePlace.has(piece));
    byField.set(askedText, answer.length > 0 ? answer : askedPieces);
  }
  for (const [field, pieces] of byField) {
    if (field === context.fields.find((f) => f.name === 'policy_number') && !/\d/.test(pieces.join(' ')))
      continue;
    const value = withoutLeadIn(cleanText(pieces.join(', '), false));
    if (field === askedText ? isDescriptive(value) : true) add(field, value);
  }

  // What is left answers the question asked.
  if (asked && !filled.has(asked.name) && nonAnswers.length < sentences(text).length) {
    if (asked.type === 'text' && asked === name) {
      // A name is the whole answer: not what is left of an outburst or a question.
      const value = cleanText(freePieces.join(' '), true);
      if (nonAnswers.length === 0 && isNameLike(value)) add(asked, value);
    } else if (asked.type !== 'text') {
      tryTyped(asked, text);
    }
  }
  // A full name said alone while something else was asked: "Jane Doe" is still the caller's name.
  if (facts.length === 0 && name && context.claim[name.name] == null && asked !== name) {
    const value = cleanText(text, true);
    if (value.includes(' ') && isNameLike(value) && nonAnswers.length === 0) add(name, value);
  }
  return { facts, nonAnswers };

  /** The clauses that have the mark first, then the whole sentence. */
  function tryEach(field: ClaimField | undefined, sentence: string, mark: RegExp): void {
    for (const clause of clauses(sentence)) {
      if (mark.test(normalizeSpeech(clause))) tryTyped(field, clause);
    }
    tryTyped(field, sentence);
  }

  /**
   * The sentence's date with its time when it has one ("last Tuesday, in the afternoon around 3"),
   * else the date of the clause that says it ("the screen stays black since this morning at 8").
   */
  function tryDate(field: ClaimField | undefined, sentence: string): void {
    if (!field) return;
    const candidates = [
      sentence,
      ...clauses(sentence).filter((clause) => dateCue(normalizeSpeech(clause), context.setting)),
    ];
    const parsed = candidates.flatMap((piece) => {
      const result = parseAnswer(field, piece, context.setting);
      return result.ok ? [{ piece, timed: result.value.includes('T') }] : [];
    });
    const best = parsed.find((p) => p.timed) ?? parsed[0];
    if (best) tryTyped(field, best.piece);
  }

  /** A date already stored ("yesterday evening"), that a time said now makes precise ("around nine"). */
  function refinable(): ClaimField | undefined {
    return context.fields.find((field) => field.type === 'datetime' && context.claim[field.name] != null);
  }

  function tryTyped(field: ClaimField | undefined, piece: string): void {
    if (!field || filled.has(field.name)) return;
    const parsed = parseAnswer(field, piece, context.setting);
    if (!parsed.ok) return;
    const stored = context.claim[field.name];
    // Only a time for the day already given: "yesterday evening", then "around nine".
    if (stored != null && (parsed.value.slice(0, 10) !== stored.slice(0, 10) || parsed.value === stored))
      return;
    if (stored != null && !parsed.value.includes('T')) return;
    add(field, parsed.value);
  }
}

const NUMBER_WORDS = new Set(
  'zero oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety un deux trois quatre cinq sept huit neuf dix onze douze treize quatorze quinze seize vingt trente quarante cinquante soixante cero uno dos tres cuatro cinco seis siete ocho nueve null eins zwei drei vier funf sechs sieben acht neun zehn uno due tre quattro cinque sei sette otto nove dieci um dois quatro cinco sete oito nove dez'.split(
    ' ',
  ),
);

/** Sentences: cut at . ! ? ; followed by a space (not the dots of an e-mail address or 5.4). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+|\n+/)
    .map((piece) => piece.trim())
    .filter((piece) => /[\p{L}\p{N}]/u.test(piece));
}

/** Clauses: cut at commas and "and", "but", "y", "und"... when a new subject may start. */
function clauses(sentence: string): string[] {
  return sentence
    .split(
      /,\s+|\s+(?:and|but|et|mais|y|pero|und|aber|ma|mas)\s+(?=(?:the|my|it|i|il|le|la|mon|ma|el|mi|der|die|das|mein|meine|es|o|a|meu|minha|lo|ho|tengo|j'|je)\b)/iu,
    )
    .map((piece) => piece.trim())
    .filter((piece) => /[\p{L}\p{N}]/u.test(piece) && !nonAnswer(piece));
}

/** "No", "nein", "yes": an answer only to a yes-or-no question. */
function isBareYesNo(piece: string): boolean {
  const intent = detectIntent(piece);
  return intent === 'no' || intent === 'yes';
}

/** The free-text field about a concept (the place, the story) that has no value yet. */
function freeTextField(
  context: ExtractContext,
  filled: Set<string>,
  concept: 'location' | 'story',
): ClaimField | undefined {
  return context.fields.find(
    (field) =>
      field.type === 'text' &&
      !filled.has(field.name) &&
      context.claim[field.name] == null &&
      fieldConcepts(field).includes(concept),
  );
}

/** A date word; "hier" is "here" on a German call ("Guten Tag, hier ist Anna Schmidt"). */
function dateCue(said: string, setting: AnswerSetting): boolean {
  return DATE_CUE.test(setting.lang === 'de' ? said.replace(/\bhier\b/g, '') : said);
}

/** A clause that only continues the one before ("third floor", "room 312", "Tom Reed from Acme"). */
function isContinuation(clause: string): boolean {
  return clause.split(/\s+/).length <= 5;
}

/** A time and nothing else: a date cue, a date that parses, and no subject of a free-text field. */
function onlyWhen(clause: string, context: ExtractContext): boolean {
  const said = normalizeSpeech(clause);
  if (!DATE_CUE.test(said) || said.split(' ').length > 8) return false;
  const date = context.fields.find((field) => field.type === 'datetime');
  if (!date || !parseAnswer(date, clause, context.setting).ok) return false;
  return !context.fields.some((field) => field.type === 'text' && cueScore(field, said) >= 2);
}

function bestTextField(clause: string, context: ExtractContext, filled: Set<string>): ClaimField | undefined {
  const said = normalizeSpeech(clause);
  let best: { field: ClaimField; score: number } | undefined;
  for (const field of context.fields) {
    if (field.type !== 'text' || filled.has(field.name) || /(?:^|_)name(?:_|$)/.test(field.name)) continue;
    if (field.name === 'policy_number') continue;
    // A field already told takes more only about a story or a device ("the screen stays black too").
    if (context.claim[field.name] != null && !isAppendable(field)) continue;
    const score = cueScore(field, said);
    if (score >= 2 && (!best || score > best.score)) best = { field, score };
  }
  return best?.field;
}

function isAppendable(field: ClaimField): boolean {
  return fieldConcepts(field).some((concept) => concept === 'story' || concept === 'device');
}

/** "I'd like to report that my bike was stolen" → "my bike was stolen". */
const LEAD_IN = new RegExp(
  '^(?:hi|hello|bonjour|hola|hallo|ciao|ola|buongiorno)?[\\s,.!]*(?:' +
    [
      "i(?:'d| would) like to (?:report|declare|make a claim about|file a claim (?:for|about))",
      'i want to (?:report|declare)',
      "i(?:'m| am) calling (?:to report|about|because)",
      'je (?:voudrais|veux|souhaite) d[ée]clarer',
      "j'appelle pour",
      'quiero (?:declarar|denunciar|informar de)',
      'quer[ií]a (?:declarar|denunciar)',
      'llamo (?:por|para declarar)',
      'ich m[öo]chte (?:einen? )?(?:\\w+ )?melden',
      'ich rufe an, weil',
      'vorrei (?:denunciare|segnalare|dichiarare)',
      'chiamo per',
      'quero (?:participar|declarar|comunicar)',
      'queria (?:participar|declarar)',
      'estou a ligar (?:por causa|para)',
    ].join('|') +
    ')(?:\\s+(?:that|que|dass|che))?[\\s,:]+',
  'iu',
);

function withoutLeadIn(text: string): string {
  const stripped = text.replace(LEAD_IN, '').trim();
  return stripped === '' ? text : stripped;
}

/** A free-text answer says something: not a lone filler, not only politeness. */
export function isDescriptive(value: string): boolean {
  const said = normalizeSpeech(value);
  const words = said.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return false;
  return !nonAnswer(value);
}
