import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callbackSecretFor } from '../../shared/http/acs-callback-auth';
import { acsCallbackToken, CONFIG_PATH, KEYS_PATH } from '../support/acs-signing';
import { MASTER_SECRET, PUBLIC_URL, RESOURCE_ID } from './acs-host';
import { callbackEvents, callbackUriOf, errorOf, uniquePhone, useTelephonyRig } from './telephony-rig';

/**
 * ACS Call Automation's callbacks end to end, over real HTTP against the local host configured for
 * Azure Communication Services (telephony-rig.ts): a call answered through Event Grid is taken through
 * its lifecycle by signed callbacks, and callbacks without the call's secret or ACS's signature, or
 * with a body that is not Call Automation events, are refused and change nothing.
 */

const rig = useTelephonyRig();
const { answeredInboundCall, callWhen, getCall, postCallback, signed } = rig;

describe('POST /api/callbacks/{call_id} (ACS Call Automation)', () => {
  it('takes an answered call through connected to ended, from signed callbacks', async () => {
    const { call, callbackUri, connectionId } = await answeredInboundCall(uniquePhone());

    const connected = await postCallback(
      callbackUri,
      callbackEvents('call-connected.json', call.call_id, connectionId),
    );
    expect(connected.status).toBe(200);
    expect(await connected.json()).toEqual({ delivered: 1 });
    const onTheLine = await callWhen(call.call_id, (c) => c.lifecycle.state === 'connected');
    expect(onTheLine.connection_id).toBe(connectionId);
    expect(onTheLine.in_progress).toBe(true);

    const disconnected = await postCallback(
      callbackUri,
      callbackEvents('call-disconnected.json', call.call_id, connectionId),
    );
    expect(disconnected.status).toBe(200);
    expect(await disconnected.json()).toEqual({ delivered: 1 });
    const ended = await callWhen(call.call_id, (c) => c.lifecycle.state === 'ended');
    expect(ended.lifecycle).toMatchObject({ state: 'ended', reason: 'completed' });
    expect(ended.in_progress).toBe(false);
    expect(ended.connection_id).toBeNull();

    // A late callback for the ended call does not put it back on a line.
    expect(
      (await postCallback(callbackUri, callbackEvents('call-connected.json', call.call_id, 'late'))).status,
    ).toBe(200);
    expect((await getCall(call.call_id)).connection_id).toBeNull();

    // The signing keys came from ACS's OpenID configuration, fetched over HTTP (here, the local server).
    expect(rig.signing.requests).toEqual(expect.arrayContaining([CONFIG_PATH, KEYS_PATH]));
  });

  it('remembers the call connection id a callback names', async () => {
    const { call, callbackUri } = await answeredInboundCall(uniquePhone());

    const response = await postCallback(
      callbackUri,
      callbackEvents('call-connected.json', call.call_id, 'connection-from-callback'),
    );

    expect(response.status).toBe(200);
    // Recorded before the answer: any instance can hang this call up from now on.
    expect((await getCall(call.call_id)).connection_id).toBe('connection-from-callback');
  });

  it('refuses callbacks without the call secret or without a valid ACS token, changing nothing', async () => {
    const { call, callbackUri, connectionId } = await answeredInboundCall(uniquePhone());
    // What a forger would most like to get through: hanging the call up and taking over its connection.
    const hangUp = callbackEvents('call-disconnected.json', call.call_id, 'forged-connection');
    const path = `/api/callbacks/${call.call_id}`;
    const nowSec = Math.floor(Date.now() / 1000);

    const wrongSecrets = [
      callbackUriOf(call.call_id, callbackSecretFor(MASTER_SECRET, randomUUID())), // another call's
      callbackUriOf(call.call_id, callbackSecretFor(randomBytes(32), call.call_id)), // another master's
      callbackUriOf(call.call_id, ''),
      `${PUBLIC_URL}${path}`,
    ];
    for (const uri of wrongSecrets) {
      const response = await postCallback(uri, hangUp);
      expect(response.status, uri).toBe(401);
      expect((await errorOf(response)).message).toMatch(/callback secret/);
    }

    const badTokens: [string, string | null][] = [
      ['no Authorization header', null],
      ['not a JWT', 'Bearer not-a-jwt'],
      ['another scheme', `Basic ${acsCallbackToken(rig.acsKey, RESOURCE_ID)}`],
      [
        'signed by another key',
        `Bearer ${acsCallbackToken({ ...rig.strangerKey, kid: rig.acsKey.kid }, RESOURCE_ID)}`,
      ],
      ['signed by a key ACS does not publish', `Bearer ${acsCallbackToken(rig.strangerKey, RESOURCE_ID)}`],
      ['expired', signed({ iat: nowSec - 900, nbf: nowSec - 900, exp: nowSec - 600 })],
      ['for another ACS resource', signed({ aud: 'a0000000-0000-4000-8000-000000000000' })],
      ['from another issuer', signed({ iss: 'https://evil.example' })],
    ];
    for (const [what, authorization] of badTokens) {
      const response = await postCallback(callbackUri, hangUp, authorization);
      expect(response.status, what).toBe(401);
      expect((await errorOf(response)).message, what).toMatch(/not signed by Azure Communication Services/);
    }

    // Nothing was remembered...
    const after = await getCall(call.call_id);
    expect(after.connection_id).toBe(connectionId);
    expect(after.lifecycle).toEqual({ state: 'ringing' });
    // ...nor delivered: had a forged CallDisconnected reached the orchestration first, the call would
    // have ended as not answered instead of connecting now.
    const connected = await postCallback(
      callbackUri,
      callbackEvents('call-connected.json', call.call_id, connectionId),
    );
    expect(connected.status).toBe(200);
    const onTheLine = await callWhen(call.call_id, (c) => c.lifecycle.state !== 'ringing');
    expect(onTheLine.lifecycle.state).toBe('connected');
    expect(onTheLine.connection_id).toBe(connectionId);
  });

  it('refuses a body that is not Call Automation events, with valid auth, naming the body', async () => {
    const { call, callbackUri, connectionId } = await answeredInboundCall(uniquePhone());
    const disconnectedWithoutData = [
      { ...(callbackEvents('call-disconnected.json', call.call_id, connectionId) as object[])[0], data: {} },
    ];

    for (const body of [
      'this is not json',
      { type: 'Microsoft.Communication.CallDisconnected' },
      [1, 'two'],
      disconnectedWithoutData,
    ]) {
      const response = await postCallback(callbackUri, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(response)).details[0]?.field).toBe('body');
    }

    const connected = await postCallback(
      callbackUri,
      callbackEvents('call-connected.json', call.call_id, connectionId),
    );
    expect(connected.status).toBe(200);
    const onTheLine = await callWhen(call.call_id, (c) => c.lifecycle.state !== 'ringing');
    expect(onTheLine.lifecycle.state).toBe('connected');
  });

  it('answers 404 for a call that does not exist, even with a valid secret and token', async () => {
    const callId = randomUUID();

    const response = await postCallback(
      callbackUriOf(callId),
      callbackEvents('call-connected.json', callId, 'some-connection'),
    );

    expect(response.status).toBe(404);
    const missing = await fetch(`${rig.host.baseUrl}/api/call/${callId}`);
    expect(missing.status).toBe(404);
  });
});
