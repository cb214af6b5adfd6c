import { normalizeSpeech } from '../offline/numbers';

/**
 * What a caller's words ask for, beyond answering the question: a human, the end of the call, whether
 * they speak to a robot... in English and French. Kept conservative, because a false positive costs
 * more than a miss: "one person was hurt" is an answer about injuries, not a request for a person, and
 * "the car did not stop" does not end the call. A request for a person needs a verb ("talk to",
 * "parler à", "I want an agent") or nothing else around it ("agent!"); an ending word ("stop", "that's
 * all") must be the whole answer, except "bye" and "au revoir" in a short answer or as the last words
 * of a longer one, set apart ("I have to go, I'll call back later. Bye.").
 */

export type Intent =
  /** Nothing but noise or hesitation ("", "uh...", "hmm"). */
  | 'unintelligible'
  /** "Are you a robot?", "est-ce que je parle à un humain ?" */
  | 'robot_question'
  | 'human'
  | 'goodbye'
  | 'repeat'
  /** A hello and nothing else. */
  | 'greeting'
  /** A bare "yes", "ok", "oui": no answer yet. */
  | 'yes'
  /** A bare "no", "nothing", "non merci": an answer, or the ending once nothing is missing. */
  | 'no';

/** Hesitations and acknowledgements that carry no answer. */
const FILLERS =
  /^(?:(?:u+h+|u+m+|e+r+m*|a+h+|o+h+|h+m+|m+h*|euh+|bah|ben|hein|well|so|alors|bon)[\s,.!?;:-]*)+$/;

const YES_ALONE =
  /^(?:(?:yes|yeah|yep|sure|ok(?:ay)?|right|alright|of course|go ahead|oui|ouais|d'accord|bien sur|allez-y|allez y)[\s,.!?;:-]*)+$/;

const ROBOT_QUESTION = [
  /\b(?:are|r) (?:you|u) (?:a |an |really a |really an |actually a )?(?:robot|bot|machine|human|real|person|ai|computer|artificial|recording|automated)\b/,
  /\bam i (?:talking|speaking) (?:to|with) (?:a |an )?(?:robot|bot|machine|human|real|person|ai|computer)\b/,
  /\bis (?:this|that|it) (?:a |an )?(?:robot|bot|machine|recording|ai|computer|real person|human|automated)\b/,
  /\b(?:etes[ -]vous|es[ -]tu|vous etes|tu es) (?:un |une |vraiment un |vraiment une )?(?:robot|machine|humain|humaine|ia|intelligence artificielle|vrai|vraie|personne|automate|repondeur)\b/,
  /\b(?:je parle|on parle|je suis en ligne) (?:a|avec) (?:un |une )?(?:robot|machine|humain|humaine|ia|vraie personne|automate)\b/,
  /\best-ce (?:que c'est|un|une) (?:un |une )?(?:robot|machine|humain|ia|repondeur)\b/,
];

const HUMAN_REQUEST = [
  /\b(?:talk|speak|chat|transfer|connect|put me through)\b.*\b(?:human|person|agent|representative|operator|someone|somebody|advisor|adviser|colleague|people)s?\b/,
  /\b(?:want|need|like|get|give|have)\b.*\b(?:a|an|the|real|your|some) (?:human|agent|representative|operator|advisor|adviser|real person|human being)\b/,
  /\btransfer me\b/,
  /\b(?:parler|passer|passez|passe|transferer|transferez|mettre en relation|mettez-moi|joindre|avoir)\b.*\b(?:conseiller|conseillere|quelqu'un|humain|humaine|personne|agent|operateur|operatrice|collegue|vraie personne)\b/,
  /\b(?:veux|voudrais|aimerais|souhaite|souhaiterais)\b.*\b(?:un|une|le|la) (?:conseiller|conseillere|humain|agent|operateur|operatrice)\b/,
  /^(?:an? |the |a real |un |une |le |la )?(?:human|agent|representative|operator|person|human being|real person|conseiller|conseillere|humain|operateur|quelqu'un)(?: please| s'il vous plait| svp)?$/,
];

/** Said anywhere in a short answer, these end the call. */
const GOODBYE_WORDS = /\b(?:bye|goodbye|good bye|bye-bye|bye bye|au revoir|hang up|raccrochez|raccrocher)\b/;
const GOODBYE_MAX_WORDS = 8;

/**
 * A farewell of its own at the end of a longer answer ("Sorry, I have to go now, I'll call back later.
 * Bye."): after a pause (punctuation) and last, with at most politeness around it. "The thief said
 * goodbye." is a story: no pause before it.
 */
const FAREWELL_AT_END =
  /(?:^|[,.;!?])\s*(?:(?:ok(?:ay)?|so|well|alright|thanks|thank you|merci|and)\b[\s,]*)*(?:bye|goodbye|good bye|bye-bye|bye bye|bye for now|au revoir)(?:[\s,]+(?:then|now|thanks|thank you|merci(?: beaucoup)?|a bientot|bonne journee|have a (?:nice|good) day))*[\s.!?]*$/;

/** These end the call when they are the whole answer (politeness aside). */
const GOODBYE_ALONE =
  /^(?:stop(?: it| the call| calling(?: me)?)?|that's all|that is all|that's it|i'm done|we're done|end the call|c'est tout|ca suffit|arrete|arretez|arretez l'appel|on arrete|terminer l'appel)$/;

const NO_ALONE =
  /^(?:no|nope|nah|non|nothing|nothing else|no thanks|no thank you|not really|rien|rien d'autre|non merci|pas vraiment|c'est bon|that's fine|i'm good|all good)$/;

const REPEAT = [
  /\b(?:repeat|say (?:that|it) again|come again|what did you say|didn't (?:hear|get|catch) (?:you|that|it))\b/,
  /\b(?:repeter|repetez|repete|redire|redites)\b|\bvous pouvez repeter\b|\bj'ai pas compris\b|\bje n'ai pas (?:compris|entendu)\b/,
  /^(?:what|sorry|pardon|huh|comment|quoi|excuse me)\s*\?$/,
];

const GREETING =
  /^(?:hello|hi|hey|good morning|good afternoon|good evening|bonjour|bonsoir|allo|salut)(?: there)?(?: ?[,.!?]+)?(?: (?:hello|hi|allo|bonjour))?[\s,.!?]*$/;

/** Politeness and punctuation around an answer that do not change what it asks for. */
const POLITENESS =
  /^(?:(?:ok(?:ay)?|well|so|no|non|oh|thanks|thank you|merci|alors|bon|please|s'il vous plait)\b[\s,.!?;:-]*)+|(?:[\s,.!?;:-]+(?:thanks|thank you|merci(?: beaucoup)?|please|s'il vous plait))+[\s,.!?;:-]*$/g;

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
  if (REPEAT.some((pattern) => pattern.test(said))) return 'repeat';
  if (GREETING.test(said)) return 'greeting';
  if (YES_ALONE.test(said)) return 'yes';
  if (NO_ALONE.test(bare) || NO_ALONE.test(core) || (core === '' && /^(?:no|non)\b/.test(bare))) return 'no';
  return undefined;
}

const LANGUAGE_REQUESTS: readonly (readonly ['en' | 'fr', RegExp])[] = [
  [
    'fr',
    /\b(?:speak|in|talk|switch to|do you speak) french\b|\ben francais\b|\bparlez(?:-| )vous francais\b/,
  ],
  ['en', /\b(?:speak|in|talk|switch to|do you speak) english\b|\ben anglais\b|\bparlez(?:-| )vous anglais\b/],
];

/** The language the caller asks the agent to speak: "can you speak French?", "en anglais s'il vous plaît". */
export function requestedLanguage(text: string): 'en' | 'fr' | undefined {
  const said = normalizeSpeech(text);
  return LANGUAGE_REQUESTS.find(([, pattern]) => pattern.test(said))?.[0];
}
