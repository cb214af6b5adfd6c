/**
 * What Spanish, German, Italian and Portuguese callers say to start a correction ("perdón, quise decir…",
 * "eigentlich…", "anzi…", "aliás…"): one list, as regular-expression sources, for the code that strips
 * them off a value (extract-correction) and the code that decides which field a correction is for
 * (offline-agent/target-field). English and French ones stay beside each use, where their lists differ.
 */
export const OTHER_LANGUAGE_CORRECTION_WORDS: readonly string[] = [
  'perd[oó]n(?:a|e)?',
  'mejor dicho',
  'quiero decir',
  'quise decir',
  'en realidad',
  'nein',
  'eigentlich',
  'entschuldigung',
  'ich meinte',
  'anzi',
  'scusi',
  'scusa',
  'cio[eè]',
  'volevo dire',
  'in realt[aà]',
  'n[ãa]o',
  'ali[aá]s',
  'desculpe',
  'quer dizer',
  'queria dizer',
  'na verdade',
];
