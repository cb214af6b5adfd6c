import { z } from 'zod';
import { normalizeSpeech, numeralize, REPEATERS } from './numbers';

/**
 * Reads an e-mail address as a speech-to-text engine writes it: "john dot doe at example dot com",
 * "John.Doe@Example.com", "j o h n underscore d o e at gmail dot com", "jean tiret dupont arobase
 * orange point fr", "my email is ...". Spaces cannot be part of an address, so once the spoken
 * symbols are replaced every remaining piece is glued together: "john doe at x dot com" is
 * johndoe@x.com; but what comes before the last "it's", "is" or ":" is the sentence around it, not
 * the address ("my email is wrong again, it's alex at x dot com" is alex@x.com).
 */

export type SpokenEmailResult = { ok: true; email: string } | { ok: false; reason: string };

const emailSchema = z.email();

const HOW_TO_SAY = 'say it like "john dot doe at example dot com"';

/** What the caller says before the address. Tried again and again at the start, in any order. */
const PREAMBLES: readonly RegExp[] = [
  /^(?:yes|yeah|yep|sure|ok|okay|so|well|right|alright|oui|alors|bon|ben|bah|euh|uh|um|er|hmm|donc|voila|d'accord|si|vale|pues|bueno|ja|also|allora|sim|entao)\b/,
  // Spanish, Italian, German, Portuguese: "mi correo es", "la mia e-mail è", "meine E-Mail ist", "o meu e-mail é".
  /^(?:mi (?:correo(?: electronico)?|e-?mail|email) es|(?:la mia|il mio) (?:e-?mail|indirizzo(?: e-?mail)?|posta) e|meine (?:e-?mail(?:-adresse)?|mail) (?:ist|lautet)|(?:o )?meu (?:e-?mail|endereco(?: de e-?mail)?) e)\b/,
  /^(?:and )?(?:my|the|our|his|her) (?:e-?mail|e mail|mail|email address|address)(?: address)? (?:is|'s|would be|will be)\b/,
  /^(?:mon |ma |l')?(?:adresse )?(?:e-?mail|e mail|mail|mel|courriel|adresse)(?: e-?mail| mail)?(?: c'est| est| sera|:)/,
  /^(?:it's|it is|its|that's|that is|this is|here it is|c'est|ce sera|ca sera|ca serait|voici)\b/,
  // "at" here is not the @: it must go before "at" is read as a symbol.
  /^(?:you can )?(?:reach|email|e-mail|contact|write to|write) (?:me|us) (?:at|on)\b/,
  /^(?:vous pouvez m'ecrire|ecrivez-moi|ecrivez moi) a\b/,
  /^[,.:;!?-]+/,
];

/** Politeness after the address, dropped with everything that follows. */
const CLOSING =
  /\b(?:thanks|thank you|cheers|merci|please|s'il vous plait|s'il te plait|gracias|por favor|danke|bitte|grazie|per favore|obrigad[oa])\b.*$/;

/** Spoken symbols, longest first so "tiret bas" is an underscore before "tiret" is a hyphen. */
const SYMBOLS: readonly (readonly [RegExp, string])[] = [
  [
    /\b(?:at sign|at symbol|at the rate(?: of)?|arobase|arrobase|arobas|arrobas|a commercial|arroba|chiocciola|klammeraffe)\b/g,
    ' @ ',
  ],
  [
    /\b(?:under ?score|underline|tiret bas|tiret du huit|tiret du 8|tiret 8|guion bajo|trattino basso|unterstrich|sublinhado)\b/g,
    ' _ ',
  ],
  [
    /\b(?:hyphen|dash|minus|tiret du six|tiret du 6|tiret 6|tiret|trait d'union|guion|trattino|bindestrich|hifen|traco)\b/g,
    ' - ',
  ],
  [/\b(?:dot|full stop|period|point|punto|punkt|ponto)\b/g, ' . '],
  [/\bplus\b/g, ' + '],
  [/\bat\b/g, ' @ '],
];

/** Words about the spelling, not part of it: "capital J", "all one word", "en minuscules". */
const SPELLING_NOISE =
  /\b(?:(?:all )?(?:in )?one word|all together|en un (?:seul )?mot|tout attache|attache|(?:all )?(?:in )?(?:lower ?case|upper ?case|small letters?|capital letters?)|capital|en (?:majuscules?|minuscules?)|majuscule|minuscule)\b/g;

/** "j as in juliet", "j comme jean", "b for bravo": the letter, not the word that names it. */
const SPELLING_ALPHABET = /\b([a-z]) (?:as in|like in|like|for|comme) [a-z]+\b/g;

/**
 * What introduces the address in the middle of a sentence ("my email is wrong again, it's alex at ..."):
 * the address starts after the last one before the "at". Never part of a spoken address themselves.
 */
const LEAD_IN =
  /(?:^|[\s,;.])(?:it's|it is|its|that's|that is|this is|here it is|is|was|should be|would be|will be|c'est|est|ce sera|ca sera|voici|es|ist|lautet|e|era|war|foi)(?=\s)|:/g;

/** Words that may be left before the address when the caller phrased it in a way not listed above. */
const LEADING_NOISE = new Set([
  'my',
  'email',
  'e-mail',
  'mail',
  'address',
  'adresse',
  'courriel',
  'is',
  'its',
  'mon',
]);

export function parseSpokenEmail(text: string): SpokenEmailResult {
  const words = toWords(text);
  const candidate = words.join('');
  if (candidate === '') return { ok: false, reason: `I didn't hear an e-mail address; ${HOW_TO_SAY}.` };

  const ats = candidate.split('@').length - 1;
  if (ats === 0) {
    return { ok: false, reason: `I heard "${candidate}" but no "at" (@) in it; ${HOW_TO_SAY}.` };
  }
  if (ats > 1)
    return { ok: false, reason: `I heard "at" (@) ${ats} times in "${candidate}"; ${HOW_TO_SAY}.` };
  const [local = '', domain = ''] = candidate.split('@');
  if (local === '') return { ok: false, reason: `I didn't hear the part before "at" in "${candidate}".` };
  if (domain === '') return { ok: false, reason: `I didn't hear the part after "at" in "${candidate}".` };
  if (!domain.includes('.')) {
    return {
      ok: false,
      reason: `"${candidate}" needs an ending after "${domain}", like "dot com" or "point fr".`,
    };
  }
  if (!emailSchema.safeParse(candidate).success) {
    return { ok: false, reason: `"${candidate}" is not a valid e-mail address; ${HOW_TO_SAY}.` };
  }
  return { ok: true, email: candidate };
}

/** The pieces of the address, in order, symbols already written as symbols. */
function toWords(text: string): string[] {
  // Accents go too: an address is ASCII in practice, and "jérôme" is spelled jerome.
  let s = normalizeSpeech(text).replace(CLOSING, '').trim();
  for (let before = ''; before !== s;) {
    before = s;
    for (const preamble of PREAMBLES) s = s.replace(preamble, '').trim();
  }
  s = s.replace(SPELLING_NOISE, ' ').replace(SPELLING_ALPHABET, '$1');
  s = s.replace(/\bdouble[ -](?:u|you)\b/g, 'w');
  for (const [pattern, symbol] of SYMBOLS) s = s.replace(pattern, symbol);
  s = afterLastLeadIn(s);

  const pieces = s
    .split(' ')
    // Punctuation at the edges of a word is the engine's ("com.", "j,"); inside a word it was dictated
    // or typed ("john.doe"), and a lone symbol came from a spoken one.
    .map((word) => (/^[@._+-]$/.test(word) ? word : word.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')))
    .filter((word) => word !== '');

  const words = repeatLetters(numeralize(pieces));
  // A stray "email is" left in front of the address, as long as something remains before the "@".
  const at = words.indexOf('@');
  let start = 0;
  while (start < at - 1 && LEADING_NOISE.has(words[start] ?? '')) start += 1;
  return words.slice(start);
}

/** The text from the last lead-in before the "@" on, when something is left before the "@". */
function afterLastLeadIn(s: string): string {
  const at = s.indexOf('@');
  if (at < 0) return s;
  let start = -1;
  for (const match of s.slice(0, at).matchAll(LEAD_IN)) start = match.index + match[0].length;
  if (start < 0 || !/[a-z0-9]/.test(s.slice(start, at))) return s;
  return s.slice(start);
}

/** "double l" is "ll" and "triple 7" is "777"; "double" before a longer word is left as a word. */
function repeatLetters(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    const times = REPEATERS[word];
    if (times !== undefined && next !== undefined && /^[a-z0-9]$/.test(next)) {
      out.push(next.repeat(times));
      i += 1;
    } else {
      out.push(word);
    }
  }
  return out;
}
