import type { CountryCode } from 'libphonenumber-js/max';
import type { ClaimField } from '../../domain/claim';
import { parseSpokenDateTime } from '../offline/parse-datetime';
import { parseSpokenEmail } from '../offline/parse-email';
import { parseSpokenPhoneNumber } from '../offline/parse-phone';
import { readSpelledName } from '../offline/spelled-name';
import { parserLanguages, toParserWords, type ParserLang } from '../offline/translate';

/**
 * Reads a caller's answer as a value of a claim field, by the field's type: an e-mail address spelled
 * out, a phone number said in words (a number without its country code is read in the caller's
 * country), a date and time on the caller's clock (one that is still to come is not the incident's),
 * or free text without the words around it ("it's", "my name is", "thank you"; a name's spelling). The
 * value still goes through `updated_claim`, which validates it again.
 */

export interface AnswerSetting {
  readonly now: Date;
  /** The caller's IANA time zone, for dates. */
  readonly timeZone: string;
  /** The caller's country, for phone numbers said without a country code. */
  readonly region: CountryCode | undefined;
  /** The call's language: its words are tried first when an answer is not English or French. */
  readonly lang?: ParserLang;
}

export type ParsedAnswer = { ok: true; value: string } | { ok: false; reason: string | undefined };

export function parseAnswer(field: ClaimField, text: string, setting: AnswerSetting): ParsedAnswer {
  const first = parseAs(field, text, setting);
  if (first.ok || field.type === 'text') return first;
  // Spanish, German, Italian or Portuguese words: read again in the parsers' English.
  for (const lang of parserLanguages(setting.lang ?? 'en')) {
    for (const articles of [true, false]) {
      const words = toParserWords(text, lang, { articles });
      if (words === text) continue;
      const again = parseAs(field, words, setting);
      if (again.ok) return again;
    }
  }
  return first;
}

function parseAs(field: ClaimField, text: string, setting: AnswerSetting): ParsedAnswer {
  switch (field.type) {
    case 'email': {
      const email = parseSpokenEmail(text);
      return email.ok ? { ok: true, value: email.email } : { ok: false, reason: email.reason };
    }
    case 'phone_number': {
      const phone = parseSpokenPhoneNumber(text, { defaultRegion: setting.region });
      return phone.ok ? { ok: true, value: phone.e164 } : { ok: false, reason: phone.reason };
    }
    case 'datetime': {
      const date = parseSpokenDateTime(text, {
        now: setting.now,
        timeZone: setting.timeZone,
        past: isPastEvent(field),
      });
      return date.ok ? { ok: true, value: date.iso } : { ok: false, reason: date.reason };
    }
    case 'text': {
      const value = cleanText(text, isNameField(field));
      // Nothing left once the fillers are gone: there is no reason to give but "I did not catch that".
      return value === '' ? { ok: false, reason: undefined } : { ok: true, value };
    }
  }
}

const APOS = "['’]";
const NOT_A_LETTER = '(?![\\p{L}\\p{N}])';

/** Hesitations before any answer. */
/** "um, ..." is a hesitation, "Um camião bateu..." a Portuguese article: "um" needs its pause. */
const HESITATION = new RegExp(
  `^(?:well|so|umm+|um(?=\\s*[,.…])|uh+|er+|euh+|hmm+|alors|bon|ben|donc|oh|ah|pues|bueno|eh|also|allora|ehm|entao|bem)${NOT_A_LETTER}[\\s,.;:!-]*`,
  'iu',
);

/** "it's" before a short value ("it's AB-1234"); in a longer answer it is part of the story. */
const ITS = new RegExp(
  `^(?:it${APOS}s|it is|that${APOS}s|that is|c${APOS}est|ce sera)${NOT_A_LETTER}[\\s,:;-]*`,
  'iu',
);
const SHORT_ANSWER_WORDS = 4;

/** How people introduce their name. */
const NAME_INTRO = new RegExp(
  '^(?:' +
    [
      'my (?:full )?name is',
      `my name${APOS}s`,
      'I am',
      `I${APOS}m`,
      'this is',
      'call me',
      `je m${APOS}appelle`,
      'je suis',
      'mon nom (?:complet )?(?:est|c' + APOS + 'est)',
      `moi c${APOS}est`,
      'me llamo',
      'mi nombre es',
      'soy',
      'ich hei(?:ss|ß)e',
      'mein name ist',
      'ich bin',
      'mi chiamo',
      'il mio nome (?:è|e)',
      'sono',
      'chamo-me',
      'me chamo',
      'eu sou',
      'sou',
      'o meu nome (?:é|e)',
      'meu nome (?:é|e)',
      `it${APOS}s`,
      'it is',
      `c${APOS}est`,
    ].join('|') +
    `)${NOT_A_LETTER}[\\s,:;-]*`,
  'iu',
);

/** Politeness and punctuation after the value. */
const TRAILING = new RegExp(
  `(?:(?:^|[\\s,;:.!?-]+)(?:thanks|thank you|merci(?: beaucoup)?|please|s${APOS}il vous pla[iî]t|gracias|por favor|danke|bitte|grazie|per favore|obrigad[oa]))*[\\s,;:.!?-]*$`,
  'iu',
);

/** Free text without the words around it: "Well, it's AB-1234, thanks." → "AB-1234". */
export function cleanText(text: string, isName: boolean): string {
  let value = text.trim();
  for (let before = ''; before !== value;) {
    before = value;
    value = value.replace(HESITATION, '').trim();
  }
  if (isName) {
    // "It's Ngozi Okafor, that's O K A F O R": the name once, as spelled.
    return readSpelledName(value.replace(NAME_INTRO, '').replace(TRAILING, '').trim());
  }
  const stripped = value.replace(ITS, '');
  if (stripped.split(/\s+/).length <= SHORT_ANSWER_WORDS) value = stripped;
  return value.replace(TRAILING, '').trim();
}

/** The incident's fields are about something that already happened: its time cannot be to come. */
function isPastEvent(field: ClaimField): boolean {
  return /^incident(?:_|$)/.test(field.name);
}

/** A name field: its answer may be spelled out ("Okafor, O K A F O R"). */
export function isNameField(field: ClaimField): boolean {
  return /(?:^|_)(?:name|nom)(?:_|$)/.test(field.name);
}
