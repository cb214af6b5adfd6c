import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACS_OPENID_CONFIGURATION_URL, callbackSecretFor } from '../../shared/http/acs-callback-auth';
import { acsCallbackToken, AcsSigningServer, jwk, makeKey } from '../support/acs-signing';
import { FakeAcs } from '../support/fake-acs';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * ACS retries a callback answered 5xx, not one answered 401. When ACS's signing keys cannot be fetched
 * (an outage on the way to them), the callback is not refused as unsigned: it is our side's failure.
 */

const BOT_NUMBER = '+33100000000';
const RESOURCE_ID = '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9';
const MASTER_SECRET = randomBytes(32);
let host: RunningLocalHost;
let signing: AcsSigningServer;
const key = makeKey('acs-key-1');

beforeAll(async () => {
  signing = new AcsSigningServer({ advertisedOrigin: new URL(ACS_OPENID_CONFIGURATION_URL).origin });
  await signing.start();
  signing.jwks = { keys: [jwk(key)] };
  signing.status = 503; // the outage
  host = await startLocalHost(
    {
      telephony: {
        backend: 'acs',
        acs: {
          connection_string: `endpoint=https://contoso.communication.azure.com/;accesskey=${Buffer.from('k').toString('base64')}`,
          phone_number: BOT_NUMBER,
          resource_id: RESOURCE_ID,
        },
      },
      host: { public_url: 'https://callcenter.example.net' },
      security: {
        callback_secret: MASTER_SECRET.toString('base64'),
        report_secret: MASTER_SECRET.toString('base64'),
      },
    },
    { acsHttpClient: new FakeAcs({ botNumber: BOT_NUMBER }), fetch: signing.fetchToHere() },
  );
});
afterAll(async () => {
  await host?.close();
  await signing?.stop();
});

it('answers 503 (which ACS retries), not 401, while the signing keys cannot be fetched', async () => {
  const callId = randomUUID();
  const response = await fetch(
    `${host.baseUrl}/api/callbacks/${callId}?secret=${callbackSecretFor(MASTER_SECRET, callId)}`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${acsCallbackToken(key, RESOURCE_ID)}`,
      },
      body: '[]',
    },
  );
  expect(response.status).toBe(503);
  expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/signing keys/);
});
