import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { errorResponse, type ApiRequest, type ApiResponse } from '../../shared/http/api';
import {
  connectAccepted,
  connectRefused,
  eventAcknowledged,
  readWebPubSubUpstream,
  WebPubSubUpstreamError,
  type WebPubSubEvent,
} from '../../shared/http/web-pubsub-upstream';
import { eventually } from '../support/eventually';
import { FAKE_WEB_PUBSUB_ORIGIN, FakeWebPubSub } from '../support/fake-web-pubsub';

/**
 * The fake Web PubSub service, driven by the real `@azure/web-pubsub` SDK and delivering to a tiny
 * upstream that checks every request with our own `readWebPubSubUpstream` (so a wrong header or
 * signature from the fake fails these tests).
 */

class Upstream {
  readonly events: WebPubSubEvent[] = [];
  readonly refusals: number[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Per message text, how long to take and what to answer. */
  slow = new Map<string, number>();
  private server?: Server;

  constructor(private readonly accessKey: () => string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request: ApiRequest = {
          method: req.method ?? 'GET',
          url: url.toString(),
          headers: { get: (name) => (req.headers[name.toLowerCase()] as string | undefined) ?? null },
          query: url.searchParams,
          params: {},
          text: async () => Buffer.concat(chunks).toString('utf8'),
        };
        void this.handle(request).then((answer) => {
          const body = answer.jsonBody === undefined ? (answer.body ?? '') : JSON.stringify(answer.jsonBody);
          res.writeHead(answer.status, {
            ...answer.headers,
            ...(body ? { 'content-type': 'application/json' } : {}),
          });
          res.end(body);
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/runtime/webhooks/webpubsub`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(request: ApiRequest): Promise<ApiResponse> {
    try {
      const read = await readWebPubSubUpstream(request, {
        hub: 'calls',
        accessKeys: [this.accessKey()],
        allowedOrigins: [FAKE_WEB_PUBSUB_ORIGIN],
      });
      if (read.kind === 'abuse-protection') return read.response;
      const { event } = read;
      if (event.type === 'connect') {
        this.events.push(event);
        return event.userId === 'ended-call' ? connectRefused('This call is not live') : connectAccepted();
      }
      if (event.type !== 'message') {
        this.events.push(event);
        return eventAcknowledged();
      }
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      await new Promise((resolve) => setTimeout(resolve, this.slow.get(event.text ?? '') ?? 0));
      this.inFlight -= 1;
      this.events.push(event);
      if (event.text === 'boom') return errorResponse(500, 'handler failed');
      if (event.text === 'echo')
        return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'echoed' };
      return eventAcknowledged();
    } catch (error) {
      if (!(error instanceof WebPubSubUpstreamError)) throw error;
      this.refusals.push(error.status);
      return errorResponse(error.status, error.message);
    }
  }

  messages(): string[] {
    return this.events.filter((e) => e.type === 'message').map((e) => e.text ?? '');
  }
}

let fake: FakeWebPubSub;
let upstream: Upstream;
let service: WebPubSubServiceClient;
let upstreamUrl: string;
let connectionString: string;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  upstream = new Upstream(() => fake.accessKey);
  upstreamUrl = await upstream.start();
  fake = new FakeWebPubSub({ upstreamUrl });
  connectionString = await fake.start();
  // The SDK refuses http:// unless told: the app must pass this option for an http endpoint (only local fakes).
  service = new WebPubSubServiceClient(connectionString, 'calls', { allowInsecureConnection: true });
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await fake.close();
  await upstream.stop();
});

/** Connects as ACS does: a plain WebSocket to the client URL, no subprotocol. */
function connect(url: string): Promise<{ socket: WebSocket; received: string[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    sockets.push(socket);
    const received: string[] = [];
    socket.on('message', (data) => received.push(String(data)));
    socket.once('open', () => resolve({ socket, received }));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

async function connectedClient(userId = 'call-1') {
  const { url } = await service.getClientAccessToken({ userId, expirationTimeInMinutes: 60 });
  const client = await connect(url);
  const connectionId = await eventually(
    async () => [...fake.connections.values()].find((c) => c.userId === userId)?.id,
  );
  await eventually(async () =>
    upstream.events.find((e) => e.type === 'connected' && e.connectionId === connectionId),
  );
  return { ...client, connectionId };
}

/** A token signed like the SDK's, with the claims and key we choose. */
function jwt(claims: Record<string, unknown>, key: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

describe('abuse protection', () => {
  it('passes the handshake with an upstream that allows its origin, fails with one that does not', async () => {
    expect(await fake.abuseProtection()).toBe(true);
    const other = new FakeWebPubSub({ upstreamUrl, origin: 'evil.webpubsub.azure.com' });
    expect(await other.abuseProtection()).toBe(false);
    expect(upstream.refusals).toEqual([403]);
  });
});

describe('client connections', () => {
  it("lets in the real SDK's client URL and tells the upstream connect then connected, signed", async () => {
    const { url, baseUrl } = await service.getClientAccessToken({ userId: 'call-1' });
    expect(baseUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/client\/hubs\/calls$/);
    await connect(url);
    await eventually(async () => (upstream.events.length >= 2 ? true : undefined));
    expect(upstream.events.map((e) => [e.type, e.userId, e.hub])).toEqual([
      ['connect', 'call-1', 'calls'],
      ['connected', 'call-1', 'calls'],
    ]);
    expect(upstream.refusals).toEqual([]);
    expect([...fake.connections.values()].map((c) => c.userId)).toEqual(['call-1']);
  });

  it('refuses with 401 a forged, expired or other-hub token, without telling the upstream', async () => {
    const { baseUrl } = await service.getClientAccessToken();
    const audience = baseUrl.replace(/^ws/, 'http'); // the SDK's `aud`: the client URL on the http endpoint
    const now = Math.floor(Date.now() / 1000);
    const forged = await new WebPubSubServiceClient(
      connectionString.replace(fake.accessKey, 'not-the-key'),
      'calls',
    ).getClientAccessToken({ userId: 'call-1' });
    const otherHub = await new WebPubSubServiceClient(connectionString, 'other').getClientAccessToken({
      userId: 'call-1',
    });
    const tokens = [
      forged.token,
      otherHub.token,
      jwt({ sub: 'call-1', aud: audience, iat: now - 7200, exp: now - 3600 }, fake.accessKey),
      jwt({ sub: 'call-1', aud: audience, iat: now }, fake.accessKey), // no exp
      'not.a.jwt',
    ];
    for (const token of tokens) {
      await expect(connect(`${baseUrl}?access_token=${token}`)).rejects.toThrow('refused with 401');
    }
    expect(upstream.events).toEqual([]);
    // The same hand-made token with a valid expiry is let in: the refusals above are for their flaw.
    await connect(
      `${baseUrl}?access_token=${jwt({ sub: 'call-1', aud: audience, exp: now + 60 }, fake.accessKey)}`,
    );
  });

  it('signs events with both keys, so an upstream that only has the secondary key accepts them', async () => {
    const secondaryOnly = new Upstream(() => 'the-secondary-key');
    const twoKeys = new FakeWebPubSub({
      upstreamUrl: await secondaryOnly.start(),
      secondaryAccessKey: 'the-secondary-key',
    });
    try {
      const sdk = new WebPubSubServiceClient(await twoKeys.start(), 'calls', {
        allowInsecureConnection: true,
      });
      await connect((await sdk.getClientAccessToken({ userId: 'call-3' })).url);
      await eventually(async () => secondaryOnly.events.find((e) => e.type === 'connected'));
      expect(secondaryOnly.refusals).toEqual([]);
    } finally {
      await twoKeys.close();
      await secondaryOnly.stop();
    }
  });

  it("refuses the upgrade with the upstream's status when connect is refused", async () => {
    const { url } = await service.getClientAccessToken({ userId: 'ended-call' });
    await expect(connect(url)).rejects.toThrow('refused with 401');
    expect(upstream.events.map((e) => e.type)).toEqual(['connect']);
    expect(fake.connections.size).toBe(0);
  });
});

describe('frames', () => {
  it('become message events in order, one at a time, each answered before the next is sent', async () => {
    const { socket, connectionId } = await connectedClient();
    upstream.slow.set('one', 150);
    for (const text of ['one', 'two', 'three']) socket.send(text);
    // The fake logs an event once answered, so the log is complete when the third answer is in.
    const logged = await eventually(async () => {
      const messages = fake.upstreamLog.filter((e) => e.event === 'message');
      return messages.length === 3 ? messages : undefined;
    });
    expect(upstream.messages()).toEqual(['one', 'two', 'three']);
    expect(upstream.maxInFlight).toBe(1);
    expect(logged.map((e) => [e.connectionId, e.status, e.data])).toEqual([
      [connectionId, 204, 'one'],
      [connectionId, 204, 'two'],
      [connectionId, 204, 'three'],
    ]);
    expect(logged[0]!.latencyMs).toBeGreaterThanOrEqual(140);
  });

  it("sends a 200 answer's body back to the client", async () => {
    const { socket, received } = await connectedClient();
    socket.send('echo');
    await eventually(async () => (received.length ? true : undefined));
    expect(received).toEqual(['echoed']);
  });

  it('drops the client when a message event fails, with its later frames, and says disconnected', async () => {
    const { socket, connectionId } = await connectedClient();
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    upstream.slow.set('boom', 50);
    socket.send('boom');
    socket.send('after');
    expect(await closed).toBe(1006);
    const disconnected = await eventually(async () => upstream.events.find((e) => e.type === 'disconnected'));
    expect(disconnected.connectionId).toBe(connectionId);
    expect(upstream.messages()).toEqual(['boom']);
  });

  it('tells the upstream disconnected, after the frames already sent, when the client closes', async () => {
    const { socket } = await connectedClient();
    socket.send('last words');
    socket.close(1000);
    const disconnected = await eventually(async () => upstream.events.find((e) => e.type === 'disconnected'));
    expect(upstream.events.map((e) => e.type)).toEqual(['connect', 'connected', 'message', 'disconnected']);
    expect(disconnected.reason).toBe('The client closed the connection.');
  });
});

describe('REST API, through the real SDK', () => {
  it('sendToConnection and sendToUser reach the client socket', async () => {
    const { received, connectionId } = await connectedClient('call-9');
    await service.sendToConnection(connectionId, 'stop transcription', { contentType: 'text/plain' });
    await service.sendToUser('call-9', { kind: 'json' });
    await eventually(async () => (received.length === 2 ? true : undefined));
    expect(received).toEqual(['stop transcription', '{"kind":"json"}']);
    expect(fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', `/api/hubs/calls/connections/${connectionId}/:send`, 202],
      ['POST', '/api/hubs/calls/users/call-9/:send', 202],
    ]);
  });

  it('closeConnection and closeUserConnections close the socket with the reason', async () => {
    const first = await connectedClient('call-1');
    const closed = new Promise<[number, string]>((resolve) =>
      first.socket.once('close', (code, reason) => resolve([code, String(reason)])),
    );
    await service.closeConnection(first.connectionId, { reason: 'call ended' });
    expect(await closed).toEqual([1000, 'call ended']);
    const disconnected = await eventually(async () => upstream.events.find((e) => e.type === 'disconnected'));
    expect(disconnected.reason).toBe('call ended');

    const second = await connectedClient('call-2');
    const secondClosed = new Promise((resolve) => second.socket.once('close', resolve));
    await service.closeUserConnections('call-2');
    await secondClosed;
    // The service forgets the connection once its side of the socket has closed too.
    await eventually(async () => ((await service.connectionExists(second.connectionId)) ? undefined : true));
  });

  it('refuses a REST call signed with another key (401)', async () => {
    const { connectionId } = await connectedClient();
    const forger = new WebPubSubServiceClient(
      connectionString.replace(fake.accessKey, 'not-the-key'),
      'calls',
      {
        allowInsecureConnection: true,
      },
    );
    await expect(forger.closeConnection(connectionId)).rejects.toMatchObject({ statusCode: 401 });
    expect(fake.connections.has(connectionId)).toBe(true);
  });
});
