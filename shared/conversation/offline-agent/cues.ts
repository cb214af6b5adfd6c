import type { ClaimField } from '../../domain/claim';
import { normalizeSpeech } from '../offline/numbers';

/**
 * The words that tell which free-text field a piece of an answer is about, in six languages: a place
 * ("building B, third floor"), a device ("a Dell Latitude, the screen stays black"), an injury, other
 * parties, witnesses, medical care, earlier damage, or the story itself. A field's concepts come from
 * its name and description, so a custom schema's `building_location` or `hardware_info` is understood
 * as well as the insurance claim's `incident_location`.
 */

export type Concept =
  'location' | 'device' | 'injuries' | 'parties' | 'witnesses' | 'medical' | 'damage' | 'story';

/** One pattern from an alternation written as one string ("a|b|c"), matched as whole words. */
const words = (alternatives: string): RegExp =>
  new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'u');

const CUES: Readonly<Record<Concept, RegExp>> = {
  location: words(
    'building|bldg|floor|room|street|road|avenue|lane|boulevard|highway|motorway|freeway|' +
      'parking(?: lot)?|car park|garage|kitchen|bathroom|bedroom|living room|basement|cellar|attic|' +
      'office|at home|my house|my flat|apartment|intersection|crossroads|junction|roundabout|corner of|' +
      'near the|outside the|in front of|campus|batiment|etage|salle|bureau|rue|boulevard|route|' +
      'autoroute|cuisine|salle de bain|chambre|salon|cave|grenier|a la maison|chez moi|appartement|' +
      'carrefour|rond-point|devant|edificio|planta|piso|sala|despacho|oficina|calle|avenida|carretera|' +
      'autopista|aparcamiento|cocina|bano|dormitorio|sotano|en casa|cruce|rotonda|delante de|gebaude|' +
      'stock|stockwerk|etage|raum|zimmer|buro|strasse|straße|weg|platz|autobahn|parkplatz|kuche|' +
      'badezimmer|schlafzimmer|keller|wohnung|zu hause|kreuzung|kreisverkehr|piano|stanza|ufficio|via|' +
      'viale|piazza|strada|autostrada|parcheggio|cucina|bagno|camera|cantina|appartamento|incrocio|' +
      'predio|andar|escritorio|rua|estrada|autoestrada|estacionamento|cozinha|casa de banho|banheiro|' +
      'quarto|cruzamento|rotunda',
  ),
  device: words(
    'laptop|computer|pc|notebook|desktop|printer|monitor|screen|display|keyboard|mouse|tablet|ipad|' +
      'iphone|macbook|imac|thinkpad|dell|hp|lenovo|latitude|surface|asus|acer|elitebook|probook|' +
      'battery|charger|power button|docking station|headset|webcam|wifi|vpn|blue screen|black screen|' +
      "won't (?:turn on|start|boot)|doesn't (?:turn on|start|boot)|does not (?:turn on|start|boot)|" +
      "ordinateur|ecran|clavier|souris|imprimante|batterie|chargeur|ne s'allume (?:plus|pas)|" +
      'ne demarre (?:plus|pas)|ordenador|portatil|computadora|pantalla|teclado|raton|impresora|bateria|' +
      'cargador|no enciende|no arranca|rechner|bildschirm|tastatur|maus|drucker|akku|ladegerat|' +
      'startet nicht|geht nicht (?:mehr )?an|schermo|tastiera|stampante|batteria|caricatore|' +
      'non si accende|portatile|computador|ecra|tela|rato|impressora|carregador|nao liga',
  ),
  injuries: words(
    'hurt|injured|injury|injuries|bruise[sd]?|whiplash|broken (?:arm|leg|wrist|rib|nose)|pain|sore|' +
      'bleeding|cut|concussion|blesse(?:e|s)?|blessure|mal au|douleur|entorse|herid[oa]s?|' +
      'lesion(?:es)?|dolor|me duele|golpe en|verletzt|verletzung(?:en)?|schmerzen|prellung|ferit[oaie]|' +
      'lesion[ei]|dolore|fatto male|ferid[oa]s?|ferimentos?|dor|magoou|magoad[oa]',
  ),
  parties: words(
    'other driver|other car|another car|other vehicle|truck|lorry|van|bus|cyclist|pedestrian|' +
      'motorbike|motorcycle|neighbou?r|third party|the driver|autre conducteur|autre voiture|' +
      'autre vehicule|camion|cycliste|pieton|voisin|moto|otro conductor|otro coche|otro vehiculo|' +
      'camion|ciclista|peaton|vecin[oa]|anderer? fahrer|anderes auto|lkw|radfahrer|fussganger|nachbar|' +
      'altro conducente|altr[ao] (?:auto|macchina|veicolo)|pedone|vicino|outro condutor|outro carro|' +
      'camiao|caminhao|peao|pedestre|vizinho',
  ),
  witnesses: words(
    'witness(?:es)?|saw (?:it|everything|the)|temoins?|testigos?|zeugen?|testimon[ei]|testemunhas?',
  ),
  medical: words(
    'hospital|doctor|emergency room|a&e|clinic|physio\\w*|x-ray|stitches|paramedics|medecin|hopital|' +
      'urgences|clinique|kine|radio|medico|urgencias|clinica|fisio\\w*|arzt|arztin|krankenhaus|' +
      'notaufnahme|klinik|rontgen|ospedale|pronto soccorso|clinica|urgencia',
  ),
  damage: words(
    'already (?:damaged|had|there)|danos? anterior(?:es)?|ningun dano|danni precedenti|' +
      'danos anteriores|vorher|before the (?:accident|incident)|existing damage|old (?:scratch|dent|' +
      "damage)|deja (?:abime|endommage|raye)|avant l'accident|ya (?:tenia|estaba)|antes del accidente|" +
      "schon vorher|vorschaden|prima dell'incidente|gia (?:rovinat|danneggiat)|antes do acidente|" +
      'ja (?:tinha|estava)',
  ),
  story: words(
    'crash(?:ed)?|fire|smoke|feu|incendie|fuego|incendio|feuer|brand|fuoco|fogo|backed into|tuyau|' +
      'eclate|tuberia|rompio|tubo|cano|rebentou|scoppiat\\w*|crush\\w*|ran into|fell on|struck|tree|' +
      'pipe|grille|percut\\w*|renvers\\w*|hit|collided|collision|stolen|stole|broke(?:n)?|burst|' +
      'leak(?:ing|ed)?|flood(?:ed|ing)?|burn(?:ed|t)|fell|damaged|smashed|vandali[sz]ed|accident|' +
      'rear-ended|skidded|slipped|water|storm|hail|break-in|burgl\\w+|scratched|dented|percute|heurte|' +
      'vole(?:e)?|casse(?:e)?|fuite|inonde(?:e)?|brule(?:e)?|tombe(?:e)?|endommage(?:e)?|accroche|' +
      'degat|degats|cambriol\\w+|grele|tempete|accidente|choque|choco|golpeo|robad[oa]|robaron|rot[oa]|' +
      'fuga|inundad[oa]|quemad[oa]|cayo|danad[oa]|granizo|tormenta|unfall|wasserschaden|sturmschaden|' +
      'brandschaden|geplatzt|rohr|zusammengestossen|angefahren|gestohlen|kaputt|rohrbruch|leck|' +
      'uberschwemmt|verbrannt|gefallen|beschadigt|einbruch|hagel|sturm|incidente|tamponat[oa]|' +
      'urtat[oa]|rubat[oa]|rott[oa]|perdita|allagat[oa]|bruciat[oa]|cadut[oa]|danneggiat[oa]|grandine|' +
      'acidente|bateu|bateram|roubad[oa]|roubaram|partid[oa]|quebrad[oa]|vazamento|inundad[oa]|' +
      'queimad[oa]|caiu|danificad[oa]|granizo',
  ),
};

/** Which concepts a field is about, from its name and description. */
const FIELD_CONCEPTS: readonly (readonly [Concept, RegExp])[] = [
  [
    'location',
    /where|location|address|building|floor|room|place|site|lieu|adresse|batiment|donde|ubicacion|direccion|\bwo\b|\bort\b|gebaude|dove|luogo|indirizzo|onde|local|morada/,
  ],
  [
    'device',
    /device|model|hardware|equipment|computer|laptop|machine|appareil|ordinateur|dispositivo|equipo|gerat|apparecchio|equipamento/,
  ],
  ['injuries', /injur|hurt|bless|herid|verletz|ferit|ferid/],
  ['parties', /parties|involved|impliqu|implicad|beteilig|coinvolt|envolvid/],
  ['witnesses', /witness|temoin|testig|zeug|testimon|testemunh/],
  ['medical', /medical|doctor|\bcare\b|soins|medic|arzt|behandlung|\bcure\b/],
  ['damage', /pre.?existing|earlier damage|before the|dommages anterieurs|vorschad/],
  [
    'story',
    /what happened|description|describe|problem|issue|wrong|symptom|ce qui|que paso|hergang|accaduto|aconteceu/,
  ],
];

export function fieldConcepts(field: ClaimField): Concept[] {
  const concepts = (text: string): Concept[] =>
    FIELD_CONCEPTS.filter(([, pattern]) => pattern.test(normalizeSpeech(text))).map(([concept]) => concept);
  const byName = concepts(field.name.replace(/_/g, ' '));
  const byDescription = concepts(field.description ?? '');
  if (byName.length === 0) return byDescription;
  // "hardware_info: the device, and what is wrong with it" is about the device and its story; a
  // "building_location: where the device is" is about a place, not the device.
  const story = byDescription.includes('story') && byName.includes('device') ? ['story' as const] : [];
  return [...new Set([...byName, ...story])];
}

/** How strongly a piece of an answer is about a field: its concepts' cues, its description's words. */
export function cueScore(field: ClaimField, said: string): number {
  let score = 0;
  for (const concept of fieldConcepts(field)) {
    // One cue is worth 2, each more one more: "a pipe burst and flooded" is more story than place.
    const found = [...said.matchAll(new RegExp(CUES[concept].source, 'gu'))].length;
    if (found > 0) score += found + 1;
  }
  if (field.type === 'text') {
    for (const word of descriptionWords(field.description)) {
      const stem = word.slice(0, 5);
      if (new RegExp(`(?:^|[^a-z])${stem}`).test(said)) score += 1;
    }
  }
  return score;
}

/** Whether the piece is about the concept at all. */
export function hasCue(concept: Concept, said: string): boolean {
  return CUES[concept].test(said);
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
  'wrong',
  'first',
  'noticed',
]);

/** Content words of a custom field's description ("Serial number of the laptop" → serial, laptop). */
export function descriptionWords(description: string | undefined): string[] {
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
