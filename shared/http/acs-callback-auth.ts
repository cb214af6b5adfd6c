/**
 * Authentication of the requests Azure Communication Services Call Automation sends us.
 *
 * 1. Every mid-call webhook callback (and every media-streaming WebSocket upgrade) carries a JWT in
 *    `Authorization: Bearer <token>`, signed RS256 by Call Automation. Issuer
 *    `https://acscallautomation.communication.azure.com`; audience the ACS resource's immutable resource
 *    id (a GUID); keys in the JWKS named by `jwks_uri` in the OpenID configuration at
 *    `https://acscallautomation.communication.azure.com/calling/.well-known/acsopenidconfiguration`
 *    (today `…/calling/keys`). Webhook tokens live five minutes, WebSocket tokens 24 hours.
 *    Source: https://learn.microsoft.com/azure/communication-services/how-tos/call-automation/secure-webhook-endpoint
 *    `AcsCallbackVerifier` checks all of that with node:crypto.
 * 2. The callback URL we hand to ACS also carries a per-call `?secret=`, derived from one master secret
 *    (`callbackSecretFor`), so nothing per call needs storing.
 *
 * Tokens are never logged and never put into error messages.
 */
import {
  X509Certificate,
  createHmac,
  createPublicKey,
  timingSafeEqual,
  verify as verifySignature,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

export const ACS_CALLBACK_ISSUER = 'https://acscallautomation.communication.azure.com';
export const ACS_OPENID_CONFIGURATION_URL =
  'https://acscallautomation.communication.azure.com/calling/.well-known/acsopenidconfiguration';

const DEFAULT_CLOCK_SKEW_SEC = 60;
const DEFAULT_KEYS_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** An unknown `kid` (key rotation) refetches the keys, but at most this often. */
const UNKNOWN_KID_REFETCH_INTERVAL_MS = 60 * 1000;
/** After a failed fetch, wait this long before trying again (so a dead endpoint is not hammered). */
const FAILED_FETCH_RETRY_MS = 5 * 1000;
const FETCH_TIMEOUT_MS = 5 * 1000;
/** Call Automation tokens are around 1 KB; anything far bigger is not one. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const MIN_RSA_MODULUS_BITS = 2048;
const MIN_MASTER_SECRET_BYTES = 16;

export type CallbackAuthFailure =
  | 'missing'
  | 'malformed'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid'
  | 'unknown_key'
  | 'keys_unavailable';

const MESSAGES: Record<CallbackAuthFailure, string> = {
  missing: 'No bearer token in the Authorization header',
  malformed: 'The Authorization header is not a well-formed bearer JWT',
  bad_signature: 'The token is not validly signed with RS256',
  wrong_issuer: 'The token was not issued by ACS Call Automation',
  wrong_audience: 'The token is not meant for this ACS resource',
  expired: 'The token has expired',
  not_yet_valid: 'The token is not valid yet',
  unknown_key: 'The token is signed with a key ACS does not publish',
  keys_unavailable: 'The ACS signing keys could not be fetched',
};

/**
 * Why a callback was refused. `keys_unavailable` is our side's problem (answer 503 or 500), every
 * other reason is the caller's (answer 401). The message never contains the token.
 */
export class CallbackAuthError extends Error {
  constructor(
    readonly reason: CallbackAuthFailure,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[reason], options);
    this.name = 'CallbackAuthError';
  }
}

/** The verified payload of a Call Automation token. */
export interface AcsCallbackClaims {
  readonly iss: string;
  readonly aud: string | readonly string[];
  readonly exp: number;
  readonly nbf?: number;
  readonly iat?: number;
  readonly [claim: string]: unknown;
}

export interface AcsCallbackVerifierOptions {
  /** The ACS resource's immutable resource id (a GUID): the `aud` of its tokens. */
  audience: string;
  /** Default `https://acscallautomation.communication.azure.com`. */
  issuer?: string;
  /** Default the ACS Call Automation OpenID configuration; its `jwks_uri` names the signing keys. */
  openIdConfigurationUrl?: string;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; for tests. */
  now?: () => number;
  /** Tolerance on `exp` and `nbf`. Default 60. */
  clockSkewSec?: number;
  /**
   * How long fetched keys are trusted before being fetched again. Default 24 h. A token whose `kid` is
   * unknown refetches them earlier (key rotation), at most once a minute.
   */
  keysMaxAgeMs?: number;
}

interface KeySet {
  readonly keys: ReadonlyMap<string, KeyObject>;
  readonly fetchedAt: number;
}

/**
 * Verifies the `Authorization` header of Call Automation callbacks and WebSocket upgrades. One instance
 * per process: it caches the signing keys.
 */
export class AcsCallbackVerifier {
  private readonly audience: string;
  private readonly issuer: string;
  private readonly openIdConfigurationUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly clockSkewSec: number;
  private readonly keysMaxAgeMs: number;

  private keySet: KeySet | undefined;
  private lastFetchAt = Number.NEGATIVE_INFINITY;
  private lastFetchFailed = false;
  private inFlight: Promise<KeySet> | undefined;

  constructor(options: AcsCallbackVerifierOptions) {
    if (!options.audience.trim())
      throw new Error('AcsCallbackVerifier needs the ACS resource id as audience');
    this.audience = options.audience.trim();
    this.issuer = options.issuer ?? ACS_CALLBACK_ISSUER;
    this.openIdConfigurationUrl = options.openIdConfigurationUrl ?? ACS_OPENID_CONFIGURATION_URL;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = options.now ?? Date.now;
    this.clockSkewSec = options.clockSkewSec ?? DEFAULT_CLOCK_SKEW_SEC;
    this.keysMaxAgeMs = options.keysMaxAgeMs ?? DEFAULT_KEYS_MAX_AGE_MS;
  }

  /** Resolves with the token's claims, or rejects with a `CallbackAuthError`. */
  async verify(authorizationHeader: string | null): Promise<AcsCallbackClaims> {
    const token = bearerToken(authorizationHeader);
    const { header, payload, signedPart, signature } = decodeJwt(token);

    // Only RS256: a token may not choose `none`, or HS256 keyed with our public key.
    if (header.alg !== 'RS256') throw new CallbackAuthError('bad_signature');
    // No extension we would have to understand (RFC 7515 §4.1.11).
    if (header.crit !== undefined) throw new CallbackAuthError('malformed');
    if (typeof header.kid !== 'string' || header.kid === '') throw new CallbackAuthError('malformed');

    const key = await this.keyFor(header.kid);
    if (!verifySignature('RSA-SHA256', Buffer.from(signedPart, 'ascii'), key, signature)) {
      throw new CallbackAuthError('bad_signature');
    }
    return this.checkClaims(payload);
  }

  private checkClaims(payload: Record<string, unknown>): AcsCallbackClaims {
    const { iss, aud, exp, nbf, iat } = payload;
    if (iss !== this.issuer) throw new CallbackAuthError('wrong_issuer');
    const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
    if (!audiences.some((candidate) => typeof candidate === 'string' && this.isOurAudience(candidate))) {
      throw new CallbackAuthError('wrong_audience');
    }
    if (!isNumericDate(exp)) throw new CallbackAuthError('malformed');
    if (nbf !== undefined && !isNumericDate(nbf)) throw new CallbackAuthError('malformed');
    if (iat !== undefined && !isNumericDate(iat)) throw new CallbackAuthError('malformed');
    const nowSec = this.now() / 1000;
    if (nowSec >= exp + this.clockSkewSec) throw new CallbackAuthError('expired');
    if (nbf !== undefined && nowSec + this.clockSkewSec < nbf) throw new CallbackAuthError('not_yet_valid');
    return payload as AcsCallbackClaims;
  }

  /** Exact match; a GUID audience also matches in another letter case (a GUID is case-insensitive). */
  private isOurAudience(candidate: string): boolean {
    if (candidate === this.audience) return true;
    return (
      GUID.test(candidate) &&
      GUID.test(this.audience) &&
      candidate.toLowerCase() === this.audience.toLowerCase()
    );
  }

  private async keyFor(kid: string): Promise<KeyObject> {
    const now = this.now();
    const cached = this.keySet;
    const fresh = cached !== undefined && now - cached.fetchedAt < this.keysMaxAgeMs;
    const known = cached?.keys.get(kid);
    if (fresh && known) return known;

    // Fresh keys without this kid: maybe ACS rotated its keys, refetch but not more than once a minute.
    // Stale or no keys: refetch, unless a fetch just failed.
    const wait = fresh ? UNKNOWN_KID_REFETCH_INTERVAL_MS : this.lastFetchFailed ? FAILED_FETCH_RETRY_MS : 0;
    if (this.inFlight === undefined && now - this.lastFetchAt < wait) {
      if (fresh) throw new CallbackAuthError('unknown_key');
      if (known) return known;
      throw new CallbackAuthError('keys_unavailable');
    }

    let keySet: KeySet;
    try {
      keySet = await this.refresh();
    } catch (error) {
      // Like a last-known-good configuration: keep trusting the keys we had while ACS is unreachable.
      if (known) return known;
      throw new CallbackAuthError('keys_unavailable', { cause: error });
    }
    const key = keySet.keys.get(kid);
    if (!key) throw new CallbackAuthError('unknown_key');
    return key;
  }

  /** One fetch at a time; concurrent verifications share it. */
  private refresh(): Promise<KeySet> {
    if (this.inFlight) return this.inFlight;
    this.lastFetchAt = this.now();
    const attempt = this.fetchKeySet().then(
      (keySet) => {
        this.keySet = keySet;
        this.lastFetchFailed = false;
        return keySet;
      },
      (error: unknown) => {
        this.lastFetchFailed = true;
        throw error;
      },
    );
    this.inFlight = attempt.finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchKeySet(): Promise<KeySet> {
    const configuration = await this.fetchJson(this.openIdConfigurationUrl);
    const jwksUri = isRecord(configuration) ? configuration.jwks_uri : undefined;
    if (typeof jwksUri !== 'string') throw new Error('The OpenID configuration has no jwks_uri');
    const jwksUrl = new URL(jwksUri, this.openIdConfigurationUrl);
    if (jwksUrl.protocol !== 'https:' && jwksUrl.protocol !== 'http:') {
      throw new Error('The OpenID configuration has an unusable jwks_uri');
    }
    const jwks = await this.fetchJson(jwksUrl.href);
    const entries = isRecord(jwks) ? jwks.keys : undefined;
    if (!Array.isArray(entries)) throw new Error('The JWKS has no keys array');
    const keys = new Map<string, KeyObject>();
    for (const entry of entries) {
      const parsed = signingKey(entry);
      if (parsed && !keys.has(parsed.kid)) keys.set(parsed.kid, parsed.key);
    }
    if (keys.size === 0) throw new Error('The JWKS has no usable RS256 signing key');
    return { keys, fetchedAt: this.now() };
  }

  private async fetchJson(url: string): Promise<unknown> {
    const response = await this.fetchImpl(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    return response.json();
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function bearerToken(authorizationHeader: string | null): string {
  const value = authorizationHeader?.trim() ?? '';
  if (value === '') throw new CallbackAuthError('missing');
  const match = /^(\S+)\s+(\S+)$/.exec(value);
  if (!match || match[1]?.toLowerCase() !== 'bearer' || match[2] === undefined) {
    throw new CallbackAuthError('malformed');
  }
  return match[2];
}

interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly signedPart: string;
  readonly signature: Buffer;
}

function decodeJwt(token: string): DecodedJwt {
  if (token.length > MAX_TOKEN_LENGTH) throw new CallbackAuthError('malformed');
  const parts = token.split('.');
  if (parts.length !== 3) throw new CallbackAuthError('malformed');
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  if (!BASE64URL.test(headerPart) || !BASE64URL.test(payloadPart)) throw new CallbackAuthError('malformed');
  // An empty signature (`alg: none`) is caught by the algorithm check, so let it through here.
  if (signaturePart !== '' && !BASE64URL.test(signaturePart)) throw new CallbackAuthError('malformed');
  const header = parseJsonObject(headerPart);
  const payload = parseJsonObject(payloadPart);
  return {
    header,
    payload,
    signedPart: `${headerPart}.${payloadPart}`,
    signature: Buffer.from(signaturePart, 'base64url'),
  };
}

function parseJsonObject(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new CallbackAuthError('malformed');
  }
  if (!isRecord(value)) throw new CallbackAuthError('malformed');
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** An RSA signature key from a JWKS entry, or undefined for anything we would not verify RS256 with. */
function signingKey(entry: unknown): { kid: string; key: KeyObject } | undefined {
  if (!isRecord(entry)) return undefined;
  const { kid, kty, use, alg, x5c } = entry;
  if (typeof kid !== 'string' || kid === '' || kty !== 'RSA') return undefined;
  if (use !== undefined && use !== 'sig') return undefined;
  if (alg !== undefined && alg !== 'RS256') return undefined;
  let key: KeyObject;
  try {
    if (typeof entry.n === 'string' && typeof entry.e === 'string') {
      key = createPublicKey({ key: { kty: 'RSA', n: entry.n, e: entry.e } as JsonWebKey, format: 'jwk' });
    } else if (Array.isArray(x5c) && typeof x5c[0] === 'string') {
      key = new X509Certificate(Buffer.from(x5c[0], 'base64')).publicKey;
    } else {
      return undefined;
    }
  } catch {
    return undefined;
  }
  if (key.asymmetricKeyType !== 'rsa') return undefined;
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_MODULUS_BITS) return undefined;
  return { kid, key };
}

/**
 * The `?secret=` of a call's callback URL: HMAC-SHA256 of the call id under the master secret,
 * base64url. Deterministic, so it can be checked later without storing anything per call.
 */
export function callbackSecretFor(masterSecret: Buffer, callId: string): string {
  if (masterSecret.length < MIN_MASTER_SECRET_BYTES) {
    throw new RangeError(`The callback master secret must be at least ${MIN_MASTER_SECRET_BYTES} bytes`);
  }
  return createHmac('sha256', masterSecret).update(callId, 'utf8').digest('base64url');
}

/**
 * The path of a call's media stream (`/api/media/{call_id}?secret=`), opened by ACS (media bridge) or a
 * softphone: it carries the same per-call secret as the callback URL.
 */
export function mediaStreamPath(masterSecret: Buffer, callId: string): string {
  return `/api/media/${callId}?secret=${encodeURIComponent(callbackSecretFor(masterSecret, callId))}`;
}

/** Whether `given` is this call's callback secret, compared in constant time. */
export function isValidCallbackSecret(masterSecret: Buffer, callId: string, given: string | null): boolean {
  const expected = Buffer.from(callbackSecretFor(masterSecret, callId), 'utf8');
  if (given === null) return false;
  const actual = Buffer.from(given, 'utf8');
  // The length of a right secret is public (always 43 characters), so comparing it first leaks nothing.
  if (actual.length !== expected.length) return false;
  return timingSafeEqual(actual, expected);
}
