import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/local-host';
import { ServerlessVoiceRig } from '../support/serverless-voice-rig';

/**
 * Recording on the serverless voice loop (`recording_enabled`; ACS, Web PubSub and the caller's
 * transcription stream are fakes at their protocol boundary): the call is recorded from CallConnected
 * on, and the hello ACS plays starts with the consent message.
 */

let rig: ServerlessVoiceRig;
beforeAll(async () => {
  rig = await ServerlessVoiceRig.start({ recording_enabled: true });
});
afterAll(async () => rig?.close());

describe('a recorded call on the serverless voice loop', () => {
  it('records from the moment it connects and says so in its hello', async () => {
    const call = await rig.connectedCall('+33612000301');
    const recording = await eventually(async () =>
      rig.acs.requests.find(
        (r) =>
          r.path === '/calling/recordings' &&
          (r.body as { callConnectionId?: string }).callConnectionId === call.connectionId,
      ),
    );
    expect(recording.body).toMatchObject({ recordingContentType: 'audio', recordingFormatType: 'wav' });
    // No container configured: ACS's own storage.
    expect((recording.body as { externalStorage?: unknown }).externalStorage).toBeUndefined();
    expect(await rig.hear(call, 1)).toMatch(/^This call is recorded to handle your request/);
    const stored = await eventually(async () => {
      const state = await rig.storedCall(call.callId);
      return state.recordings.length > 0 ? state : undefined;
    });
    expect(stored.recordings[0]).toMatchObject({ backend: 'acs', connection_id: call.connectionId });
    await call.caller.close();
  });
});
