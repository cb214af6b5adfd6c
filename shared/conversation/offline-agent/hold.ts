import { normalizeSpeech } from '../offline/numbers';

/**
 * "Sorry, one second", "wait a moment", "Moment bitte, ich muss kurz nachsehen", "un segundo, lo
 * busco": the caller asks for a moment (to find a policy number, to think) in English, French, Spanish,
 * German, Italian or Portuguese. It is not an answer, nor a failed one: the agent says "take your time"
 * and waits, and the question stays the one the caller is answering (see `history.ts`).
 *
 * Only an utterance made of nothing else counts: "Hold on, it's jane at example dot com" is an answer,
 * and "wait, that's wrong" is a correction.
 */

const ALT = (words: readonly string[]): string => words.join('|');

/** The request for a moment itself. */
const HOLD = new RegExp(
  '^(?:' +
    ALT([
      'hold on|hang on|wait|one (?:second|sec|moment|minute)|(?:just )?a (?:second|sec|moment|minute)',
      '(?:give|bear with) me(?: a (?:second|sec|moment|minute))?|wait a (?:second|sec|moment|minute)',
      'attendez|attends|(?:un|juste un) (?:instant|moment)|une (?:seconde|minute|petite seconde)|deux secondes|ne quittez pas',
      '(?:un|solo un) (?:momento|momentito|segundo|segundito|minuto)|espere|espera|(?:un )?momentito',
      '(?:einen )?(?:moment|augenblick)(?: mal)?|(?:eine )?sekunde|(?:einen )?kleinen moment|warten sie|warte',
      '(?:un|solo un) (?:attimo|momento|secondo|minuto)|aspetti|aspetta|attenda',
      '(?:um|so um|so mais um) (?:momento|segundo|minuto|instante)|aguarde|espere|espera',
      // Alone, after "um" was taken for a hesitation ("Desculpe, um momento"); not "second" (a floor).
      'moment|momento|momentito|attimo|instante|instant|sekunde|augenblick',
    ]) +
    ')$',
);

/**
 * Why: "let me check", "I'm looking for it", "je cherche", "ich muss kurz nachsehen", with a few more
 * words at most and no digits ("let me find my policy number"): a longer clause may be an answer.
 */
const LOOKING = new RegExp(
  '^(?:' +
    ALT([
      "(?:let me|i need to|i have to|i'll|i will|i must) (?:just )?(?:check|look|see|find|get|grab|think)",
      "i'?m (?:just )?(?:looking|checking)(?: for it| it up)?",
      '(?:je|laissez-moi|laisse-moi) (?:vais )?(?:regarde|regarder|cherche|chercher|verifie|verifier|reflechis|reflechir)',
      '(?:dejeme|dejame|deje que) (?:ver|mirar|buscar|pensar)|(?:lo|la) (?:busco|miro)|(?:estoy|voy a) (?:buscando|mirando|buscar|mirar)',
      '(?:ich )?(?:muss|schaue|sehe|gucke) (?:kurz |mal )?(?:nach|nachsehen|nachschauen|schauen)|lass(?:en sie)? mich (?:kurz )?(?:nachsehen|nachschauen|schauen|uberlegen)',
      '(?:fammi|mi faccia) (?:vedere|controllare|pensare)|(?:controllo|cerco|guardo)',
      '(?:deixe-me|deixa-me|deixa) (?:ver|verificar|pensar)|(?:vou|estou a) (?:ver|verificar|procurar)',
    ]) +
    ')(?: [^\\d\\s]+){0,4}$',
);

/** Politeness around it: "sorry", "please", "ok", "perdón", "bitte", "scusi". */
const AROUND = new RegExp(
  '^(?:' +
    ALT([
      "sorry|excuse me|pardon|please|ok|okay|oh|uh|um|er|yes|yeah|sure|well|right|hmm|desole|desolee|excusez-moi|s'il vous plait|s'il te plait|oui|euh|bon|ah",
      'perdon|perdone|perdona|disculpe|disculpa|por favor|si|vale|bueno|pues|eh',
      'entschuldigung|entschuldigen sie|bitte|ja|also|ah|ahm|ahh',
      'scusi|scusa|mi scusi|per favore|allora|ehm',
      'desculpe|desculpa|sim|pois|entao|ta',
    ]) +
    ')$',
);

/** Whether the caller only asks for a moment. */
export function isHold(text: string): boolean {
  const pieces = normalizeSpeech(text)
    .split(/[,.;:!?…]+|\s+-\s+/)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
  let held = false;
  for (const piece of pieces) {
    const core = stripPoliteness(piece);
    if (core === '') continue;
    if (!HOLD.test(core) && !LOOKING.test(core)) return false;
    held = true;
  }
  return held;
}

/** "sorry one second please" → "one second": politeness words at either end, any number of them. */
function stripPoliteness(piece: string): string {
  let words = piece.split(' ');
  for (let changed = true; changed && words.length > 0;) {
    changed = false;
    for (const size of [3, 2, 1]) {
      if (words.length >= size && AROUND.test(words.slice(0, size).join(' '))) {
        words = words.slice(size);
        changed = true;
        break;
      }
      if (words.length >= size && AROUND.test(words.slice(-size).join(' '))) {
        words = words.slice(0, -size);
        changed = true;
        break;
      }
    }
  }
  return words.join(' ');
}
