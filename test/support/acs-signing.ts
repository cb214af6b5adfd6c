import { generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACS_CALLBACK_ISSUER, ACS_OPENID_CONFIGURATION_URL } from '../../shared/http/acs-callback-auth';

/**
 * What ACS Call Automation signs its callbacks with, played locally: RSA keys, their JWKS entries,
 * RS256 tokens, and a real node:http server publishing the OpenID configuration and the JWKS at ACS's
 * paths.
 */

export const CONFIG_PATH = new URL(ACS_OPENID_CONFIGURATION_URL).pathname;
export const KEYS_PATH = '/calling/keys';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function makeKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

export function jwk(key: SigningKey): JsonWebKey {
  return { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, use: 'sig', alg: 'RS256' };
}

export const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function rs256(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: SigningKey,
): string {
  const signed = `${b64url(header)}.${b64url(payload)}`;
  return `${signed}.${sign('RSA-SHA256', Buffer.from(signed), key.privateKey).toString('base64url')}`;
}

/**
 * A token as Call Automation signs it for a webhook callback: issued by ACS, for `audience`, valid five
 * minutes from now. `overrides` replace claims (undefined removes one).
 */
export function acsCallbackToken(
  key: SigningKey,
  audience: string,
  overrides: Record<string, unknown> = {},
  nowMs = Date.now(),
): string {
  const nowSec = Math.floor(nowMs / 1000);
  const claims = { iss: ACS_CALLBACK_ISSUER, aud: audience, iat: nowSec, nbf: nowSec, exp: nowSec + 300 };
  return rs256({ alg: 'RS256', typ: 'JWT', kid: key.kid }, { ...claims, ...overrides }, key);
}

export interface AcsSigningServerOptions {
  /**
   * The origin the OpenID configuration's `jwks_uri` names. Default: this server's own URL. Set it to
   * ACS's real origin when requests for it are routed here (`fetchToHere`).
   */
  readonly advertisedOrigin?: string;
}

/** ACS's signing keys endpoint: the OpenID configuration and the JWKS it names, counting requests. */
export class AcsSigningServer {
  jwks: { keys: JsonWebKey[] } = { keys: [] };
  status = 200;
  readonly requests: string[] = [];
  private server: Server | undefined;
  baseUrl = '';

  constructor(private readonly options: AcsSigningServerOptions = {}) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests.push(req.url ?? '');
      const origin = this.options.advertisedOrigin ?? this.baseUrl;
      const body =
        req.url === CONFIG_PATH
          ? { issuer: ACS_CALLBACK_ISSUER, jwks_uri: `${origin}${KEYS_PATH}` }
          : req.url === KEYS_PATH
            ? this.jwks
            : undefined;
      const status = body === undefined ? 404 : this.status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  get configUrl(): string {
    return `${this.baseUrl}${CONFIG_PATH}`;
  }

  keyFetches(): number {
    return this.requests.filter((url) => url === KEYS_PATH).length;
  }

  /**
   * A `fetch` that sends requests for `origin` (default ACS Call Automation's) to this server, over
   * real HTTP, and refuses any other: a test must never reach the internet.
   */
  fetchToHere(origin = new URL(ACS_OPENID_CONFIGURATION_URL).origin): typeof fetch {
    return (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.origin !== origin) {
        return Promise.reject(new Error(`The test signing server does not serve ${url.origin}`));
      }
      return globalThis.fetch(`${this.baseUrl}${url.pathname}${url.search}`, init);
    };
  }

  stop(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close((error) => (error ? reject(error) : resolve()));
    });
  }
}
