import type { TokenCredential } from '@azure/core-auth';
import {
  AzureKeyCredential,
  SearchClient,
  type SearchClientOptions,
  type SearchOptions as AzureSearchRequest,
} from '@azure/search-documents';
import { silentLogger, type Logger } from '../../log';
import {
  abortError,
  clampTop,
  queryWords,
  snippetAround,
  throwIfAborted,
  type DocumentSearch,
  type SearchHit,
  type SearchOptions,
} from './search';

/** The SDK's HTTP transport: tests plug in a fake Azure AI Search here. */
export type SearchHttpClient = NonNullable<SearchClientOptions['httpClient']>;

export interface AzureDocumentSearchOptions {
  /** https://<service>.search.windows.net */
  readonly endpoint: string;
  /** A query key is enough (and safer than an admin key): this backend only reads. */
  readonly key?: string;
  /** Instead of a key: an Entra ID credential (role Search Index Data Reader). */
  readonly credential?: TokenCredential;
  readonly index: string;
  /**
   * The index's semantic configuration: results are then re-ranked by the semantic ranker and the
   * snippet is its caption. Without one, the service's own ranking (BM25, or RRF for hybrid) stands.
   */
  readonly semanticConfiguration?: string;
  /**
   * A vector field with a vectorizer in the index: the query is then also run as a vector query on
   * it, the service vectorizing the text (integrated vectorization), and results fused: hybrid search.
   */
  readonly vectorField?: string;
  /** Names of the index's fields; default title, content, source. */
  readonly fields?: { readonly title?: string; readonly content?: string; readonly source?: string };
  readonly httpClient?: SearchHttpClient;
  /** Retries of the SDK on 429/5xx. Default 1: a caller is waiting on the line. */
  readonly maxRetries?: number;
  readonly log?: Logger;
}

type IndexDocument = Record<string, unknown>;

/**
 * Document search on an Azure AI Search index (`POST /indexes('<index>')/docs/search.post.search`):
 * the caller's words as a simple query over the index's searchable fields, plus semantic ranking and
 * a vector query when configured. The index is filled by whatever the operator uses (an indexer over
 * blob storage, the portal's "import data" wizard): this backend only reads it.
 */
export class AzureDocumentSearch implements DocumentSearch {
  readonly kind = 'azure-search';
  private readonly client: SearchClient<IndexDocument>;
  private readonly fields: { readonly title: string; readonly content: string; readonly source: string };
  private readonly log: Logger;

  constructor(private readonly options: AzureDocumentSearchOptions) {
    this.client = new SearchClient<IndexDocument>(
      options.endpoint,
      options.index,
      options.credential ?? new AzureKeyCredential(options.key ?? ''),
      {
        ...(options.httpClient ? { httpClient: options.httpClient } : {}),
        retryOptions: { maxRetries: options.maxRetries ?? 1, retryDelayInMs: 200 },
      },
    );
    this.fields = {
      title: options.fields?.title ?? 'title',
      content: options.fields?.content ?? 'content',
      source: options.fields?.source ?? 'source',
    };
    this.log = (options.log ?? silentLogger).child({ search: this.kind, index: options.index });
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    throwIfAborted(options.signal);
    const words = queryWords(query);
    if (words.length === 0) return [];
    // Only the words: in the simple syntax + - | " * ( ) are operators, and a caller's words are not.
    const text = words.join(' ');
    const top = clampTop(options.top);
    let results;
    try {
      const response = await this.client.search(text, {
        ...this.request(text, top),
        ...(options.signal ? { abortSignal: options.signal } : {}),
      });
      results = [];
      // One page is enough: `top` is small, and the service answers up to 50 per page.
      for await (const result of response.results) {
        results.push(result);
        if (results.length >= top) break;
      }
    } catch (error) {
      if (options.signal?.aborted) throw abortError();
      const status = (error as { statusCode?: unknown } | null)?.statusCode;
      this.log.warn('search failed', { status: typeof status === 'number' ? status : undefined });
      throw new Error(
        `Azure AI Search did not answer${typeof status === 'number' ? ` (${status})` : ''}: ${
          error instanceof Error ? error.message : String(error)
        }`,

        { cause: error },
      );
    }
    const hits = results.map((result): SearchHit => {
      const document = result.document;
      const caption = result.captions?.find((c) => c.text?.trim())?.text;
      const source = textOf(document[this.fields.source]);
      return {
        title: textOf(document[this.fields.title]) || source || this.options.index,
        content: snippetAround(caption ?? textOf(document[this.fields.content]), words),
        source,
        // The semantic ranker's score orders its results when there is one.
        score: result.rerankerScore ?? result.score,
      };
    });
    return hits.sort((a, b) => b.score - a.score);
  }

  private request(text: string, top: number): AzureSearchRequest<IndexDocument> {
    const { title, content, source } = this.fields;
    const { semanticConfiguration, vectorField } = this.options;
    const request: AzureSearchRequest<IndexDocument> = {
      top,
      select: [title, content, source],
      ...(vectorField
        ? {
            vectorSearchOptions: {
              queries: [{ kind: 'text', text, fields: [vectorField], kNearestNeighborsCount: 50 }],
            },
          }
        : {}),
    };
    if (!semanticConfiguration) return request;
    return {
      ...request,
      queryType: 'semantic',
      semanticSearchOptions: {
        configurationName: semanticConfiguration,
        captions: { captionType: 'extractive' },
        // A ranker that is throttled still leaves the plain results, not an error. (No
        // `maxWaitInMilliseconds`: SDK 13.0.0 drops it from the request; the tool's timeout bounds the wait.)
        errorMode: 'partial',
      },
    };
  }

  async close(): Promise<void> {
    // Nothing held: the SDK's HTTP agent is shared and keeps no process alive.
  }
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value))
    return value
      .filter((v) => typeof v === 'string')
      .join(' ')
      .trim();
  return '';
}
