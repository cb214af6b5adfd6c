import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { ACS_OPENID_CONFIGURATION_URL, callbackSecretFor } from '../../shared/http/acs-callback-auth';
import { AcsSigningServer, acsCallbackToken, jwk, makeKey, type SigningKey } from '../support/acs-signing';
import { readJson, type CallView } from '../support/calls';
import { FakeAcs, phoneNumber, type RecordedRequest } from '../support/fake-acs';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { acsHostSettings, BOT_NUMBER, MASTER_SECRET, PUBLIC_URL, RESOURCE_ID } from './acs-host';

/**
 * What the telephony endpoint tests share: the local host configured for Azure Communication
 * Services, with ACS's REST API answered by a fake (the SDK's HTTP transport) and ACS's callback
 * signing keys served by a local HTTP server that requests for ACS's real host are sent to; and the
 * Event Grid deliveries and ACS callbacks they post to it, built from the recorded fixtures.
 */

let phoneCounter = 0;
/** A valid French mobile number no other test of the file uses: +33 6 1x xx xx xx. */
export function uniquePhone(): string {
  phoneCounter += 1;
  return `+3361${String(1_000_000 + phoneCounter * 7_919).slice(-7)}`;
}

export function fixture(...path: string[]): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', ...path), 'utf8'));
}

type EventGridEvent = { data: Record<string, unknown>; [field: string]: unknown };

/** An IncomingCall Event Grid delivery from `from` to `to`, with its own incoming call context. */
export function incomingCall(from: string, to = BOT_NUMBER): { delivery: unknown; context: string } {
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
export function withFreshContexts(name: string): { delivery: unknown; contexts: string[] } {
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

/** An ACS callback body: a fixture's CloudEvents, about this call and this call connection. */
export function callbackEvents(name: string, callId: string, callConnectionId: string): unknown {
  const events = fixture('acs', name) as { data: Record<string, unknown>; [field: string]: unknown }[];
  return events.map((event) => ({
    ...event,
    id: randomUUID(),
    source: `calling/callConnections/${callConnectionId}`,
    subject: `calling/callConnections/${callConnectionId}`,
    data: { ...event.data, callConnectionId, operationContext: callId },
  }));
}

export function callbackUriOf(callId: string, secret = callbackSecretFor(MASTER_SECRET, callId)): string {
  return `${PUBLIC_URL}/api/callbacks/${callId}?secret=${secret}`;
}

export async function errorOf(response: Response) {
  const body = await readJson<{
    error: { message: string; details: { field: string; message: string }[] };
  }>(response);
  return body.error;
}

export interface AnsweredCall {
  readonly call: CallView;
  readonly callbackUri: string;
  readonly connectionId: string;
}

/** The host, the fakes behind it, and the requests a test makes to it (arrow functions: destructurable). */
export class TelephonyRig {
  // Set before the first test of the file (useTelephonyRig).
  host!: RunningLocalHost;
  acs!: FakeAcs;
  signing!: AcsSigningServer;
  /** The key ACS publishes, and one it does not. */
  acsKey!: SigningKey;
  strangerKey!: SigningKey;

  readonly postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${this.host.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  readonly postEventGrid = (body: unknown) => this.postJson('/api/events/incoming-call', body);

  readonly signed = (overrides: Record<string, unknown> = {}) =>
    `Bearer ${acsCallbackToken(this.acsKey, RESOURCE_ID, overrides)}`;

  /** POSTs to a callback URL as ACS would: to its path and query, with ACS's signed token. */
  readonly postCallback = (
    callbackUri: string,
    body: unknown,
    authorization: string | null = this.signed(),
  ) => {
    const url = new URL(callbackUri);
    expect(url.origin).toBe(PUBLIC_URL);
    return this.postJson(
      `${url.pathname}${url.search}`,
      body,
      authorization === null ? {} : { authorization },
    );
  };

  readonly callsOf = async (phone: string): Promise<CallView[]> => {
    const response = await fetch(`${this.host.baseUrl}/api/call?phone_number=${encodeURIComponent(phone)}`);
    expect(response.status).toBe(200);
    return readJson<CallView[]>(response);
  };

  readonly getCall = async (callId: string): Promise<CallView> => {
    const response = await fetch(`${this.host.baseUrl}/api/call/${callId}`);
    expect(response.status).toBe(200);
    return readJson(response);
  };

  /** Polls the call until `matches`; returns it. */
  readonly callWhen = (callId: string, matches: (call: CallView) => boolean): Promise<CallView> =>
    eventually(async () => {
      const call = await this.getCall(callId);
      return matches(call) ? call : undefined;
    });

  readonly answerRequestFor = (context: string): RecordedRequest | undefined =>
    this.acs.requests.find(
      (request) =>
        request.path === '/calling/callConnections:answer' &&
        (request.body as { incomingCallContext?: string }).incomingCallContext === context,
    );

  readonly createCallRequestTo = (phone: string): RecordedRequest | undefined =>
    this.acs.requests.find(
      (request) =>
        request.path === '/calling/callConnections' &&
        (request.body as { targets?: { phoneNumber?: { value?: string } }[] }).targets?.[0]?.phoneNumber
          ?.value === phone,
    );

  /** Someone calls the bot from `phone`; resolves once ACS was asked to answer and the call is ringing. */
  readonly answeredInboundCall = async (phone: string): Promise<AnsweredCall> => {
    const { delivery, context } = incomingCall(phone);
    const response = await this.postEventGrid(delivery);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ started: 1 });

    const [call, ...others] = await this.callsOf(phone);
    expect(others).toEqual([]);
    if (!call) throw new Error(`no call stored for ${phone}`);
    const answer = await eventually(async () => this.answerRequestFor(context));
    const callbackUri = (answer.body as { callbackUri: string }).callbackUri;
    const connectionId = this.acs.connectionIdByCallbackUri.get(callbackUri);
    if (!connectionId) throw new Error('the fake ACS gave the answered call no connection id');
    const ringing = await this.callWhen(
      call.call_id,
      (c) => c.lifecycle.state === 'ringing' && c.connection_id === connectionId,
    );
    return { call: ringing, callbackUri, connectionId };
  };
}

/** Starts the signing server, the fake ACS and the host before the file's tests; stops them after. */
export function useTelephonyRig(): TelephonyRig {
  const rig = new TelephonyRig();
  beforeAll(async () => {
    rig.acsKey = makeKey('acs-key-1');
    rig.strangerKey = makeKey('stranger-key');
    rig.signing = new AcsSigningServer({ advertisedOrigin: new URL(ACS_OPENID_CONFIGURATION_URL).origin });
    await rig.signing.start();
    rig.signing.jwks = { keys: [jwk(rig.acsKey)] };
    rig.acs = new FakeAcs({ botNumber: BOT_NUMBER });
    rig.host = await startLocalHost(acsHostSettings(), {
      acsHttpClient: rig.acs,
      fetch: rig.signing.fetchToHere(),
    });
  });
  afterAll(async () => {
    await rig.host?.close();
    await rig.signing?.stop();
  });
  return rig;
}
