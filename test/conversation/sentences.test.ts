import { describe, expect, it } from 'vitest';
import { SentenceSplitter, splitSentences } from '../../shared/conversation/sentences';

interface Case {
  name: string;
  text: string;
  expected: string[];
}

const CASES: Record<string, Case[]> = {
  English: [
    {
      name: 'decimals and times',
      text: 'It costs 3.14 dollars. Come at 10:30 or 10.30 am. Thanks!',
      expected: ['It costs 3.14 dollars.', 'Come at 10:30 or 10.30 am.', 'Thanks!'],
    },
    {
      name: 'titles and abbreviations',
      text: 'Mr. and Mrs. Smith saw Dr. Jones at St. Mary, e.g. Paris, i.e. France. Buy fruit, e.g., apples. Dr Who vs. Mr. X? No. It works.',
      expected: [
        'Mr. and Mrs. Smith saw Dr. Jones at St. Mary, e.g. Paris, i.e. France.',
        'Buy fruit, e.g., apples.',
        'Dr Who vs. Mr. X?',
        'No.',
        'It works.',
      ],
    },
    {
      name: 'etc. and a.m./p.m. mid-sentence and at the end',
      text: 'Bring pens, paper, etc. and a laptop. We open at 9 a.m. and close at 5 p.m. Call us, etc. Bye.',
      expected: [
        'Bring pens, paper, etc. and a laptop.',
        'We open at 9 a.m. and close at 5 p.m.',
        'Call us, etc.',
        'Bye.',
      ],
    },
    {
      name: 'e-mail, URL, phone numbers and versions',
      text: 'Write to john.doe@example.com. See https://example.com/a.b?c=d now! Call +33 6 12 34 56 78 or 555.123.4567. Update to v1.2.3. Done.',
      expected: [
        'Write to john.doe@example.com.',
        'See https://example.com/a.b?c=d now!',
        'Call +33 6 12 34 56 78 or 555.123.4567.',
        'Update to v1.2.3.',
        'Done.',
      ],
    },
    {
      name: 'initials stay together',
      text: 'J. R. R. Tolkien wrote it. It is long.',
      expected: ['J. R. R. Tolkien wrote it.', 'It is long.'],
    },
    {
      name: 'an ellipsis is a pause, not an end',
      text: 'Well... I think so. Let me check… One moment. Hmm?.. Yes.',
      expected: ['Well... I think so.', 'Let me check… One moment.', 'Hmm?..', 'Yes.'],
    },
    {
      name: 'closing quotes and brackets stay with their sentence',
      text: 'He said "yes." Then he left. He asked "why?" and sighed. (See the form.) Ok. **Done.** Next.',
      expected: [
        'He said "yes."',
        'Then he left.',
        'He asked "why?" and sighed.',
        '(See the form.)',
        'Ok.',
        '**Done.**',
        'Next.',
      ],
    },
    {
      name: 'line breaks and list items',
      text: 'Here are your options:\n1. Renew the claim.\n2. Cancel it\n\n\nAnything else?\r\nBye',
      expected: ['Here are your options:', '1. Renew the claim.', '2. Cancel it', 'Anything else?', 'Bye'],
    },
    {
      name: 'whitespace is normalised and colons or semicolons do not split',
      text: '  Hello   there.\t How   are\u00a0you?  Note: one thing; another thing.  ',
      expected: ['Hello there.', 'How are you?', 'Note: one thing; another thing.'],
    },
    {
      name: 'a number ends a sentence unless it is a list item',
      text: 'The total is 42. Thank you! Steps: 1. Open it.',
      expected: ['The total is 42.', 'Thank you!', 'Steps: 1. Open it.'],
    },
    {
      name: 'no space after the mark is not an end',
      text: 'Really?Yes.Fine. Ok',
      expected: ['Really?Yes.Fine.', 'Ok'],
    },
  ],
  French: [
    {
      name: 'titles, n° and spaced punctuation',
      text: 'Bonjour M. Dupont. Mme. Martin vous attend au n° 12. Vraiment ? Oui ! Il fait 1,5 degré.',
      expected: [
        'Bonjour M. Dupont.',
        'Mme. Martin vous attend au n° 12.',
        'Vraiment ?',
        'Oui !',
        'Il fait 1,5 degré.',
      ],
    },
    {
      name: 'guillemets with inner spaces',
      text: 'Il a dit : « Bonjour. » Puis il est parti. « Oui. », dit-elle. « Quoi ? » demanda-t-il.',
      expected: [
        'Il a dit : « Bonjour. »',
        'Puis il est parti.',
        '« Oui. », dit-elle.',
        '« Quoi ? » demanda-t-il.',
      ],
    },
    {
      name: 'no-break spaces before marks',
      text: 'Vraiment\u00a0? Oui\u202f! D’accord.',
      expected: ['Vraiment ?', 'Oui !', 'D’accord.'],
    },
  ],
  Spanish: [
    {
      name: 'inverted marks and titles',
      text: '¿Qué hora es? ¡Hola! La Sra. López y el Sr. García llegan a las 10.30 a.m. ¿Vale? Sí.',
      expected: [
        '¿Qué hora es?',
        '¡Hola!',
        'La Sra. López y el Sr. García llegan a las 10.30 a.m.',
        '¿Vale?',
        'Sí.',
      ],
    },
    {
      name: 'decimal comma and numbers at the end',
      text: 'Son 1,5 kilos, Sra. Ruiz. Llegan a las 5. Vale.',
      expected: ['Son 1,5 kilos, Sra. Ruiz.', 'Llegan a las 5.', 'Vale.'],
    },
  ],
  German: [
    {
      name: 'ordinals, dates and abbreviations',
      text: 'Am 1. Januar ist zu. Rufen Sie z.B. am 23.11.2026 an. Das kostet 3,50 Euro usw. Nr. 5 ist frei.',
      expected: [
        'Am 1. Januar ist zu.',
        'Rufen Sie z.B. am 23.11.2026 an.',
        'Das kostet 3,50 Euro usw.',
        'Nr. 5 ist frei.',
      ],
    },
    {
      name: 'ordinal context and a number at the end',
      text: 'Er belegte den 3. Platz. Vom 1. bis 3. Mai. Die Summe ist 42. Ja, genau. Am 23. 11. 2026 auch. Hr. Meier, d.h. Herr Meier.',
      expected: [
        'Er belegte den 3. Platz.',
        'Vom 1. bis 3. Mai.',
        'Die Summe ist 42.',
        'Ja, genau.',
        'Am 23. 11. 2026 auch.',
        'Hr. Meier, d.h. Herr Meier.',
      ],
    },
    {
      name: 'Montag, 1. Mai is a date even without an article',
      text: 'Wir kommen Montag, 1. Mai. Mais ist gut. Es sind 12. Maibäume.',
      expected: ['Wir kommen Montag, 1. Mai.', 'Mais ist gut.', 'Es sind 12.', 'Maibäume.'],
    },
  ],
  Chinese: [
    {
      name: 'no spaces between sentences',
      text: '你好。我是小明。今天天气很好！你呢？价格是3.5元。',
      expected: ['你好。', '我是小明。', '今天天气很好！', '你呢？', '价格是3.5元。'],
    },
    {
      name: 'quotes and ellipsis',
      text: '他说：“你好。”然后走了。我想想……好吧。',
      expected: ['他说：“你好。”', '然后走了。', '我想想……好吧。'],
    },
  ],
  Japanese: [
    {
      name: 'full-width and ASCII marks',
      text: 'こんにちは。田中です！よろしくお願いします。すごい!ありがとう？',
      expected: ['こんにちは。', '田中です！', 'よろしくお願いします。', 'すごい!', 'ありがとう？'],
    },
    {
      name: 'a particle after a closing quote continues the sentence',
      text: '「はい。」と答えた。「いいえ。」彼は帰った。',
      expected: ['「はい。」と答えた。', '「いいえ。」', '彼は帰った。'],
    },
  ],
};

const ALL = Object.entries(CASES).flatMap(([language, cases]) =>
  cases.map((c) => ({ ...c, label: `${language}: ${c.name}` })),
);

/** Deterministic PRNG (mulberry32) so a failing chunking can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts text into random fragments of 0 to 7 UTF-16 units (empty pushes included). */
function randomChunks(text: string, seed: number): string[] {
  const random = mulberry32(seed);
  const chunks: string[] = [];
  for (let i = 0; i < text.length;) {
    const size = Math.floor(random() * 8);
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}

function stream(chunks: string[]): string[] {
  const splitter = new SentenceSplitter();
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.flush()];
}

describe('splitSentences', () => {
  it.each(ALL)('$label', ({ text, expected }) => {
    expect(splitSentences(text)).toEqual(expected);
  });

  it('returns nothing for empty or whitespace-only text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t\r\n\u00a0 ')).toEqual([]);
  });
});

describe('streaming equals splitting the whole text', () => {
  it.each(ALL)('one character at a time: $label', ({ text, expected }) => {
    expect(stream([...text])).toEqual(expected);
    expect(stream(text.split(''))).toEqual(splitSentences(text));
  });

  it.each(ALL)('random chunkings: $label', ({ text }) => {
    const whole = splitSentences(text);
    for (let seed = 1; seed <= 40; seed++) {
      const chunks = randomChunks(text, seed);
      expect(chunks.join('')).toBe(text);
      expect(stream(chunks), `seed ${seed}: ${JSON.stringify(chunks)}`).toEqual(whole);
    }
  });
});

describe('streaming equals splitting on generated text', () => {
  // Pieces chosen to hit every rule and every place where a decision must wait for more text.
  const PIECES = [
    ...['a', 'B', 'The', 'and', 'Mr', 'J', 'e.g', 'z.B', 'etc', 'den', 'Ja', 'Januar', 'Mai', '12', '1'],
    ...[
      ' ',
      '  ',
      '\u00a0',
      '\n',
      '\r',
      ',',
      ':',
      '.',
      '..',
      '…',
      '!',
      '?',
      '。',
      '！',
      '」',
      '"',
      '»',
      ' »',
      '(',
      ')',
    ],
    ...['*', '¿', '¡', 'は', 'と', '你', '好'],
    // Whole tricky phrases, which random concatenation would rarely build.
    ...['ist 12. Mai', 'ist 1. Ja', '「はい。」と', 'etc. and', '« Oui. »', 'Mr. Smith', '"why?" she'],
  ];

  it('for 500 random texts, one character at a time and in random chunks', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const random = mulberry32(seed);
      let text = '';
      for (let n = 1 + Math.floor(random() * 25); n > 0; n--)
        text += PIECES[Math.floor(random() * PIECES.length)];
      const whole = splitSentences(text);
      expect(stream(text.split('')), JSON.stringify(text)).toEqual(whole);
      expect(stream(randomChunks(text, seed)), JSON.stringify(text)).toEqual(whole);
      // Nothing is lost or invented: only whitespace may change.
      expect(whole.join('').replace(/\s/gu, '')).toBe(text.replace(/\s/gu, ''));
    }
  });
});

describe('SentenceSplitter', () => {
  /** Feeds text one character at a time and records at which character each sentence came out. */
  function emissionPoints(text: string): { sentence: string; at: number }[] {
    const splitter = new SentenceSplitter();
    const points: { sentence: string; at: number }[] = [];
    [...text].forEach((char, at) => {
      for (const sentence of splitter.push(char)) points.push({ sentence, at });
    });
    for (const sentence of splitter.flush()) points.push({ sentence, at: text.length });
    return points;
  }

  it.each([
    ['Hello there. How are you?', 'Hello there.', 'H'],
    ['Sure! Let me check.', 'Sure!', 'L'],
    ['He said "yes." Then he left.', 'He said "yes."', 'T'],
    ['Vraiment ? Oui.', 'Vraiment ?', 'O'],
    ['¿Qué? ¡Hola!', '¿Qué?', '¡'],
    ['你好。我是小明。', '你好。', '我'],
    ['Ok.\nNext line', 'Ok.', '\n'],
  ])('emits the first sentence of %j as soon as the next character arrives', (text, first, trigger) => {
    const points = emissionPoints(text);
    expect(points[0]).toEqual({ sentence: first, at: text.indexOf(trigger, first.length - 1) });
    expect(points[0]!.at).toBeLessThan([...text].length);
  });

  it('confirms an end only when the next character arrives', () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push('Hello.')).toEqual([]);
    expect(splitter.push(' ')).toEqual([]);
    expect(splitter.push('W')).toEqual(['Hello.']);
    expect(splitter.push('orld')).toEqual([]);
    expect(splitter.flush()).toEqual(['World']);
  });

  it('waits for the word after "1." only while it may be a German month', () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push('Es sind 12. J')).toEqual([]);
    expect(splitter.push('a')).toEqual([]);
    expect(splitter.push(',')).toEqual(['Es sind 12.']);
    expect(splitter.push(' gut. X')).toEqual(['Ja, gut.']);
  });

  it('returns several sentences from one fragment, in order', () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push('One. Two! Three? Fo')).toEqual(['One.', 'Two!', 'Three?']);
    expect(splitter.flush()).toEqual(['Fo']);
  });

  it('flushes nothing for empty or whitespace-only input', () => {
    expect(new SentenceSplitter().flush()).toEqual([]);
    const splitter = new SentenceSplitter();
    expect(splitter.push('   ')).toEqual([]);
    expect(splitter.push('\n\t ')).toEqual([]);
    expect(splitter.flush()).toEqual([]);
  });

  it('can be reused after flush', () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push('First turn. This one is cut off')).toEqual(['First turn.']);
    expect(splitter.flush()).toEqual(['This one is cut off']);
    expect(splitter.push('Hi. Second turn. ')).toEqual(['Hi.']);
    expect(splitter.flush()).toEqual(['Second turn.']);
  });

  it('emits short replies alone by default but glues fragments with nothing to say', () => {
    expect(splitSentences('Ok. Let me check.')).toEqual(['Ok.', 'Let me check.']);
    expect(splitSentences('好。你呢？')).toEqual(['好。', '你呢？']);
    expect(splitSentences('...\nSure.')).toEqual(['... Sure.']);
    expect(splitSentences('A\nSure.')).toEqual(['A Sure.']);
  });

  it('glues sentences shorter than minLength to the next one', () => {
    const splitter = new SentenceSplitter({ minLength: 10 });
    expect(splitter.push('Ok. Sure. Let me check that. Bye.')).toEqual(['Ok. Sure. Let me check that.']);
    expect(splitter.flush()).toEqual(['Bye.']);
    const unlimited = new SentenceSplitter({ minLength: 0 });
    expect([...unlimited.push('A\nB. C'), ...unlimited.flush()]).toEqual(['A', 'B. C']);
  });

  it('rejects an invalid minLength', () => {
    expect(() => new SentenceSplitter({ minLength: -1 })).toThrow(RangeError);
    expect(() => new SentenceSplitter({ minLength: 1.5 })).toThrow(RangeError);
  });
});
