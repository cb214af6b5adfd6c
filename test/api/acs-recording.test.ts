import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACS_OPENID_CONFIGURATION_URL, callbackSecretFor } from '../../shared/http/acs-callback-auth';
import { AcsSigningServer, acsCallbackToken, jwk, makeKey, type SigningKey } from '../support/acs-signing';
import { EXAMPLE_REQUEST } from '../support/calls';
import { FakeAcs } from '../support/fake-acs';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { acsHostSettings, BOT_NUMBER, MASTER_SECRET, PUBLIC_URL, RESOURCE_ID } from './acs-host';

/**
 * Call recording on ACS (`recording_enabled`), at the protocol boundary: the local host configured for
 * ACS places a call through the fake Call Automation REST API; ACS's signed CallConnected callback
 * makes the app start a recording (`POST /calling/recordings`, the SDK's real wire request) into the
 * configured container, once, and its id and state end up on the call.
 */

const CONTAINER_URL = 'https://callcenterrec.blob.core.windows.net/recordings';

let acs: FakeAcs;
let signing: AcsSigningServer;
let acsKey: SigningKey;

async function acsHost(recording: boolean): Promise<RunningLocalHost> {
  return startLocalHost(
    acsHostSettings({
      features: { recording_enabled: recording },
      recording: { container_url: CONTAINER_URL },
    }),
    { acsHttpClient: acs, fetch: signing.fetchToHere() },
  );
}

beforeAll(async () => {
  acsKey = makeKey('acs-key-1');
  signing = new AcsSigningServer({ advertisedOrigin: new URL(ACS_OPENID_CONFIGURATION_URL).origin });
  await signing.start();
  signing.jwks = { keys: [jwk(acsKey)] };
  acs = new FakeAcs({ botNumber: BOT_NUMBER });
});
afterAll(async () => signing?.stop());

function callbackEvents(name: string, callId: string, callConnectionId: string, data = {}): unknown {
  const path = join(__dirname, '..', 'fixtures', 'acs', name);
  const events = JSON.parse(readFileSync(path, 'utf8')) as { data: Record<string, unknown> }[];
  return events.map((event) => ({
    ...event,
    id: randomUUID(),
    source: `calling/callConnections/${callConnectionId}`,
    data: { ...event.data, callConnectionId, operationContext: callId, ...data },
  }));
}

function eventGridFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'eventgrid', name), 'utf8'));
}

interface RecordingFilesEvent {
  subject: string;
  data: {
    recordingStartTime: string;
    recordingStorageInfo: { recordingChunks: { contentLocation: string; metadataLocation: string }[] };
  };
}

/** Microsoft's sample RecordingFileStatusUpdated, for this recording, started at `startedAt`. */
function recordingFilesEvent(recordingId: string, startedAt: string): RecordingFilesEvent[] {
  const [event] = eventGridFixture('recording-file-status-updated.json') as [RecordingFilesEvent];
  event.subject = `/recording/call/8e6f5a4b/serverCallId/aHR0cHM6Ly9h/recordingId/${recordingId}`;
  event.data.recordingStartTime = startedAt;
  return [event];
}

function postCallback(host: RunningLocalHost, callId: string, body: unknown) {
  const secret = callbackSecretFor(MASTER_SECRET, callId);
  return fetch(`${host.baseUrl}/api/callbacks/${callId}?secret=${secret}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${acsCallbackToken(acsKey, RESOURCE_ID)}`,
    },
    body: JSON.stringify(body),
  });
}

/** Places a call to `phone` and answers it the way ACS does: the CallConnected callback. */
async function connectedCall(host: RunningLocalHost, phone: string) {
  const response = await fetch(`${host.baseUrl}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...EXAMPLE_REQUEST, phone_number: phone }),
  });
  expect(response.status).toBe(201);
  const { call_id: callId } = (await response.json()) as { call_id: string };
  const connectionId = await eventually(
    async () => (await host.app.services.store.get(callId))?.connection_id ?? undefined,
  );
  const connected = callbackEvents('call-connected.json', callId, connectionId);
  expect((await postCallback(host, callId, connected)).status).toBe(200);
  return { callId, connectionId, connected };
}

const recordingRequests = () => acs.requests.filter((r) => r.path === '/calling/recordings');

describe('ACS call recording', () => {
  it('starts recording into the container when the call connects, once, and keeps its id and state', async () => {
    const host = await acsHost(true);
    try {
      const before = recordingRequests().length;
      const { callId, connectionId, connected } = await connectedCall(host, '+33612000101');
      const call = await eventually(async () => {
        const stored = await host.app.services.store.get(callId);
        return stored?.recordings.length ? stored : undefined;
      });
      const [request, ...more] = recordingRequests().slice(before);
      expect(more).toEqual([]);
      expect(request?.method).toBe('POST');
      expect(request?.body).toMatchObject({
        callConnectionId: connectionId,
        recordingContentType: 'audio',
        recordingChannelType: 'unmixed',
        recordingFormatType: 'wav',
        externalStorage: {
          recordingStorageKind: 'azureBlobStorage',
          recordingDestinationContainerUrl: CONTAINER_URL,
        },
        recordingStateCallbackUri: `${PUBLIC_URL}/api/callbacks/${callId}?secret=${callbackSecretFor(MASTER_SECRET, callId)}`,
      });
      expect(call.recordings).toEqual([
        expect.objectContaining({
          backend: 'acs',
          recording_id: 'recording-1',
          state: 'active',
          connection_id: connectionId,
          container_url: CONTAINER_URL,
        }),
      ]);

      // A redelivered CallConnected starts nothing new.
      expect((await postCallback(host, callId, connected)).status).toBe(200);
      // ACS reports the recording's state to the call's callback URL.
      const stateChanged = [
        {
          id: randomUUID(),
          source: `calling/recordings/recording-1`,
          type: 'Microsoft.Communication.RecordingStateChanged',
          specversion: '1.0',
          data: { recordingId: 'recording-1', state: 'inactive', callConnectionId: connectionId },
        },
      ];
      expect((await postCallback(host, callId, stateChanged)).status).toBe(200);
      const updated = await eventually(async () => {
        const stored = await host.app.services.store.get(callId);
        return stored?.recordings[0]?.state === 'inactive' ? stored : undefined;
      });
      expect(updated.recordings).toHaveLength(1);
      expect(recordingRequests().length).toBe(before + 1);

      // Operators read where it is; nothing to download from here.
      const described = await fetch(`${host.baseUrl}/api/call/${callId}/recording`);
      expect(await described.json()).toMatchObject({ n: 0, backend: 'acs', recording_id: 'recording-1' });
    } finally {
      await host.close();
    }
  });

  it("keeps where the recording's files are when Event Grid says ACS wrote them (RecordingFileStatusUpdated)", async () => {
    const host = await acsHost(true);
    try {
      const { callId } = await connectedCall(host, '+33612000103');
      const recordingId = await eventually(
        async () => (await host.app.services.store.get(callId))?.recordings[0]?.recording_id,
      );
      const postEvents = (body: unknown) =>
        fetch(`${host.baseUrl}/api/events/recording`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });

      // Event Grid's subscription handshake, as for the other Event Grid webhooks.
      const validation = await postEvents(eventGridFixture('subscription-validation.json'));
      expect(validation.status).toBe(200);
      expect(await validation.json()).toEqual({ validationResponse: expect.any(String) });

      const files = recordingFilesEvent(recordingId, new Date().toISOString());
      const response = await postEvents(files);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ stored: 1 });
      const [chunk] = files[0]!.data.recordingStorageInfo.recordingChunks;
      const stored = (await host.app.services.store.get(callId))?.recordings;
      expect(stored).toEqual([
        expect.objectContaining({
          recording_id: recordingId,
          duration_ms: 6620,
          files: [
            {
              index: 0,
              content_location: chunk!.contentLocation,
              metadata_location: chunk!.metadataLocation,
            },
          ],
        }),
      ]);
      // Event Grid delivers at least once: a redelivery stores the same, once.
      expect(await (await postEvents(files)).json()).toEqual({ stored: 1 });
      expect((await host.app.services.store.get(callId))?.recordings).toEqual(stored);

      // The operator sees them.
      const described = await fetch(`${host.baseUrl}/api/call/${callId}/recording`);
      expect(await described.json()).toMatchObject({
        files: [{ content_location: chunk!.contentLocation, metadata_location: chunk!.metadataLocation }],
      });

      // A recording none of our calls started (another app on the resource) is skipped, not an error.
      const other = await postEvents(
        recordingFilesEvent('recording-of-someone-else', new Date().toISOString()),
      );
      expect(other.status).toBe(200);
      expect(await other.json()).toEqual({ stored: 0 });

      // A body that is not an Event Grid delivery is refused, naming the field.
      const bad = recordingFilesEvent(recordingId, new Date().toISOString());
      bad[0]!.data.recordingStorageInfo.recordingChunks[0]!.contentLocation = 'not a url';
      const refused = await postEvents(bad);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(await refused.json())).toContain('recordingChunks[0].contentLocation');
    } finally {
      await host.close();
    }
  });

  it('records nothing when the flag is off (the default)', async () => {
    const host = await acsHost(false);
    try {
      const before = recordingRequests().length;
      const { callId } = await connectedCall(host, '+33612000102');
      await eventually(async () =>
        (await host.app.services.store.get(callId))?.lifecycle.state === 'connected' ? true : undefined,
      );
      expect(recordingRequests().length).toBe(before);
      expect((await host.app.services.store.get(callId))?.recordings).toEqual([]);
    } finally {
      await host.close();
    }
  });
});
