import { normalizeSpeech } from '../offline/numbers';
import type { Lang } from './phrases';

/**
 * What a caller's words ask for, beyond answering the question: a human, the end of the call, whether
 * they speak to a robot... in English, French, Spanish, German, Italian and Portuguese. Kept
 * conservative, because a false positive costs more than a miss: "one person was hurt" is an answer
 * about injuries, not a request for a person, and "the car did not stop" does not end the call. A
 * request for a person needs a verb ("talk to", "parler à", "hablar con") or nothing else around it
 * ("agent!"); an ending word ("stop", "that's all") must be the whole answer, except "bye" and its
 * kin in a short answer or as the last words of a longer one, set apart.
 */

export type Intent =
  /** Nothing but noise or hesitation ("", "uh...", "mpf mfp"). */
  | 'unintelligible'
  /** "Are you a robot?", "¿hablo con una persona?" */
  | 'robot_question'
  | 'human'
  | 'goodbye'
  | 'repeat'
  /** A hello and nothing else. */
  | 'greeting'
  /** A bare "yes", "ok", "vale": no answer yet. */
  | 'yes'
  /** A bare "no", "nothing", "nein danke": an answer, or the ending once nothing is missing. */
  | 'no'
  /** "I don't know", "no lo sé", "keine Ahnung". */
  | 'dont_know';

const ALT = (words: readonly string[]): string => words.join('|');

/** Hesitations and acknowledgements that carry no answer. */
const FILLERS =
  /^(?:(?:u+h+|u+m+|e+r+m*|a+h+|o+h+|h+m+|m+h*|e+h+|euh+|bah|ben|hein|well|so|alors|bon|pues|bueno|este|also|aehm|ahm|ehm|allora|cioe|tipo|entao|ne|pronto)[\s,.!?;:-]*)+$/;

const YES_WORDS = [
  'yes',
  'yeah',
  'yep',
  'sure',
  'ok',
  'okay',
  'right',
  'alright',
  'of course',
  'go ahead',
  'oui',
  'ouais',
  "d'accord",
  'bien sur',
  'allez-y',
  'allez y',
  'si',
  'vale',
  'claro',
  'de acuerdo',
  'por supuesto',
  'adelante',
  'ja',
  'jawohl',
  'genau',
  'klar',
  'natürlich',
  'naturlich',
  'in ordnung',
  'certo',
  'va bene',
  'certamente',
  'esatto',
  'prego',
  'sim',
  'claro que sim',
  'com certeza',
  'pode ser',
  'esta bem',
  'ta bem',
];
const YES_ALONE = new RegExp(`^(?:(?:${ALT(YES_WORDS)})[\\s,.!?;:-]*)+$`);

const ROBOT_QUESTION = [
  /\b(?:are|r) (?:you|u) (?:a |an |really a |really an |actually a )?(?:robot|bot|machine|human|real|person|ai|computer|artificial|recording|automated)\b/,
  /\bam i (?:talking|speaking) (?:to|with) (?:a |an )?(?:robot|bot|machine|human|real|person|ai|computer)\b/,
  /\bis (?:this|that|it) (?:a |an )?(?:robot|bot|machine|recording|ai|computer|real person|human|automated)\b/,
  /\b(?:etes[ -]vous|es[ -]tu|vous etes|tu es) (?:un |une |vraiment un |vraiment une )?(?:robot|machine|humain|humaine|ia|intelligence artificielle|vrai|vraie|personne|automate|repondeur)\b/,
  /\b(?:je parle|on parle|je suis en ligne) (?:a|avec) (?:un |une )?(?:robot|machine|humain|humaine|ia|vraie personne|automate)\b/,
  /\best-ce (?:que c'est|un|une) (?:un |une )?(?:robot|machine|humain|ia|repondeur)\b/,
  /\b(?:eres|es usted|usted es|hablo con) (?:un |una )?(?:robot|maquina|humano|persona|ia|contestador)\b/,
  /\b(?:bist du|sind sie|spreche ich mit) (?:ein |eine |einem |einer )?(?:roboter|bot|maschine|mensch|echter mensch|ki|computer)\b/,
  /\b(?:sei|e|lei e|parlo con) (?:un |una )?(?:robot|macchina|umano|persona|ia|computer)\b/,
  /\b(?:voce e|e um|e uma|estou a falar com|estou falando com) (?:um |uma )?(?:robo|maquina|humano|pessoa|ia)\b/,
];

const PERSON = ALT([
  'human',
  'person',
  'agent',
  'representative',
  'operator',
  'someone',
  'somebody',
  'advisor',
  'adviser',
  'colleague',
  'people',
  'conseiller',
  'conseillere',
  "quelqu'un",
  'humain',
  'humaine',
  'personne',
  'operateur',
  'operatrice',
  'collegue',
  'persona',
  'humano',
  'agente',
  'operador',
  'operadora',
  'asesor',
  'asesora',
  'companero',
  'alguien',
  'mensch',
  'menschen',
  'mitarbeiter',
  'mitarbeiterin',
  'berater',
  'beraterin',
  'jemand',
  'jemandem',
  'kollege',
  'kollegen',
  'kollegin',
  'umano',
  'operatore',
  'operatrice',
  'consulente',
  'qualcuno',
  'collega',
  'pessoa',
  'atendente',
  'consultor',
  'consultora',
  'alguem',
  'colega',
]);

const HUMAN_REQUEST = [
  new RegExp(`\\b(?:talk|speak|chat|transfer|connect|put me through)\\b.*\\b(?:${PERSON})s?\\b`),
  /\b(?:want|need|like|get|give|have)\b.*\b(?:a|an|the|real|your|some) (?:human|agent|representative|operator|advisor|adviser|real person|human being)\b/,
  /\btransfer me\b/,
  new RegExp(
    `\\b(?:parler|passer|passez|passe|transferer|transferez|mettre en relation|mettez-moi|joindre|avoir)\\b.*\\b(?:${PERSON})\\b`,
  ),
  /\b(?:veux|voudrais|aimerais|souhaite|souhaiterais)\b.*\b(?:un|une|le|la) (?:conseiller|conseillere|humain|agent|operateur|operatrice)\b/,
  new RegExp(
    `\\b(?:hablar|pasar|pase|paseme|comunicar|comuniqueme|transferir|transfiera|quiero|necesito)\\b.*\\b(?:con |a )?(?:un |una )?(?:${PERSON})\\b`,
  ),
  new RegExp(
    `\\b(?:sprechen|verbinden|verbinden sie|durchstellen|mochte|ich will|brauche)\\b.*\\b(?:${PERSON})\\b`,
  ),
  new RegExp(`\\b(?:parlare|passare|passarmi|trasferire|collegare|voglio|vorrei)\\b.*\\b(?:${PERSON})\\b`),
  new RegExp(`\\b(?:falar|passar|transferir|transfira|quero|queria|preciso)\\b.*\\b(?:${PERSON})\\b`),
  new RegExp(
    `^(?:an? |the |a real |un |une |le |la |una |ein |einen |uno |um |uma )?(?:${PERSON}|human being|real person)(?: please| s'il vous plait| svp| por favor| bitte| per favore)?$`,
  ),
];

/** Said anywhere in a short answer, these end the call. */
const GOODBYE_WORDS =
  /\b(?:bye|goodbye|good bye|bye-bye|bye bye|au revoir|hang up|raccrochez|raccrocher|adios|hasta luego|hasta pronto|chao|chau|tschuss|auf wiederhoren|auf wiedersehen|arrivederci|arrivederla|ciao ciao|adeus|tchau|ate logo|ate a proxima)\b/;
const GOODBYE_MAX_WORDS = 8;

/** A farewell of its own at the end of a longer answer: after a pause (punctuation), last. */
const FAREWELL_AT_END = new RegExp(
  '(?:^|[,.;!?])\\s*(?:(?:ok(?:ay)?|so|well|alright|thanks|thank you|merci|and|gracias|danke|grazie|obrigad[oa]|vale|bueno)\\b[\\s,]*)*' +
    '(?:bye|goodbye|good bye|bye-bye|bye bye|bye for now|au revoir|adios|hasta luego|tschuss|auf wiederhoren|auf wiedersehen|arrivederci|adeus|tchau|ate logo)' +
    '(?:[\\s,]+(?:then|now|thanks|thank you|merci(?: beaucoup)?|a bientot|bonne journee|have a (?:nice|good) day|gracias|danke|grazie|obrigad[oa]))*[\\s.!?]*$',
);

/** These end the call when they are the whole answer (politeness aside). */
const GOODBYE_ALONE = new RegExp(
  `^(?:${ALT([
    'stop(?: it| the call| calling(?: me)?)?',
    "(?:that's|that is) (?:all|it|everything)(?: for (?:now|today))?",
    "that's all",
    'that is all',
    "that's it",
    "i'm done",
    "we're done",
    'end the call',
    "that's all for now",
    "that's everything",
    'nothing else',
    "c'est tout",
    'ca suffit',
    'arrete',
    'arretez',
    "arretez l'appel",
    'on arrete',
    "terminer l'appel",
    "c'est tout pour moi",
    'eso es todo',
    'es todo',
    'nada mas',
    'ya esta',
    'termina la llamada',
    'das ist alles',
    'das wars',
    "das war's",
    'das war alles',
    'sonst nichts',
    'nichts weiter',
    'beenden',
    'e tutto',
    'basta cosi',
    'nient altro',
    "nient'altro",
    'basta',
    'e tudo',
    'so isso',
    'mais nada',
    'era so isso',
  ])})$`,
);

const NO_ALONE = new RegExp(
  `^(?:${ALT([
    'no',
    'nope',
    'nah',
    'non',
    'nothing',
    'no thanks',
    'no thank you',
    'not really',
    'none',
    'nobody',
    'no one',
    'rien',
    "rien d'autre",
    'non merci',
    'pas vraiment',
    "c'est bon",
    "that's fine",
    "i'm good",
    'all good',
    'personne',
    'aucun',
    'aucune',
    'no gracias',
    'nada',
    'nadie',
    'ninguno',
    'ninguna',
    'para nada',
    'nein',
    'nein danke',
    'nichts',
    'niemand',
    'keine',
    'keiner',
    'gar nichts',
    'no grazie',
    'niente',
    'nessuno',
    'nessuna',
    'nao',
    'nao obrigado',
    'nao obrigada',
    'ninguem',
    'nenhum',
    'nenhuma',
  ])})$`,
);

const DONT_KNOW = new RegExp(
  `^(?:(?:sorry|desole|perdon|lo siento|sorry|tut mir leid|mi dispiace|desculpe)[\\s,.!]*)?(?:${ALT([
    "i (?:really )?(?:don't|do not|dont) know",
    "i (?:don't|do not) remember",
    'no idea',
    'not sure',
    "i'm not sure",
    'no clue',
    'dunno',
    "i (?:don't|do not) have (?:it|one|that)",
    "(?:i )?can't remember",
    'je (?:ne )?sais pas',
    'aucune idee',
    "je (?:ne )?m'en souviens (?:pas|plus)",
    'je ne sais plus',
    "j'en sais rien",
    "je n'en ai pas",
    'no (?:lo )?se',
    'ni idea',
    'no me acuerdo',
    'no lo recuerdo',
    'no tengo',
    'no estoy seguro',
    'no estoy segura',
    'ich weiss (?:es )?nicht',
    'ich weiß (?:es )?nicht',
    'keine ahnung',
    'weiss ich nicht',
    'weiß ich nicht',
    'ich erinnere mich nicht',
    'habe ich nicht',
    'hab ich nicht',
    'non (?:lo )?so',
    'non ricordo',
    'non me lo ricordo',
    'non ne ho idea',
    'boh',
    'non ce l.ho',
    'nao sei',
    'nao me lembro',
    'nao faco ideia',
    'nao tenho',
  ])})(?:[\\s,.!]+(?:\\S+\\s*){0,3}|\\s+(?:who|what|when|where|why|how|exactly|qui|quoi|quand|quien|que|wer|was|wann|chi|cosa|quem)\\b.{0,40})?[\\s.!]*$`,
);

const REPEAT = [
  /\b(?:repeat|say (?:that|it) again|come again|what did you say|didn't (?:hear|get|catch) (?:you|that|it))\b/,
  /\b(?:repeter|repetez|repete|redire|redites)\b|\bvous pouvez repeter\b|\bj'ai pas compris\b|\bje n'ai pas (?:compris|entendu)\b/,
  /\b(?:repita|repetir|repite|puede repetir|no le he entendido|no entendi|no he entendido|como dice)\b/,
  /\b(?:wiederholen|nochmal bitte|noch einmal bitte|wie bitte|ich habe (?:sie )?nicht verstanden)\b/,
  /\b(?:ripetere|ripeta|puo ripetere|non ho capito|come scusi)\b/,
  /\b(?:repetir|repita|pode repetir|nao percebi|nao entendi|como disse)\b/,
  /^(?:what|sorry|pardon|huh|comment|quoi|excuse me|perdon|como|bitte|scusi|desculpe)\s*\?$/,
];

const GREETING =
  /^(?:hello|hi|hey|good morning|good afternoon|good evening|bonjour|bonsoir|allo|salut|hola|buenos dias|buenas tardes|buenas|hallo|guten tag|guten morgen|servus|moin|gruss gott|ciao|buongiorno|buonasera|pronto|ola|bom dia|boa tarde|boa noite)(?: there)?(?: ?[,.!?]+)?(?: (?:hello|hi|allo|bonjour|hola|hallo|ciao|ola))?[\s,.!?]*$/;

/** Politeness and punctuation around an answer that do not change what it asks for. */
const POLITENESS =
  /^(?:(?:ok(?:ay)?|well|so|no|non|nein|nao|oh|thanks|thank you|merci|alors|bon|please|s'il vous plait|gracias|vale|pues|danke|bitte|also|grazie|allora|obrigad[oa]|entao)\b[\s,.!?;:-]*)+|(?:[\s,.!?;:-]+(?:thanks|thank you|merci(?: beaucoup)?|please|s'il vous plait|gracias|por favor|danke|bitte|grazie|per favore|obrigad[oa]))+[\s,.!?;:-]*$/g;

export function detectIntent(text: string): Intent | undefined {
  const said = normalizeSpeech(text);
  if (!/[\p{L}\p{N}]/u.test(said) || FILLERS.test(said)) return 'unintelligible';
  if (ROBOT_QUESTION.some((pattern) => pattern.test(said))) return 'robot_question';
  const bare = said.replace(/[.!?]+$/, '').trim();
  if (HUMAN_REQUEST.some((pattern) => pattern.test(bare))) return 'human';
  const core = bare.replace(POLITENESS, '').trim();
  if (GOODBYE_ALONE.test(core)) return 'goodbye';
  if (GOODBYE_WORDS.test(said) && said.split(' ').length <= GOODBYE_MAX_WORDS) return 'goodbye';
  if (FAREWELL_AT_END.test(said)) return 'goodbye';
  if (DONT_KNOW.test(core) || DONT_KNOW.test(bare)) return 'dont_know';
  if (REPEAT.some((pattern) => pattern.test(said))) return 'repeat';
  if (GREETING.test(said)) return 'greeting';
  if (YES_ALONE.test(said)) return 'yes';
  if (NO_ALONE.test(bare) || NO_ALONE.test(core) || (core === '' && /^(?:no|non|nein|nao)\b/.test(bare)))
    return 'no';
  return undefined;
}

const LANGUAGE_NAMES: readonly (readonly [Lang, string])[] = [
  ['en', 'english|anglais|ingles|englisch|inglese'],
  ['fr', 'french|francais|frances|franzosisch|francese|frances'],
  ['es', 'spanish|espagnol|espanol|castellano|spanisch|spagnolo|espanhol'],
  ['de', 'german|allemand|aleman|deutsch|tedesco|alemao'],
  ['it', 'italian|italien|italiano|italienisch'],
  ['pt', 'portuguese|portugais|portugues|portugiesisch|portoghese'],
];

/** The language the caller asks the agent to speak: "can you speak French?", "¿habla español?". */
export function requestedLanguage(text: string): Lang | undefined {
  const said = normalizeSpeech(text);
  for (const [lang, names] of LANGUAGE_NAMES) {
    const pattern = new RegExp(
      `\\b(?:speak|in|talk|switch to|do you speak|parlez(?:-| )vous|en|parler|habla|hablar|hablas|en|sprechen sie|sprichst du|auf|parla|parlare|in|fala|falar|em)\\s+(?:${names})\\b|^(?:${names})(?: please| s'il vous plait| por favor| bitte| per favore)?[?!.]*$`,
    );
    if (pattern.test(said)) return lang;
  }
  return undefined;
}
