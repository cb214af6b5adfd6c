import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackSecretFor } from '../../shared/http/acs-callback-auth';
import { EXAMPLE_REQUEST, readJson } from '../support/calls';
import { phoneNumber } from '../support/fake-acs';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { BOT_NUMBER } from './acs-host';
import {
  callbackEvents,
  callbackUriOf,
  errorOf,
  fixture,
  incomingCall,
  uniquePhone,
  useTelephonyRig,
  withFreshContexts,
} from './telephony-rig';

/**
 * The telephony endpoints end to end, over real HTTP against the local host configured for Azure
 * Communication Services (telephony-rig.ts): Event Grid's IncomingCall webhook, and calls placed
 * through ACS; and both routes absent with the local phone network. ACS Call Automation's callbacks
 * are in telephony-callbacks.test.ts.
 */

const VALIDATION_CODE = '512d38b6-c7b8-40c8-89fe-f46f9e9622b6';

const rig = useTelephonyRig();
const {
  answeredInboundCall,
  answerRequestFor,
  callsOf,
  callWhen,
  createCallRequestTo,
  postCallback,
  postEventGrid,
  postJson,
  signed,
} = rig;

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
    const connectionId = rig.acs.connectionIdByCallbackUri.get(callbackUriOf(call.call_id));
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
    const answers = rig.acs.requests.filter(
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
    const requestsBefore = rig.acs.requests.length;

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
    const answers = rig.acs.requests.slice(requestsBefore).filter((r) => r.path.endsWith(':answer'));
    expect(answers).toHaveLength(1);
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
    const connectionId = rig.acs.connectionIdByCallbackUri.get(callbackUriOf(call.call_id));
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
