import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';

/**
 * Azure Web PubSub's wire formats, as the fake service (fake-web-pubsub.ts) speaks them: the HS256
 * access tokens it checks, the CloudEvents HTTP headers and `connect` body of the events it sends
 * upstream, and how it refuses a WebSocket upgrade, sends a frame and closes a client. No state here:
 * the fake keeps the connections and decides what to send when.
 */

export type UpstreamEvent = 'connect' | 'connected' | 'message' | 'disconnected';

/** Checks an HS256 JWT as the service does: signature with one of the keys, `exp`/`nbf`, audience. */
export function verifyJwt(
  token: string,
  keys: readonly string[],
  audience: string,
): Record<string, unknown> | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || signature === undefined) return undefined;
  try {
    const alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    if (alg !== 'HS256') return undefined;
    const given = Buffer.from(signature, 'base64url');
    const signed = keys.some((key) => {
      const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!signed) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= now) return undefined;
    if (typeof claims.nbf === 'number' && claims.nbf > now) return undefined;
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    return aud.includes(audience) ? claims : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The CloudEvents headers of an upstream event: `ce-type` says system or user event, and
 * `ce-signature` has one HMAC of the connection id per access key, so the upstream can check either.
 */
export function upstreamHeaders(event: {
  readonly name: UpstreamEvent;
  readonly hub: string;
  readonly connectionId: string;
  readonly userId: string | undefined;
  readonly keys: readonly string[];
  readonly contentType: string;
  readonly origin: string;
}): Record<string, string> {
  const { name, hub, connectionId, userId } = event;
  const system = name !== 'message';
  return {
    'content-type': event.contentType,
    'WebHook-Request-Origin': event.origin,
    'ce-specversion': '1.0',
    'ce-type': `azure.webpubsub.${system ? 'sys' : 'user'}.${name}`,
    'ce-source': `/hubs/${hub}/client/${connectionId}`,
    'ce-id': randomUUID(),
    'ce-time': new Date().toISOString(),
    'ce-signature': event.keys.map((key) => `sha256=${hmacHex(key, connectionId)}`).join(','),
    'ce-connectionId': connectionId,
    'ce-hub': hub,
    'ce-eventName': name,
    ...(userId === undefined ? {} : { 'ce-userId': userId }),
  };
}

/** The body of the blocking `connect` event: the token's claims, the query and the headers, as lists. */
export function connectBody(
  claims: Record<string, unknown>,
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
): string {
  return JSON.stringify({
    claims: Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, [String(v)]])),
    query: Object.fromEntries([...query].map(([k, v]) => [k, [v]])),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [String(v)]])),
    subprotocols: [],
    clientCertificates: [],
  });
}

/** What the log keeps of an event's body: a frame's text (base64 for binary), a disconnection's reason. */
export function loggedData(
  event: UpstreamEvent,
  contentType: string,
  body: string | Buffer,
): string | undefined {
  const text =
    typeof body === 'string' ? body : body.toString(contentType.startsWith('text/') ? 'utf8' : 'base64');
  if (event === 'message') return text;
  if (event === 'disconnected') return (JSON.parse(text) as { reason: string }).reason;
  return undefined;
}

function hmacHex(key: string, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}

export function refuse(socket: Duplex, status: number, message: string): void {
  const body = Buffer.from(message);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\n` +
      `Content-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${message}`,
  );
}

export function send(socket: WebSocket, body: Buffer, contentType: string | undefined): void {
  // text/plain and application/json reach a simple WebSocket client as text frames, the rest as binary.
  const text = /^(text\/plain|application\/json)/i.test(contentType ?? '');
  if (socket.readyState === WebSocket.OPEN)
    socket.send(text ? body.toString('utf8') : body, { binary: !text });
}

export function closeSocket(socket: WebSocket, reason: string): void {
  // A close reason is limited to 123 bytes by the WebSocket protocol.
  let short = reason;
  while (Buffer.byteLength(short) > 123) short = short.slice(0, -1);
  socket.close(1000, short);
}

export function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
