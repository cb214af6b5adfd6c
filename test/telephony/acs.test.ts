import { createHttpHeaders } from '@azure/core-rest-pipeline';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AcsTelephony,
  type AcsTelephonyOptions,
  type CallConnectionIds,
} from '../../shared/providers/telephony/acs';
import {
  AcsCallbackError,
  callConnectionIdFromCallbacks,
  lineEventsFromCallbacks,
} from '../../shared/providers/telephony/acs-callbacks';
import { FakeAcs, phoneNumber } from '../support/fake-acs';

/**
 * The ACS backend driven through the real Call Automation SDK, with its HTTP transport replaced by a
 * fake ACS that records each REST request and answers the way the service does (`test/support/fake-acs.ts`).
 */

const CONNECTION_STRING = `endpoint=https://contoso.communication.azure.com/;accesskey=${Buffer.from('not-a-real-key').toString('base64')}`;
const BOT_NUMBER = '+33100000000';
const CUSTOMER = '+33612345678';
const AGENT = '+33198765432';
const CALL_ID = '0f8e3c5a-6b1d-4e2f-9a7c-3d5b1e9f2a40';
const INCOMING_CALL_CONTEXT = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJjYyI6Ikg0c0lBQUFBQUFBRUFDMVNXMjZq';

/** The callback URL of CALL_ID, with the secret `makeTelephony` gives it by default. */
const CALLBACK_URI = `https://callcenter.example.net/api/callbacks/${CALL_ID}?secret=secret-of-${CALL_ID}`;
/** No callback secret, and the media options: Speech for recognition, bidirectional media streaming. */
const WITH_MEDIA: Partial<AcsTelephonyOptions> = {
  callbackSecretFor: undefined,
  cognitiveServicesEndpoint: 'https://speech.example.net/',
  mediaStreamingUrlFor: (callId) => `wss://callcenter.example.net/media/${callId}`,
};
/** What ACS is asked, placing or answering CALL_ID, with WITH_MEDIA. */
const WITH_MEDIA_BODY = {
  callbackUri: `https://callcenter.example.net/api/callbacks/${CALL_ID}`,
  callIntelligenceOptions: { cognitiveServicesEndpoint: 'https://speech.example.net/' },
  mediaStreamingOptions: {
    transportType: 'websocket',
    transportUrl: `wss://callcenter.example.net/media/${CALL_ID}`,
    startMediaStreaming: true,
    enableBidirectional: true,
  },
};

function makeTelephony(overrides: Partial<AcsTelephonyOptions> = {}) {
  const acs = new FakeAcs({ botNumber: BOT_NUMBER, caller: CUSTOMER });
  const telephony = new AcsTelephony({
    connectionString: CONNECTION_STRING,
    botPhoneNumber: BOT_NUMBER,
    callbackBaseUrl: 'https://callcenter.example.net/',
    callbackSecretFor: (callId) => `secret-of-${callId}`,
    httpClient: acs,
    ...overrides,
  });
  return { acs, telephony };
}

describe('AcsTelephony', () => {
  it('places a call from the bot number to the callee, with the per-call callback URL', async () => {
    const { acs, telephony } = makeTelephony();
    expect(telephony.kind).toBe('acs');

    await telephony.placeCall({ callId: CALL_ID, to: CUSTOMER });

    expect(acs.requests).toHaveLength(1);
    expect(acs.requests[0]).toMatchObject({
      method: 'POST',
      path: '/calling/callConnections',
      body: {
        targets: [phoneNumber(CUSTOMER)],
        sourceCallerIdNumber: { value: BOT_NUMBER },
        callbackUri: CALLBACK_URI,
        operationContext: CALL_ID,
      },
    });
  });

  it('leaves the secret out of the callback URL when there is none, and passes the media options', async () => {
    const { acs, telephony } = makeTelephony(WITH_MEDIA);

    await telephony.placeCall({ callId: CALL_ID, to: CUSTOMER });

    expect(acs.requests[0]?.body).toMatchObject(WITH_MEDIA_BODY);
  });

  it('answers an inbound call with its context and the per-call callback URL', async () => {
    const { acs, telephony } = makeTelephony();

    await telephony.answerCall({ callId: CALL_ID, incomingCallContext: INCOMING_CALL_CONTEXT });

    expect(acs.requests).toHaveLength(1);
    expect(acs.requests[0]).toMatchObject({
      method: 'POST',
      path: '/calling/callConnections:answer',
      body: {
        incomingCallContext: INCOMING_CALL_CONTEXT,
        callbackUri: CALLBACK_URI,
        operationContext: CALL_ID,
      },
    });
  });

  it('answers with the same media options as it places calls', async () => {
    const { acs, telephony } = makeTelephony(WITH_MEDIA);

    await telephony.answerCall({ callId: CALL_ID, incomingCallContext: INCOMING_CALL_CONTEXT });
    await telephony.placeCall({ callId: 'outbound', to: CUSTOMER });

    const [answered, placed] = acs.requests.map((request) => request.body as Record<string, unknown>);
    expect(answered).toMatchObject({ incomingCallContext: INCOMING_CALL_CONTEXT, ...WITH_MEDIA_BODY });
    expect(answered?.mediaStreamingOptions).toEqual({
      ...(placed?.mediaStreamingOptions as object),
      transportUrl: `wss://callcenter.example.net/media/${CALL_ID}`,
    });
    expect(answered?.callIntelligenceOptions).toEqual(placed?.callIntelligenceOptions);
  });

  it('hangs up the call connection it answered', async () => {
    const { acs, telephony } = makeTelephony();
    await telephony.answerCall({ callId: CALL_ID, incomingCallContext: INCOMING_CALL_CONTEXT });

    await telephony.hangUp(CALL_ID);

    expect(acs.requests[1]).toMatchObject({
      method: 'POST',
      path: '/calling/callConnections/acs-connection-1:terminate',
    });
    expect(acs.liveConnections.size).toBe(0);
  });

  it('records the answered call connection in the shared connection ids', async () => {
    const shared = new Map<string, string>();
    const connections: CallConnectionIds = {
      get: async (callId) => shared.get(callId),
      set: async (callId, callConnectionId) => void shared.set(callId, callConnectionId),
    };
    const { telephony } = makeTelephony({ connections });

    await telephony.answerCall({ callId: CALL_ID, incomingCallContext: INCOMING_CALL_CONTEXT });

    expect(shared).toEqual(new Map([[CALL_ID, 'acs-connection-1']]));
  });

  it('surfaces ACS refusing to answer a call that stopped ringing', async () => {
    const acs = new FakeAcs();
    acs.sendRequest = async (request) => ({
      request,
      status: 400,
      headers: createHttpHeaders({ 'content-type': 'application/json' }),
      bodyAsText: JSON.stringify({
        error: { code: '8523', message: 'Invalid incoming call context.' },
      }),
    });
    const { telephony } = makeTelephony({ httpClient: acs });

    await expect(
      telephony.answerCall({ callId: CALL_ID, incomingCallContext: INCOMING_CALL_CONTEXT }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(telephony.hangUp(CALL_ID)).rejects.toThrow(/No ACS call connection/);
  });

  it('refuses a callback base URL ACS would not call', () => {
    expect(() => makeTelephony({ callbackBaseUrl: 'http://localhost:7071' })).toThrow(/must be https/);
  });

  it('surfaces ACS refusing the call', async () => {
    const acs = new FakeAcs();
    acs.sendRequest = async (request) => ({
      request,
      status: 403,
      headers: createHttpHeaders({ 'content-type': 'application/json' }),
      bodyAsText: JSON.stringify({
        error: { code: '7504', message: 'Insufficient application permissions.' },
      }),
    });
    const { telephony } = makeTelephony({ httpClient: acs });

    await expect(telephony.placeCall({ callId: CALL_ID, to: CUSTOMER })).rejects.toMatchObject({
      statusCode: 403,
    });
    await expect(telephony.hangUp(CALL_ID)).rejects.toThrow(
      `No ACS call connection is known for call ${CALL_ID}`,
    );
  });

  it('hangs up the call connection it placed, for everyone', async () => {
    const { acs, telephony } = makeTelephony();
    await telephony.placeCall({ callId: CALL_ID, to: CUSTOMER });

    await telephony.hangUp(CALL_ID);

    expect(acs.requests[1]).toMatchObject({
      method: 'POST',
      path: '/calling/callConnections/acs-connection-1:terminate',
    });
    expect(acs.liveConnections.size).toBe(0);
  });

  it('hangs up quietly a call ACS says is already gone (404)', async () => {
    const { acs, telephony } = makeTelephony();
    await telephony.placeCall({ callId: CALL_ID, to: CUSTOMER });
    acs.liveConnections.clear(); // the callee hung up first

    await expect(telephony.hangUp(CALL_ID)).resolves.toBeUndefined();
    await expect(telephony.hangUp(CALL_ID)).resolves.toBeUndefined();
    expect(acs.requests.filter((request) => request.path.endsWith(':terminate'))).toHaveLength(2);
  });

  it('refuses to hang up or transfer a call it knows nothing about', async () => {
    const { acs, telephony } = makeTelephony();

    await expect(telephony.hangUp(CALL_ID)).rejects.toThrow(
      `No ACS call connection is known for call ${CALL_ID}`,
    );
    await expect(telephony.transfer(CALL_ID, AGENT)).rejects.toThrow(/No ACS call connection/);
    expect(acs.requests).toHaveLength(0);
  });

  it('transfers the call to the agent, showing the bot number as caller id', async () => {
    const { acs, telephony } = makeTelephony();
    await telephony.placeCall({ callId: CALL_ID, to: CUSTOMER });

    await telephony.transfer(CALL_ID, AGENT);

    expect(acs.requests[1]).toMatchObject({
      method: 'POST',
      path: '/calling/callConnections/acs-connection-1:transferToParticipant',
      body: { targetParticipant: phoneNumber(AGENT), sourceCallerIdNumber: { value: BOT_NUMBER } },
    });
  });

  it('hangs up from another process through shared connection ids', async () => {
    const shared = new Map<string, string>();
    const connections: CallConnectionIds = {
      get: async (callId) => shared.get(callId),
      set: async (callId, callConnectionId) => void shared.set(callId, callConnectionId),
    };
    const placer = makeTelephony({ connections });
    await placer.telephony.placeCall({ callId: CALL_ID, to: CUSTOMER });

    const other = makeTelephony({ connections, httpClient: placer.acs });
    await other.telephony.hangUp(CALL_ID);

    expect(placer.acs.requests[1]?.path).toBe('/calling/callConnections/acs-connection-1:terminate');
    expect(placer.acs.liveConnections.size).toBe(0);
  });

  it('learns a call connection from a callback, to hang up a call another process placed', async () => {
    const { acs, telephony } = makeTelephony();
    acs.liveConnections.add('421f0b00-3a1e-4b6c-9f2d-7c1e5a9d0b11'); // the call the fixture is about

    const callConnectionId = callConnectionIdFromCallbacks(fixture('call-connected.json'));
    expect(callConnectionId).toBe('421f0b00-3a1e-4b6c-9f2d-7c1e5a9d0b11');
    await telephony.rememberConnection(CALL_ID, callConnectionId!);
    await telephony.hangUp(CALL_ID);

    expect(acs.requests[0]?.path).toBe(
      '/calling/callConnections/421f0b00-3a1e-4b6c-9f2d-7c1e5a9d0b11:terminate',
    );
    expect(acs.liveConnections.size).toBe(0);
  });

  it('finds no call connection in a callback without one', () => {
    expect(callConnectionIdFromCallbacks([])).toBeUndefined();
    expect(() => callConnectionIdFromCallbacks({})).toThrow(AcsCallbackError);
  });
});

describe('lineEventsFromCallbacks', () => {
  const connected = { type: 'connected', callId: CALL_ID };
  const disconnected = (reason: string) => ({ type: 'disconnected', callId: CALL_ID, reason });

  it.each([
    ['call-connected.json', [connected]],
    ['call-disconnected.json', [disconnected('hung_up')]],
    ['create-call-failed-declined.json', [disconnected('declined')]],
    ['create-call-failed-unanswered.json', [disconnected('hung_up')]],
    ['create-call-failed-forbidden.json', [disconnected('failed')]],
    ['add-participant-failed.json', []],
    // Several events in one request: the SDK's own parser would only read the first.
    ['connected-with-participants.json', [connected]],
    ['transferred-then-disconnected.json', [disconnected('hung_up')]],
  ])('%s', (name, expected) => {
    expect(lineEventsFromCallbacks(fixture(name), CALL_ID)).toEqual(expected);
  });

  it.each([
    [{ code: 486, subCode: 0 }, 'declined'],
    [{ code: 603, subCode: 0 }, 'declined'],
    [{ code: 408, subCode: 0 }, 'hung_up'],
    [{ code: 500, subCode: 9001 }, 'failed'],
    [undefined, 'failed'],
  ])('reads CreateCallFailed %j as %s', (resultInformation, reason) => {
    const body = withData('create-call-failed-declined.json', { resultInformation });
    expect(lineEventsFromCallbacks(body, CALL_ID)).toEqual([disconnected(reason)]);
  });

  it.each([
    [{ code: 603, subCode: 0 }, 'declined'],
    [{ code: 487, subCode: 0 }, 'hung_up'],
    [{ code: 500, subCode: 9001 }, 'failed'],
    [undefined, 'hung_up'],
  ])('reads CallDisconnected %j as %s', (resultInformation, reason) => {
    const body = withData('call-disconnected.json', { resultInformation });
    expect(lineEventsFromCallbacks(body, CALL_ID)).toEqual([disconnected(reason)]);
  });

  it('returns nothing for an empty array', () => {
    expect(lineEventsFromCallbacks([], CALL_ID)).toEqual([]);
  });

  it.each([
    ['an object', { type: 'Microsoft.Communication.CallConnected' }],
    ['a string', JSON.stringify(fixture('call-connected.json'))],
    ['null', null],
    ['an array of non-events', [1, 'two']],
    [
      'an event without type',
      [{ id: '1', source: 'calling/callConnections/x', specversion: '1.0', data: {} }],
    ],
  ])('rejects %s with a message', (_, body) => {
    expect(() => lineEventsFromCallbacks(body, CALL_ID)).toThrow(AcsCallbackError);
    expect(() => lineEventsFromCallbacks(body, CALL_ID)).toThrow(/not an array of CloudEvents/);
  });

  it('rejects a call event without its data', () => {
    const body = withData('call-disconnected.json', { callConnectionId: undefined });
    expect(() => lineEventsFromCallbacks(body, CALL_ID)).toThrow(
      /event 0 \(Microsoft.Communication.CallDisconnected\) has unexpected data[\s\S]*callConnectionId/,
    );
  });
});

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'acs', name), 'utf8'));
}

/** A one-event fixture with some of its data replaced (undefined removes the field). */
function withData(name: string, data: Record<string, unknown>): unknown {
  const [event] = fixture(name) as [{ data: Record<string, unknown> }];
  return [{ ...event, data: JSON.parse(JSON.stringify({ ...event.data, ...data })) }];
}
