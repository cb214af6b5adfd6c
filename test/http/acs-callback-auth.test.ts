import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ACS_CALLBACK_ISSUER,
  ACS_OPENID_CONFIGURATION_URL,
  AcsCallbackVerifier,
  CallbackAuthError,
  callbackSecretFor,
  isValidCallbackSecret,
  type AcsCallbackVerifierOptions,
} from '../../shared/http/acs-callback-auth';
import {
  AcsSigningServer,
  b64url,
  CONFIG_PATH,
  jwk,
  KEYS_PATH,
  makeKey,
  rs256,
  type SigningKey,
} from '../support/acs-signing';

const AUDIENCE = '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9';
const START = Date.UTC(2025, 0, 15, 12, 0, 0);

let keyA: SigningKey;
let keyB: SigningKey;
let keyC: SigningKey;
const acs = new AcsSigningServer();
let clock = START;

beforeAll(async () => {
  keyA = makeKey('key-a');
  keyB = makeKey('key-b');
  keyC = makeKey('key-c');
  await acs.start();
});
afterAll(() => acs.stop());

beforeEach(() => {
  clock = START;
  acs.jwks = { keys: [jwk(keyA)] };
  acs.status = 200;
  acs.requests.length = 0;
});

function verifier(options: Partial<AcsCallbackVerifierOptions> = {}): AcsCallbackVerifier {
  return new AcsCallbackVerifier({
    audience: AUDIENCE,
    openIdConfigurationUrl: acs.configUrl,
    now: () => clock,
    ...options,
  });
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const nowSec = Math.floor(clock / 1000);
  return {
    iss: ACS_CALLBACK_ISSUER,
    aud: AUDIENCE,
    iat: nowSec,
    nbf: nowSec,
    exp: nowSec + 300,
    ...overrides,
  };
}

function token(
  overrides: Record<string, unknown> = {},
  key: SigningKey = keyA,
  kid: string = key.kid,
): string {
  return rs256({ alg: 'RS256', typ: 'JWT', kid }, claims(overrides), key);
}

/** The reason `verify` refuses `header` with; checks the token shows up nowhere in the error. */
async function refusal(v: AcsCallbackVerifier, header: string | null): Promise<string> {
  try {
    await v.verify(header);
  } catch (error) {
    if (!(error instanceof CallbackAuthError)) throw error;
    const bearer = header?.replace(/^\S+\s+/, '') ?? '';
    if (bearer.length > 8) {
      for (const part of bearer.split('.').filter((p) => p.length > 8)) {
        expect(error.message).not.toContain(part);
        expect(error.stack ?? '').not.toContain(part);
      }
    }
    return error.reason;
  }
  throw new Error('expected verify to refuse the header');
}

describe('AcsCallbackVerifier', () => {
  it('defaults to the documented ACS issuer and OpenID configuration', () => {
    expect(ACS_CALLBACK_ISSUER).toBe('https://acscallautomation.communication.azure.com');
    expect(ACS_OPENID_CONFIGURATION_URL).toBe(
      'https://acscallautomation.communication.azure.com/calling/.well-known/acsopenidconfiguration',
    );
  });

  it('accepts a valid token and returns its claims', async () => {
    const v = verifier();
    const result = await v.verify(`Bearer ${token({ correlationId: 'c-1' })}`);
    expect(result).toMatchObject({ iss: ACS_CALLBACK_ISSUER, aud: AUDIENCE, correlationId: 'c-1' });
    expect(result.exp).toBe(Math.floor(START / 1000) + 300);
    // The JWKS was found through the OpenID configuration.
    expect(acs.requests).toEqual([CONFIG_PATH, KEYS_PATH]);
  });

  it('accepts an audience array, a lower-case scheme and a GUID audience in another case', async () => {
    const v = verifier({ audience: AUDIENCE.toUpperCase() });
    await expect(v.verify(`bearer ${token({ aud: ['other', AUDIENCE] })}`)).resolves.toMatchObject({
      aud: ['other', AUDIENCE],
    });
  });

  it('tolerates clock skew on exp and nbf', async () => {
    const v = verifier({ clockSkewSec: 60 });
    const nowSec = Math.floor(clock / 1000);
    await expect(v.verify(`Bearer ${token({ exp: nowSec - 30 })}`)).resolves.toBeDefined();
    await expect(v.verify(`Bearer ${token({ nbf: nowSec + 30 })}`)).resolves.toBeDefined();
  });

  describe('refuses', () => {
    it('a missing header', async () => {
      expect(await refusal(verifier(), null)).toBe('missing');
      expect(await refusal(verifier(), '')).toBe('missing');
      expect(await refusal(verifier(), '   ')).toBe('missing');
    });

    it('another scheme', async () => {
      expect(await refusal(verifier(), `Basic ${token()}`)).toBe('malformed');
      expect(await refusal(verifier(), token())).toBe('malformed');
      expect(await refusal(verifier(), 'Bearer')).toBe('malformed');
    });

    it('garbage', async () => {
      const v = verifier();
      for (const garbage of [
        'Bearer not-a-jwt',
        'Bearer a.b',
        'Bearer a.b.c.d',
        'Bearer !!!.???.***',
        `Bearer ${b64url('just a string')}.${b64url({})}.c2ln`,
        `Bearer ${Buffer.from('{not json').toString('base64url')}.${b64url({})}.c2ln`,
        `Bearer ${b64url({ alg: 'RS256', kid: 'key-a' })}.${b64url([1, 2])}.c2ln`,
        `Bearer ${b64url({ alg: 'RS256' })}.${b64url(claims())}.c2ln`,
        `Bearer ${'a'.repeat(20_000)}.${b64url({})}.c2ln`,
      ]) {
        expect(await refusal(v, garbage), garbage.slice(0, 40)).toBe('malformed');
      }
      expect(acs.requests).toEqual([]);
    });

    it('alg none', async () => {
      const unsigned = `${b64url({ alg: 'none', kid: 'key-a' })}.${b64url(claims())}.`;
      expect(await refusal(verifier(), `Bearer ${unsigned}`)).toBe('bad_signature');
      const noneUpper = `${b64url({ alg: 'None', kid: 'key-a' })}.${b64url(claims())}.`;
      expect(await refusal(verifier(), `Bearer ${noneUpper}`)).toBe('bad_signature');
    });

    it('HS256 keyed with the public key (algorithm confusion)', async () => {
      const v = verifier();
      const header = b64url({ alg: 'HS256', typ: 'JWT', kid: 'key-a' });
      const signed = `${header}.${b64url(claims())}`;
      for (const secret of [
        keyA.publicKey.export({ format: 'pem', type: 'spki' }),
        JSON.stringify(jwk(keyA)),
      ]) {
        const mac = createHmac('sha256', secret).update(signed).digest('base64url');
        expect(await refusal(v, `Bearer ${signed}.${mac}`)).toBe('bad_signature');
      }
    });

    it('other algorithms even with a valid RSA signature', async () => {
      const forged = rs256({ alg: 'RS512', kid: 'key-a' }, claims(), keyA);
      expect(await refusal(verifier(), `Bearer ${forged}`)).toBe('bad_signature');
    });

    it('a wrong issuer', async () => {
      const v = verifier();
      expect(await refusal(v, `Bearer ${token({ iss: 'https://evil.example' })}`)).toBe('wrong_issuer');
      expect(await refusal(v, `Bearer ${token({ iss: undefined })}`)).toBe('wrong_issuer');
    });

    it('a wrong audience', async () => {
      const v = verifier();
      expect(await refusal(v, `Bearer ${token({ aud: 'a0000000-0000-4000-8000-000000000000' })}`)).toBe(
        'wrong_audience',
      );
      expect(await refusal(v, `Bearer ${token({ aud: ['x', 'y'] })}`)).toBe('wrong_audience');
      expect(await refusal(v, `Bearer ${token({ aud: undefined })}`)).toBe('wrong_audience');
      expect(await refusal(v, `Bearer ${token({ aud: `${AUDIENCE} ` })}`)).toBe('wrong_audience');
    });

    it('an expired token', async () => {
      const v = verifier();
      const t = token();
      await expect(v.verify(`Bearer ${t}`)).resolves.toBeDefined();
      clock += 300_000 + 60_000;
      expect(await refusal(v, `Bearer ${t}`)).toBe('expired');
      expect(await refusal(v, `Bearer ${token({ exp: undefined })}`)).toBe('malformed');
    });

    it('a token not valid yet', async () => {
      const nowSec = Math.floor(clock / 1000);
      expect(await refusal(verifier(), `Bearer ${token({ nbf: nowSec + 120 })}`)).toBe('not_yet_valid');
    });

    it('a bad signature', async () => {
      const v = verifier();
      // Signed by another key under key-a's kid.
      expect(await refusal(v, `Bearer ${token({}, keyB, 'key-a')}`)).toBe('bad_signature');
      // Claims changed after signing.
      const [header, , signature] = token().split('.');
      const tampered = `${header}.${b64url(claims({ aud: [AUDIENCE, 'extra'] }))}.${signature}`;
      expect(await refusal(v, `Bearer ${tampered}`)).toBe('bad_signature');
    });

    it('an unknown kid', async () => {
      const v = verifier();
      expect(await refusal(v, `Bearer ${token({}, keyB)}`)).toBe('unknown_key');
      // The keys were just fetched: no second fetch for the unknown kid.
      expect(acs.keyFetches()).toBe(1);
    });
  });

  describe('signing keys', () => {
    it('are cached: a second verification makes no request', async () => {
      const v = verifier();
      await v.verify(`Bearer ${token()}`);
      const after = acs.requests.length;
      clock += 60 * 60 * 1000;
      await v.verify(`Bearer ${token()}`);
      expect(acs.requests.length).toBe(after);
      expect(acs.keyFetches()).toBe(1);
    });

    it('are fetched once for concurrent first verifications', async () => {
      const v = verifier();
      await Promise.all([1, 2, 3].map(() => v.verify(`Bearer ${token()}`)));
      expect(acs.keyFetches()).toBe(1);
    });

    it('are refetched once when ACS rotates to a key with a new kid, at most once a minute', async () => {
      const v = verifier();
      await v.verify(`Bearer ${token()}`);
      expect(acs.keyFetches()).toBe(1);

      clock += 5 * 60 * 1000;
      acs.jwks = { keys: [jwk(keyB)] };
      await expect(v.verify(`Bearer ${token({}, keyB)}`)).resolves.toBeDefined();
      expect(acs.keyFetches()).toBe(2);
      await expect(v.verify(`Bearer ${token({}, keyB)}`)).resolves.toBeDefined();
      expect(acs.keyFetches()).toBe(2);
      // key-a is gone from the new set.
      expect(await refusal(v, `Bearer ${token()}`)).toBe('unknown_key');
      expect(acs.keyFetches()).toBe(2);

      // Another rotation within the minute is not fetched...
      acs.jwks = { keys: [jwk(keyB), jwk(keyC)] };
      clock += 30_000;
      expect(await refusal(v, `Bearer ${token({}, keyC)}`)).toBe('unknown_key');
      expect(acs.keyFetches()).toBe(2);
      // ...but is once the minute has passed.
      clock += 31_000;
      await expect(v.verify(`Bearer ${token({}, keyC)}`)).resolves.toBeDefined();
      expect(acs.keyFetches()).toBe(3);
    });

    it('are refetched when older than keysMaxAgeMs, and the old ones kept if that fails', async () => {
      const v = verifier({ keysMaxAgeMs: 60 * 60 * 1000 });
      await v.verify(`Bearer ${token()}`);
      clock += 60 * 60 * 1000 + 1;
      await v.verify(`Bearer ${token()}`);
      expect(acs.keyFetches()).toBe(2);

      clock += 60 * 60 * 1000 + 1;
      acs.status = 500;
      await expect(v.verify(`Bearer ${token()}`)).resolves.toBeDefined();
      expect(await refusal(v, `Bearer ${token({}, keyB)}`)).toBe('keys_unavailable');
    });

    it('ignore keys that are not RSA signature keys', async () => {
      const { publicKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      acs.jwks = {
        keys: [
          { ...ecKey.export({ format: 'jwk' }), kid: 'key-ec' },
          { ...jwk(keyB), use: 'enc' },
          { ...jwk(keyC), alg: 'RS512' },
          { kty: 'RSA', kid: 'broken', n: 'AQAB', e: 'AQAB' },
          jwk(keyA),
        ],
      };
      const v = verifier();
      await expect(v.verify(`Bearer ${token()}`)).resolves.toBeDefined();
      expect(await refusal(v, `Bearer ${token({}, keyB)}`)).toBe('unknown_key');
      expect(await refusal(v, `Bearer ${token({}, keyC)}`)).toBe('unknown_key');
    });

    it('give keys_unavailable when ACS answers with an error', async () => {
      acs.status = 500;
      const v = verifier();
      expect(await refusal(v, `Bearer ${token()}`)).toBe('keys_unavailable');
      // A dead endpoint is not retried on every request...
      expect(await refusal(v, `Bearer ${token()}`)).toBe('keys_unavailable');
      expect(acs.requests).toEqual([CONFIG_PATH]);
      // ...but again a few seconds later.
      acs.status = 200;
      clock += 5_000;
      await expect(v.verify(`Bearer ${token()}`)).resolves.toBeDefined();
    });

    it('give keys_unavailable when the server is down', async () => {
      const down = new AcsSigningServer();
      await down.start();
      const url = down.configUrl;
      await down.stop();
      const v = verifier({ openIdConfigurationUrl: url });
      const error = await v.verify(`Bearer ${token()}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CallbackAuthError);
      expect((error as CallbackAuthError).reason).toBe('keys_unavailable');
    });

    it('give keys_unavailable when the configuration has no jwks_uri', async () => {
      const v = verifier({
        fetch: async () => new Response(JSON.stringify({ issuer: ACS_CALLBACK_ISSUER }), { status: 200 }),
      });
      expect(await refusal(v, `Bearer ${token()}`)).toBe('keys_unavailable');
    });
  });

  it('needs an audience', () => {
    expect(() => new AcsCallbackVerifier({ audience: ' ' })).toThrow(/audience/);
  });
});

describe('per-call callback secret', () => {
  const master = randomBytes(32);

  it('is a deterministic base64url HMAC of the call id', () => {
    const secret = callbackSecretFor(master, 'call-1');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(callbackSecretFor(master, 'call-1')).toBe(secret);
    expect(secret).toBe(createHmac('sha256', master).update('call-1').digest('base64url'));
    expect(callbackSecretFor(randomBytes(32), 'call-1')).not.toBe(secret);
  });

  it('accepts the right secret', () => {
    expect(isValidCallbackSecret(master, 'call-1', callbackSecretFor(master, 'call-1'))).toBe(true);
  });

  it('refuses a wrong secret', () => {
    const right = callbackSecretFor(master, 'call-1');
    const flipped = `${right.slice(0, -1)}${right.endsWith('A') ? 'B' : 'A'}`;
    expect(isValidCallbackSecret(master, 'call-1', flipped)).toBe(false);
    expect(isValidCallbackSecret(master, 'call-1', 'short')).toBe(false);
    expect(isValidCallbackSecret(master, 'call-1', '')).toBe(false);
    expect(isValidCallbackSecret(master, 'call-1', `${right}x`)).toBe(false);
    expect(isValidCallbackSecret(master, 'call-1', callbackSecretFor(randomBytes(32), 'call-1'))).toBe(false);
  });

  it("refuses another call's secret", () => {
    expect(isValidCallbackSecret(master, 'call-1', callbackSecretFor(master, 'call-2'))).toBe(false);
  });

  it('refuses null', () => {
    expect(isValidCallbackSecret(master, 'call-1', null)).toBe(false);
  });

  it('refuses a master secret too short to be one', () => {
    expect(() => callbackSecretFor(Buffer.alloc(0), 'call-1')).toThrow(RangeError);
  });
});
