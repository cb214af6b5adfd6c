import { describe, expect, it } from 'vitest';
import { createTools } from '../../../shared/conversation/tools';
import { makeCall, makeTurn } from './context';

describe('end_call', () => {
  it('asks the host to hang up, without changing the call', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'end_call', '');
    expect(outcome).toMatchObject({ ok: true, result: expect.stringMatching(/call will end/) });
    expect(turn.actions).toEqual([{ type: 'end_call' }]);
    expect(turn.mutations).toEqual([]);
  });

  it('refuses arguments it does not take', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'end_call', { reason: 'bye' });
    expect(outcome.ok).toBe(false);
    expect(outcome.result).toMatch(/^end_call was not run: .*"reason"/);
    expect(turn.actions).toEqual([]);
  });
});

describe('talk_to_human', () => {
  it('transfers to the agent number of the request and has a phrase to say meanwhile', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'talk_to_human', {});
    expect(outcome.ok).toBe(true);
    expect(outcome.result).toMatch(/transferred to a human agent \(\+33687654321\)/);
    expect(outcome.tool?.phrase).toBe('Let me transfer you to a colleague, please hold on.');
    expect(turn.actions).toEqual([{ type: 'transfer', to: '+33687654321' }]);
  });
});

describe('send_sms', () => {
  it('texts the number of the call when the claim has no phone', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'send_sms', {
      message: ' Your claim reference is C-42. ',
    });
    expect(outcome).toMatchObject({
      ok: true,
      result: 'The SMS will be sent to +33612345678 once you finish speaking.',
    });
    expect(outcome.tool?.phrase).toBeTruthy();
    expect(turn.actions).toEqual([
      { type: 'send_sms', to: '+33612345678', message: 'Your claim reference is C-42.' },
    ]);
    expect(turn.mutations).toEqual([]);
  });

  it('texts the policyholder phone of the claim when it is valid, including one stored earlier in the turn', async () => {
    const call = makeCall();
    const tools = createTools(call);
    const turn = makeTurn(call);
    await turn.run(tools, 'updated_claim', {
      updates: [{ field: 'policyholder_phone', value: '+1 425 555 0123' }],
    });
    const outcome = await turn.run(tools, 'send_sms', { message: 'Hello' });
    expect(outcome.result).toBe('The SMS will be sent to +14255550123 once you finish speaking.');
    expect(turn.actions).toEqual([{ type: 'send_sms', to: '+14255550123', message: 'Hello' }]);
  });

  it('falls back to the number of the call when the claim’s phone is not a valid number', async () => {
    const call = makeCall();
    call.claim.policyholder_phone = 'not a number';
    const turn = makeTurn(call);
    await turn.run(createTools(call), 'send_sms', { message: 'Hello' });
    expect(turn.actions).toEqual([{ type: 'send_sms', to: '+33612345678', message: 'Hello' }]);
  });

  it('never sends an empty or too long message', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const long = await turn.run(createTools(call), 'send_sms', { message: 'a'.repeat(1_001) });
    expect(long.result).toBe(
      'send_sms was not run: message must be at most 1000 characters; shorten it. Fix and call it again.',
    );
    const empty = await turn.run(createTools(call), 'send_sms', { message: ' ' });
    expect(empty.result).toMatch(/^send_sms was not run: message is empty/);
    expect(turn.actions).toEqual([]);
  });
});

describe('speech_speed', () => {
  it('asks the host to change the rate', async () => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'speech_speed', { rate: 0.85 });
    expect(outcome).toMatchObject({ ok: true, result: expect.stringMatching(/rate 0\.85/) });
    expect(turn.actions).toEqual([{ type: 'speech_speed', rate: 0.85 }]);
  });

  it.each([0.5, 1.3, '1'])('never runs with rate %s', async (rate) => {
    const call = makeCall();
    const turn = makeTurn(call);
    const outcome = await turn.run(createTools(call), 'speech_speed', { rate });
    expect(outcome.ok).toBe(false);
    expect(outcome.result).toMatch(/^speech_speed was not run: rate must be .*between 0\.75 and 1\.25/);
    expect(turn.actions).toEqual([]);
  });
});
