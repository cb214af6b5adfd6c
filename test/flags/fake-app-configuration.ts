import { createHash, createHmac } from 'node:crypto';
import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { createHttpHeaders } from '@azure/core-rest-pipeline';

/**
 * A fake Azure App Configuration store at its HTTP boundary: the real `AppConfigurationClient` is given
 * this as its `httpClient`, signs its requests and parses the answers itself. It serves the key-value
 * list (`GET /kv?key=&label=&after=&$Select=&api-version=`) as the REST API does: key filters (exact
 * names, up to 5, comma separated, or one `prefix*`), label filters (`%00` = no label, omitted or `*` =
 * any), pages linked by `@nextLink`/`Link`, and checks the HMAC signature or bearer token.
 */

export const FAKE_ENDPOINT = 'https://contoso.azconfig.io';
export const FAKE_CREDENTIAL_ID = 'abc';
export const FAKE_SECRET = Buffer.from('not-a-real-secret-0123456789abcdef').toString('base64');
export const FAKE_CONNECTION_STRING = `Endpoint=${FAKE_ENDPOINT};Id=${FAKE_CREDENTIAL_ID};Secret=${FAKE_SECRET}`;
export const FAKE_TOKEN = 'fake-aad-token';

interface StoredSetting {
  key: string;
  label: string | null;
  value: string | null;
  content_type: string | null;
  etag: string;
  last_modified: string;
  locked: boolean;
  tags: Record<string, string>;
}

export class FakeAppConfiguration implements HttpClient {
  private readonly settings = new Map<string, StoredSetting>();
  private revision = 0;
  /** Every request that reached the store (after the SDK's pipeline), for assertions. */
  readonly requests: { method: string; url: URL; headers: Record<string, string> }[] = [];
  /** When set, requests answer with this status (a 503 outage, say). */
  failWith: number | undefined;
  /** When set, each request waits this long before answering. */
  delayMs = 0;
  /** When true, requests never answer (until aborted). */
  hang = false;
  pageSize = 100;
  /** The bearer token accepted (an Entra ID token from a managed identity, say). */
  acceptedToken = FAKE_TOKEN;

  /** Sets a key-value, as the portal's Configuration explorer would. */
  set(key: string, value: string | null, label: string | null = null): void {
    this.revision += 1;
    this.settings.set(`${key}\u0000${label ?? ''}`, {
      key,
      label,
      value,
      content_type: '',
      etag: `etag-${this.revision}`,
      last_modified: new Date().toISOString(),
      locked: false,
      tags: {},
    });
  }

  delete(key: string, label: string | null = null): void {
    this.settings.delete(`${key}\u0000${label ?? ''}`);
  }

  /** Requests that listed key-values (every page counts). */
  get listRequests(): number {
    return this.requests.filter((r) => r.url.pathname === '/kv').length;
  }

  /** Listings (first pages only) whose key filter starts with `keyFilter`. */
  listingsOf(keyFilter: string): number {
    return this.requests.filter(
      (r) =>
        r.url.pathname === '/kv' &&
        !r.url.searchParams.has('after') &&
        (r.url.searchParams.get('key') ?? '').startsWith(keyFilter),
    ).length;
  }

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const url = new URL(request.url);
    this.requests.push({ method: request.method, url, headers: request.headers.toJSON() });
    if (this.hang) await abortable(new Promise(() => undefined), request.abortSignal);
    if (this.delayMs) await abortable(sleep(this.delayMs), request.abortSignal);
    if (this.failWith) return problem(request, this.failWith, 'Service unavailable');
    if (!this.authorized(request, url)) return problem(request, 401, 'Unauthorized');
    if (url.origin !== FAKE_ENDPOINT || !url.searchParams.get('api-version')) {
      return problem(request, 400, 'Bad request');
    }
    if (request.method !== 'GET' || url.pathname !== '/kv') return problem(request, 404, 'Not found');
    return this.listKeyValues(request, url);
  }

  private listKeyValues(request: PipelineRequest, url: URL): PipelineResponse {
    const keyFilter = url.searchParams.get('key') ?? '*';
    const labelFilter = url.searchParams.get('label') ?? '*';
    const keyPatterns = splitFilter(keyFilter);
    if (keyPatterns.length > 5) return problem(request, 400, 'Too many key filters');
    const matchesKey = (key: string) => keyPatterns.some((pattern) => matches(pattern, key));
    const matchesLabel = (label: string | null) =>
      labelFilter === '\0' ? label === null : splitFilter(labelFilter).some((p) => matches(p, label ?? ''));
    const all = [...this.settings.values()]
      .filter((s) => matchesKey(s.key) && matchesLabel(s.label))
      .sort((a, b) => (a.key + '\0' + (a.label ?? '')).localeCompare(b.key + '\0' + (b.label ?? '')));
    const start = Number(url.searchParams.get('after') ?? '0');
    const page = all.slice(start, start + this.pageSize);
    const select = url.searchParams.get('$Select')?.split(',');
    const items = page.map((s) =>
      select ? Object.fromEntries(Object.entries(s).filter(([field]) => select.includes(field))) : s,
    );
    const headers = createHttpHeaders({
      'content-type': 'application/vnd.microsoft.appconfig.kvset+json; charset=utf-8',
      etag: `"page-${this.revision}-${start}"`,
      'sync-token': `fake=${this.revision};sn=${this.revision}`,
      'x-ms-request-id': `req-${this.requests.length}`,
    });
    const body: Record<string, unknown> = { items };
    if (start + this.pageSize < all.length) {
      const next = new URLSearchParams(url.searchParams);
      next.set('after', String(start + this.pageSize));
      const nextLink = `/kv?${next.toString()}`;
      body['@nextLink'] = nextLink;
      headers.set('link', `<${nextLink}>; rel="next"`);
    }
    return { request, status: 200, headers, bodyAsText: JSON.stringify(body) };
  }

  /** Checks the HMAC-SHA256 signature App Configuration requires, or the bearer token. */
  private authorized(request: PipelineRequest, url: URL): boolean {
    const authorization = request.headers.get('authorization') ?? '';
    if (authorization.startsWith('Bearer ')) return authorization === `Bearer ${this.acceptedToken}`;
    const match = /^HMAC-SHA256 Credential=([^&]+)&SignedHeaders=([^&]+)&Signature=(.+)$/.exec(authorization);
    if (!match || match[1] !== FAKE_CREDENTIAL_ID || match[2] !== 'x-ms-date;host;x-ms-content-sha256') {
      return false;
    }
    const date = request.headers.get('x-ms-date') ?? '';
    const contentHash = request.headers.get('x-ms-content-sha256') ?? '';
    const bodyHash = createHash('sha256')
      .update(typeof request.body === 'string' ? request.body : '')
      .digest('base64');
    if (contentHash !== bodyHash) return false;
    const signed = `${request.method}\n${url.pathname}${url.search}\n${date};${url.host};${contentHash}`;
    const expected = createHmac('sha256', Buffer.from(FAKE_SECRET, 'base64')).update(signed).digest('base64');
    return match[3] === expected;
  }
}

function problem(request: PipelineRequest, status: number, title: string): PipelineResponse {
  return {
    request,
    status,
    headers: createHttpHeaders({ 'content-type': 'application/problem+json; charset=utf-8' }),
    bodyAsText: JSON.stringify({ type: `https://azconfig.io/errors/${status}`, title, status }),
  };
}

/** Splits a filter on unescaped commas; each part keeps its escapes. */
function splitFilter(filter: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < filter.length; i++) {
    const char = filter[i] as string;
    if (char === '\\' && i + 1 < filter.length) {
      current += char + (filter[++i] as string);
    } else if (char === ',') {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

/** An exact name, or `prefix*` (escapes `\*`, `\,`, `\\` stand for the character). */
function matches(pattern: string, value: string): boolean {
  const wildcard = pattern.endsWith('*') && !pattern.endsWith('\\*');
  const text = (wildcard ? pattern.slice(0, -1) : pattern).replace(/\\(.)/g, '$1');
  return wildcard ? value.startsWith(text) : value === text;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function abortable<T>(promise: Promise<T>, signal: PipelineRequest['abortSignal']): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) throw abortError();
  return new Promise<T>((resolve, reject) => {
    signal.addEventListener('abort', () => reject(abortError()), { once: true });
    promise.then(resolve, reject);
  });
}

function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}
