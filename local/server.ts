import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  bodyTooLarge,
  errorResponse,
  MAX_BODY_BYTES,
  type ApiRequest,
  type ApiResponse,
} from '../shared/http/api';
import { handleRoute, ROUTES, toErrorResponse, type Route, type RouteDeps } from '../shared/http/routes';
import { isAllowedHost, LOOPBACK_HOSTS, MISDIRECTED, type HostAllowList } from './allowed-hosts';
import { serveStatic, type StaticFiles } from './softphone-page';

/**
 * The local HTTP host: the same handlers as the Functions app, on the same routes under /api.
 * Function-level routes require the `x-api-key` header whenever an API key is configured (and one must
 * be configured to listen beyond loopback: see `assertSafeBinding`).
 */

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly paramNames: string[];
}

function compile(route: Route): CompiledRoute {
  const paramNames: string[] = [];
  const source = route.route
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      paramNames.push(param[1] as string);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^/api/${source}/?$`), paramNames };
}

const COMPILED = ROUTES.map(compile);

export interface LocalServerOptions {
  readonly deps: RouteDeps;
  readonly apiKey: string | undefined;
  /** The softphone page, served outside /api. */
  readonly staticFiles?: StaticFiles;
  /** The names `Host` may carry (see allowed-hosts.ts); loopback only by default. */
  readonly allowedHosts?: HostAllowList;
}

export function createLocalServer(options: LocalServerOptions): Server {
  return createServer((req, res) => {
    serve(req, options)
      .catch((error: unknown) => toErrorResponse(error, ROUTES[0] as Route, options.deps.log))
      .then((response) => send(res, response));
  });
}

async function serve(req: IncomingMessage, options: LocalServerOptions): Promise<ApiResponse> {
  if (!isAllowedHost(req.headers.host, options.allowedHosts ?? LOOPBACK_HOSTS)) {
    return errorResponse(421, MISDIRECTED);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith('/api/') && req.method === 'GET' && options.staticFiles) {
    const file = serveStatic(options.staticFiles, url.pathname);
    if (file) return file;
  }
  const candidates = COMPILED.map((c) => ({ c, match: c.pattern.exec(url.pathname) })).filter((m) => m.match);
  if (candidates.length === 0) return errorResponse(404, `No endpoint at ${url.pathname}`);
  const chosen = candidates.find(({ c }) => c.route.methods.includes(req.method as 'GET' | 'POST'));
  if (!chosen?.match) {
    const allowed = candidates.flatMap(({ c }) => c.route.methods).join(', ');
    return {
      ...errorResponse(405, `${req.method} is not allowed here; use ${allowed}`),
      headers: { allow: allowed },
    };
  }
  const { route, paramNames } = chosen.c;
  if (route.authLevel === 'function' && !hasValidApiKey(req, options.apiKey)) {
    return errorResponse(401, 'Missing or wrong API key: send it in the x-api-key header');
  }
  const params = Object.fromEntries(
    paramNames.map((name, i) => [name, decodeURIComponent(chosen.match![i + 1] ?? '')]),
  );
  return handleRoute(route, toApiRequest(req, url, params), options.deps);
}

/** The key comes in the `x-api-key` header, or (WebSockets from a browser, which cannot set headers) `?key=`. */
export function hasValidApiKey(
  req: IncomingMessage,
  apiKey: string | undefined,
  fromQuery: string | null = null,
): boolean {
  if (!apiKey) return true;
  const given = Buffer.from(String(req.headers['x-api-key'] ?? fromQuery ?? ''));
  const expected = Buffer.from(apiKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function toApiRequest(req: IncomingMessage, url: URL, params: Record<string, string>): ApiRequest {
  return {
    method: req.method ?? 'GET',
    url: url.toString(),
    headers: {
      get: (name) => {
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    query: url.searchParams,
    params,
    text: () => readBody(req),
  };
}

/** Reads the body, refusing it as soon as it passes the limit rather than buffering it all. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(bodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: ApiResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let body = response.body ?? '';
  if (response.jsonBody !== undefined) {
    body = JSON.stringify(response.jsonBody);
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  res.writeHead(response.status, headers);
  res.end(body);
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Refuses to expose the call API beyond this machine without an API key. */
export function assertSafeBinding(bind: string, apiKey: string | undefined): void {
  if (!LOOPBACK.has(bind) && !apiKey) {
    throw new Error(
      `host.bind is ${bind}, which other machines can reach: set host.api_key (env CALLCENTER_API_KEY, 16+ characters) so that only you can place calls`,
    );
  }
}
