import { randomBytes, randomUUID } from 'node:crypto';
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  closeSocket,
  connectBody,
  loggedData,
  parseJson,
  refuse,
  send,
  toBuffer,
  upstreamHeaders,
  verifyJwt,
  type UpstreamEvent,
} from './fake-web-pubsub-wire';

/**
 * A fake Azure Web PubSub service on 127.0.0.1 that the real `@azure/web-pubsub` SDK talks to, for
 * one hub. It speaks the service's three wire protocols:
 * - clients connect to `/client/hubs/{hub}?access_token=<JWT>` (the URL `getClientAccessToken`
 *   returns); the HS256 token must be signed with the access key, unexpired, for this hub;
 * - events go upstream as CloudEvents over HTTP (reference-cloud-events.md): blocking `connect`
 *   (a non-2xx refuses the upgrade), non-blocking `connected`, one blocking `message` per frame, in
 *   order per connection (a non-2xx drops the client), non-blocking `disconnected`;
 * - the REST API the SDK calls (`/api/hubs/{hub}/...`), authenticated by the SDK's Bearer JWT.
 * The formats themselves (tokens, CloudEvents headers, frames) are in fake-web-pubsub-wire.ts.
 */

export const FAKE_WEB_PUBSUB_ORIGIN = 'fake.webpubsub.azure.com';

export interface FakeWebPubSubOptions {
  readonly hub?: string;
  /** Where events are POSTed (the app's Web PubSub webhook). */
  readonly upstreamUrl: string;
  /** The primary key (the one in the connection string); random when absent. */
  readonly accessKey?: string;
  /** A secondary key: tokens signed with it are accepted and events carry a second signature. */
  readonly secondaryAccessKey?: string;
  /** Sent as WebHook-Request-Origin, as the service sends its host name. */
  readonly origin?: string;
}

export interface FakeConnection {
  readonly id: string;
  readonly userId: string | undefined;
  readonly socket: WebSocket;
}

export interface UpstreamLogEntry {
  readonly event: UpstreamEvent;
  readonly connectionId: string;
  readonly userId: string | undefined;
  /** The HTTP status the upstream answered, 0 when it could not be reached. */
  readonly status: number;
  readonly latencyMs: number;
  /** message: the frame as text (binary frames as base64); disconnected: the reason. */
  readonly data?: string;
}

export interface RestRequest {
  readonly method: string;
  /** Decoded path, e.g. `/api/hubs/calls/connections/abc/:send`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string | undefined;
  readonly body: string;
  readonly status: number;
}

interface Connection extends FakeConnection {
  /** Frames are delivered upstream one at a time: each waits for the previous one's answer. */
  queue: Promise<void>;
  /** Set once a message event failed: the service drops the client and its later frames. */
  dropped: boolean;
}

const MAX_FRAME_BYTES = 1024 * 1024; // the service's limit for a client frame

export class FakeWebPubSub {
  readonly hub: string;
  readonly accessKey: string;
  readonly connections = new Map<string, FakeConnection>();
  readonly upstreamLog: UpstreamLogEntry[] = [];
  readonly requests: RestRequest[] = [];
  private readonly live = new Map<string, Connection>();
  private readonly keys: string[];
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly pending = new Set<Promise<unknown>>();
  private endpoint = '';
  private closing = false;

  constructor(private readonly options: FakeWebPubSubOptions) {
    this.hub = options.hub ?? 'calls';
    this.accessKey = options.accessKey ?? randomBytes(32).toString('base64');
    this.keys = [this.accessKey, ...(options.secondaryAccessKey ? [options.secondaryAccessKey] : [])];
    this.server = createServer((req, res) => void this.rest(req, res));
    this.server.on('upgrade', (req, socket, head) => void this.upgrade(req, socket, head));
  }

  /** Resolves the connection string to give `new WebPubSubServiceClient(connectionString, hub)`. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    // What the SDK derives from `Endpoint=`: `new URL(endpoint).toString()`, with its trailing slash.
    this.endpoint = `http://127.0.0.1:${port}/`;
    return `Endpoint=http://127.0.0.1:${port};AccessKey=${this.accessKey};Version=1.0;`;
  }

  /** The CloudEvents abuse-protection handshake; true when the upstream allowed this origin. */
  async abuseProtection(): Promise<boolean> {
    const origin = this.options.origin ?? FAKE_WEB_PUBSUB_ORIGIN;
    const response = await fetch(this.options.upstreamUrl, {
      method: 'OPTIONS',
      headers: { 'WebHook-Request-Origin': origin },
    });
    await response.arrayBuffer();
    const allowed = response.headers.get('WebHook-Allowed-Origin');
    return response.ok && (allowed === '*' || allowed?.toLowerCase() === origin.toLowerCase());
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const connection of this.live.values()) connection.socket.terminate();
    await Promise.allSettled([...this.pending]);
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- the client endpoint -------------------------------------------------------------------------

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', this.endpoint);
    if (url.pathname !== `/client/hubs/${this.hub}`) return refuse(socket, 404, `No hub at ${url.pathname}`);
    const claims = verifyJwt(
      url.searchParams.get('access_token') ?? '',
      this.keys,
      `${this.endpoint}client/hubs/${this.hub}`,
    );
    if (!claims) return refuse(socket, 401, 'Invalid or expired access token');

    const id = randomUUID().replace(/-/g, '');
    let userId = typeof claims.sub === 'string' ? claims.sub : undefined;
    const connect = await this.post(
      'connect',
      id,
      userId,
      'application/json; charset=utf-8',
      connectBody(claims, url.searchParams, req.headers),
    );
    if (connect.status < 200 || connect.status > 299) {
      return refuse(socket, connect.status || 500, connect.body || 'The upstream refused the connection');
    }
    // As the service does, a 200's `userId` names the user when the token did not.
    if (connect.status === 200 && connect.body) {
      const answered = parseJson(connect.body)?.userId;
      if (typeof answered === 'string' && answered) userId = answered;
    }

    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection: Connection = { id, userId, socket: ws, queue: Promise.resolve(), dropped: false };
      this.live.set(id, connection);
      this.connections.set(id, connection);
      void this.track(this.post('connected', id, userId, 'application/json; charset=utf-8', '{}'));
      ws.on('message', (data: RawData, isBinary: boolean) =>
        this.onFrame(connection, toBuffer(data), isBinary),
      );
      ws.on('close', (code: number, reason: Buffer) => {
        this.live.delete(id);
        this.connections.delete(id);
        const text =
          reason.toString('utf8') ||
          (code === 1000 ? 'The client closed the connection.' : `Closed with code ${code}.`);
        // After the frames already queued, so the upstream sees them all, then the end.
        connection.queue = connection.queue.then(() =>
          this.post(
            'disconnected',
            id,
            userId,
            'application/json; charset=utf-8',
            JSON.stringify({ reason: text }),
          ).then(() => undefined),
        );
        void this.track(connection.queue);
      });
    });
  }

  private onFrame(connection: Connection, data: Buffer, isBinary: boolean): void {
    const contentType = isBinary ? 'application/octet-stream' : 'text/plain';
    connection.queue = connection.queue
      .then(async () => {
        if (connection.dropped) return;
        const answer = await this.post('message', connection.id, connection.userId, contentType, data);
        if (answer.status < 200 || answer.status > 299) {
          connection.dropped = true;
          connection.socket.terminate(); // the service drops a client whose message event failed
        } else if (answer.status === 200 && answer.body) {
          // A 200 with a body is sent back to the client, as a text frame for text/plain.
          send(connection.socket, Buffer.from(answer.body), answer.contentType ?? undefined);
        }
      })
      .catch(() => undefined);
    void this.track(connection.queue);
  }

  private async post(
    event: UpstreamEvent,
    connectionId: string,
    userId: string | undefined,
    contentType: string,
    body: string | Buffer,
  ): Promise<{ status: number; body: string; contentType: string | null }> {
    if (this.closing) return { status: 0, body: '', contentType: null };
    const headers = upstreamHeaders({
      name: event,
      hub: this.hub,
      connectionId,
      userId,
      keys: this.keys,
      contentType,
      origin: this.options.origin ?? FAKE_WEB_PUBSUB_ORIGIN,
    });
    const started = performance.now();
    let answer = { status: 0, body: '', contentType: null as string | null };
    try {
      const response = await fetch(this.options.upstreamUrl, { method: 'POST', headers, body });
      answer = {
        status: response.status,
        body: await response.text(),
        contentType: response.headers.get('content-type'),
      };
    } catch {
      // Unreachable upstream: status 0, which every caller treats as a failure.
    }
    const data = loggedData(event, contentType, body);
    this.upstreamLog.push({
      event,
      connectionId,
      userId,
      status: answer.status,
      latencyMs: performance.now() - started,
      ...(data === undefined ? {} : { data }),
    });
    return answer;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise)).catch(() => undefined);
    return promise;
  }

  // --- the REST API ------------------------------------------------------------------------------

  private async rest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.endpoint);
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    const contentType = req.headers['content-type'];
    const answer = (status: number, error?: string) => {
      this.requests.push({
        method,
        path,
        query: url.searchParams,
        contentType,
        body: body.toString('utf8'),
        status,
      });
      res.writeHead(status, error ? { 'content-type': 'application/json' } : {});
      res.end(error ? JSON.stringify({ code: STATUS_CODES[status], message: error }) : undefined);
    };

    // The SDK signs each REST call with a fresh JWT whose audience is the request's full URL.
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!verifyJwt(bearer, this.keys, `${this.endpoint.slice(0, -1)}${req.url}`)) {
      return answer(401, 'Invalid or expired bearer token');
    }
    const prefix = `/api/hubs/${this.hub}`;
    if (!path.startsWith(`${prefix}/`)) return answer(404, `No hub at ${path}`);
    const route = path.slice(prefix.length);
    const reason = url.searchParams.get('reason') ?? 'Closed by the server.';
    let match: RegExpExecArray | null;

    if (method === 'POST' && route === '/:send') {
      for (const c of this.live.values()) send(c.socket, body, contentType);
      return answer(202);
    }
    if (method === 'POST' && route === '/:closeConnections') {
      for (const c of this.live.values()) closeSocket(c.socket, reason);
      return answer(204);
    }
    if ((match = /^\/connections\/([^/]+)\/:send$/.exec(route)) && method === 'POST') {
      const connection = this.live.get(match[1]!);
      if (connection) send(connection.socket, body, contentType);
      return answer(202); // accepted even for an unknown connection, as the service does
    }
    if ((match = /^\/connections\/([^/]+)$/.exec(route))) {
      const connection = this.live.get(match[1]!);
      if (method === 'HEAD') return answer(connection ? 200 : 404);
      if (method === 'DELETE') {
        if (connection) closeSocket(connection.socket, reason);
        return answer(204);
      }
    }
    if ((match = /^\/users\/([^/]+)\/:send$/.exec(route)) && method === 'POST') {
      for (const c of this.live.values()) if (c.userId === match[1]) send(c.socket, body, contentType);
      return answer(202);
    }
    if ((match = /^\/users\/([^/]+)\/:closeConnections$/.exec(route)) && method === 'POST') {
      const excluded = new Set(url.searchParams.getAll('excluded'));
      for (const c of this.live.values()) {
        if (c.userId === match[1] && !excluded.has(c.id)) closeSocket(c.socket, reason);
      }
      return answer(204);
    }
    if ((match = /^\/users\/([^/]+)$/.exec(route)) && method === 'HEAD') {
      return answer([...this.live.values()].some((c) => c.userId === match![1]) ? 200 : 404);
    }
    return answer(404, `The fake does not implement ${method} ${path}`);
  }
}
