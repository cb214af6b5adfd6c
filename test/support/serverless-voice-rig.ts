import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Features } from '../../shared/config';
import type { CallState } from '../../shared/domain/call';
import { ACS_OPENID_CONFIGURATION_URL } from '../../shared/http/acs-callback-auth';
import { AcsSigningServer, acsCallbackToken, jwk, makeKey, type SigningKey } from './acs-signing';
import { FakeAcs, phoneNumber, type RecordedRequest } from './fake-acs';
import { FakeWebPubSub } from './fake-web-pubsub';
import { eventually, startLocalHost, type RunningLocalHost } from './local-host';
import { TranscriptionCaller } from './transcription-caller';

/**
 * A host on the serverless voice loop with everything at its protocol boundary: the host (the same
 * handlers and orchestration as the Functions app, on the local workflow runner) is configured for ACS
 * and Web PubSub; ACS's REST API is a fake behind the SDK's HTTP transport; a fake Web PubSub service
 * checks the token the app put in the transcription URL and POSTs signed CloudEvents to the app's
 * upstream; a scripted ACS transcription client streams what the caller says; ACS's callbacks are signed
 * with a local key. Nothing of our own is replaced.
 */

export const BOT_NUMBER = '+33100000000';
const RESOURCE_ID = '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9';
const PUBLIC_URL = 'https://callcenter.example.net';
const ACS_CONNECTION_STRING = `endpoint=https://contoso.communication.azure.com/;accesskey=${Buffer.from('key').toString('base64')}`;
export const COGNITIVE_SERVICES = 'https://contoso-ai.cognitiveservices.azure.com/';

export interface LiveCall {
  readonly callId: string;
  readonly callbackUri: string;
  readonly connectionId: string;
  readonly caller: TranscriptionCaller;
}

export class ServerlessVoiceRig {
  private constructor(
    readonly host: RunningLocalHost,
    readonly acs: FakeAcs,
    readonly webPubSub: FakeWebPubSub,
    readonly connectionString: string,
    private readonly signing: AcsSigningServer,
    private readonly acsKey: SigningKey,
  ) {}

  /** `config`: more config values (e.g. `telemetry`), as a user would set them. */
  static async start(
    features: Partial<Features> = {},
    config: Record<string, unknown> = {},
  ): Promise<ServerlessVoiceRig> {
    const acsKey = makeKey('acs-key-1');
    const signing = new AcsSigningServer({ advertisedOrigin: new URL(ACS_OPENID_CONFIGURATION_URL).origin });
    await signing.start();
    signing.jwks = { keys: [jwk(acsKey)] };
    const acs = new FakeAcs({ botNumber: BOT_NUMBER });
    // The fake reads its options on each event: the upstream URL is known once the host listens.
    const upstream = { upstreamUrl: 'http://127.0.0.1:1/unset' };
    const webPubSub = new FakeWebPubSub(upstream);
    const connectionString = await webPubSub.start();
    const secret = randomBytes(32).toString('base64');
    const host = await startLocalHost(
      {
        telephony: {
          backend: 'acs',
          acs: {
            connection_string: ACS_CONNECTION_STRING,
            phone_number: BOT_NUMBER,
            resource_id: RESOURCE_ID,
            cognitive_services_endpoint: COGNITIVE_SERVICES,
            web_pubsub: { connection_string: connectionString },
          },
        },
        host: { public_url: PUBLIC_URL },
        security: { callback_secret: secret, report_secret: secret },
        features: { vad_cutoff_timeout_ms: 250, phone_silence_timeout_sec: 30, ...features },
        ...config,
      },
      { acsHttpClient: acs, fetch: signing.fetchToHere() },
    );
    upstream.upstreamUrl = `${host.baseUrl}/api/webpubsub/calls`;
    return new ServerlessVoiceRig(host, acs, webPubSub, connectionString, signing, acsKey);
  }

  async close(): Promise<void> {
    await this.host.close();
    await this.webPubSub.close();
    await this.signing.stop();
  }

  async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.host.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  /** Someone calls the bot: Event Grid's IncomingCall to the webhook. */
  async ring(from: string, to = BOT_NUMBER): Promise<Response> {
    const [event] = fixture('eventgrid', 'incoming-call-pstn.json') as [{ data: object }];
    return this.post('/api/events/incoming-call', [
      {
        ...event,
        id: randomUUID(),
        data: {
          ...event.data,
          from: phoneNumber(from),
          to: phoneNumber(to),
          incomingCallContext: `context-${randomUUID()}`,
          correlationId: randomUUID(),
        },
      },
    ]);
  }

  /** A signed callback of CloudEvents of `type`s, for this call. */
  async callback(
    call: Pick<LiveCall, 'callbackUri' | 'connectionId'>,
    events: { type: string; data?: object }[],
  ): Promise<void> {
    const url = new URL(call.callbackUri);
    const body = events.map(({ type, data }) => ({
      id: randomUUID(),
      source: `calling/callConnections/${call.connectionId}`,
      type,
      specversion: '1.0',
      data: { callConnectionId: call.connectionId, ...data },
    }));
    const response = await this.post(`${url.pathname}${url.search}`, body, {
      authorization: `Bearer ${acsCallbackToken(this.acsKey, RESOURCE_ID)}`,
    });
    expect(response.status).toBe(200);
  }

  /** Connects the call ACS placed or answered with `request` and streams its transcription as ACS does. */
  async connect(request: RecordedRequest, from: string): Promise<LiveCall> {
    const body = request.body as { callbackUri: string; transcriptionOptions?: { transportUrl: string } };
    const callId = /\/api\/callbacks\/([^?]+)/.exec(body.callbackUri)?.[1] as string;
    const connectionId = this.acs.connectionIdByCallbackUri.get(body.callbackUri) as string;
    const call = { callId, callbackUri: body.callbackUri, connectionId };
    await this.callback(call, [{ type: 'Microsoft.Communication.CallConnected' }]);
    const transportUrl = body.transcriptionOptions?.transportUrl as string;
    const caller = await TranscriptionCaller.connect({ transportUrl, caller: from, realTime: false });
    return { ...call, caller };
  }

  /** Rings, lets the app answer, connects, and streams the call's transcription. */
  async connectedCall(from: string): Promise<LiveCall> {
    const before = this.acs.requests.length;
    expect((await this.ring(from)).status).toBe(200);
    const answer = await eventually(async () =>
      this.acs.requests.slice(before).find((r) => r.path === '/calling/callConnections:answer'),
    );
    return this.connect(answer, from);
  }

  /** The call's requests to ACS whose path ends with `action` (`:play`, `:terminate`...). */
  requestsOf(call: LiveCall, action: string): RecordedRequest[] {
    return this.acs.requests.filter(
      (r) => r.path === `/calling/callConnections/${call.connectionId}${action}`,
    );
  }

  plays(call: LiveCall): RecordedRequest[] {
    return this.requestsOf(call, ':play');
  }

  async storedCall(callId: string): Promise<CallState> {
    return (await this.host.app.services.store.get(callId)) as CallState;
  }

  /** Waits for the `n`th play of the call (1-based), and says it started (and completed), as ACS would. */
  async hear(call: LiveCall, n: number, { complete = true } = {}): Promise<string> {
    const request = await eventually(async () => this.plays(call)[n - 1]);
    const { text, context } = played(request);
    await this.callback(call, [
      { type: 'Microsoft.Communication.PlayStarted', data: { operationContext: context } },
    ]);
    if (complete) {
      await this.callback(call, [
        { type: 'Microsoft.Communication.PlayCompleted', data: { operationContext: context } },
      ]);
    }
    return text;
  }
}

/** The text of a play request's SSML, and its operation context. */
export function played(request: RecordedRequest): { text: string; context: string } {
  const body = request.body as { playSources: { ssml?: { ssmlText: string } }[]; operationContext: string };
  const ssml = body.playSources[0]?.ssml?.ssmlText ?? '';
  return { text: ssml.replace(/<[^>]+>/g, ''), context: body.operationContext };
}

function fixture(...path: string[]): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', ...path), 'utf8'));
}
