import type { CountryCode } from 'libphonenumber-js/max';
import type { EMERGENCY_SERVICES } from '../../domain/call';
import { normalizeSpeech } from '../offline/numbers';

/**
 * Danger now, in the caller's words: fire or smoke, gas, someone unconscious, not breathing or
 * bleeding, water rising, an intruder in the house. In six languages. A past event ("the car caught
 * fire last week"), a negation ("nobody is hurt") or hurt in the past tense ("I was injured in the
 * accident") is the claim's story, not an emergency.
 */

type EmergencyService = (typeof EMERGENCY_SERVICES)[number];

export interface DetectedEmergency {
  readonly service: EmergencyService;
}

const ALT = (words: readonly string[]): string => words.join('|');

const FIRE = new RegExp(
  `\\b(?:${ALT([
    'on fire',
    'is burning',
    "it's burning",
    'flames',
    'smell(?:s|ing)? (?:of )?smoke',
    'there is smoke',
    "there's smoke",
    'full of smoke',
    'smoke everywhere',
    'catch(?:ing)? fire',
    "there(?:'s| is) a fire",
    'a fire in',
    'au feu',
    'en feu',
    'ca brule',
    'brule',
    'flammes',
    'fumee',
    'incendie',
    'fuego',
    'incendio',
    'se quema',
    'esta ardiendo',
    'llamas',
    'humo',
    'feuer',
    'brennt',
    'flammen',
    'rauch',
    'qualm',
    'fuoco',
    'brucia',
    'fiamme',
    'fumo',
    'fogo',
    'incendio',
    'pegando fogo',
    'a arder',
    'chamas',
    'fumaca',
  ])})\\b`,
);

const GAS = new RegExp(
  `\\b(?:${ALT([
    'smell(?:s|ing)? (?:of )?gas',
    'gas leak',
    'leaking gas',
    'odeur de gaz',
    'fuite de gaz',
    'ca sent le gaz',
    'olor a gas',
    'huele a gas',
    'fuga de gas',
    'gasgeruch',
    'riecht nach gas',
    'gasleck',
    'odore di gas',
    'fuga di gas',
    'puzza di gas',
    'cheiro (?:a|de) gas',
    'fuga de gas',
    'vazamento de gas',
  ])})\\b`,
);

const MEDICAL = new RegExp(
  `\\b(?:${ALT([
    'unconscious',
    'not breathing',
    "isn't breathing",
    "can't breathe",
    'cannot breathe',
    'passed out',
    'is bleeding',
    'bleeding (?:a lot|badly|heavily)',
    'heart attack',
    'not moving',
    'is (?:badly |seriously )?(?:hurt|injured)',
    'are (?:badly |seriously )?(?:hurt|injured)',
    "he's hurt",
    "she's hurt",
    'trapped',
    'inconscient(?:e)?',
    'ne respire (?:plus|pas)',
    'evanoui(?:e)?',
    'saigne',
    'est (?:gravement )?blesse(?:e)?',
    'sont (?:gravement )?blesses',
    'crise cardiaque',
    'coince(?:e)?',
    'inconsciente',
    'no respira',
    'desmayad[oa]',
    'sangra(?:ndo)?',
    'esta (?:gravemente )?herid[oa]',
    'estan (?:gravemente )?heridos',
    'infarto',
    'atrapad[oa]',
    'bewusstlos',
    'atmet nicht',
    'ohnmachtig',
    'blutet',
    'ist (?:schwer )?verletzt',
    'sind (?:schwer )?verletzt',
    'herzinfarkt',
    'eingeklemmt',
    'incosciente',
    'svenut[oa]',
    'non respira',
    'sanguina',
    'e (?:gravemente )?ferit[oa]',
    'sono (?:gravemente )?feriti',
    'intrappolat[oa]',
    'desmaiad[oa]',
    'nao respira',
    'esta a sangrar',
    'sangrando',
    'esta (?:gravemente )?ferid[oa]',
    'estao feridos',
    'preso nas ferragens',
  ])})\\b`,
);

const FLOOD = new RegExp(
  `\\b(?:${ALT([
    'water is rising',
    'flooding (?:fast|now)',
    'we are flooded',
    'water everywhere and',
    'electrocut\\w*',
    'live wires?',
    "l'eau monte",
    'inondation en cours',
    'electrocut\\w*',
    'el agua sube',
    'inundandose',
    'das wasser steigt',
    "l'acqua sale",
    'a agua esta a subir',
  ])})\\b`,
);

const CRIME = new RegExp(
  `\\b(?:${ALT([
    'someone is (?:in|breaking into) (?:my|the) (?:house|home|flat|apartment)',
    'intruder',
    'break-in (?:right )?now',
    'being robbed',
    'has a (?:gun|knife)',
    "quelqu'un est (?:chez moi|dans (?:ma|la) maison)",
    'cambrioleur est',
    'hay alguien en (?:mi|la) casa',
    'me estan robando',
    'jemand ist in (?:meinem|im) haus',
    'einbrecher',
    "c'e qualcuno in casa",
    'ladro in casa',
    'esta alguem (?:em|na) (?:minha )?casa',
    'ladrao em casa',
  ])})\\b`,
);

/** Said of another time: the claim's story. "right now" and the like override it. */
const PAST =
  /\b(?:yesterday|last (?:week|night|month|year)|ago|hier|la semaine derniere|ayer|la semana pasada|hace \w+ (?:dias|semanas)|gestern|letzte woche|vor \w+ (?:tagen|wochen)|ieri|la settimana scorsa|\w+ (?:giorni|settimane) fa|ontem|semana passada)\b|\b(?:was|were|had been|caught|etait|a pris feu|estaba|se quemo|war|hat gebrannt|era|ha preso fuoco|estava|pegou fogo) (?:on fire|burning|fire|en feu|ardiendo|in flammen|in fiamme|a arder)\b/;
const NOW =
  /\b(?:now|right now|still|currently|maintenant|encore|en ce moment|ahora|todavia|sigue|jetzt|gerade|immer noch|adesso|ora|ancora|agora|ainda)\b/;
/** "nobody is hurt", "personne n'est blessé", "no hay heridos". */
const NEGATED =
  /\b(?:no one|nobody|personne|nadie|niemand|keiner|nessuno|ninguem)\b|\b(?:not|n't|pas|no|nicht|non|nao) (?:\w+ )?(?:hurt|injured|blesse|herid|verletzt|ferit|ferid)/;

export function detectEmergency(text: string): DetectedEmergency | undefined {
  const said = normalizeSpeech(text);
  for (const sentence of said.split(/[.;!?]+/)) {
    const found = classify(sentence);
    if (!found) continue;
    const now = NOW.test(sentence);
    if (!now && PAST.test(sentence)) continue;
    if (NEGATED.test(sentence) && found !== 'firefighters') continue;
    return { service: found };
  }
  return undefined;
}

function classify(sentence: string): EmergencyService | undefined {
  if (FIRE.test(sentence) || GAS.test(sentence) || FLOOD.test(sentence)) return 'firefighters';
  if (MEDICAL.test(sentence)) return 'ambulance';
  if (CRIME.test(sentence)) return 'police';
  return undefined;
}

const NUMBERS: Readonly<Partial<Record<CountryCode, string>>> = {
  US: '911',
  CA: '911',
  MX: '911',
  AR: '911',
  BR: '190',
  GB: '999',
  IE: '112',
  AU: '000',
  NZ: '111',
  IN: '112',
  CH: '112',
};

/** The local emergency number for the caller's country: 112 in Europe and by default. */
export function emergencyNumber(region: CountryCode | undefined): string {
  return (region && NUMBERS[region]) ?? '112';
}
