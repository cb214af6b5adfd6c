import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError, errorResponse, type ApiRequest, type ApiResponse, type ErrorDetail } from './api';

/**
 * Reads what Azure Web PubSub sends its event handler (the "upstream"): the abuse-protection
 * handshake (`OPTIONS` + `WebHook-Request-Origin`) and events in CloudEvents HTTP binary mode
 * (`ce-*` headers, the payload as the body). Reference: MicrosoftDocs azure-docs,
 * articles/azure-web-pubsub/reference-cloud-events.md.
 *
 * Nothing here trusts the request before its signature is checked: the body is read only once
 * `ce-signature` matches one of our access keys, and only up to a size cap, so an unauthenticated
 * sender can make us do no more than a few HMACs.
 */

export type WebPubSubEventType = 'connect' | 'connected' | 'message' | 'disconnected';

export interface WebPubSubEvent {
  readonly type: WebPubSubEventType;
  readonly hub: string;
  readonly connectionId: string;
  readonly userId: string | undefined;
  /** message: the frame's text (text/plain) or undefined for binary; */
  readonly text?: string;
  readonly binary?: Buffer;
  /** disconnected */
  readonly reason?: string;
}

export interface UpstreamOptions {
  readonly hub: string;
  /** primary and secondary access keys */
  readonly accessKeys: readonly string[];
  /** Web PubSub host names allowed by abuse protection, e.g. ['contoso.webpubsub.azure.com'] */
  readonly allowedOrigins: readonly string[];
  /** largest body read, bytes */
  readonly maxBodyBytes?: number;
}

export type UpstreamRequest =
  | { readonly kind: 'abuse-protection'; readonly response: ApiResponse }
  | { readonly kind: 'event'; readonly event: WebPubSubEvent };

/** A refused upstream request. An ApiError, so the project's routes answer it as `{error:{…}}`. */
export class WebPubSubUpstreamError extends ApiError {
  constructor(status: number, message: string, details: readonly ErrorDetail[] = []) {
    super(status, message, details);
    this.name = 'WebPubSubUpstreamError';
  }
}

export const DEFAULT_UPSTREAM_MAX_BODY_BYTES = 64 * 1024;

const SYSTEM_EVENTS: Readonly<Record<string, WebPubSubEventType>> = {
  'azure.webpubsub.sys.connect': 'connect',
  'azure.webpubsub.sys.connected': 'connected',
  'azure.webpubsub.sys.disconnected': 'disconnected',
};
const USER_EVENT_PREFIX = 'azure.webpubsub.user.';

export async function readWebPubSubUpstream(
  request: ApiRequest,
  options: UpstreamOptions,
): Promise<UpstreamRequest> {
  const method = request.method.toUpperCase();
  if (method === 'OPTIONS') return { kind: 'abuse-protection', response: abuseProtection(request, options) };
  if (method !== 'POST') {
    throw new WebPubSubUpstreamError(405, `${request.method} is not allowed here; use POST or OPTIONS`);
  }

  const specVersion = header(request, 'ce-specversion');
  if (specVersion !== '1.0') {
    throw invalid('ce-specversion', specVersion === undefined ? 'is required' : 'must be 1.0');
  }
  const type = eventType(header(request, 'ce-type'), header(request, 'ce-eventName'));
  const hub = header(request, 'ce-hub');
  if (hub !== options.hub) {
    throw invalid('ce-hub', hub === undefined ? 'is required' : 'is not the hub this endpoint serves');
  }
  const connectionId = header(request, 'ce-connectionId');
  if (!connectionId) throw invalid('ce-connectionId', 'is required');
  verifySignature(header(request, 'ce-signature'), connectionId, options.accessKeys);

  const body = await readBody(request, options.maxBodyBytes ?? DEFAULT_UPSTREAM_MAX_BODY_BYTES);
  const userId = header(request, 'ce-userId') || undefined;
  const base = { type, hub, connectionId, userId };
  if (type === 'message') {
    return {
      kind: 'event',
      event: isTextPayload(request) ? { ...base, text: body.toString('utf8') } : { ...base, binary: body },
    };
  }
  if (type === 'disconnected') return { kind: 'event', event: { ...base, reason: disconnectReason(body) } };
  // connect's body (claims, query, headers, subprotocols, certificates) is not used: the token's
  // `sub` (ce-userId) is what identifies the client.
  return { kind: 'event', event: base };
}

/** 200 with `{userId}` to set the connection's user, else 204: the client is let in. */
export function connectAccepted(userId?: string): ApiResponse {
  return userId === undefined ? { status: 204 } : { status: 200, jsonBody: { userId } };
}

/** The service turns a 4xx on `connect` into the refusal of the client's WebSocket upgrade. */
export function connectRefused(reason: string): ApiResponse {
  return errorResponse(401, reason);
}

export function eventAcknowledged(): ApiResponse {
  return { status: 204 };
}

/**
 * CloudEvents abuse protection: Web PubSub asks, from its own host name, whether it may deliver.
 * We answer with `WebHook-Allowed-Origin` only for our own service instances.
 */
function abuseProtection(request: ApiRequest, options: UpstreamOptions): ApiResponse {
  const origin = header(request, 'WebHook-Request-Origin');
  if (!origin) throw invalid('WebHook-Request-Origin', 'is required');
  const allowed = options.allowedOrigins.some((o) => o.toLowerCase() === origin.toLowerCase());
  if (!allowed) {
    throw new WebPubSubUpstreamError(403, 'This Web PubSub origin may not deliver events here', [
      { field: 'WebHook-Request-Origin', message: 'is not an allowed origin' },
    ]);
  }
  return { status: 200, headers: { 'WebHook-Allowed-Origin': origin } };
}

function eventType(ceType: string | undefined, eventName: string | undefined): WebPubSubEventType {
  if (!ceType) throw invalid('ce-type', 'is required');
  const system = SYSTEM_EVENTS[ceType];
  const name = system ?? (ceType.startsWith(USER_EVENT_PREFIX) ? ceType.slice(USER_EVENT_PREFIX.length) : '');
  if (!system && name !== 'message') {
    throw invalid(
      'ce-type',
      'must be a system event (connect, connected, disconnected) or the user event message',
    );
  }
  // The service sends both; a disagreement means the request was not written by it.
  if (eventName !== undefined && eventName !== name) throw invalid('ce-eventName', `must be ${name}`);
  return system ?? 'message';
}

/**
 * `ce-signature` holds one `sha256=<hex HMAC-SHA256(accessKey, connectionId)>` per service access
 * key (primary, secondary), comma-separated; one match with any of our keys is enough, so a key
 * rotation on either side keeps working.
 */
function verifySignature(
  signature: string | undefined,
  connectionId: string,
  accessKeys: readonly string[],
): void {
  if (!signature) throw unauthorized('is required');
  const keys = accessKeys.filter((key) => key.length > 0);
  if (keys.length === 0) throw new Error('Web PubSub upstream: no access key configured to check signatures');
  const expected = keys.map((key) => createHmac('sha256', key).update(connectionId).digest());
  const valid = signature.split(',').some((part) => {
    const match = /^sha256=([0-9a-f]{64})$/i.exec(part.trim());
    if (!match) return false;
    const given = Buffer.from(match[1]!, 'hex');
    return expected.some((digest) => timingSafeEqual(digest, given));
  });
  if (!valid) throw unauthorized('does not match any access key');
}

async function readBody(request: ApiRequest, maxBytes: number): Promise<Buffer> {
  const declared = Number(header(request, 'content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  // Our ApiRequest exposes text(); the Functions host's HttpRequest also has arrayBuffer(), which keeps
  // binary frames intact, so use it when it is there.
  const withBytes = request as ApiRequest & { arrayBuffer?: () => Promise<ArrayBuffer> };
  const body =
    typeof withBytes.arrayBuffer === 'function'
      ? Buffer.from(await withBytes.arrayBuffer())
      : Buffer.from(await request.text(), 'utf8');
  if (body.length > maxBytes) throw tooLarge(maxBytes);
  return body;
}

function isTextPayload(request: ApiRequest): boolean {
  const contentType = (header(request, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return contentType === 'text/plain' || contentType === 'application/json';
}

function disconnectReason(body: Buffer): string | undefined {
  if (body.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw invalid('body', 'must be JSON {"reason": ...} for a disconnected event');
  }
  const reason = (parsed as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' && reason.length > 0 ? reason : undefined;
}

function header(request: ApiRequest, name: string): string | undefined {
  return request.headers.get(name) ?? undefined;
}

function invalid(field: string, message: string): WebPubSubUpstreamError {
  return new WebPubSubUpstreamError(400, `Not a Web PubSub event: ${field} ${message}`, [{ field, message }]);
}

function unauthorized(message: string): WebPubSubUpstreamError {
  return new WebPubSubUpstreamError(401, `Web PubSub signature ${message}`, [
    { field: 'ce-signature', message },
  ]);
}

function tooLarge(maxBytes: number): WebPubSubUpstreamError {
  return new WebPubSubUpstreamError(413, `The event body is larger than ${maxBytes} bytes`, [
    { field: 'body', message: `must be at most ${maxBytes} bytes` },
  ]);
}
