import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallState } from '../../shared/domain/call';
import type { LocalPhone } from '../../shared/providers/telephony/local';
import type { DisconnectReason } from '../../shared/providers/telephony/telephony';
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
  readonly endings: { callId: string; reason: DisconnectReason }[] = [];
  constructor(private readonly onRing: (callId: string) => void = () => undefined) {}
  ring(call: { callId: string; from: string }) {
    this.rings.push(call);
    this.onRing(call.callId);
  }
  ended(callId: string, reason: DisconnectReason) {
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
      const status = await host.app.runner.getStatus(callId);
      expect(status?.runtimeStatus).toBe('Completed');
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
      expect(phone.endings).toEqual([{ callId, reason: 'hung_up' }]);
    } finally {
      unregister();
    }
  });
});
