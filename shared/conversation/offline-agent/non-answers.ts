import { normalizeSpeech } from '../offline/numbers';

/**
 * What is said on a call that is not an answer to anything, and must never be stored in a claim field:
 * a question, an instruction to the assistant ("forget your instructions"), an insult, small talk,
 * noise ("mpf mfp"), meta-talk ("hold on", "I already told you"). In six languages, on one sentence or
 * clause at a time, so "My name is Jane, what does my policy cover?" still gives a name.
 */

export type NonAnswer = 'question' | 'jailbreak' | 'insult' | 'small_talk' | 'noise' | 'meta';

const ALT = (words: readonly string[]): string => words.join('|');

const QUESTION_START = new RegExp(
  '^(?:(?:and|so|but|et|y|und|e|mais|pero|aber|ma)\\s+)?(?:' +
    ALT([
      "(?:what|how|why|when|where|who|which)(?:'s| (?:do|does|did|is|are|was|were|will|would|can|could|should|much|many|long|about|happens|kind))\\b",
      '(?:can|could|would|will|do|does|is|are|should|may|did|have|has) (?:you|i|we|it|my|this|that|the|there|they|he|she)\\b',
      "qu'est-ce|est-ce que|est-ce qu'|pourquoi|combien|comment (?:ca|est|faire|on|je|vous)|quand (?:est|est-ce|vais|allez)|(?:pouvez|pourriez|savez|avez|etes)[- ]vous|(?:puis|dois)[- ]je|c'est quoi|ca couvre",
      'que (?:cubre|pasa|es|hago|significa)|como (?:se|puedo|funciona|esta)|por que|cuando (?:me|van|llega)|cuanto|puede(?:s)? (?:usted|decirme|explicarme)|cubre|sabe(?:s)? (?:si|usted)|hay (?:que|alguna)',
      'was (?:ist|deckt|kostet|passiert|soll|muss)|wie (?:viel|lange|geht|funktioniert|ist)|warum|wann (?:kommt|wird|bekomme)|wo (?:ist|kann)|konnen sie|kannst du|ist das|gibt es|deckt|wer (?:ist|hat)',
      'cosa (?:copre|succede|devo|significa)|come (?:funziona|posso|si)|perche|quando (?:arriva|mi)|quanto|(?:puo|puoi|posso) |copre|chi (?:e|sei)',
      'o que|como (?:funciona|posso|se)|porque|por que|quando (?:vou|me)|quanto|(?:pode|podes|posso) |cobre|quem (?:e|es)',
    ]) +
    ')',
);

const JAILBREAK = new RegExp(
  ALT([
    '\\b(?:ignore|forget|disregard|override|bypass)\\b.{0,30}\\b(?:instructions?|rules?|prompt|guidelines|programming|everything)\\b',
    '\\bsystem prompt\\b|\\bdeveloper mode\\b|\\bjailbreak\\b|\\bdan mode\\b|\\bdo anything now\\b|\\byou are now\\b|\\bpretend (?:to be|you are)\\b|\\bact as\\b|\\broleplay\\b',
    '\\b(?:approve|accept|validate)\\b.{0,20}\\b(?:claim|payment|refund)\\b|\\bmark (?:my|the) claim\\b|\\b(?:send|text)\\b.{0,20}\\b(?:sms|text message|message)\\b',
    '\\b(?:oublie[zs]?|ignore[zs]?)\\b.{0,30}\\b(?:instructions?|consignes?|regles?)\\b|\\bprompt systeme\\b|\\bmode developpeur\\b|\\b(?:approuve[zs]?|valide[zs]?) (?:mon|le) (?:dossier|sinistre)\\b|\\benvoie[zs]? un sms\\b',
    '\\b(?:olvida|olvide|ignora|ignore)\\b.{0,30}\\b(?:instrucciones|reglas|indicaciones)\\b|\\bmodo desarrollador\\b|\\baprueb[ae] (?:mi|el) (?:siniestro|expediente|reclamo)\\b|\\benvia(?:me)? un sms\\b',
    '\\b(?:vergiss|ignoriere|ignorier)\\b.{0,30}\\b(?:anweisungen|regeln|vorgaben|befehle)\\b|\\bentwicklermodus\\b|\\bsystemprompt\\b|\\bgenehmige\\b|\\bschick(?:e)? (?:eine )?sms\\b',
    '\\b(?:dimentica|ignora)\\b.{0,30}\\b(?:istruzioni|regole)\\b|\\bmodalita sviluppatore\\b|\\bapprova (?:la|il) (?:pratica|sinistro)\\b|\\bmanda(?:mi)? un sms\\b',
    '\\b(?:esquece|esqueca|ignora|ignore)\\b.{0,30}\\b(?:instrucoes|regras)\\b|\\bmodo (?:de )?desenvolvedor\\b|\\baprova (?:o|a) (?:sinistro|processo)\\b|\\bmanda(?:-me)? um sms\\b',
  ]),
);

const INSULT = new RegExp(
  '\\b(?:' +
    ALT([
      'bullshit',
      'stupid',
      'idiot',
      'idiots',
      'useless',
      'dumb',
      'fuck\\w*',
      'shit\\w*',
      'crap',
      'moron',
      'shut up',
      'you suck',
      'bloody',
      'damn it',
      'screw you',
      'piece of junk',
      'con',
      'conne',
      'connard',
      'connasse',
      'nul',
      'nulle',
      'merde',
      'putain',
      'ta gueule',
      'debile',
      'abruti',
      'cretin',
      'idiota',
      'estupido',
      'estupida',
      'mierda',
      'joder',
      'inutil',
      'imbecil',
      'callate',
      'gilipollas',
      'cabron',
      'blod',
      'blode',
      'dumm',
      'scheisse',
      'scheiße',
      'halt die klappe',
      'nutzlos',
      'arschloch',
      'verdammt',
      'mist',
      'stupido',
      'stupida',
      'cretino',
      'cazzo',
      'stai zitto',
      'vaffanculo',
      'inutile',
      'porra',
      'cala a boca',
      'burro',
      'droga',
      'estupido',
    ]) +
    ')\\b',
);

const SMALL_TALK = new RegExp(
  '^(?:' +
    ALT([
      'how are you(?: doing)?(?: today)?',
      "how's it going",
      'nice (?:weather|day)',
      'thank you(?: very much)?',
      'thanks(?: a lot)?',
      'have a (?:nice|good) day',
      'you too',
      'nice to meet you',
      'good',
      'great',
      'fine',
      'cool',
      'ca va',
      'comment allez-vous',
      'comment ca va',
      'merci(?: beaucoup)?',
      'bonne journee',
      'vous aussi',
      'tres bien',
      'super',
      'que tal',
      'como esta(?:s)?',
      'gracias',
      'muchas gracias',
      'igualmente',
      'muy bien',
      'genial',
      "wie geht(?:'s| es (?:ihnen|dir))?",
      'danke(?: schon)?',
      'vielen dank',
      'gleichfalls',
      'sehr gut',
      'super',
      'come va',
      'come sta(?:i)?',
      'grazie(?: mille)?',
      'altrettanto',
      'molto bene',
      'benissimo',
      'tudo bem',
      'como esta',
      'obrigad[oa]',
      'muito obrigad[oa]',
      'igualmente',
      'muito bem',
      'otimo',
    ]) +
    ')[\\s,.!?]*$',
);

/** Talk about the call itself, not an answer: "hold on", "I already told you", "can you hear me". */
const META = new RegExp(
  '^(?:(?:uh|um|well|so|euh|bueno|pues|also|allora|entao)[\\s,]+)?(?:' +
    ALT([
      'hold on',
      'wait(?: a (?:second|minute|moment))?',
      'one (?:second|moment|sec)',
      'just a (?:second|sec|moment|minute)',
      'let me (?:think|check|see|look)',
      'i already (?:told|said|gave)',
      'as i (?:said|told you)',
      'can you hear me',
      'are you (?:still )?there',
      'hello\\?',
      "i'm (?:driving|busy)",
      'i told you',
      'attendez',
      'un instant',
      'une seconde',
      'un moment',
      'je (?:reflechis|regarde|cherche)',
      "je (?:vous )?l'ai deja dit",
      'vous m.entendez',
      'vous etes la',
      'un momento',
      'espere',
      'espera',
      'un segundo',
      'deje(?:me)? (?:pensar|ver|mirar)',
      'ya (?:se )?lo (?:he )?dicho',
      'ya te lo dije',
      'me oye',
      'sigue ahi',
      'moment(?: mal| bitte)?',
      'warten sie',
      'warte',
      'einen (?:moment|augenblick)',
      'lass(?:en sie)? mich (?:nachdenken|nachsehen|schauen)',
      'hab(?:e)? ich (?:doch )?schon gesagt',
      'horen sie mich',
      'un attimo',
      'aspetti',
      'aspetta',
      'un momento',
      'un secondo',
      'fammi (?:pensare|vedere)',
      "l'ho gia detto",
      'mi sente',
      'um momento',
      'espere',
      'espera',
      'so um (?:segundo|momento)',
      'deixa(?:-me)? (?:pensar|ver)',
      'ja (?:lhe )?disse',
      'esta a ouvir',
      'esta me ouvindo',
    ]) +
    ')\\b',
);

/** A word with no vowel and more than one letter ("mpf", "brrr", "pssh"): a noise, not a word. */
const NOISE_WORD = /^[b-df-hj-np-tv-xz]{2,}$/;

export function nonAnswer(text: string): NonAnswer | undefined {
  const said = normalizeSpeech(text);
  const words = said.match(/[\p{L}\p{N}']+/gu) ?? [];
  if (words.length === 0) return 'noise';
  if (/\[(?:inaudible|noise|unintelligible|music|silence)\]|\*\*\*/.test(said)) return 'noise';
  // "HB-55012" is a policy number, not the noise "hb" and a number.
  const sounds = said.replace(/\b[a-z]{1,4}-?\d[\w-]*/g, ' code ').match(/[\p{L}\p{N}']+/gu) ?? [];
  const noisy = sounds.filter((word) => NOISE_WORD.test(word) || /^(.)\1{2,}$/.test(word)).length;
  if (noisy / sounds.length >= 0.5) return 'noise';
  if (JAILBREAK.test(said)) return 'jailbreak';
  if (META.test(said)) return 'meta';
  const clause = said.replace(/^[¿¡\s]+/, '');
  if (/\?\s*$/.test(said) || QUESTION_START.test(clause)) return 'question';
  if (SMALL_TALK.test(clause)) return 'small_talk';
  if (INSULT.test(said)) {
    // An insult with a story around it is still a story: only a short outburst is not an answer.
    const rest = words.filter((word) => !INSULT.test(word));
    if (rest.length <= 6 || /\b(?:you|vous|usted|sie|lei|voce|tu)\b/.test(said)) return 'insult';
  }
  return undefined;
}

/** Whether the text insults the assistant, even inside an answer. */
export function hasInsult(text: string): boolean {
  return INSULT.test(normalizeSpeech(text));
}
