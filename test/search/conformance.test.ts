import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TOP, MAX_SNIPPET_LENGTH, type SearchHit } from '../../shared/providers/search/search';
import { fixtures, type RunningSearchBackend } from './support';

/**
 * The document search port's contract, for every backend over the same documents: the shape of hits,
 * `top`, queries with nothing to search for, no match, a caller's words taken as words, and abort.
 * Not ranking quality: each backend ranks its own way (sqlite-fts.test.ts checks the embedded one's).
 */
describe.each(fixtures)('document search conformance: $name', (fixture) => {
  let backend: RunningSearchBackend | undefined;
  const start = async () => (backend = await fixture.start());
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  const expectWellFormed = (hits: readonly SearchHit[]) => {
    for (const hit of hits) {
      expect(hit).toEqual({
        title: expect.stringMatching(/\S/),
        content: expect.stringMatching(/\S/),
        source: expect.stringMatching(/\S/),
        score: expect.any(Number),
      });
      expect(hit.content.length).toBeLessThanOrEqual(MAX_SNIPPET_LENGTH);
      expect(Number.isFinite(hit.score)).toBe(true);
    }
    const scores = hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  };

  it('finds the document that talks about it, best first, with a snippet of the match', async () => {
    const { search } = await start();
    const hits = await search.search('windshield replacement deductible');
    expect(hits.length).toBeGreaterThan(0);
    expectWellFormed(hits);
    expect(hits[0]?.source).toBe('glass.md');
    expect(hits[0]?.content).toMatch(/windshield|deductible/i);
  });

  it('answers at most `top` hits, and a few by default', async () => {
    const { search } = await start();
    const query = 'car policy claim garage premium';
    const all = await search.search(query, { top: 10 });
    expect(all.length).toBeGreaterThan(DEFAULT_TOP);
    expectWellFormed(all);
    expect(await search.search(query, { top: 1 })).toHaveLength(1);
    expect(await search.search(query, { top: 2 })).toHaveLength(2);
    expect(await search.search(query)).toHaveLength(DEFAULT_TOP);
  });

  it.each(['', '   ', '?!', '"" () * -'])('answers nothing for a query with no words: %j', async (query) => {
    const { search } = await start();
    expect(await search.search(query)).toEqual([]);
  });

  it('answers nothing when nothing matches', async () => {
    const { search } = await start();
    expect(await search.search('xylophone quasar')).toEqual([]);
  });

  it.each([
    '"windshield',
    'windshield)',
    '(windshield OR',
    'windshield NEAR deductible',
    'NEAR(windshield deductible, 2)',
    '-windshield',
    'windshield*',
    '*',
    'AND OR NOT',
    'title:windshield',
    'content:',
    '^windshield~2 +glass || {x} [y] \\ / : !',
  ])('takes a caller’s words as words, never as query syntax: %j', async (query) => {
    const { search } = await start();
    const hits = await search.search(query);
    expect(Array.isArray(hits)).toBe(true);
    expectWellFormed(hits);
  });

  it('rejects with an AbortError when its signal is aborted', async () => {
    const { search } = await start();
    const controller = new AbortController();
    controller.abort();
    await expect(search.search('windshield', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
