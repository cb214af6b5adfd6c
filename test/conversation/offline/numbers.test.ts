import { describe, expect, it } from 'vitest';
import {
  groupDigits,
  isNumberWord,
  normalizeSpeech,
  numeralize,
  readNumberWords,
  readOrdinalWords,
  tokenizeSpeech,
  type NumberMatch,
} from '../../../shared/conversation/offline/numbers';

const words = (text: string): string[] => text.split(' ');

describe('normalizeSpeech and tokenizeSpeech', () => {
  it('lowercases, drops accents, plain apostrophes, single spaces', () => {
    expect(normalizeSpeech('  Zéro  SIX, c’est   Quatre-Vingt ')).toBe("zero six, c'est quatre-vingt");
  });

  it('splits words, digit runs, "+" and pauses; hyphens, dots and brackets separate', () => {
    expect(tokenizeSpeech(normalizeSpeech("C'est le +33 (0)6-12.34, soixante-dix-huit"))).toEqual([
      "c'est",
      'le',
      '+',
      '33',
      '0',
      '6',
      '12',
      '34',
      ',',
      'soixante',
      'dix',
      'huit',
    ]);
  });
});

describe('readNumberWords', () => {
  const cases: [string, { digits?: boolean }, NumberMatch | undefined][] = [
    ['thirty four', {}, { value: 34, end: 2 }],
    ['six twelve', {}, { value: 6, end: 1 }],
    ['twenty one', {}, { value: 21, end: 2 }],
    ['nineteen', {}, { value: 19, end: 1 }],
    ['seize', {}, { value: 16, end: 1 }],
    ['quatorze', {}, { value: 14, end: 1 }],
    ['zero six', {}, { value: 0, end: 1 }],
    ['soixante dix huit', {}, { value: 78, end: 3 }],
    ['soixante et onze', {}, { value: 71, end: 3 }],
    ['soixante dix', {}, { value: 70, end: 2 }],
    ['quatre vingt', {}, { value: 80, end: 2 }],
    ['quatre vingts', {}, { value: 80, end: 2 }],
    ['quatre vingt un', {}, { value: 81, end: 3 }],
    ['quatre vingt dix neuf', {}, { value: 99, end: 4 }],
    ['quatre , vingt', {}, { value: 4, end: 1 }],
    ['vingt et un', {}, { value: 21, end: 3 }],
    // "et" belongs to the number only before "un": here it joins two numbers.
    ['vingt et deux', {}, { value: 20, end: 1 }],
    ['dix sept', {}, { value: 17, end: 2 }],
    ['dix deux', {}, { value: 10, end: 1 }],
    ['septante trois', {}, { value: 73, end: 2 }],
    ['nonante', {}, { value: 90, end: 1 }],
    ['eight hundred five', {}, { value: 805, end: 3 }],
    ['eight hundred five', { digits: true }, { value: 800, end: 2 }],
    ['one hundred and five', {}, { value: 105, end: 4 }],
    ['deux cents', {}, { value: 200, end: 2 }],
    ['cent vingt', {}, { value: 120, end: 2 }],
    ['two thousand and twenty six', {}, { value: 2026, end: 5 }],
    ['deux mille vingt six', {}, { value: 2026, end: 4 }],
    ['mille', {}, { value: 1000, end: 1 }],
    ['oh', {}, undefined],
    ['oh', { digits: true }, { value: 0, end: 1 }],
    ['twenty oh', { digits: true }, { value: 20, end: 1 }],
    ['number', {}, undefined],
    ['06', {}, undefined],
  ];
  it.each(cases)('%s %o', (text, options, expected) => {
    expect(readNumberWords(words(text), 0, options)).toEqual(expected);
  });

  it('starts where it is told', () => {
    expect(readNumberWords(words('my number is forty two'), 3)).toEqual({ value: 42, end: 5 });
    expect(readNumberWords(words('six'), 1)).toBeUndefined();
  });
});

describe('readOrdinalWords', () => {
  const cases: [string, NumberMatch | undefined][] = [
    ['third', { value: 3, end: 1 }],
    ['twenty first', { value: 21, end: 2 }],
    ['thirty first', { value: 31, end: 2 }],
    ['twelfth', { value: 12, end: 1 }],
    ['thirtieth', { value: 30, end: 1 }],
    ['premier', { value: 1, end: 1 }],
    ['twenty six', undefined],
    ['four', undefined],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(readOrdinalWords(words(text), 0)).toEqual(expected);
  });
});

describe('numeralize', () => {
  it('writes each number in figures and leaves other words', () => {
    expect(numeralize(words('march third twenty twenty six at ten oh five'), { ordinals: true })).toEqual([
      'march',
      '3th',
      '20',
      '26',
      'at',
      '10',
      'oh',
      '5',
    ]);
  });

  it('leaves ordinals alone unless asked', () => {
    expect(numeralize(words('the third of quinze'))).toEqual(['the', 'third', 'of', '15']);
  });

  it('reads "oh" as zero in digit mode', () => {
    expect(numeralize(words('oh six eight hundred'), { digits: true })).toEqual(['0', '6', '800']);
  });
});

describe('isNumberWord and groupDigits', () => {
  it('knows number words in both languages, "oh" only for digits', () => {
    expect(['douze', 'twelve', 'cent', 'mille', 'vingts'].map((w) => isNumberWord(w))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    expect([isNumberWord('oh'), isNumberWord('oh', { digits: true })]).toEqual([false, true]);
  });

  it('groups digits for reading back', () => {
    expect(groupDigits('061234567')).toBe('06 12 34 56 7');
    expect(groupDigits('999123', 3)).toBe('999 123');
    expect(groupDigits('')).toBe('');
  });
});
