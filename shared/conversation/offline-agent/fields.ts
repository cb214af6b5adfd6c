import type { ClaimField, ClaimFieldType } from '../../domain/claim';
import type { Lang } from './phrases';

/**
 * How the offline agent speaks about a claim field: the question that asks for it, the label it reads
 * a value back with ("your e-mail address"), the words a caller names it by ("email", "courriel"),
 * and how to say a value of its type. The policyholder and default insurance fields have hand-written
 * phrases; any other field gets phrases built from its description, or its name.
 */

interface KnownField {
  question: Record<Lang, string>;
  label: Record<Lang, string>;
  /** Words (normalised: lowercase, no accents) a caller names the field by. */
  words: readonly string[];
}

const KNOWN: Readonly<Record<string, KnownField>> = {
  policyholder_name: {
    question: { en: 'What is your full name?', fr: 'Quel est votre nom complet ?' },
    label: { en: 'your name', fr: 'votre nom' },
    words: ['name', 'full name', 'nom', 'nom complet'],
  },
  policyholder_email: {
    question: { en: 'What is your e-mail address?', fr: 'Quelle est votre adresse e-mail ?' },
    label: { en: 'your e-mail address', fr: 'votre adresse e-mail' },
    words: ['email', 'e-mail', 'e mail', 'mail', 'email address', 'courriel', 'mel'],
  },
  policyholder_phone: {
    question: {
      en: 'What phone number can we reach you on?',
      fr: 'À quel numéro de téléphone pouvons-nous vous joindre ?',
    },
    label: { en: 'your phone number', fr: 'votre numéro de téléphone' },
    words: ['phone', 'phone number', 'number', 'telephone', 'mobile', 'cell', 'numero', 'portable'],
  },
  incident_datetime: {
    question: { en: 'When did the incident happen?', fr: 'Quand l’incident a-t-il eu lieu ?' },
    label: { en: 'the date of the incident', fr: 'la date de l’incident' },
    words: ['date', 'time', 'day', 'when', 'heure', 'jour', 'quand'],
  },
  incident_description: {
    question: {
      en: 'What happened, in your own words?',
      fr: 'Que s’est-il passé, avec vos mots ?',
    },
    label: { en: 'what happened', fr: 'ce qui s’est passé' },
    words: ['description', 'what happened', 'ce qui s est passe'],
  },
  incident_location: {
    question: { en: 'Where did it happen?', fr: 'Où cela s’est-il passé ?' },
    label: { en: 'the place', fr: 'le lieu' },
    words: ['location', 'place', 'address', 'where', 'lieu', 'endroit', 'adresse'],
  },
  injuries: {
    question: { en: 'Was anyone hurt, and how?', fr: 'Y a-t-il eu des blessés, et comment ?' },
    label: { en: 'the injuries', fr: 'les blessures' },
    words: ['injuries', 'injury', 'hurt', 'blessures', 'blessure', 'blesses'],
  },
  involved_parties: {
    question: {
      en: 'Were other people or vehicles involved?',
      fr: 'D’autres personnes ou véhicules étaient-ils impliqués ?',
    },
    label: { en: 'the other parties involved', fr: 'les autres parties impliquées' },
    words: ['parties', 'party', 'involved', 'other driver', 'impliques', 'autre conducteur'],
  },
  medical_records: {
    question: {
      en: 'Have you received or planned any medical care?',
      fr: 'Avez-vous reçu ou prévu des soins médicaux ?',
    },
    label: { en: 'the medical care', fr: 'les soins médicaux' },
    words: ['medical', 'medical care', 'care', 'doctor', 'soins', 'medical records', 'medecin'],
  },
  policy_number: {
    question: {
      en: 'What is your insurance policy number?',
      fr: 'Quel est votre numéro de contrat d’assurance ?',
    },
    label: { en: 'your policy number', fr: 'votre numéro de contrat' },
    words: ['policy', 'policy number', 'contract', 'contrat', 'police', 'numero de contrat'],
  },
  pre_existing_damages: {
    question: {
      en: 'Was there any damage before the incident?',
      fr: 'Y avait-il des dommages avant l’incident ?',
    },
    label: { en: 'the earlier damage', fr: 'les dommages antérieurs' },
    words: ['damage', 'damages', 'pre-existing', 'dommages', 'degats'],
  },
  witnesses: {
    question: {
      en: 'Were there any witnesses? If so, who, and how can we reach them?',
      fr: 'Y a-t-il eu des témoins ? Si oui, qui, et comment les joindre ?',
    },
    label: { en: 'the witnesses', fr: 'les témoins' },
    words: ['witness', 'witnesses', 'temoin', 'temoins'],
  },
};

/** Words every field of a type is named by, whatever its name. */
const TYPE_WORDS: Readonly<Record<ClaimFieldType, readonly string[]>> = {
  text: [],
  email: ['email', 'e-mail', 'mail', 'courriel'],
  phone_number: ['phone', 'telephone', 'mobile', 'numero de telephone'],
  datetime: ['date', 'time', 'heure'],
};

/** How to say a value of each type, for French callers (the parsers' reasons are in English). */
const TYPE_HINTS: Readonly<Record<Lang, Readonly<Record<ClaimFieldType, string>>>> = {
  en: {
    text: '',
    email: 'For example: john dot doe at example dot com.',
    phone_number:
      'Please say it with the country code, for example: plus one, four two five, five five five, zero one two three.',
    datetime: 'For example: yesterday at 3 pm, or March 3rd at 2:30 pm.',
  },
  fr: {
    text: '',
    email: 'Dites-la par exemple : jean point dupont arobase exemple point fr.',
    phone_number: 'Dites-le par exemple : zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit.',
    datetime: 'Dites par exemple : hier à 15 heures, ou le 3 mars à 14 h 30.',
  },
};

/** Name parts that say nothing about which field is meant. */
const GENERIC_NAME_PARTS = new Set(['policyholder', 'info', 'information', 'details', 'data']);

const words = (field: ClaimField): string => field.name.replace(/_/g, ' ');
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
const withoutFinalDot = (text: string): string => text.trim().replace(/[.!?]+$/, '');

/** "your e-mail address", "the hardware info". */
export function fieldLabel(field: ClaimField, lang: Lang): string {
  const known = KNOWN[field.name];
  if (known) return known.label[lang];
  if (lang === 'fr')
    return `l’information « ${field.description ? withoutFinalDot(field.description) : words(field)} »`;
  return field.description ? lowerFirst(withoutFinalDot(field.description)) : `the ${words(field)}`;
}

/** The question that asks for the field. */
export function fieldQuestion(field: ClaimField, lang: Lang): string {
  const known = KNOWN[field.name];
  if (known) return known.question[lang];
  const hint = field.type === 'text' ? '' : ` ${TYPE_HINTS[lang][field.type]}`;
  if (lang === 'fr') return `Pouvez-vous me donner ${fieldLabel(field, lang)} ?${hint}`;
  return `Could you tell me ${fieldLabel(field, lang)}?${hint}`;
}

/** What to say after an answer of this type was not understood (nothing for text). */
export function typeHint(type: ClaimFieldType, lang: Lang): string {
  return TYPE_HINTS[lang][type];
}

/** The words (normalised) a caller names the field by. */
export function fieldWords(field: ClaimField): string[] {
  const known = KNOWN[field.name]?.words ?? descriptionWords(field.description);
  const nameParts = field.name.split('_').filter((part) => part.length > 1 && !GENERIC_NAME_PARTS.has(part));
  return [...new Set([...known, ...TYPE_WORDS[field.type], words(field), ...nameParts])];
}

const DESCRIPTION_STOPWORDS = new Set([
  'the',
  'and',
  'any',
  'for',
  'with',
  'caller',
  'callers',
  'their',
  'what',
  'which',
  'from',
  'that',
  'this',
  'when',
  'where',
  'address',
  'number',
]);

/** Content words of a custom field's description ("Serial number of the laptop" → serial, laptop). */
function descriptionWords(description: string | undefined): string[] {
  if (!description) return [];
  return (
    description
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[a-z]{4,}/g)
      ?.filter((word) => !DESCRIPTION_STOPWORDS.has(word)) ?? []
  );
}
