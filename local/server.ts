import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  ApiError,
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

/**
 * Node's defaults let a slow client hold a connection for minutes (slow loris) and take connections
 * without bound. Headers must arrive within 10 s, a whole request within 30 s (a 64 KiB body takes
 * milliseconds); at most 2,000 connections at once (each live call holds two WebSockets).
 * Upgraded sockets leave these checks: a phone socket may be quiet for as long as a call lasts.
 */
export const HTTP_LIMITS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 2_000,
} as const;

export function createLocalServer(options: LocalServerOptions): Server {
  const server = createServer((req, res) => {
    serve(req, options)
      .catch((error: unknown) => toErrorResponse(error, ROUTES[0] as Route, options.deps.log))
      .then((response) => send(req, res, response));
  });
  server.headersTimeout = HTTP_LIMITS.headersTimeoutMs;
  server.requestTimeout = HTTP_LIMITS.requestTimeoutMs;
  server.maxConnections = HTTP_LIMITS.maxConnections;
  return server;
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
  const keyInQuery = route.keyInQuery ? url.searchParams.get('key') : null;
  if (route.authLevel === 'function' && !hasValidApiKey(req, options.apiKey, keyInQuery)) {
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
  // A body can be read once: both views share the one read.
  let read: Promise<Buffer> | undefined;
  const body = () => (read ??= readBody(req));
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
    text: async () => (await body()).toString('utf8'),
    bytes: () => body(),
  };
}

/**
 * Reads the body, refusing it as soon as it passes the limit rather than buffering it all; what is
 * left is not read at all (the connection is closed after the answer, see `send`). A client that goes
 * away mid-body is a 400 nobody will read, not a server error.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        stop();
        reject(bodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const incomplete = () => {
      stop();
      reject(new ApiError(400, 'The request body was cut short: the client closed the connection'));
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', incomplete);
    req.on('close', () => {
      if (!req.complete) incomplete();
    });
  });
}

function send(req: IncomingMessage, res: ServerResponse, response: ApiResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let body = response.body ?? '';
  if (response.jsonBody !== undefined) {
    body = JSON.stringify(response.jsonBody);
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  // A body not read to its end (refused, or not needed for the answer) is not drained: Node would
  // read all of it to reuse the connection (gigabytes, for a client that keeps sending). Closed instead.
  const unread = !req.complete;
  if (unread) headers.connection = 'close';
  if (res.destroyed) return; // the client is gone
  res.writeHead(response.status, headers);
  res.end(body, () => {
    if (unread) req.socket.destroy();
  });
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
