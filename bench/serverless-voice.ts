import { createHmac, randomBytes } from 'node:crypto';
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHttpHeaders, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { startLocalHost as startHost } from '../local/host';
import { loadConfig } from '../shared/config';
import { silentLogger } from '../shared/log';
import type { HttpClient } from '../shared/providers/telephony/acs';
import { CallEvent } from '../shared/workflow/call-contract';
import { summarize, type Summary } from './stats';

/**
 * The serverless voice loop's own time: from the Web PubSub upstream request that carries a caller's
 * final transcript to the first Call Automation play request of the answer, through everything the app
 * does in between (signature check, decode, the turn claimed on the call document, the event to the call's
 * orchestration, the turn activity loading the call and the conversation, the offline agent answering in
 * process, the sentence queued on the call document, the play request). ACS's REST API is answered in
 * process after a fixed delay (a timer stands for the network hop), as the SDK's HTTP transport.
 */

export interface ServerlessVoiceBench {
  /** Upstream request sent → first play request of the answer sent. */
  readonly firstPlay: Summary;
  readonly calls: number;
}

const ACS_DELAY_MS = 20;
const LINES = [
  'My name is Jane Doe',
  'My policy number is AB-123456',
  'It happened yesterday at three in the afternoon',
  'A tree fell on my car in front of my house',
  'Nobody was hurt',
  'Yes that is right',
];

export async function benchServerlessVoice(
  turnsPerCall: number,
  calls: number,
): Promise<ServerlessVoiceBench> {
  const acs = new TimedAcs();
  const accessKey = randomBytes(32).toString('base64');
  const dir = mkdtempSync(join(tmpdir(), 'bench-serverless-'));
  const secret = randomBytes(32).toString('base64');
  const config = loadConfig({
    env: {},
    cwd: dir,
    overrides: {
      data_dir: dir,
      telephony: {
        backend: 'acs',
        acs: {
          connection_string: `endpoint=https://bench.communication.azure.com/;accesskey=${accessKey}`,
          phone_number: '+33100000000',
          resource_id: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9',
          cognitive_services_endpoint: 'https://bench.cognitiveservices.azure.com/',
          web_pubsub: {
            connection_string: `Endpoint=https://bench.webpubsub.azure.com;AccessKey=${accessKey};`,
          },
        },
      },
      host: { public_url: 'https://bench.example.net' },
      security: { callback_secret: secret, report_secret: secret },
      features: { phone_silence_timeout_sec: 3_600 },
    },
  });
  const host = await startHost(config, { log: silentLogger, port: 0, acsHttpClient: acs });
  const voice = host.app.services.serverlessVoice;
  if (!voice) throw new Error('the serverless voice loop did not start');
  const samples: number[] = [];
  try {
    for (let c = 0; c < calls; c++) {
      const callId = await connectedCall(host.url, host.app.runner, acs, c);
      for (let turn = 0; turn < turnsPerCall; turn++) {
        const before = acs.plays.length;
        const sentAt = performance.now();
        await postFinal(host.url, accessKey, callId, LINES[turn % LINES.length] as string, turn);
        const first = await waitFor(() => acs.plays[before]);
        // The first turn of a call warms its code paths (and the offline agent's): left out.
        if (turn > 0) samples.push(first.at - sentAt);
        // ACS reports the answer played: the next turn finds the bot quiet, as on a real call.
        await waitFor(async () =>
          (await host.app.services.store.get(callId))?.voice?.answering === null ? 1 : 0,
        );
        for (const play of acs.plays.slice(before)) {
          await voice.onPlayEvent(callId, 'started', play.context, async () => undefined);
          await voice.onPlayEvent(callId, 'completed', play.context, async () => undefined);
        }
      }
    }
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { firstPlay: summarize(samples), calls };
}

/** Places a call through the API, and connects it as ACS's CallConnected callback would. */
async function connectedCall(
  baseUrl: string,
  runner: { raiseEvent(id: string, name: string, data?: unknown): Promise<void> },
  acs: TimedAcs,
  index: number,
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      bot_company: 'Contoso',
      bot_name: 'Amélie',
      phone_number: `+3361200${String(1000 + index).slice(-4)}`,
      agent_phone_number: '+33687654321',
      task: 'Help the customer with their car insurance claim.',
    }),
  });
  if (response.status !== 201) throw new Error(`POST /api/call answered ${response.status}`);
  const { call_id: callId } = (await response.json()) as { call_id: string };
  await waitFor(() => acs.created.get(callId));
  const greeted = acs.plays.length;
  await runner.raiseEvent(callId, CallEvent.connected);
  await waitFor(() => acs.plays[greeted]);
  return callId;
}

/** The upstream request Web PubSub sends for a transcription frame, signed with the access key. */
async function postFinal(baseUrl: string, key: string, callId: string, text: string, n: number) {
  const connectionId = `conn-${callId}`;
  const frame = {
    kind: 'TranscriptionData',
    transcriptionData: {
      text,
      format: 'display',
      confidence: 0.9,
      offset: n * 100_000_000,
      duration: 20_000_000,
      words: [],
      participantRawID: '4:+33612000000',
      resultStatus: 'Final',
    },
  };
  const response = await fetch(`${baseUrl}/api/webpubsub/calls`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain',
      'ce-specversion': '1.0',
      'ce-type': 'azure.webpubsub.user.message',
      'ce-source': `/hubs/calls/client/${connectionId}`,
      'ce-id': String(n),
      'ce-time': new Date().toISOString(),
      'ce-hub': 'calls',
      'ce-connectionId': connectionId,
      'ce-userId': callId,
      'ce-eventName': 'message',
      'ce-signature': `sha256=${createHmac('sha256', key).update(connectionId).digest('hex')}`,
      'webhook-request-origin': 'bench.webpubsub.azure.com',
    },
    body: JSON.stringify(frame),
  });
  if (response.status >= 300) throw new Error(`upstream answered ${response.status}`);
}

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('benchmark: condition not met in time');
    await sleep(1);
  }
}

/** ACS Call Automation's REST API as the SDK's transport: each answer after a fixed delay. */
class TimedAcs implements HttpClient {
  readonly plays: { at: number; context: string }[] = [];
  /** ACS call connection id of each call placed, by call id. */
  readonly created = new Map<string, string>();
  private count = 0;

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const path = new URL(request.url).pathname;
    const body = typeof request.body === 'string' ? JSON.parse(request.body) : {};
    if (path.endsWith(':play')) this.plays.push({ at: performance.now(), context: body.operationContext });
    await sleep(ACS_DELAY_MS);
    const reply = (status: number, json?: unknown): PipelineResponse => ({
      request,
      status,
      headers: createHttpHeaders(json === undefined ? {} : { 'content-type': 'application/json' }),
      bodyAsText: json === undefined ? '' : JSON.stringify(json),
    });
    if (path === '/calling/callConnections') {
      const callConnectionId = `bench-${++this.count}`;
      const callId = /\/api\/callbacks\/([^?]+)/.exec(body.callbackUri)?.[1] ?? '';
      this.created.set(callId, callConnectionId);
      return reply(201, {
        callConnectionId,
        serverCallId: 'server-call',
        targets: body.targets,
        callConnectionState: 'connecting',
        callbackUri: body.callbackUri,
        sourceCallerIdNumber: body.sourceCallerIdNumber,
        correlationId: 'correlation',
      });
    }
    return reply(202);
  }
}
