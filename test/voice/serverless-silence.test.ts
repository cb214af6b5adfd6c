import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually } from '../support/local-host';
import { ServerlessVoiceRig } from '../support/serverless-voice-rig';

/**
 * Silence on the serverless voice loop: durable timers on the call's orchestration (here the local
 * workflow runner), counted from the moment ACS reports the bot's last sentence played.
 */

let rig: ServerlessVoiceRig;
beforeAll(async () => {
  rig = await ServerlessVoiceRig.start({ phone_silence_timeout_sec: 1, recognition_retry_max: 1 });
});
afterAll(async () => {
  await rig?.close();
});

it('prompts a silent caller, then says goodbye and hangs up once the goodbye was heard', async () => {
  const call = await rig.connectedCall('+33612000020');
  await rig.hear(call, 1);
  const helloHeardAt = Date.now();
  const prompt = await rig.hear(call, 2);
  expect(Date.now() - helloHeardAt).toBeGreaterThanOrEqual(900);
  expect(prompt).toMatch(/\w/);
  expect(rig.requestsOf(call, ':terminate')).toHaveLength(0);
  await rig.hear(call, 3);
  await eventually(async () => (rig.requestsOf(call, ':terminate').length > 0 ? true : undefined));
  await call.caller.close();
});

it("counts the silence from the end of the bot's answer, not from the caller's words", async () => {
  const call = await rig.connectedCall('+33612000021');
  await rig.hear(call, 1);
  await call.caller.say('My name is John Smith');
  const answer = await eventually(async () => {
    const turns = (await rig.storedCall(call.callId)).voice;
    return turns && turns.epoch > 1 && turns.answering === null ? turns.answer : undefined;
  });
  // The answer plays slowly: no prompt while it does, however long it takes.
  await new Promise((resolve) => setTimeout(resolve, 1_300));
  for (let n = 2; n <= 1 + (answer?.sentences.length ?? 0); n++) await rig.hear(call, n);
  const quietAt = Date.now();
  expect(rig.plays(call)).toHaveLength(1 + (answer?.sentences.length ?? 0));
  await eventually(async () => rig.plays(call)[1 + (answer?.sentences.length ?? 0)]);
  expect(Date.now() - quietAt).toBeGreaterThanOrEqual(900);
  await call.caller.close();
});
