import { describe, expect, it } from 'vitest';
import { splitIntoPassages, titleFromFileName } from '../../shared/providers/search/passages';

const md = (text: string, maxLength?: number) =>
  splitIntoPassages(text, { markdown: true, fallbackTitle: 'guide', ...(maxLength ? { maxLength } : {}) });

describe('cutting documents into passages', () => {
  it('cuts Markdown at its headings, each passage titled with its heading and the ones above', () => {
    const passages = md(
      [
        'Some words before any heading.',
        '',
        '# Claims',
        '',
        'How claims work.',
        '',
        '## Windshield',
        'Chips are repaired for free.',
        '',
        '### Deductible ###',
        '100 euros.',
        '',
        '## **Theft**',
        'Call the police first.',
        '# Payments',
        '## Refunds',
        'Within 15 days.',
      ].join('\n'),
    );
    expect(passages).toEqual([
      { title: 'guide', content: 'Some words before any heading.' },
      { title: 'Claims', content: 'How claims work.' },
      { title: 'Claims › Windshield', content: 'Chips are repaired for free.' },
      { title: 'Claims › Windshield › Deductible', content: '100 euros.' },
      { title: 'Claims › Theft', content: 'Call the police first.' },
      { title: 'Payments › Refunds', content: 'Within 15 days.' },
    ]);
  });

  it('skips front matter, and reads a "#" inside a code block as code, not a heading', () => {
    const passages = md(
      ['---', 'owner: claims', '---', '# Help', '', '```sh', '# not a heading', 'call 0800', '```'].join(
        '\n',
      ),
    );
    expect(passages).toEqual([{ title: 'Help', content: '# not a heading\ncall 0800' }]);
  });

  it('groups short paragraphs up to the length, and cuts a long one between sentences', () => {
    const sentence = (n: number) => `Sentence number ${n} is here.`; // 27 characters
    const long = Array.from({ length: 10 }, (_, i) => sentence(i + 10)).join(' ');
    const passages = md(['# T', '', 'One.', '', 'Two.', '', long].join('\n'), 100);
    expect(passages.map((p) => p.content)).toEqual([
      `One.\n\nTwo.\n\n${sentence(10)} ${sentence(11)} ${sentence(12)}`,
      `${sentence(13)} ${sentence(14)} ${sentence(15)}`,
      `${sentence(16)} ${sentence(17)} ${sentence(18)}`,
      sentence(19),
    ]);
    expect(passages.every((p) => p.content.length <= 100)).toBe(true);
  });

  it('cuts a run-on line without full stops at spaces', () => {
    const [first, ...rest] = md(`# T\n\n${'word '.repeat(100)}`, 100);
    expect(first?.content.length).toBeLessThanOrEqual(100);
    expect(rest.every((p) => p.content.length <= 100)).toBe(true);
    expect([first, ...rest].map((p) => p?.content).join(' ')).toBe('word '.repeat(100).trim());
  });

  it('reads plain text as paragraphs, a "#" being just a character, with CRLF line ends', () => {
    const passages = splitIntoPassages('# 1 rule\r\n\r\nBe kind.\r\n', {
      markdown: false,
      fallbackTitle: 'rules',
    });
    expect(passages).toEqual([{ title: 'rules', content: '# 1 rule\n\nBe kind.' }]);
  });

  it('titles a file by its name', () => {
    expect(titleFromFileName('faq/roadside-assistance.txt')).toBe('roadside assistance');
    expect(titleFromFileName('Refund_policy.md')).toBe('Refund policy');
  });
});
