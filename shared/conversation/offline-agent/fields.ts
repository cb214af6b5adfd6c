import type { ClaimField, ClaimFieldType } from '../../domain/claim';
import { descriptionWords, fieldConcepts } from './cues';
import type { KnownFieldPhrases } from './lang/types';
import { PHRASES, type Lang } from './phrases';

/**
 * How the offline agent speaks about a claim field: the question that asks for it, the label it reads
 * a value back with ("your e-mail address"), and the words a caller names it by ("email", "courriel",
 * "correo"). The policyholder and default insurance fields have hand-written phrases in every language
 * (`lang/*.ts`); any other field is asked about from its description ("When the problem was first
 * noticed" → "Could you tell me when the problem was first noticed?"), never from its name.
 */

/** Words (normalised: lowercase, no accents) a caller names a known field by, in every language. */
const KNOWN_WORDS: Readonly<Record<string, readonly string[]>> = {
  policyholder_name: ['name', 'full name', 'nom', 'nom complet', 'nombre', 'nome', 'nachname', 'vorname'],
  policyholder_email: [
    'email',
    'e-mail',
    'e mail',
    'mail',
    'email address',
    'courriel',
    'mel',
    'correo',
    'correo electronico',
    'posta elettronica',
    'endereco de email',
  ],
  policyholder_phone: [
    'phone',
    'phone number',
    'number',
    'telephone',
    'mobile',
    'cell',
    'numero',
    'portable',
    'telefono',
    'movil',
    'celular',
    'telemovel',
    'telefon',
    'telefonnummer',
    'handy',
    'nummer',
    'cellulare',
  ],
  incident_datetime: [
    'date',
    'time',
    'day',
    'heure',
    'jour',
    'fecha',
    'hora',
    'datum',
    'uhrzeit',
    'data',
    'ora',
  ],
  incident_description: ['description', 'what happened', 'ce qui s est passe', 'descripcion', 'hergang'],
  incident_location: [
    'location',
    'place',
    'address',
    'lieu',
    'endroit',
    'adresse',
    'lugar',
    'direccion',
    'ort',
    'luogo',
    'indirizzo',
    'local',
    'morada',
    'endereco',
  ],
  injuries: [
    'injuries',
    'injury',
    'blessures',
    'blessure',
    'lesiones',
    'verletzungen',
    'lesioni',
    'ferimentos',
  ],
  involved_parties: ['parties', 'other driver', 'autre conducteur', 'otro conductor', 'beteiligte'],
  medical_records: [
    'medical care',
    'medical records',
    'soins',
    'atencion medica',
    'behandlung',
    'cure mediche',
  ],
  policy_number: [
    'policy',
    'policy number',
    'contract',
    'contrat',
    'numero de contrat',
    'poliza',
    'numero de poliza',
    'versicherungsnummer',
    'polizza',
    'apolice',
  ],
  pre_existing_damages: ['pre-existing', 'earlier damage', 'dommages anterieurs', 'vorschaden'],
  witnesses: [
    'witness',
    'witnesses',
    'temoin',
    'temoins',
    'testigo',
    'testigos',
    'zeuge',
    'zeugen',
    'testimone',
    'testimoni',
    'testemunha',
    'testemunhas',
  ],
};

/** Words every field of a type is named by, whatever its name. */
const TYPE_WORDS: Readonly<Record<ClaimFieldType, readonly string[]>> = {
  text: [],
  email: ['email', 'e-mail', 'mail', 'courriel', 'correo'],
  phone_number: ['phone', 'telephone', 'mobile', 'telefono', 'telefon', 'numero de telephone'],
  datetime: ['date', 'time', 'heure', 'fecha', 'datum', 'data'],
};

/** Name parts that say nothing about which field is meant. */
const GENERIC_NAME_PARTS = new Set(['policyholder', 'info', 'information', 'details', 'data']);

const words = (field: ClaimField): string => field.name.replace(/_/g, ' ');
const lowerFirst = (text: string): string =>
  /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
const withoutFinalDot = (text: string): string => text.trim().replace(/[.!?]+$/, '');

/**
 * A custom field described in English, on a call in another language: asked and read back by what it
 * is about, in the call's language, rather than with English words in a Spanish sentence.
 */
function byConcept(field: ClaimField, lang: Lang): KnownFieldPhrases | undefined {
  if (lang === 'en' || !field.description || !ENGLISH.test(` ${field.description.toLowerCase()} `))
    return undefined;
  const concepts = fieldConcepts(field);
  const p = PHRASES[lang].byConcept;
  if (field.type === 'datetime') return p.datetime;
  if (field.type !== 'text') return undefined;
  if (concepts.includes('location')) return p.location;
  if (concepts.includes('device')) return p.device;
  return p.text;
}
const ENGLISH = / (?:the|when|where|what|which|and|of|is|was|with) /;

/** "your e-mail address", "the building, floor and room where the device is". */
export function fieldLabel(field: ClaimField, lang: Lang): string {
  const known = PHRASES[lang].fields[field.name] ?? byConcept(field, lang);
  if (known) return known.label;
  if (field.description) return lowerFirst(withoutFinalDot(field.description));
  return lang === 'en' ? `the ${words(field)}` : `« ${words(field)} »`;
}

/** The question that asks for the field: hand-written, or from its description. */
export function fieldQuestion(field: ClaimField, lang: Lang): string {
  const p = PHRASES[lang];
  const known = p.fields[field.name] ?? byConcept(field, lang);
  if (known) return known.question;
  if (field.description || field.type === 'text') return p.askDescribed(fieldLabel(field, lang));
  // No description: the type says what kind of answer ("the date for “first seen”").
  return p.askDescribed(`${p.typeNouns[field.type]} “${words(field)}”`);
}

/** What to say after an answer of this type was not understood (nothing for text). */
export function typeHint(type: ClaimFieldType, lang: Lang): string {
  return PHRASES[lang].typeHints[type];
}

/** The words (normalised) a caller names the field by. */
export function fieldWords(field: ClaimField): string[] {
  const known = KNOWN_WORDS[field.name] ?? descriptionWords(field.description);
  const nameParts = field.name.split('_').filter((part) => part.length > 1 && !GENERIC_NAME_PARTS.has(part));
  return [...new Set([...known, ...TYPE_WORDS[field.type], words(field), ...nameParts])];
}
