import type { ClaimField } from '../../domain/claim';
import { normalizeSpeech } from '../offline/numbers';
import { hasCue } from './cues';
import { parseAnswer, type AnswerSetting } from './parse-answer';

/**
 * A story told in one breath, cut into what each claim field asks: "Last night around 11 someone broke
 * into my garage on Oak Lane and stole two bicycles" is when ("Last night around 11"), where ("my
 * garage on Oak Lane") and what happened (the rest). In English, French, Spanish, German, Italian and
 * Portuguese, by the words themselves rather than commas (a caller telling a story does not pause
 * where a form would):
 *
 * - when: a run of time words (a day, a time of day, "around", "vers", "a las", "gegen", numbers) that
 *   says a day or an hour ("all night" does not), and that the date parser reads on its own; the one
 *   with a time of day first, then the longest. The whole sentence is never parsed as a date: its other
 *   numbers ("two bicycles") or words ("hier ist" in German) would give a wrong date, and a wrong date
 *   is worse than none.
 * - where: a chain of place phrases ("into my garage on Oak Lane in Redmond", "sur le parking du
 *   Carrefour à Lyon"): a place preposition, then words that name a place (a place noun, a proper name,
 *   a house number). A chain without a proper name, a street or a number ("in my kitchen", "in pain",
 *   "à Paul") is left in the story: the agent asks for the address.
 * - what: the rest, in the caller's words, without the time (the place stays: it is part of the story).
 *
 * Only a clause with at least two of the three is split; anything else is left to the usual reading.
 */

export interface StoryParts {
  /** The words that say when, as said ("Last night around 11"); parses as a date. */
  readonly when?: string;
  /** The place, without its first preposition ("my garage on Oak Lane in Redmond"). */
  readonly where?: string;
  /** The clause without the time: what happened, when it says more than "it was". */
  readonly what?: string;
  /** Whether `what` tells of an incident ("stole", "rayée", "burst"): then it is the story. */
  readonly story: boolean;
}

/** A word that says which day or what time on its own (not "may", "marco", "segunda"...). */
const STRONG_ANCHOR = new RegExp(
  '^(?:' +
    [
      "yesterday|today|tonight|ago|o'clock|am|pm|a\\.m\\.|p\\.m\\.|noon|midnight",
      '(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|june|july|august|september|october|november|december',
      "hier|avant-hier|aujourd'hui|midi|minuit|heures?|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
      'ayer|anteayer|anoche|hoy|mediodia|medianoche|lunes|martes|miercoles|jueves|viernes|sabado|domingo',
      'gestern|vorgestern|heute|uhr|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag',
      'ieri|altroieri|oggi|stamattina|stasera|stanotte|stamani|mezzanotte|mezzogiorno|lunedi|martedi|mercoledi|giovedi|venerdi',
      'ontem|anteontem|hoje|meia-noite|meio-dia|(?:segunda|terca|quarta|quinta|sexta)-feira',
      '\\d{1,2}(?::\\d{2}|h\\d{0,2}|am|pm)',
    ].join('|') +
    ')$',
);
/** A part of the day: a date only with a day or an hour ("all night" is no date, "last night" is). */
const WEAK_ANCHOR =
  /^(?:night|morning|afternoon|evening|soir|matin|nuit|apres-midi|manana|tarde|noche|abends?|morgens|nachts?|nachmittags?|sera|mattina|notte|pomeriggio|manha|noite)$/;
/** What makes a part of the day a date: "last", "this", "ce", a number. */
const WEAK_WITH =
  /^(?:last|this|ce|cette|esta|este|letzte|letzten|questa|ieri|gestern|heute|\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|eins|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|uno|due|tre|quattro|cinque|sei|sette|otto|nove|dieci|undici|dodici|um|uma|duas|dois|quatro|cinco|sete|oito|nove|dez)$/;

/** Words a time run may hold besides its anchors: prepositions, articles, numbers, "half past". */
const TIME_FILLER = new RegExp(
  '^(?:' +
    [
      'passada|passado|pasado|pasada|dernier|derniere|scorso|scorsa|letzten|\\d{1,2}|last|this|around|about|at|on|in|the|approximately|roughly|just|after|before|half|past|quarter|to|of|a|an',
      "vers|a|au|le|la|l'|du|de|ce|cette|environ|et|demie|quart|moins|dans|sur|les",
      'sobre|hacia|a|las|la|de|del|por|eso|de|y|media|cuarto|menos|esta|este|en|alrededor',
      'gegen|um|am|in|der|etwa|ungefahr|halb|viertel|kurz|nach|vor|letzte|letzten|gestern',
      "verso|le|alle|all'|al|di|del|della|circa|ore|e|mezza|un|quarto|ieri|l'altro|altro|questa|scorsa|in|nel",
      'por|volta|das|as|a|de|da|do|cerca|horas|e|meia|na|ontem|esta|no|pela|pelas',
      'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirty|fifteen|forty|twenty',
      'une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|vingt|trente|quinze',
      'una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|veinte|treinta',
      'ein|eins|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|zwanzig|dreissig',
      'uno|due|tre|quattro|cinque|sei|sette|otto|nove|dieci|undici|dodici|venti|trenta',
      'um|uma|duas|dois|quatro|cinco|sete|oito|nove|dez|onze|doze|vinte|trinta',
    ].join('|') +
    ')$',
);

/** Words that end a time run without belonging to it: a run never ends on "at", "the", "de". */
const TIME_TAIL = new RegExp(
  "^(?:last|this|around|about|at|on|in|the|just|after|before|to|of|a|an|vers|au|le|la|l'|du|de|ce|cette|" +
    'environ|et|dans|sur|les|sobre|hacia|las|del|por|eso|y|esta|este|en|alrededor|gegen|um|am|der|etwa|' +
    "ungefahr|kurz|nach|vor|letzte|letzten|verso|alle|all'|al|di|della|circa|e|un|questa|scorsa|nel|volta|" +
    'das|as|da|do|cerca|na|no|pela|pelas|one|une|una|uno|ein|um|uma)$',
);

/** Words that open a time run without being a date themselves. */
const TIME_START =
  /^(?:last|this|around|about|at|on|vers|a|ce|cette|sobre|hacia|esta|gegen|um|am|letzte|letzten|verso|alle|questa|por|as|cerca|pela|pelas)$/;

/** Stories the field cues do not name: "rayée", "keyed", "tagged". */
const MORE_STORY =
  /\b(?:raye(?:e|s)?|rayure|scratch\w*|keyed|tagged|rayad[oa]|zerkratzt|graffiat[oa]|riscad[oa]|aranad[oa]|robar|robo|entraron|eingebrochen|aufgebrochen|rigat[oa]|derubat[oa]|partiu|partiram|assaltad[oa]|assaltaram)\b/;

/** Units of a time said before "ago": the run after them is part of that time. */
const UNIT =
  /^(?:minutes?|hours?|days?|nights?|weeks?|months?|heures?|jours?|nuits?|semaines?|mois|horas?|dias?|noches?|semanas?|meses|stunden|tagen?|nachten?|wochen|ore|giorni|notti|settimane|mesi|noites?)$/;

const SINCE = /^(?:since|depuis|desde|seit|dal|dalla|dalle|dai|da)$/;

/** Prepositions that open a place, by language ("in front of" is "in" + "front of"). */
const PLACE_PREP =
  /^(?:in|on|at|into|inside|outside|near|behind|opposite|sur|dans|devant|derriere|chez|pres|en|delante|frente|cerca|junto|dentro|im|auf|vor|bei|beim|hinter|neben|aus|nel|nella|nello|nei|nelle|sul|sulla|sullo|davanti|vicino|presso|dentro|em|no|na|nos|nas|perto|ao|a|au|al|alla|allo|an|am)$/;
/** Prepositions that also mean "to someone" ("à Paul", "a María"): a place only with a place noun. */
const DATIVE = /^(?:a|au|al|alla|allo|ao|an|am)$/;
const COMPOUND = /^(?:front|face|frente|lado|fronte)$/;
const COMPOUND_LINK = /^(?:of|de|du|des|del|a|al|ao|alla|della|da|do|von|vom|to)$/;
/** Words that carry a place phrase on: "the parking lot OF the Safeway", "parking DU Carrefour". */
const PLACE_LINK =
  /^(?:of|front|de|du|des|del|de la|di|della|dello|dei|da|do|dos|das|von|vom|der|face|lado|fronte|to|d'|l')$/;
const ARTICLE =
  /^(?:the|my|our|a|an|his|her|their|le|la|les|l'|mon|ma|mes|notre|un|une|el|los|las|mi|su|nuestro|nuestra|una|der|die|das|dem|den|des|meinem|meiner|meine|unserem|unserer|einem|einer|il|lo|gli|i|mio|mia|nostro|nostra|o|os|as|meu|minha|nosso|nossa|um|uma)$/;
/** Places that are not in the field cues: a station, a shop, a school. */
const PLACE_NOUN =
  /^(?:station|supermarket|store|shop|mall|school|park|garden|yard|driveway|street|gare|supermarche|magasin|ecole|parc|jardin|estacion|supermercado|tienda|colegio|parque|jardin|bahnhof|supermarkt|laden|schule|park|garten|stazione|negozio|scuola|giardino|estacao|loja|escola|jardim|hotel|casa|house|home|maison|haus|courtyard|cour|patio|cortile|hof|lot|quintal|restaurant|restaurante|ristorante|bar|cafe|centre|center|centro|zentrum|hospital|hopital|ospedale)$/;

const DATE_FIELD: ClaimField = { name: 'incident_datetime', type: 'datetime', description: 'When' };

interface Word {
  /** As said, for the values stored. */
  readonly text: string;
  /** Lowercase, no accents or punctuation, for matching. */
  readonly norm: string;
  /** A comma, full stop... after the word: a place phrase ends there. */
  readonly pause: boolean;
}

function wordsOf(clause: string): Word[] {
  return clause
    .split(/\s+/)
    .filter((text) => text !== '')
    .map((text) => ({
      text,
      norm: normalizeSpeech(text).replace(/^[¿¡"'(]+|[.,;:!?")]+$/g, ''),
      pause: /[,;:.!?]$/.test(text),
    }));
}

function isStrong(norm: string, lang: string | undefined): boolean {
  // "hier" is "here" on a German call ("Guten Tag, hier ist Anna Schmidt").
  if (lang === 'de' && norm === 'hier') return false;
  return STRONG_ANCHOR.test(norm);
}

/** A run of words that says when: a day or an hour, or a part of the day with "last" or a number. */
function isDated(run: readonly Word[], lang: string | undefined): boolean {
  if (run.some((word) => isStrong(word.norm, lang))) return true;
  return run.some((word) => WEAK_ANCHOR.test(word.norm)) && run.some((word) => WEAK_WITH.test(word.norm));
}

/** The time runs of a clause: maximal runs of time words that say when, as spans [start, end). */
function timeRuns(words: Word[], lang: string | undefined): [number, number][] {
  const runs: [number, number][] = [];
  const timeWord = (norm: string) =>
    isStrong(norm, lang) || WEAK_ANCHOR.test(norm) || TIME_FILLER.test(norm) || UNIT.test(norm);
  let start = 0;
  while (start < words.length) {
    const first = words[start]?.norm ?? '';
    // A run starts on a date word or on what opens one ("around 11", "vers 18h", "a las diez").
    if (!(
      isStrong(first, lang) ||
      WEAK_ANCHOR.test(first) ||
      TIME_START.test(first) ||
      WEAK_WITH.test(first)
    )) {
      start++;
      continue;
    }
    let end = start;
    while (end < words.length && timeWord(words[end]?.norm ?? '')) {
      end++;
      if (words[end - 1]?.pause) break;
    }
    let trimmed = end;
    while (trimmed > start && TIME_TAIL.test(words[trimmed - 1]?.norm ?? '')) trimmed--;
    // "Two weeks ago" the parser cannot read, then "around 10 pm": not a date of its own.
    const cut = UNIT.test(words[start - 1]?.norm ?? '') || /^(?:ago|fa|atras)$/.test(first);
    if (!cut && trimmed > start && isDated(words.slice(start, trimmed), lang)) runs.push([start, trimmed]);
    start = Math.max(end, start + 1);
  }
  return runs;
}

/**
 * The span [start, end) that says when, read by the date parser alone: two runs a word or two apart
 * together ("segunda-feira passada às nove"), else the run with a time of day, else the longest.
 */
function timeSpan(words: Word[], setting: AnswerSetting): [number, number] | undefined {
  const text = (span: [number, number]) =>
    words
      .slice(span[0], span[1])
      .map((word) => word.text)
      .join(' ')
      .replace(/[,;:.!?]+$/, '');
  const runs = timeRuns(words, setting.lang);
  const candidates: [number, number][] = [];
  for (const [index, run] of runs.entries()) {
    const next = runs[index + 1];
    const gap = next ? words.slice(run[1], next[0]) : [];
    if (next && gap.length <= 2 && !gap.some((word) => word.pause) && !words[run[1] - 1]?.pause)
      candidates.push([run[0], next[1]]);
    candidates.push(run);
  }
  let best: { span: [number, number]; timed: boolean } | undefined;
  for (const span of candidates) {
    const parsed = parseAnswer(DATE_FIELD, text(span), setting);
    if (!parsed.ok) continue;
    const timed = parsed.value.includes('T');
    const longer = best && span[1] - span[0] > best.span[1] - best.span[0];
    if (!best || (timed && !best.timed) || (timed === best.timed && longer)) best = { span, timed };
  }
  return best?.span;
}

/** A word that names a place: a place noun, a proper name (not the clause's first word), a number. */
function namesPlace(
  word: Word,
  index: number,
  lang: string | undefined,
): 'noun' | 'name' | 'between' | undefined {
  if (/^\d+[a-z]?$/.test(word.norm) || STREET.test(word.norm)) return 'name';
  // Every German noun is capitalised ("aus Versehen"): there, a capital alone names no place.
  const capital = lang !== 'de' && index > 0 && /^\p{Lu}/u.test(word.text) && !ARTICLE.test(word.norm);
  if (capital) return 'name';
  if (hasCue('location', word.norm) || PLACE_NOUN.test(word.norm)) return 'noun';
  return undefined;
}

/** A street's name in one word: "Lindenstraße", "Hauptstr", "Kirchweg", "Marktplatz". */
const STREET = /^\p{L}{3,}(?:strasse|straße|str|weg|platz|allee|gasse|ring|damm|ufer)$/u;
/** "in Hamburg": on a German call, a capitalised word right after "in" is a town. */
const GERMAN_TOWN = /^\p{Lu}\p{Ll}+$/u;

/** The span [start, end) of the first chain of place phrases, outside the time span. */
function placeSpan(
  words: Word[],
  skip: [number, number] | undefined,
  lang: string | undefined,
): [number, number] | undefined {
  const free = (index: number) => !skip || index < skip[0] || index >= skip[1];
  for (let start = 0; start < words.length; start++) {
    if (!free(start) || !PLACE_PREP.test(words[start]?.norm ?? '')) continue;
    let index = start;
    let end = start;
    let placed = false;
    // Each round: a preposition or a link, an article, then the words that name the place.
    while (index < words.length && free(index)) {
      const prep = words[index];
      if (!prep || !(PLACE_PREP.test(prep.norm) || (index > start && PLACE_LINK.test(prep.norm)))) break;
      if (prep.pause) break;
      let at = index + 1;
      // "in front of", "en face de", "delante de", "vicino a", "em frente à": one preposition.
      if (COMPOUND.test(words[at]?.norm ?? '') && !prep.pause) at++;
      if (at > index + 1 || /^(?:delante|cerca|pres|vicino|perto|junto|davanti|dentro)$/.test(prep.norm))
        if (COMPOUND_LINK.test(words[at]?.norm ?? '') && !words[at - 1]?.pause) at++;
      while (at < words.length && free(at) && ARTICLE.test(words[at]?.norm ?? '') && !words[at]?.pause) at++;
      let named = 0;
      let noun = false;
      let name = false;
      let paused = false;
      while (at < words.length && free(at)) {
        const word = words[at];
        const town =
          lang === 'de' && prep.norm === 'in' && at === index + 1 && GERMAN_TOWN.test(word?.text ?? '');
        let kind = word ? (town ? 'name' : namesPlace(word, at, lang)) : undefined;
        // "centro commerciale Auchan", "big parking lot": a word between two words of the place.
        const after = words[at + 1];
        if (
          word &&
          !kind &&
          named > 0 &&
          !word.pause &&
          after &&
          free(at + 1) &&
          /^\p{Ll}+$/u.test(word.text)
        )
          kind = namesPlace(after, at + 1, lang) ? 'between' : undefined;
        if (!word || !kind) break;
        noun ||= kind === 'noun';
        name ||= kind === 'name';
        named++;
        at++;
        if (word.pause) {
          paused = true;
          break;
        }
      }
      if (named === 0) break;
      // "à Paul", "al médico": a name after a preposition that also means "to someone" is no place.
      if (!noun && DATIVE.test(prep.norm) && !placed) break;
      // "in my kitchen", "in the garden": a room says little; the address the agent asks for says more.
      placed ||= name;
      end = at;
      index = at;
      if (paused) break;
    }
    if (placed) return [start, end];
    start = Math.max(start, index - 1);
  }
  return undefined;
}

/**
 * The parts of a clause that tells a story in one breath, or undefined when it is not one (fewer than
 * two of when, where and what).
 */
export function splitStory(clause: string, setting: AnswerSetting): StoryParts | undefined {
  const words = wordsOf(clause);
  if (words.length < 4) return undefined;
  const when = timeSpan(words, setting);
  const where = placeSpan(words, when, setting.lang);
  const join = (from: number, to: number) =>
    words
      .slice(from, to)
      .map((word) => word.text)
      .join(' ')
      .replace(/^[,;:\s]+|[,;:.!?\s]+$/g, '');
  const outside = (index: number, span: [number, number] | undefined) =>
    !span || index < span[0] || index >= span[1];
  // "since this morning": the "since" goes with the time, out of the story.
  const since = when && SINCE.test(words[when[0] - 1]?.norm ?? '') ? 1 : 0;
  const told: [number, number] | undefined = when && [when[0] - since, when[1]];
  const rest = words.filter((_, index) => outside(index, told));
  const what = rest
    .map((word) => word.text)
    .join(' ')
    .replace(/^[,;:\s]+|[,;:.!?\s]+$/g, '');
  // What happened: words besides the time and the place, that tell of an incident ("stole", "rayée").
  const others = words.filter((_, index) => outside(index, told) && outside(index, where)).length;
  const said = normalizeSpeech(what);
  const story = others >= 2 && (hasCue('story', said) || MORE_STORY.test(said));
  if ([when, where, story].filter(Boolean).length < 2) return undefined;
  let placeFrom = where?.[0] ?? 0;
  // "on Oak Lane" → "Oak Lane"; "into my garage" → "my garage"; "sur le parking" → "parking".
  if (where) {
    placeFrom++;
    while (
      placeFrom < where[1] - 1 &&
      /^(?:the|le|la|les|l'|el|los|las|der|die|das|dem|den|il|lo|o|a|os|as)$/.test(
        words[placeFrom]?.norm ?? '',
      )
    )
      placeFrom++;
  }
  return {
    ...(when ? { when: join(when[0], when[1]) } : {}),
    ...(where ? { where: join(placeFrom, where[1]) } : {}),
    // Not a story, the rest still says something ("ein Auto ist gegen mein Fahrrad gefahren").
    ...(story || others >= 3 ? { what: capitalised(what) } : {}),
    story,
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
