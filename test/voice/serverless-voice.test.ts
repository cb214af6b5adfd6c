import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_REQUEST } from '../support/calls';
import { eventually } from '../support/local-host';
import {
  COGNITIVE_SERVICES,
  played,
  ServerlessVoiceRig,
  type LiveCall,
} from '../support/serverless-voice-rig';
import { TranscriptionCaller } from '../support/transcription-caller';

/**
 * The serverless voice loop end to end (see `ServerlessVoiceRig`: ACS, Web PubSub and the caller's
 * transcription stream are fakes at their protocol boundary; the app is whole).
 */

let rig: ServerlessVoiceRig;
beforeAll(async () => {
  rig = await ServerlessVoiceRig.start();
});
afterAll(async () => {
  await rig?.close();
});

const cancels = (call: LiveCall) => rig.requestsOf(call, ':cancelAllMediaOperations');
const hangUps = (call: LiveCall) => rig.requestsOf(call, ':terminate');

describe('the serverless voice loop', () => {
  it('answers inbound calls with real-time transcription to a Web PubSub URL naming the call', async () => {
    const call = await rig.connectedCall('+33612000001');
    const answer = rig.acs.requests.find((r) => r.path === '/calling/callConnections:answer')?.body as {
      transcriptionOptions: Record<string, unknown>;
      callIntelligenceOptions: Record<string, unknown>;
    };
    expect(answer.transcriptionOptions).toMatchObject({
      transportType: 'websocket',
      locale: 'en-US',
      startTranscription: true,
      enableIntermediateResults: true,
    });
    expect(String(answer.transcriptionOptions.transportUrl)).toMatch(/\/client\/hubs\/calls\?access_token=/);
    expect(answer.callIntelligenceOptions).toMatchObject({ cognitiveServicesEndpoint: COGNITIVE_SERVICES });
    // The Web PubSub connection was accepted for this call (its token's user is the call id).
    expect([...rig.webPubSub.connections.values()].some((c) => c.userId === call.callId)).toBe(true);
    // The hello plays, and the keypad is listened to.
    expect(await rig.hear(call, 1)).toMatch(/\w/);
    expect(rig.requestsOf(call, ':startContinuousDtmfRecognition')).toHaveLength(1);
    await call.caller.close();
  });

  it('places outbound calls with the same transcription, in the call language', async () => {
    const phone = '+33612000010';
    const lang = { default_short_code: 'fr-FR' };
    const response = await rig.post('/api/call', { ...EXAMPLE_REQUEST, phone_number: phone, lang });
    expect(response.status).toBe(201);
    const create = await eventually(async () =>
      rig.acs.requests.find(
        (r) =>
          r.path === '/calling/callConnections' &&
          JSON.stringify((r.body as { targets: unknown }).targets).includes(phone),
      ),
    );
    expect((create.body as { transcriptionOptions: object }).transcriptionOptions).toMatchObject({
      locale: 'fr-FR',
      startTranscription: true,
    });
    const call = await rig.connect(create, phone);
    await rig.hear(call, 1);
    // Spoken with the call language's neural voice.
    const ssml = (rig.plays(call)[0]?.body as { playSources: { ssml: { ssmlText: string } }[] })
      .playSources[0];
    expect(ssml?.ssml.ssmlText).toContain('<voice name="fr-FR-DeniseNeural">');
    expect(ssml?.ssml.ssmlText).toContain('xml:lang="fr-FR"');
    await call.caller.close();
  });

  it('takes what the caller says as turns, answers each by play in order, and stores them', async () => {
    const call = await rig.connectedCall('+33612000002');
    await rig.hear(call, 1);
    await call.caller.say('My name is Jane Doe');
    expect(await rig.hear(call, 2)).toMatch(/\w/);
    await eventually(async () => (await rig.storedCall(call.callId)).claim.policyholder_name ?? undefined);
    await call.caller.say('My policy number is AB-123456');
    await rig.hear(call, 3);
    const stored = await eventually(async () => {
      const state = await rig.storedCall(call.callId);
      return state.claim.policy_number ? state : undefined;
    });
    expect(stored.claim).toMatchObject({ policyholder_name: 'Jane Doe', policy_number: 'AB-123456' });
    const human = stored.messages.filter((m) => m.persona === 'human').map((m) => m.content);
    expect(human).toEqual(['My name is Jane Doe', 'My policy number is AB-123456']);
    await call.caller.close();
  });

  it('stops talking when the caller talks over it, and keeps only what was heard', async () => {
    const call = await rig.connectedCall('+33612000003');
    await rig.hear(call, 1);
    await call.caller.say('Hello');
    // The answer's first sentence starts playing, then the caller talks past the cutoff.
    const request = await eventually(async () => rig.plays(call)[1]);
    const { text, context } = played(request);
    await rig.callback(call, [
      { type: 'Microsoft.Communication.PlayStarted', data: { operationContext: context } },
    ]);
    // Speech shorter than the cutoff is not a barge-in.
    await call.caller.interrupt(150);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cancels(call)).toHaveLength(0);
    await call.caller.interrupt(600);
    await eventually(async () => (cancels(call).length > 0 ? true : undefined));
    const stored = await rig.storedCall(call.callId);
    expect(stored.voice?.answer?.done).toBe(true);
    const answer = stored.messages.at(-1);
    expect(answer?.persona).toBe('assistant');
    expect(answer?.content).toBe(text.trim());
    await call.caller.close();
  });

  it('hangs up after a goodbye once it was heard, and never after the caller talked over it', async () => {
    const heard = await rig.connectedCall('+33612000007');
    await rig.hear(heard, 1);
    await heard.caller.say('Goodbye');
    const goodbye = await eventually(async () => rig.plays(heard)[1]);
    const last = await eventually(async () => {
      const state = await rig.storedCall(heard.callId);
      return state.voice?.answering === null && state.voice.answer ? state.voice.answer : undefined;
    });
    expect(last.deferred).toEqual([{ type: 'end_call' }]);
    expect(hangUps(heard)).toHaveLength(0);
    for (let n = 2; n <= 1 + last.sentences.length; n++) await rig.hear(heard, n);
    await eventually(async () => (hangUps(heard).length > 0 ? true : undefined));
    expect(played(goodbye).text).toMatch(/\w/);

    const interrupted = await rig.connectedCall('+33612000008');
    await rig.hear(interrupted, 1);
    await interrupted.caller.say('Goodbye');
    await rig.hear(interrupted, 2, { complete: false });
    await interrupted.caller.interrupt(600);
    await eventually(async () => (cancels(interrupted).length > 0 ? true : undefined));
    // Whatever ACS reports afterwards about the cancelled goodbye, nobody is hung up on.
    const { context } = played(rig.plays(interrupted)[1]!);
    await rig.callback(interrupted, [
      { type: 'Microsoft.Communication.PlayCanceled', data: { operationContext: context } },
      { type: 'Microsoft.Communication.PlayCompleted', data: { operationContext: context } },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hangUps(interrupted)).toHaveLength(0);
    await heard.caller.close();
    await interrupted.caller.close();
  });

  it('takes keypad digits as a turn after #', async () => {
    const call = await rig.connectedCall('+33612000004');
    await rig.hear(call, 1);
    for (const tone of ['four', 'two', 'pound']) {
      const data = { tone };
      await rig.callback(call, [
        { type: 'Microsoft.Communication.ContinuousDtmfRecognitionToneReceived', data },
      ]);
    }
    await eventually(async () => {
      const state = await rig.storedCall(call.callId);
      return state.messages.some((m) => m.persona === 'human' && m.content === '42') ? true : undefined;
    });
    await call.caller.close();
  });

  it('ignores calls to another number, and refuses transcription streams of calls that are not live', async () => {
    const before = rig.acs.requests.length;
    expect((await rig.ring('+33612000005', '+33199999999')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rig.acs.requests.slice(before).some((r) => r.path === '/calling/callConnections:answer')).toBe(
      false,
    );

    const { WebPubSubServiceClient } = await import('@azure/web-pubsub');
    const client = new WebPubSubServiceClient(rig.connectionString, 'calls');
    const { url } = await client.getClientAccessToken({ userId: randomUUID() });
    await expect(TranscriptionCaller.connect({ transportUrl: url, realTime: false })).rejects.toThrow(/401/);
  });

  it('refuses upstream requests not signed with the access key', async () => {
    const response = await fetch(`${rig.host.baseUrl}/api/webpubsub/calls`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'ce-specversion': '1.0',
        'ce-type': 'azure.webpubsub.user.message',
        'ce-hub': 'calls',
        'ce-connectionId': 'forged',
        'ce-userId': randomUUID(),
        'ce-eventName': 'message',
        'ce-signature': `sha256=${'0'.repeat(64)}`,
      },
      body: '{"kind":"TranscriptionData"}',
    });
    expect(response.status).toBe(401);
  });

  it('drops a transcript too long to be a turn', async () => {
    const call = await rig.connectedCall('+33612000006');
    await rig.hear(call, 1);
    await call.caller.say(`blah ${'x'.repeat(5_000)}`, { intermediateSteps: 1 });
    await call.caller.say('Yes');
    await eventually(async () => {
      const state = await rig.storedCall(call.callId);
      return state.messages.some((m) => m.content === 'Yes') ? true : undefined;
    });
    const stored = await rig.storedCall(call.callId);
    expect(stored.messages.some((m) => m.content.includes('xxxxx'))).toBe(false);
    await call.caller.close();
  });
});
