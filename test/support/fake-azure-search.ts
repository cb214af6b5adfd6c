import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createHttpHeaders, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { SearchHttpClient } from '../../shared/providers/search/azure-search';

/**
 * A fake Azure AI Search index, plugged in as the SDK's HTTP transport: it answers
 * `POST /indexes('<index>')/docs/search.post.search?api-version=…` from documents held in memory,
 * scored by a tiny scorer (how often the query's words occur, a title match counting double). It is
 * no ranking engine: it answers the shape the service answers (`@search.score`, the `select`ed
 * fields, `@search.rerankerScore` and `@search.captions` for semantic queries), honours `top`, and
 * records every request so tests can check what the SDK sent.
 */

export interface FakeIndexDocument {
  readonly id: string;
  readonly [field: string]: string;
}

export interface RecordedSearchRequest {
  readonly method: string;
  /** Decoded: `/indexes('docs')/docs/search.post.search`. */
  readonly path: string;
  readonly apiVersion: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

export class FakeAzureSearch implements SearchHttpClient {
  readonly requests: RecordedSearchRequest[] = [];
  /** Answer the next requests with this HTTP status and an error body. */
  failWith: number | undefined;
  /** Wait this long before answering (an aborted request rejects at once, like the real transport). */
  delayMs = 0;

  constructor(
    readonly index: string,
    private readonly documents: readonly FakeIndexDocument[],
  ) {}

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname);
    const body = (typeof request.body === 'string' ? JSON.parse(request.body) : {}) as Record<
      string,
      unknown
    >;
    this.requests.push({
      method: request.method,
      path,
      apiVersion: url.searchParams.get('api-version'),
      headers: request.headers.toJSON(),
      body,
    });
    await this.wait(request.abortSignal);
    const answer = (status: number, json: unknown): PipelineResponse => ({
      request,
      status,
      headers: createHttpHeaders({ 'content-type': 'application/json; odata.metadata=none' }),
      bodyAsText: JSON.stringify(json),
    });
    if (this.failWith !== undefined) {
      return answer(this.failWith, {
        error: { code: String(this.failWith), message: 'Refused by the fake' },
      });
    }
    if (request.method !== 'POST' || path !== `/indexes('${this.index}')/docs/search.post.search`) {
      return answer(404, { error: { code: 'NotFound', message: `No index or route at ${path}` } });
    }
    return answer(200, { value: this.search(body) });
  }

  private search(body: Record<string, unknown>): Record<string, unknown>[] {
    const words = String(body.search ?? '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu);
    if (!words) return [];
    const top = typeof body.top === 'number' ? body.top : 50;
    const select =
      typeof body.select === 'string' && body.select !== '*' ? body.select.split(',') : undefined;
    const semantic = body.queryType === 'semantic';
    return this.documents
      .map((document) => ({ document, score: score(document, words) }))
      .filter((scored) => scored.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, top)
      .map(({ document, score }) => ({
        '@search.score': score,
        ...(semantic
          ? {
              '@search.rerankerScore': Math.min(4, score / 2),
              '@search.captions': [{ text: captionOf(document.content ?? '', words), highlights: '' }],
            }
          : {}),
        ...Object.fromEntries(
          Object.entries(document).filter(([field]) => (select ? select.includes(field) : true)),
        ),
      }));
  }

  private wait(signal: PipelineRequest['abortSignal']): Promise<void> {
    const aborted = () => Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    if (signal?.aborted) return Promise.reject(aborted());
    if (this.delayMs <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, this.delayMs);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(aborted());
      });
    });
  }
}

function score(document: FakeIndexDocument, words: readonly string[]): number {
  const title = (document.title ?? '').toLowerCase();
  const content = (document.content ?? '').toLowerCase();
  return words.reduce((sum, word) => sum + 2 * occurrences(title, word) + occurrences(content, word), 0);
}

function occurrences(text: string, word: string): number {
  return text.split(/[^\p{L}\p{N}]+/u).filter((token) => token === word).length;
}

/** The first sentence with one of the words: what an extractive caption looks like. */
function captionOf(content: string, words: readonly string[]): string {
  const sentences = content.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+/);
  return sentences.find((s) => words.some((w) => s.toLowerCase().includes(w))) ?? sentences[0] ?? '';
}

/**
 * Each file of a docs folder as one index document, as an indexer over blob storage makes them:
 * the first heading (or the file's name) as title, the text as content, the path as source.
 */
export function documentsOfFolder(dir: string): FakeIndexDocument[] {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
    (entry) => entry.isFile() && /\.(md|txt)$/.test(entry.name),
  );
  return files.map((entry, index) => {
    const absolute = join(entry.parentPath, entry.name);
    const content = readFileSync(absolute, 'utf8');
    const heading = /^#\s+(.+)$/m.exec(content)?.[1];
    return {
      id: String(index + 1),
      title: heading ?? entry.name,
      content,
      source: relative(dir, absolute).split(sep).join('/'),
    };
  });
}
