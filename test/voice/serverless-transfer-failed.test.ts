import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/local-host';
import { ServerlessVoiceRig } from '../support/serverless-voice-rig';

/**
 * A hand-over to a person that ACS reports failed (CallTransferFailed), on the serverless voice loop: the
 * caller, still on the line, hears so and is offered to go on or a callback, and the call goes on.
 */

let rig: ServerlessVoiceRig;
beforeAll(async () => {
  rig = await ServerlessVoiceRig.start();
});
afterAll(async () => {
  await rig?.close();
});

describe('a failed transfer on the serverless voice loop', () => {
  it('says so once ACS reports it, stores it, and the call goes on', async () => {
    const call = await rig.connectedCall('+33612000201');
    await rig.hear(call, 1);
    await call.caller.say('I want to talk to a human agent');
    // The answer is heard to its end, then the transfer is asked of ACS.
    for (let n = 2; rig.requestsOf(call, ':transferToParticipant').length === 0; n++) {
      await rig.hear(call, n);
    }
    const playsBefore = rig.plays(call).length;
    await rig.callback(call, [
      {
        type: 'Microsoft.Communication.CallTransferFailed',
        data: { resultInformation: { code: 500, subCode: 7507, message: 'Call transfer failed' } },
      },
    ]);
    const said = await rig.hear(call, playsBefore + 1);
    expect(said).toMatch(/couldn&apos;t reach a colleague.*reminder/); // SSML-escaped
    const stored = await rig.storedCall(call.callId);
    expect(stored.lifecycle.state).toBe('connected');
    expect(stored.messages.at(-1)?.persona).toBe('assistant');
    expect(stored.messages.at(-1)?.content).toMatch(/^I'm sorry, I couldn't reach a colleague/);
    // The caller can go on talking with the bot.
    await call.caller.say('My name is Jane Doe');
    await eventually(async () => (rig.plays(call).length > playsBefore + 1 ? true : undefined));
    await call.caller.close();
  });
});
