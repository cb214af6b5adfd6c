import { describe, expect, it } from 'vitest';
import { AZURE, startAzure } from './support';

/**
 * The Azure AI Search backend through the real `@azure/search-documents` SDK, its HTTP answered by the
 * fake index: what it asks the service for, and how it reads the answer.
 */
describe('the Azure AI Search document search', () => {
  it('posts the caller’s words, top and the fields to read, with the query key', async () => {
    const { search, fake } = startAzure();
    const hits = await search.search('How much is the windshield deductible?', { top: 2 });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/indexes('${AZURE.index}')/docs/search.post.search`,
      apiVersion: '2026-04-01',
    });
    expect(request?.headers['api-key']).toBe(AZURE.key);
    expect(request?.body).toEqual({
      search: 'how much is the windshield deductible',
      top: 2,
      select: 'title,content,source',
    });
    expect(hits[0]).toMatchObject({ title: 'Windshield and glass', source: 'glass.md' });
    expect(hits[0]?.content).toMatch(/deductible/);
  });

  it('sends the words only: operators of the query syntax are not the caller’s', async () => {
    const { search, fake } = startAzure();
    await search.search('"windshield" -(repair) OR glass* title:chip');
    expect(fake.requests[0]?.body.search).toBe('windshield repair or glass title chip');
  });

  it('asks for semantic ranking with captions when a semantic configuration is set, and reads them', async () => {
    const { search, fake } = startAzure({ semanticConfiguration: 'docs-semantic' });
    const [best] = await search.search('tow truck');
    expect(fake.requests[0]?.body).toEqual({
      search: 'tow truck',
      top: 3,
      select: 'title,content,source',
      queryType: 'semantic',
      semanticConfiguration: 'docs-semantic',
      semanticErrorHandling: 'partial',
      captions: 'extractive',
    });
    // The caption is the snippet, the reranker's score the score.
    expect(best).toEqual({
      title: 'roadside-assistance.txt',
      content: 'A tow truck comes within an hour on average and takes the car to the nearest partner garage.',
      source: 'roadside-assistance.txt',
      score: expect.any(Number),
    });
    expect(best?.score).toBeLessThanOrEqual(4);
  });

  it('adds a vector query over the vector field for hybrid search, the service vectorizing the text', async () => {
    const { search, fake } = startAzure({ vectorField: 'content_vector' });
    await search.search('refund');
    expect(fake.requests[0]?.body.vectorQueries).toEqual([
      { kind: 'text', text: 'refund', fields: 'content_vector', k: 50 },
    ]);
  });

  it('reads the index’s own field names', async () => {
    const { search, fake } = startAzure({ fields: { title: 'heading', content: 'chunk', source: 'url' } });
    await search.search('refund');
    expect(fake.requests[0]?.body.select).toBe('heading,chunk,url');
  });

  it('sends nothing for a query without words', async () => {
    const { search, fake } = startAzure();
    expect(await search.search(' ?! ')).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it('reports a refusal with its status, never the key', async () => {
    const { search, fake } = startAzure();
    fake.failWith = 403;
    const error: unknown = await search.search('refund').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^Azure AI Search did not answer \(403\)/);
    expect((error as Error).message).not.toContain(AZURE.key);
  });

  it('gives up a request in flight when its signal aborts', async () => {
    const { search, fake } = startAzure();
    fake.delayMs = 5_000;
    const controller = new AbortController();
    const started = Date.now();
    const pending = search.search('refund', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
