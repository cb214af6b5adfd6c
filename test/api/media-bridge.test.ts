import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callbackSecretFor } from '../../shared/http/acs-callback-auth';
import { encodeInboundAudio, encodeMetadata } from '../../shared/voice/acs-media';
import { EXAMPLE_REQUEST, readJson } from '../support/calls';
import { FakeAcs } from '../support/fake-acs';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * The local host as a media bridge for ACS: calls are placed with bidirectional media streaming to the
 * host's `/api/media/{call_id}` (wss, with the call's secret), and a client speaking the ACS format on
 * that URL gets the bot's voice. ACS's REST API is answered by a fake through the SDK's transport.
 */

const BOT_NUMBER = '+33100000000';
const PUBLIC_URL = 'https://bridge.example.net';
const MASTER_SECRET = randomBytes(32);
const CONNECTION_STRING = `endpoint=https://contoso.communication.azure.com/;accesskey=${Buffer.from('not-a-real-key').toString('base64')}`;

let host: RunningLocalHost;
const acs = new FakeAcs({ botNumber: BOT_NUMBER });

beforeAll(async () => {
  host = await startLocalHost(
    {
      telephony: {
        backend: 'acs',
        acs: {
          connection_string: CONNECTION_STRING,
          phone_number: BOT_NUMBER,
          resource_id: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9',
          media_bridge: true,
        },
      },
      host: { public_url: PUBLIC_URL },
      security: {
        callback_secret: MASTER_SECRET.toString('base64'),
        report_secret: MASTER_SECRET.toString('base64'),
      },
    },
    { acsHttpClient: acs },
  );
});
afterAll(async () => host?.close());

describe('the local host as an ACS media bridge', () => {
  it('asks ACS to stream the call to its media socket, which then carries the bot’s voice', async () => {
    const phone = '+33612349876';
    const response = await fetch(`${host.baseUrl}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...EXAMPLE_REQUEST, phone_number: phone }),
    });
    const { call_id: callId } = await readJson(response);
    const secret = callbackSecretFor(MASTER_SECRET, callId);
    const request = await eventually(async () =>
      acs.requests.find(
        (r) =>
          r.path === '/calling/callConnections' &&
          (r.body as { targets?: { phoneNumber?: { value?: string } }[] }).targets?.[0]?.phoneNumber
            ?.value === phone,
      ),
    );
    expect(request.body).toMatchObject({
      mediaStreamingOptions: {
        transportUrl: `wss://bridge.example.net/api/media/${callId}?secret=${encodeURIComponent(secret)}`,
        transportType: 'websocket',
        enableBidirectional: true,
        audioFormat: 'pcm16KMono',
        startMediaStreaming: true,
      },
    });

    // ACS connects (here over plain ws to the test's port) as soon as the call is answered.
    await eventually(async () =>
      (await host.app.services.store.get(callId))?.lifecycle.state === 'ringing' ? true : undefined,
    );
    const media = new WebSocket(
      `${host.baseUrl.replace(/^http/, 'ws')}/api/media/${callId}?secret=${encodeURIComponent(secret)}`,
    );
    const received: string[] = [];
    media.on('message', (data) => received.push(data.toString()));
    await new Promise((resolve, reject) => {
      media.once('open', resolve);
      media.once('error', reject);
    });
    media.send(encodeMetadata({ subscriptionId: 'acs-subscription', sampleRate: 16_000 }));
    media.send(encodeInboundAudio(new Int16Array(320), { participant: `4:${phone}`, silent: true }));
    // The greeting is synthesized first (Flite, on a busy machine several seconds): not a latency test.
    await eventually(async () => (received.length >= 10 ? true : undefined), 20_000);
    expect(JSON.parse(received[0] as string)).toMatchObject({
      kind: 'AudioData',
      audioData: { data: expect.any(String) },
    });
    media.close();
  }, 40_000);
});
