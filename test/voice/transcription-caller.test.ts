import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { StreamingData, type TranscriptionData } from '@azure/communication-call-automation';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectAccepted,
  eventAcknowledged,
  readWebPubSubUpstream,
  type WebPubSubEvent,
} from '../../shared/http/web-pubsub-upstream';
import { eventually } from '../support/eventually';
import { FAKE_WEB_PUBSUB_ORIGIN, FakeWebPubSub } from '../support/fake-web-pubsub';
import { TranscriptionCaller } from '../support/transcription-caller';

/** The scripted ACS transcription stream, through the fake Web PubSub to an upstream using our reader. */

const MICROSOFT_SAMPLES = join(__dirname, '../../../shared/tools/functions-host/fixtures/azure');

let fake: FakeWebPubSub;
let upstream: Server;
let service: WebPubSubServiceClient;
let events: WebPubSubEvent[];

beforeEach(async () => {
  events = [];
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request = {
        method: req.method ?? 'POST',
        url: url.toString(),
        headers: { get: (name: string) => (req.headers[name.toLowerCase()] as string | undefined) ?? null },
        query: url.searchParams,
        params: {},
        text: async () => Buffer.concat(chunks).toString('utf8'),
      };
      const options = {
        hub: 'calls',
        accessKeys: [fake.accessKey],
        allowedOrigins: [FAKE_WEB_PUBSUB_ORIGIN],
      };
      void readWebPubSubUpstream(request, options).then(
        (read) => {
          if (read.kind === 'event') events.push(read.event);
          const answer =
            read.kind === 'event' && read.event.type === 'connect' ? connectAccepted() : eventAcknowledged();
          res.writeHead(answer.status).end();
        },
        () => res.writeHead(400).end(),
      );
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  fake = new FakeWebPubSub({ upstreamUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/` });
  service = new WebPubSubServiceClient(await fake.start(), 'calls', { allowInsecureConnection: true });
});

afterEach(async () => {
  await fake.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

const frames = () =>
  events.filter((e) => e.type === 'message').map((e) => JSON.parse(e.text ?? '') as unknown);
const transcriptions = () =>
  events
    .filter((e) => e.type === 'message')
    .map((e) => StreamingData.parse(e.text ?? ''))
    .filter((d): d is TranscriptionData => 'resultState' in d);

async function caller(realTime = false) {
  const { url } = await service.getClientAccessToken({ userId: 'call-1', expirationTimeInMinutes: 60 });
  return TranscriptionCaller.connect({
    transportUrl: url,
    caller: '+33612345678',
    locale: 'fr-FR',
    realTime,
  });
}

describe('TranscriptionCaller', () => {
  it('connects as the call, sends metadata first, then growing hypotheses and the final text', async () => {
    const call = await caller();
    await call.say('Je voudrais déclarer un sinistre.', { intermediateSteps: 3, durationMs: 1760 });
    await eventually(async () => (frames().length === 5 ? true : undefined));
    expect(events[0]).toMatchObject({ type: 'connect', userId: 'call-1' });
    expect(frames()[0]).toMatchObject({
      kind: 'TranscriptionMetadata',
      transcriptionMetadata: { locale: 'fr-FR' },
    });
    const data = transcriptions();
    expect(data.map((d) => [d.resultState, d.text])).toEqual([
      ['Intermediate', 'je'],
      ['Intermediate', 'je voudrais déclarer'],
      ['Intermediate', 'je voudrais déclarer un'],
      ['Final', 'Je voudrais déclarer un sinistre.'],
    ]);
    const final = data[3]!;
    expect(final.durationInTicks).toBe(17_600_000);
    expect(final.words.map((w) => w.text)).toEqual(['je', 'voudrais', 'déclarer', 'un', 'sinistre']);
    expect(final.words.reduce((sum, w) => sum + w.durationInTicks, 0)).toBe(17_600_000);
    expect(final.participant).toMatchObject({ kind: 'phoneNumber', phoneNumber: '+33612345678' });
    expect(data.every((d) => d.offsetInTicks === data[0]!.offsetInTicks)).toBe(true);
  });

  it('writes frames with exactly the fields of the Microsoft samples', async (context) => {
    if (!existsSync(MICROSOFT_SAMPLES)) return context.skip('the functions-host fixtures are absent');
    const sample = (name: string) =>
      JSON.parse(readFileSync(join(MICROSOFT_SAMPLES, name), 'utf8')) as unknown;
    const call = await caller();
    await call.say('Hello everyone.', { intermediateSteps: 1 });
    await eventually(async () => (frames().length === 3 ? true : undefined));
    const [metadata, intermediate, final] = frames();
    expect(shape(metadata)).toEqual(shape(sample('media-transcription-metadata.sdkjs-test.json')));
    expect(shape(final)).toEqual(shape(sample('media-transcription-data.sdkjs-test.json')));
    expect(shape(intermediate)).toEqual(shape(final));
  });

  it('moves the stream clock on between utterances, and interrupts with Intermediate frames only', async () => {
    const call = await caller();
    await call.say('Hello.', { durationMs: 400 });
    await call.interrupt(600, 'wait a second', 200);
    await eventually(async () => (transcriptions().length === 5 ? true : undefined));
    const data = transcriptions();
    const interruption = data.slice(2);
    expect(interruption.map((d) => [d.resultState, d.text, d.durationInTicks])).toEqual([
      ['Intermediate', 'wait', 2_000_000],
      ['Intermediate', 'wait a', 4_000_000],
      ['Intermediate', 'wait a second', 6_000_000],
    ]);
    expect(interruption[0]!.offsetInTicks).toBeGreaterThanOrEqual(
      data[1]!.offsetInTicks + data[1]!.durationInTicks,
    );
  });

  it('paces frames over the speech on the wall clock in real time', async () => {
    const call = await caller(true);
    const started = performance.now();
    await call.interrupt(300, 'wait', 100);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('receives what the app sends the connection, and ends with a disconnected event when closed', async () => {
    const call = await caller();
    const connectionId = [...fake.connections.values()][0]!.id;
    await service.sendToConnection(connectionId, 'hello ACS', { contentType: 'text/plain' });
    await eventually(async () => (call.received.length ? true : undefined));
    expect(call.received).toEqual(['hello ACS']);
    await call.close();
    await eventually(async () => events.find((e) => e.type === 'disconnected'));
  });

  it('rejects with the HTTP status when the token is refused', async () => {
    const { baseUrl } = await service.getClientAccessToken();
    await expect(
      TranscriptionCaller.connect({ transportUrl: `${baseUrl}?access_token=forged` }),
    ).rejects.toThrow('HTTP 401');
  });
});

/** A JSON value's structure: keys and value types, recursively (arrays by their first element). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return [shape(value[0])];
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, shape(v)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  }
  return typeof value;
}
