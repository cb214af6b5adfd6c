import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallState } from '../../shared/domain/call';
import type { LocalPhone, PhoneEndReason } from '../../shared/providers/telephony/local';
import { EXAMPLE_REQUEST } from '../support/calls';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * The call orchestration end to end: POST /api/call places the call on the local phone network,
 * a phone on that network answers (or not), and the stored call follows what happened on the line.
 */
let host: RunningLocalHost;

beforeAll(async () => {
  host = await startLocalHost({ workflow: { ring_timeout_sec: 2, max_call_duration_sec: 1 } });
});
afterAll(async () => host?.close());

/** A phone that records what happens to it. */
class TestPhone implements LocalPhone {
  readonly rings: { callId: string; from: string }[] = [];
  readonly connections: string[] = [];
  readonly endings: { callId: string; reason: PhoneEndReason }[] = [];
  constructor(private readonly onRing: (callId: string) => void = () => undefined) {}
  ring(call: { callId: string; from: string }) {
    this.rings.push(call);
    this.onRing(call.callId);
  }
  connected(callId: string) {
    this.connections.push(callId);
  }
  ended(callId: string, reason: PhoneEndReason) {
    this.endings.push({ callId, reason });
  }
}

async function placeCall(phone: string): Promise<string> {
  const response = await fetch(`${host.baseUrl}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...EXAMPLE_REQUEST, phone_number: phone }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as CallState).call_id;
}

function untilState(callId: string, state: CallState['lifecycle']['state']): Promise<CallState> {
  return eventually(async () => {
    const call = await host.app.services.store.get(callId);
    return call?.lifecycle.state === state ? call : undefined;
  });
}

describe('call lifecycle on the local phone network', () => {
  it('rings the registered phone, connects when it answers, ends when it hangs up', async () => {
    const number = '+33611111111';
    const phone = new TestPhone();
    const unregister = host.app.phones.register(number, phone);
    try {
      const callId = await placeCall(number);
      await eventually(async () => (phone.rings.length > 0 ? true : undefined));
      expect(phone.rings[0]?.callId).toBe(callId);
      expect((await host.app.services.store.get(callId))?.lifecycle.state).toBe('ringing');

      host.app.phones.answer(callId);
      await untilState(callId, 'connected');

      host.app.phones.hangUpFromPhone(callId);
      const ended = await untilState(callId, 'ended');
      expect(ended.lifecycle).toMatchObject({ state: 'ended', reason: 'completed' });
      // Then the post-call work runs, and the orchestration completes.
      const status = await host.app.runner.waitForCompletion(callId, 5_000);
      expect(status.runtimeStatus).toBe('Completed');
    } finally {
      unregister();
    }
  });

  it('ends as declined when the phone refuses the call', async () => {
    const number = '+33622222222';
    const unregister = host.app.phones.register(
      number,
      new TestPhone((callId) => setTimeout(() => host.app.phones.hangUpFromPhone(callId), 10)),
    );
    try {
      const callId = await placeCall(number);
      expect((await untilState(callId, 'ended')).lifecycle).toMatchObject({ reason: 'declined' });
    } finally {
      unregister();
    }
  });

  it('hangs up a call that reaches the maximum duration', async () => {
    const number = '+33633333333';
    const phone = new TestPhone((callId) => setTimeout(() => host.app.phones.answer(callId), 10));
    const unregister = host.app.phones.register(number, phone);
    try {
      const callId = await placeCall(number);
      const ended = await untilState(callId, 'ended');
      expect(ended.lifecycle).toMatchObject({ reason: 'max_duration' });
      expect(phone.endings).toEqual([{ callId, reason: 'completed' }]);
    } finally {
      unregister();
    }
  });
});

describe('a phone dialling the bot on the local phone network', () => {
  it('is answered as a new call for that number, with the inbound bot settings', async () => {
    const caller = new TestPhone();
    host.app.phones.dial('+33677777777', caller);
    const callId = await eventually(async () => caller.connections[0]);
    const call = await untilState(callId, 'connected');
    expect(call.initiate).toMatchObject({
      phone_number: '+33677777777',
      bot_company: 'Contoso',
      bot_name: 'Amélie',
    });

    host.app.phones.hangUpFromPhone(callId);
    expect((await untilState(callId, 'ended')).lifecycle).toMatchObject({ reason: 'completed' });
  });

  it('resumes the same call when the caller calls back within the callback window', async () => {
    const first = new TestPhone();
    host.app.phones.dial('+33688888888', first);
    const callId = await eventually(async () => first.connections[0]);
    await untilState(callId, 'connected');
    host.app.phones.hangUpFromPhone(callId);
    await untilState(callId, 'ended');

    const again = new TestPhone();
    host.app.phones.dial('+33688888888', again);
    expect(await eventually(async () => again.connections[0])).toBe(callId);
    host.app.phones.hangUpFromPhone(callId);
    await untilState(callId, 'ended');
  });

  it('gives a second, simultaneous call from the same number a record of its own', async () => {
    const one = new TestPhone();
    const two = new TestPhone();
    host.app.phones.dial('+33699999999', one);
    const firstId = await eventually(async () => one.connections[0]);
    await untilState(firstId, 'connected');
    host.app.phones.dial('+33699999999', two);
    const secondId = await eventually(async () => two.connections[0]);
    expect(secondId).not.toBe(firstId);
    expect((await host.app.services.store.get(firstId))?.lifecycle.state).toBe('connected');
    host.app.phones.hangUpFromPhone(firstId);
    host.app.phones.hangUpFromPhone(secondId);
  });

  it('ends as failed when the caller hangs up before the bot answers', async () => {
    const caller = new TestPhone();
    const context = host.app.phones.dial('+33610101010', caller);
    host.app.phones.cancelDial(context);
    const [call] = await eventually(async () => {
      const calls = await host.app.services.store.listByPhone('+33610101010');
      return calls[0]?.lifecycle.state === 'ended' ? calls : undefined;
    });
    expect(call?.lifecycle).toMatchObject({ reason: 'failed' });
    expect(caller.connections).toEqual([]);
  });
});
