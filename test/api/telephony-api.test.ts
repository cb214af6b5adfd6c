import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACS_OPENID_CONFIGURATION_URL, callbackSecretFor } from '../../shared/http/acs-callback-auth';
import {
  AcsSigningServer,
  acsCallbackToken,
  CONFIG_PATH,
  jwk,
  KEYS_PATH,
  makeKey,
  type SigningKey,
} from '../support/acs-signing';
import { EXAMPLE_REQUEST, readJson, type CallView } from '../support/calls';
import { FakeAcs, phoneNumber, type RecordedRequest } from '../support/fake-acs';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { acsHostSettings, BOT_NUMBER, MASTER_SECRET, PUBLIC_URL, RESOURCE_ID } from './acs-host';

/**
 * The telephony endpoints end to end, over real HTTP against the local host configured for Azure
 * Communication Services: Event Grid's IncomingCall webhook and ACS Call Automation's callbacks. ACS's
 * REST API is answered by a fake (the SDK's HTTP transport), and ACS's callback signing keys are served
 * by a local HTTP server that requests for ACS's real host are sent to.
 */

const VALIDATION_CODE = '512d38b6-c7b8-40c8-89fe-f46f9e9622b6';

let host: RunningLocalHost;
let acs: FakeAcs;
let signing: AcsSigningServer;
let acsKey: SigningKey;
let strangerKey: SigningKey;

beforeAll(async () => {
  acsKey = makeKey('acs-key-1');
  strangerKey = makeKey('stranger-key');
  signing = new AcsSigningServer({ advertisedOrigin: new URL(ACS_OPENID_CONFIGURATION_URL).origin });
  await signing.start();
  signing.jwks = { keys: [jwk(acsKey)] };
  acs = new FakeAcs({ botNumber: BOT_NUMBER });
  host = await startLocalHost(acsHostSettings(), { acsHttpClient: acs, fetch: signing.fetchToHere() });
});
afterAll(async () => {
  await host?.close();
  await signing?.stop();
});

// --- Helpers --------------------------------------------------------------------------------------

let phoneCounter = 0;
/** A valid French mobile number no other test uses: +33 6 1x xx xx xx. */
function uniquePhone(): string {
  phoneCounter += 1;
  return `+3361${String(1_000_000 + phoneCounter * 7_919).slice(-7)}`;
}

function fixture(...path: string[]): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', ...path), 'utf8'));
}

type EventGridEvent = { data: Record<string, unknown>; [field: string]: unknown };

/** An IncomingCall Event Grid delivery from `from` to `to`, with its own incoming call context. */
function incomingCall(from: string, to = BOT_NUMBER): { delivery: unknown; context: string } {
  const [event] = fixture('eventgrid', 'incoming-call-pstn.json') as [EventGridEvent];
  const context = `incoming-call-context-${randomUUID()}`;
  const delivery = [
    {
      ...event,
      id: randomUUID(),
      subject: `/caller/4:${from}/recipient/4:${to}`,
      data: {
        ...event.data,
        from: phoneNumber(from),
        to: phoneNumber(to),
        incomingCallContext: context,
        correlationId: randomUUID(),
      },
    },
  ];
  return { delivery, context };
}

/** A fixture delivery with a fresh incoming call context in each of its IncomingCall events. */
function withFreshContexts(name: string): { delivery: unknown; contexts: string[] } {
  const events = fixture('eventgrid', name) as EventGridEvent[];
  const contexts: string[] = [];
  const delivery = events.map((event) => {
    if (event.eventType !== 'Microsoft.Communication.IncomingCall') return event;
    const context = `incoming-call-context-${randomUUID()}`;
    contexts.push(context);
    return { ...event, data: { ...event.data, incomingCallContext: context } };
  });
  return { delivery, contexts };
}

function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${host.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const postEventGrid = (body: unknown) => postJson('/api/events/incoming-call', body);

/** An ACS callback body: a fixture's CloudEvents, about this call and this call connection. */
function callbackEvents(name: string, callId: string, callConnectionId: string): unknown {
  const events = fixture('acs', name) as { data: Record<string, unknown>; [field: string]: unknown }[];
  return events.map((event) => ({
    ...event,
    id: randomUUID(),
    source: `calling/callConnections/${callConnectionId}`,
    subject: `calling/callConnections/${callConnectionId}`,
    data: { ...event.data, callConnectionId, operationContext: callId },
  }));
}

const signed = (overrides: Record<string, unknown> = {}) =>
  `Bearer ${acsCallbackToken(acsKey, RESOURCE_ID, overrides)}`;

/** POSTs to a callback URL as ACS would: to its path and query, with ACS's signed token. */
function postCallback(callbackUri: string, body: unknown, authorization: string | null = signed()) {
  const url = new URL(callbackUri);
  expect(url.origin).toBe(PUBLIC_URL);
  return postJson(`${url.pathname}${url.search}`, body, authorization === null ? {} : { authorization });
}

function callbackUriOf(callId: string, secret = callbackSecretFor(MASTER_SECRET, callId)): string {
  return `${PUBLIC_URL}/api/callbacks/${callId}?secret=${secret}`;
}

async function callsOf(phone: string): Promise<CallView[]> {
  const response = await fetch(`${host.baseUrl}/api/call?phone_number=${encodeURIComponent(phone)}`);
  expect(response.status).toBe(200);
  return readJson<CallView[]>(response);
}

async function getCall(callId: string): Promise<CallView> {
  const response = await fetch(`${host.baseUrl}/api/call/${callId}`);
  expect(response.status).toBe(200);
  return readJson(response);
}

/** Polls the call until `matches`; returns it. */
function callWhen(callId: string, matches: (call: CallView) => boolean): Promise<CallView> {
  return eventually(async () => {
    const call = await getCall(callId);
    return matches(call) ? call : undefined;
  });
}

function answerRequestFor(context: string): RecordedRequest | undefined {
  return acs.requests.find(
    (request) =>
      request.path === '/calling/callConnections:answer' &&
      (request.body as { incomingCallContext?: string }).incomingCallContext === context,
  );
}

function createCallRequestTo(phone: string): RecordedRequest | undefined {
  return acs.requests.find(
    (request) =>
      request.path === '/calling/callConnections' &&
      (request.body as { targets?: { phoneNumber?: { value?: string } }[] }).targets?.[0]?.phoneNumber
        ?.value === phone,
  );
}

async function errorOf(response: Response) {
  const body = await readJson<{
    error: { message: string; details: { field: string; message: string }[] };
  }>(response);
  return body.error;
}

interface AnsweredCall {
  readonly call: CallView;
  readonly callbackUri: string;
  readonly connectionId: string;
}

/** Someone calls the bot from `phone`; resolves once ACS was asked to answer and the call is ringing. */
async function answeredInboundCall(phone: string): Promise<AnsweredCall> {
  const { delivery, context } = incomingCall(phone);
  const response = await postEventGrid(delivery);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ started: 1 });

  const [call, ...others] = await callsOf(phone);
  expect(others).toEqual([]);
  if (!call) throw new Error(`no call stored for ${phone}`);
  const answer = await eventually(async () => answerRequestFor(context));
  const callbackUri = (answer.body as { callbackUri: string }).callbackUri;
  const connectionId = acs.connectionIdByCallbackUri.get(callbackUri);
  if (!connectionId) throw new Error('the fake ACS gave the answered call no connection id');
  const ringing = await callWhen(
    call.call_id,
    (c) => c.lifecycle.state === 'ringing' && c.connection_id === connectionId,
  );
  return { call: ringing, callbackUri, connectionId };
}

// --- Tests ----------------------------------------------------------------------------------------

describe('POST /api/events/incoming-call (Event Grid)', () => {
  it('answers the subscription validation handshake with the validation code', async () => {
    const response = await postEventGrid(fixture('eventgrid', 'subscription-validation.json'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ validationResponse: VALIDATION_CODE });
  });

  it('refuses a body that is not an Event Grid delivery, naming the body', async () => {
    const response = await postEventGrid({ eventType: 'Microsoft.Communication.IncomingCall' });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).details[0]?.field).toBe('body');
  });

  it('answers a call to the bot number from a phone, with the per-call callback URL', async () => {
    const phone = uniquePhone();
    const { delivery, context } = incomingCall(phone);

    const response = await postEventGrid(delivery);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ started: 1 });
    const calls = await callsOf(phone);
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.initiate.phone_number).toBe(phone);
    // Who the bot is on inbound calls comes from the config's defaults.
    expect(call.initiate.bot_name).toBe('Amélie');

    const answer = await eventually(async () => answerRequestFor(context));
    expect(answer.method).toBe('POST');
    expect(answer.body).toMatchObject({
      incomingCallContext: context,
      callbackUri: callbackUriOf(call.call_id),
      operationContext: call.call_id,
    });
    const connectionId = acs.connectionIdByCallbackUri.get(callbackUriOf(call.call_id));
    const ringing = await callWhen(call.call_id, (c) => c.connection_id === connectionId);
    expect(ringing.lifecycle).toEqual({ state: 'ringing' });
    expect(ringing.in_progress).toBe(true);
  });

  // BUG (shared/http/telephony-api.ts, eventGridWebhook): Event Grid delivers at least once, and a
  // redelivered IncomingCall (same correlationId, same incomingCallContext) is not recognised: while the
  // first call is ringing, startInboundCall sees the caller's call running and creates a second call
  // record, whose orchestration answers the same incoming call context again. Expected one call and
  // one answer; actual two of each (with real ACS the second answer fails: a spurious failed call).
  it('answers a redelivered IncomingCall only once', async () => {
    const phone = uniquePhone();
    const { delivery, context } = incomingCall(phone);
    expect((await postEventGrid(delivery)).status).toBe(200);
    await eventually(async () => answerRequestFor(context));

    const redelivered = await postEventGrid(delivery);

    expect(redelivered.status).toBe(200);
    expect(await callsOf(phone)).toHaveLength(1);
    await answeredInboundCall(uniquePhone());
    const answers = acs.requests.filter(
      (r) => (r.body as { incomingCallContext?: string } | undefined)?.incomingCallContext === context,
    );
    expect(answers).toHaveLength(1);
  });

  it('does not answer a call made to another number', async () => {
    const phone = uniquePhone();
    const { delivery, context } = incomingCall(phone, '+33199999999');

    const response = await postEventGrid(delivery);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ started: 0 });
    expect(await callsOf(phone)).toEqual([]);
    // A call to the bot after it is answered: had the other one been, it would have been by now.
    await answeredInboundCall(uniquePhone());
    expect(answerRequestFor(context)).toBeUndefined();
    expect(await callsOf(phone)).toEqual([]);
  });

  it('does not answer callers without a phone number (Teams user, app user, hidden number)', async () => {
    const teams = withFreshContexts('incoming-call-teams-user.json');
    const mixed = withFreshContexts('multiple-events.json');
    const requestsBefore = acs.requests.length;

    for (const { delivery } of [teams, mixed]) {
      const response = await postEventGrid(delivery);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ started: 0 });
    }

    await answeredInboundCall(uniquePhone());
    for (const context of [...teams.contexts, ...mixed.contexts]) {
      expect(answerRequestFor(context)).toBeUndefined();
    }
    // Only the control call was answered.
    const answers = acs.requests.slice(requestsBefore).filter((r) => r.path.endsWith(':answer'));
    expect(answers).toHaveLength(1);
  });
});

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
    expect(signing.requests).toEqual(expect.arrayContaining([CONFIG_PATH, KEYS_PATH]));
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
      ['another scheme', `Basic ${acsCallbackToken(acsKey, RESOURCE_ID)}`],
      [
        'signed by another key',
        `Bearer ${acsCallbackToken({ ...strangerKey, kid: acsKey.kid }, RESOURCE_ID)}`,
      ],
      ['signed by a key ACS does not publish', `Bearer ${acsCallbackToken(strangerKey, RESOURCE_ID)}`],
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
    const missing = await fetch(`${host.baseUrl}/api/call/${callId}`);
    expect(missing.status).toBe(404);
  });
});

describe('POST /api/call with ACS', () => {
  it('places the call through ACS with the per-call callback URL, then follows its callbacks', async () => {
    const phone = uniquePhone();

    const created = await postJson('/api/call', { ...EXAMPLE_REQUEST, phone_number: phone });

    expect(created.status).toBe(201);
    const call = await readJson(created);
    const request = await eventually(async () => createCallRequestTo(phone));
    expect(request.body).toMatchObject({
      targets: [phoneNumber(phone)],
      sourceCallerIdNumber: { value: BOT_NUMBER },
      callbackUri: callbackUriOf(call.call_id),
      operationContext: call.call_id,
    });
    const connectionId = acs.connectionIdByCallbackUri.get(callbackUriOf(call.call_id));
    expect(connectionId).toBeDefined();
    const ringing = await callWhen(call.call_id, (c) => c.connection_id === connectionId);
    expect(ringing.lifecycle).toEqual({ state: 'ringing' });

    const connected = await postCallback(
      callbackUriOf(call.call_id),
      callbackEvents('call-connected.json', call.call_id, connectionId!),
    );
    expect(connected.status).toBe(200);
    const onTheLine = await callWhen(call.call_id, (c) => c.lifecycle.state === 'connected');
    expect(onTheLine.connection_id).toBe(connectionId);

    const disconnected = await postCallback(
      callbackUriOf(call.call_id),
      callbackEvents('call-disconnected.json', call.call_id, connectionId!),
    );
    expect(disconnected.status).toBe(200);
    const ended = await callWhen(call.call_id, (c) => c.lifecycle.state === 'ended');
    expect(ended.lifecycle).toMatchObject({ reason: 'completed' });
  });
});

describe('with the local phone network (the default)', () => {
  let local: RunningLocalHost;
  beforeAll(async () => {
    local = await startLocalHost();
  });
  afterAll(async () => local?.close());

  it('answers 404 on both telephony routes', async () => {
    const webhook = await fetch(`${local.baseUrl}/api/events/incoming-call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fixture('eventgrid', 'subscription-validation.json')),
    });
    expect(webhook.status).toBe(404);
    expect((await errorOf(webhook)).message).toMatch(/telephony.backend/);

    const callId = randomUUID();
    const callback = await fetch(
      `${local.baseUrl}/api/callbacks/${callId}?secret=${callbackSecretFor(randomBytes(32), callId)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: signed() },
        body: JSON.stringify(callbackEvents('call-connected.json', callId, 'some-connection')),
      },
    );
    expect(callback.status).toBe(404);
    expect((await errorOf(callback)).message).toMatch(/telephony.backend/);
  });
});
