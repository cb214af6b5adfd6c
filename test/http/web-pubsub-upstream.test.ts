import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../shared/http/api';
import {
  connectAccepted,
  connectRefused,
  eventAcknowledged,
  readWebPubSubUpstream,
  WebPubSubUpstreamError,
  type UpstreamOptions,
} from '../../shared/http/web-pubsub-upstream';

const PRIMARY = 'primary-access-key-0123456789abcdefABCDEF=';
const SECONDARY = 'secondary-access-key-9876543210zyxwvuZYXW=';
const OPTIONS: UpstreamOptions = {
  hub: 'calls',
  accessKeys: [PRIMARY, SECONDARY],
  allowedOrigins: ['contoso.webpubsub.azure.com'],
};

const sign = (key: string, connectionId: string) =>
  `sha256=${createHmac('sha256', key).update(connectionId).digest('hex')}`;

interface RequestInit {
  readonly method?: string;
  readonly headers?: Record<string, string | undefined>;
  readonly body?: string;
}

/** An ApiRequest as our hosts build it, and a count of body reads (to prove what is read when). */
function request({ method = 'POST', headers = {}, body = '' }: RequestInit) {
  const h = new Headers();
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) h.set(name, value);
  const reads = { count: 0 };
  const req: ApiRequest = {
    method,
    url: 'http://localhost/api/webpubsub',
    headers: h,
    query: new URLSearchParams(),
    params: {},
    text: async () => {
      reads.count += 1;
      return body;
    },
  };
  return { req, reads };
}

/** The headers the service sends (reference-cloud-events.md), signed with both keys like the service. */
function serviceHeaders(
  event: string,
  connectionId = 'conn-1',
  overrides: Record<string, string | undefined> = {},
) {
  const system = ['connect', 'connected', 'disconnected'].includes(event);
  return {
    'content-type': event === 'message' ? 'text/plain' : 'application/json; charset=utf-8',
    'WebHook-Request-Origin': 'contoso.webpubsub.azure.com',
    'ce-specversion': '1.0',
    'ce-type': `azure.webpubsub.${system ? 'sys' : 'user'}.${event}`,
    'ce-source': `/hubs/calls/client/${connectionId}`,
    'ce-id': '1',
    'ce-time': '2026-12-06T04:00:00Z',
    'ce-signature': `${sign(PRIMARY, connectionId)},${sign(SECONDARY, connectionId)}`,
    'ce-userId': 'call-42',
    'ce-connectionId': connectionId,
    'ce-hub': 'calls',
    'ce-eventName': event,
    ...overrides,
  };
}

async function refusal(init: RequestInit, options = OPTIONS): Promise<WebPubSubUpstreamError> {
  const error = await readWebPubSubUpstream(request(init).req, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebPubSubUpstreamError);
  return error as WebPubSubUpstreamError;
}

describe('abuse protection', () => {
  it('answers the OPTIONS handshake with WebHook-Allowed-Origin for our service', async () => {
    const { req } = request({
      method: 'OPTIONS',
      headers: { 'WebHook-Request-Origin': 'contoso.webpubsub.azure.com' },
    });
    expect(await readWebPubSubUpstream(req, OPTIONS)).toEqual({
      kind: 'abuse-protection',
      response: { status: 200, headers: { 'WebHook-Allowed-Origin': 'contoso.webpubsub.azure.com' } },
    });
  });

  it('refuses another origin with 403 and no allowed-origin header', async () => {
    const error = await refusal({
      method: 'OPTIONS',
      headers: { 'WebHook-Request-Origin': 'evil.webpubsub.azure.com' },
    });
    expect(error.status).toBe(403);
    expect(error.details[0]?.field).toBe('WebHook-Request-Origin');
  });

  it('refuses an OPTIONS without origin (400) and other methods (405)', async () => {
    expect((await refusal({ method: 'OPTIONS' })).status).toBe(400);
    expect((await refusal({ method: 'GET', headers: serviceHeaders('connect') })).status).toBe(405);
  });
});

describe('events', () => {
  it('reads a connect event signed by the service', async () => {
    const { req } = request({ headers: serviceHeaders('connect'), body: '{"claims":{},"query":{}}' });
    expect(await readWebPubSubUpstream(req, OPTIONS)).toEqual({
      kind: 'event',
      event: { type: 'connect', hub: 'calls', connectionId: 'conn-1', userId: 'call-42' },
    });
  });

  it('reads a text message frame and a connected event', async () => {
    const frame = '{"kind":"TranscriptionData","transcriptionData":{"text":"Hello."}}';
    const message = await readWebPubSubUpstream(
      request({ headers: serviceHeaders('message'), body: frame }).req,
      OPTIONS,
    );
    expect(message).toEqual({
      kind: 'event',
      event: { type: 'message', hub: 'calls', connectionId: 'conn-1', userId: 'call-42', text: frame },
    });
    const connected = await readWebPubSubUpstream(
      request({ headers: serviceHeaders('connected'), body: '{}' }).req,
      OPTIONS,
    );
    expect(connected.kind === 'event' && connected.event.type).toBe('connected');
  });

  it('gives a binary frame as bytes, not text', async () => {
    const headers = serviceHeaders('message', 'conn-1', { 'content-type': 'application/octet-stream' });
    const result = await readWebPubSubUpstream(request({ headers, body: 'AB' }).req, OPTIONS);
    expect(result.kind === 'event' && result.event.text).toBeUndefined();
    expect(result.kind === 'event' && result.event.binary).toEqual(Buffer.from('AB'));
  });

  it("reads disconnected's reason, and refuses a body that is not JSON", async () => {
    const body = JSON.stringify({ reason: 'The client closed the connection.' });
    const result = await readWebPubSubUpstream(
      request({ headers: serviceHeaders('disconnected'), body }).req,
      OPTIONS,
    );
    expect(result.kind === 'event' && result.event).toMatchObject({
      type: 'disconnected',
      reason: 'The client closed the connection.',
    });
    const error = await refusal({ headers: serviceHeaders('disconnected'), body: 'not json' });
    expect([error.status, error.details[0]?.field]).toEqual([400, 'body']);
  });

  it('leaves userId undefined for an anonymous connection', async () => {
    const headers = serviceHeaders('connected', 'conn-1', { 'ce-userId': undefined });
    const result = await readWebPubSubUpstream(request({ headers, body: '{}' }).req, OPTIONS);
    expect(result.kind === 'event' && result.event.userId).toBeUndefined();
  });

  it('refuses missing or wrong CloudEvents headers with 400 naming the header', async () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ 'ce-specversion': undefined }, 'ce-specversion'],
      [{ 'ce-specversion': '0.3' }, 'ce-specversion'],
      [{ 'ce-type': undefined }, 'ce-type'],
      [{ 'ce-type': 'azure.webpubsub.user.chat', 'ce-eventName': 'chat' }, 'ce-type'],
      [{ 'ce-type': 'com.example.other' }, 'ce-type'],
      [{ 'ce-eventName': 'connected' }, 'ce-eventName'],
      [{ 'ce-hub': 'other' }, 'ce-hub'],
      [{ 'ce-hub': undefined }, 'ce-hub'],
      [{ 'ce-connectionId': undefined }, 'ce-connectionId'],
    ];
    for (const [overrides, field] of cases) {
      const error = await refusal({ headers: serviceHeaders('message', 'conn-1', overrides), body: 'hi' });
      expect([error.status, error.details[0]?.field], JSON.stringify(overrides)).toEqual([400, field]);
    }
  });
});

describe('signature', () => {
  it('accepts a signature made with either key alone', async () => {
    for (const key of [PRIMARY, SECONDARY]) {
      const headers = serviceHeaders('connected', 'conn-7', { 'ce-signature': sign(key, 'conn-7') });
      const result = await readWebPubSubUpstream(request({ headers, body: '{}' }).req, OPTIONS);
      expect(result.kind).toBe('event');
    }
  });

  it('accepts when only our secondary key is among the service keys (rotation)', async () => {
    const headers = serviceHeaders('connected', 'conn-7', {
      'ce-signature': `${sign('rotated-new-primary', 'conn-7')}, ${sign(SECONDARY, 'conn-7')}`,
    });
    expect((await readWebPubSubUpstream(request({ headers, body: '{}' }).req, OPTIONS)).kind).toBe('event');
  });

  it('refuses with 401, before reading the body, a missing, foreign, malformed or replayed signature', async () => {
    const bad = [
      undefined,
      sign('someone-elses-key', 'conn-1'),
      'sha256=zz',
      'md5=abcd',
      sign(PRIMARY, 'another-connection'),
      sign(PRIMARY, 'conn-1').toUpperCase().replace('SHA256', 'sha1'),
    ];
    for (const signature of bad) {
      const { req, reads } = request({
        headers: serviceHeaders('message', 'conn-1', { 'ce-signature': signature }),
        body: 'x',
      });
      const error = await readWebPubSubUpstream(req, OPTIONS).catch((e: unknown) => e);
      expect(error, String(signature)).toBeInstanceOf(WebPubSubUpstreamError);
      expect((error as WebPubSubUpstreamError).status).toBe(401);
      expect(reads.count).toBe(0);
    }
  });
});

describe('body cap', () => {
  const small = { ...OPTIONS, maxBodyBytes: 16 };

  it('refuses a body over the cap with 413, whether or not content-length says so', async () => {
    const declared = await refusal(
      { headers: serviceHeaders('message', 'conn-1', { 'content-length': '17' }), body: 'x' },
      small,
    );
    expect(declared.status).toBe(413);
    const undeclared = await refusal({ headers: serviceHeaders('message'), body: 'é'.repeat(9) }, small);
    expect(undeclared.status).toBe(413);
  });

  it('accepts a body at the cap, and caps at 64 KiB by default', async () => {
    const atCap = await readWebPubSubUpstream(
      request({ headers: serviceHeaders('message'), body: 'x'.repeat(16) }).req,
      small,
    );
    expect(atCap.kind === 'event' && atCap.event.text).toBe('x'.repeat(16));
    expect(
      (await refusal({ headers: serviceHeaders('message'), body: 'x'.repeat(64 * 1024 + 1) })).status,
    ).toBe(413);
  });
});

describe('answers', () => {
  it('accepts a connect with or without a user id, refuses with 401, acknowledges with 204', () => {
    expect(connectAccepted('call-42')).toEqual({ status: 200, jsonBody: { userId: 'call-42' } });
    expect(connectAccepted()).toEqual({ status: 204 });
    const refused = connectRefused('call is not live');
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.jsonBody)).toContain('call is not live');
    expect(eventAcknowledged()).toEqual({ status: 204 });
  });
});
