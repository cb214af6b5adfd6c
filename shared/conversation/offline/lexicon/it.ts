import { EN_MONTHS, EN_TENS, EN_UNITS, EN_WEEKDAYS, inOrder, type Lexicon } from './types';

const IT_TENS = ['', '', 'vent', 'trent', 'quarant', 'cinquant', 'sessant', 'settant', 'ottant', 'novant'];
const IT_UNITS: Record<string, number> = {
  uno: 1,
  due: 2,
  tre: 3,
  quattro: 4,
  cinque: 5,
  sei: 6,
  sette: 7,
  otto: 8,
  nove: 9,
};

/** Italian: "ieri pomeriggio alle tre", "trentaquattro", "mario chiocciola ... punto it". */
export const IT: Lexicon = {
  phrases: [
    [/\b(?:l'altro ieri|l'altroieri|altroieri|ieri l'altro)\b/g, 'the day before yesterday'],
    [/\b(\S+) (giorni|ore|minuti|settimane) fa\b/g, '$1 $2 ago'],
    [/\b(?:stamattina|stamani|questa mattina)\b/g, 'this morning'],
    [/\b(?:oggi pomeriggio|questo pomeriggio)\b/g, 'this afternoon'],
    [/\b(?:stasera|questa sera)\b/g, 'tonight'],
    [/\bstanotte\b/g, 'last night'],
    [/\bieri (?:di |in )?(mattina|pomeriggio|sera|notte)\b/g, 'ieri $1'],
    [/\b(?:del mattino|di mattina)\b/g, 'am'],
    [/\b(?:del pomeriggio|di pomeriggio|di sera|della sera)\b/g, 'pm'],
    [/\b(\S+) scors[oa]\b/g, 'last $1'],
    [/\b(?:verso le|intorno alle|verso l')\b/g, 'around'],
    [/\b(?:alle|all'|alle ore)\b/g, 'at'],
    [/\be mezz[oa]\b/g, 'thirty'],
    [/\be un quarto\b/g, 'fifteen'],
    [/\btrattino basso\b/g, 'underscore'],
  ],
  words: {
    ...inOrder(
      [
        'gennaio',
        'febbraio',
        'marzo',
        'aprile',
        'maggio',
        'giugno',
        'luglio',
        'agosto',
        'settembre',
        'ottobre',
        'novembre',
        'dicembre',
      ],
      EN_MONTHS,
    ),
    ...inOrder(['lunedi', 'martedi', 'mercoledi', 'giovedi', 'venerdi', 'sabato', 'domenica'], EN_WEEKDAYS),
    ieri: 'yesterday',
    oggi: 'today',
    domani: 'tomorrow',
    mattina: 'morning',
    pomeriggio: 'afternoon',
    sera: 'evening',
    notte: 'night',
    giorni: 'days',
    ore: 'hours',
    minuti: 'minutes',
    il: 'the',
    di: '',
    del: '',
    zero: 'zero',
    uno: 'one',
    una: 'one',
    due: 'two',
    tre: 'three',
    quattro: 'four',
    cinque: 'five',
    sei: 'six',
    sette: 'seven',
    otto: 'eight',
    nove: 'nine',
    dieci: 'ten',
    undici: 'eleven',
    dodici: 'twelve',
    tredici: 'thirteen',
    quattordici: 'fourteen',
    quindici: 'fifteen',
    sedici: 'sixteen',
    diciassette: 'seventeen',
    diciotto: 'eighteen',
    diciannove: 'nineteen',
    venti: 'twenty',
    trenta: 'thirty',
    quaranta: 'forty',
    cinquanta: 'fifty',
    sessanta: 'sixty',
    settanta: 'seventy',
    ottanta: 'eighty',
    novanta: 'ninety',
    cento: 'hundred',
    mille: 'thousand',
    piu: 'plus',
    chiocciola: 'at',
    punto: 'dot',
    trattino: 'dash',
  },
  compound(word) {
    // "trentaquattro", "ventuno", "trentotto": the tens lose their last vowel before uno and otto.
    for (let tens = 2; tens < IT_TENS.length; tens++) {
      const stem = IT_TENS[tens] ?? '';
      if (!word.startsWith(stem)) continue;
      const rest = word.slice(stem.length).replace(/^[aiy]/, '');
      const unit = IT_UNITS[rest] ?? IT_UNITS[word.slice(stem.length)];
      if (unit !== undefined) return `${EN_TENS[tens]} ${EN_UNITS[unit]}`;
    }
    return undefined;
  },
};
