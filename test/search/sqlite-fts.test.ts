import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SNIPPET_LENGTH } from '../../shared/providers/search/search';
import { SqliteFtsSearch } from '../../shared/providers/search/sqlite-fts';
import { makeTempDir } from '../support/tmp';
import { DOCS_DIR, startSqlite } from './support';

/** The embedded backend: what it finds and how it ranks, and keeping its index in step with the folder. */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(docsDir = DOCS_DIR) {
  const backend = await startSqlite(docsDir);
  cleanups.push(() => backend.close());
  return backend.search as SqliteFtsSearch;
}

/** A docs folder of our own, to change. */
function docsFolder(files: Record<string, string> = {}): string {
  const tmp = makeTempDir();
  cleanups.push(() => tmp.remove());
  for (const [path, text] of Object.entries(files)) write(tmp.dir, path, text);
  return tmp.dir;
}

function write(dir: string, path: string, text: string) {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
}

describe('the SQLite FTS5 document search', () => {
  it('answers a question with the passage that answers it, titled with its headings', async () => {
    const search = await open();
    const [best, ...others] = await search.search('How long does a windshield repair take?');
    expect(best).toMatchObject({ title: 'Windshield and glass › Chip repair', source: 'glass.md' });
    expect(best?.content).toMatch(/takes about 30 minutes/);
    expect(others.every((hit) => hit.score < (best?.score ?? 0))).toBe(true);

    const [roadside] = await search.search('the tow truck');
    expect(roadside).toMatchObject({ title: 'roadside assistance', source: 'roadside-assistance.txt' });
  });

  it('finds other forms of a word, and words written without their accents', async () => {
    const search = await open();
    expect((await search.search('repairing windshields'))[0]?.source).toBe('glass.md');
    expect((await search.search('refunds'))[0]?.title).toBe('Payments › Refunds');
    expect((await search.search('resilier mon contrat', { lang: 'fr-FR' }))[0]).toMatchObject({
      title: 'Résilier son contrat',
      source: 'fr-FR/sinistres.md',
    });
  });

  it('answers nothing for small talk: words every passage has are not searched for', async () => {
    const search = await open();
    expect(await search.search('Hello, how do I do this, please?')).toEqual([]);
  });

  it('offers a caller the documents of their language and the untagged ones', async () => {
    const dir = docsFolder({
      'en-US/contact.md': '# Contact\n\nCall 0800 123 from 9 am.',
      'fr-FR/contact.md': '# Contact\n\nAppelez le 0800 123 dès 9 h.',
      'common.md': '# Numbers\n\n0800 123 is free from any phone.',
    });
    const search = await open(dir);
    const sources = async (lang?: string) =>
      (await search.search('0800 123', lang ? { lang } : {})).map((hit) => hit.source).sort();
    expect(await sources('fr-FR')).toEqual(['common.md', 'fr-FR/contact.md']);
    expect(await sources('en-GB')).toEqual(['common.md', 'en-US/contact.md']);
    // No Spanish documents: a Spanish speaker is better served by any than by none.
    expect(await sources('es-ES')).toEqual(['common.md', 'en-US/contact.md', 'fr-FR/contact.md']);
    expect(await sources()).toEqual(['common.md', 'en-US/contact.md', 'fr-FR/contact.md']);
  });

  it('cuts a long passage to a snippet around the match', async () => {
    const filler = 'The policy covers many things in many situations. '.repeat(18); // ~900 characters
    const search = await open(docsFolder({ 'long.md': `# Cover\n\n${filler}A sunroof is covered too.` }));
    const [hit] = await search.search('sunroof');
    expect(hit?.content.length).toBeLessThanOrEqual(MAX_SNIPPET_LENGTH);
    expect(hit?.content).toMatch(/^….*A sunroof is covered too\.$/);
  });

  it('indexes only .md and .txt files, and none that is hidden', async () => {
    const dir = docsFolder({
      'a.md': 'alpha',
      'b.TXT': 'alpha',
      'c.pdf': 'alpha',
      '.draft.md': 'alpha',
      '.git/notes.md': 'alpha',
      'sub/d.markdown': 'alpha',
    });
    const search = await open(dir);
    expect(search.stats).toMatchObject({ files: 3, indexed: 3 });
    expect((await search.search('alpha', { top: 10 })).map((hit) => hit.source).sort()).toEqual([
      'a.md',
      'b.TXT',
      'sub/d.markdown',
    ]);
  });

  it('keeps its index in step with the folder: changed files again, deleted ones out, others untouched', async () => {
    const dir = docsFolder();
    cpSync(DOCS_DIR, dir, { recursive: true });
    const index = join(docsFolder(), 'search.sqlite');
    const first = await SqliteFtsSearch.open({ docsDir: dir, indexPath: index });
    expect(first.stats).toMatchObject({ files: 5, indexed: 5, removed: 0 });
    await first.close();

    const again = await SqliteFtsSearch.open({ docsDir: dir, indexPath: index });
    expect(again.stats).toMatchObject({ files: 5, indexed: 0, removed: 0, passages: first.stats.passages });
    await again.close();

    write(dir, 'glass.md', '# Glass\n\nA broken sunroof is replaced without deductible.');
    rmSync(join(dir, 'payments.md'));
    write(dir, 'pets.txt', 'Pets travelling in the car are covered up to 500 euros.');
    const changed = await SqliteFtsSearch.open({ docsDir: dir, indexPath: index });
    cleanups.push(() => changed.close());
    expect(changed.stats).toMatchObject({ files: 5, indexed: 2, removed: 1 });
    expect((await changed.search('sunroof'))[0]).toMatchObject({ title: 'Glass', source: 'glass.md' });
    expect(await changed.search('chip')).toEqual([]);
    expect(await changed.search('refunded')).toEqual([]);
    expect((await changed.search('pets'))[0]?.source).toBe('pets.txt');
  });

  it('rebuilds its index for another folder', async () => {
    const index = join(docsFolder(), 'search.sqlite');
    const one = await SqliteFtsSearch.open({
      docsDir: docsFolder({ 'one.md': 'alpha' }),
      indexPath: index,
    });
    await one.close();
    const other = await SqliteFtsSearch.open({
      docsDir: docsFolder({ 'other.md': 'alpha beta' }),
      indexPath: index,
    });
    cleanups.push(() => other.close());
    expect((await other.search('alpha')).map((hit) => hit.source)).toEqual(['other.md']);
  });

  it('says which folder is missing', async () => {
    await expect(
      SqliteFtsSearch.open({ docsDir: '/nonexistent/docs', indexPath: join(docsFolder(), 'x.sqlite') }),
    ).rejects.toThrow('search.docs_dir: no folder at /nonexistent/docs');
  });

  it('indexes a megabyte of documents in seconds without holding the event loop, and answers in milliseconds', async () => {
    const dir = docsFolder();
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const vocabulary = Array.from({ length: 6_000 }, (_, i) => `w${i.toString(36)}`);
    const word = () => vocabulary[Math.floor(random() ** 2.5 * vocabulary.length)] ?? 'w';
    const paragraph = () => Array.from({ length: 40 + Math.floor(random() * 30) }, word).join(' ') + '.';
    let bytes = 0;
    for (let file = 0; file < 200; file++) {
      let text = `# Document ${file}\n\n`;
      for (let section = 0; section < 8; section++) {
        text += `## Section ${word()}\n\n${paragraph()}\n\n${paragraph()}\n\n${paragraph()}\n\n`;
      }
      write(dir, `doc-${file}.md`, text);
      bytes += Buffer.byteLength(text);
    }
    expect(bytes).toBeGreaterThan(1_000_000);

    // How fast is a benchmark's business; here: all of it indexed, and every query answered.
    const search = await open(dir);
    expect(search.stats).toMatchObject({ files: 200, indexed: 200 });
    for (let i = 0; i < 50; i++) {
      const query = Array.from({ length: 3 + (i % 5) }, word).join(' ');
      expect(Array.isArray(await search.search(query))).toBe(true);
    }
  });
});
