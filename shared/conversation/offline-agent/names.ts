import { normalizeSpeech } from '../offline/numbers';

/**
 * Names, in six languages: which answers are a person's name at all, and the name a caller gives in a
 * longer sentence ("Hi, this is Jane Doe, I'm calling about...", "me llamo Ana García y ..."). A name
 * is one to five words of letters, none of them a common word: "What does my policy cover?", "It's a
 * Dell Latitude 5420" or "Thanks, that's all" are never names.
 */

/** Common words of the six languages that are never part of a person's name. */
const NOT_NAME = new Set(
  (
    'a an the my your our his her their is are was were be been am i me you he she it we they this that these those what which who whom whose why how when where ' +
    'do does did done have has had can could would should will shall may might must not no yes yeah ok okay please thanks thank hello hi hey bye goodbye sorry well so and or but if then than ' +
    'at in on of for to from with without about as by into over under up down out off again just only also very really too now here there all any some every ' +
    'policy claim cover covers insurance car accident laptop computer screen phone number email address name call calling help issue problem broken stolen fire smoke water ' +
    'safe fine good sorry sure ready calling here busy driving afraid scared worried hurt injured alone home back done lost confused tired happy sad angry upset glad okay alright not still trying ' +
    'desole desolee sur prete pret perdu ici la en train content inquiet blesse ' +
    'seguro segura aqui bien mal herido herida llamando perdido ' +
    'sicher hier gut schlecht verletzt dabei ' +
    'sicuro sicura qui bene male ferito ferita ' +
    'seguro aqui bem mal ferido ferida ' +
    'yesterday today tomorrow hier aujourd ayer hoy manana gestern heute morgen ieri oggi domani ontem hoje amanha ' +
    'instructions prompt system ignore forget agent human robot bot assistant know dont idea nothing everything something someone nobody none ' +
    'le la les un une des du de et ou mais je tu il elle nous vous ils elles mon ma mes ton ta votre vos est suis sont ai avez a ce cette ces qui que quoi comment pourquoi quand oui non merci bonjour ' +
    'el los las uno una unos unas y o pero yo tu el ella nosotros usted mi mis su es soy son estoy tengo que quien como porque cuando si gracias hola ' +
    'der die das ein eine einen und oder aber ich du er sie es wir ihr mein meine ist bin sind habe hat was wer wie warum wann ja nein danke hallo ' +
    'il lo gli uno e o ma io lui lei noi voi mio mia sono ho che chi come perche quando grazie ciao ' +
    'o os um uma e ou mas eu ele ela nos meu minha sou estou tenho que quem como porque quando sim nao obrigado obrigada ola'
  ).split(' '),
);

/** Allowed inside a name, never alone: "Maria de la Cruz", "Ludwig van Beethoven", "João dos Santos". */
const PARTICLES = new Set([
  'de',
  'la',
  'le',
  'du',
  'des',
  'del',
  'van',
  'von',
  'der',
  'den',
  'da',
  'di',
  'dos',
  'das',
  'do',
  'bin',
  'al',
  'el',
  'y',
  'e',
  "d'",
]);

export function isNameLike(text: string): boolean {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || tokens.length > 5) return false;
  let real = 0;
  for (const [index, token] of tokens.entries()) {
    if (!/^[\p{L}][\p{L}'’.-]*$/u.test(token)) return false;
    const word = normalizeSpeech(token).replace(/[.]+$/, '');
    if (PARTICLES.has(word) && index > 0 && index < tokens.length - 1) continue;
    if (NOT_NAME.has(word)) return false;
    if (word.length < 2 && !/^\p{Lu}\.?$/u.test(token)) return false;
    real += 1;
  }
  return real >= 1;
}

const APOS = "['’]";
/** Said before a name whatever follows. */
const STRONG_INTRO = new RegExp(
  `(?:^|[\\s,.;:!?¿¡])(?:my (?:full )?name is|my name${APOS}s|name${APOS}s|call me|je m${APOS}appelle|mon nom (?:complet )?(?:est|c${APOS}est)|moi c${APOS}est|me llamo|mi nombre es|ich hei(?:ss|ß)e|mein name ist|mi chiamo|il mio nome (?:è|e)|me chamo|chamo-me|(?:o )?meu nome (?:é|e))\\s+`,
  'iu',
);
/** "I'm ...", "this is ...": a name only when it looks like one, capitalised as STT writes names. */
const WEAK_INTRO = new RegExp(
  `(?:^|[\\s,.;:!?¿¡])(?:I${APOS}m|I am|this is|it${APOS}s|je suis|c${APOS}est|soy|ich bin|hier ist|sono|sou|aqui (?:é|e))\\s+`,
  'iu',
);

/**
 * The name given in a longer sentence, or undefined. With `weakToo` (the name was asked), "I'm jane
 * doe" counts even in lowercase; otherwise a weak intro needs capitalised words ("this is Jane Doe").
 */
export function nameInSentence(text: string, weakToo: boolean): string | undefined {
  for (const [pattern, strong] of [
    [STRONG_INTRO, true],
    [WEAK_INTRO, false],
  ] as const) {
    const match = pattern.exec(text);
    if (!match) continue;
    const after = text.slice(match.index + match[0].length);
    const name = leadingName(after, strong || weakToo);
    // "I'm fine", "je suis là": after a weak intro, one lowercase word is rarely a name.
    if (name && (strong || name.includes(' ') || /^\p{Lu}/u.test(name))) return name;
  }
  return undefined;
}

/** The name-like words at the start: up to the first common word or punctuation. */
function leadingName(text: string, anyCase: boolean): string | undefined {
  const taken: string[] = [];
  for (const token of text.split(/\s+/)) {
    const clean = token.replace(/[,.;:!?]+$/, '');
    const word = normalizeSpeech(clean);
    if (clean === '' || !/^[\p{L}][\p{L}'’-]*$/u.test(clean)) break;
    if (NOT_NAME.has(word) && !(PARTICLES.has(word) && taken.length > 0)) break;
    if (!anyCase && !/^\p{Lu}/u.test(clean) && !PARTICLES.has(word)) break;
    taken.push(clean);
    if (clean !== token || taken.length === 4) break;
  }
  while (taken.length > 0 && PARTICLES.has(normalizeSpeech(taken.at(-1) ?? ''))) taken.pop();
  const name = taken.join(' ');
  return name !== '' && isNameLike(name) ? name : undefined;
}
