import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import { MAX_CALLS_PER_PHONE } from '../../local/phone-socket';
import { MessageBudget, PHONE_LIMITS } from '../../local/rate-limit';
import { RealTimeGate } from '../../shared/voice/media-stream';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { rawUpgrade, text } from '../support/raw-socket';

/** Per-connection limits of the local host's sockets: message rate, calls per phone, real-time audio. */

describe('a message budget', () => {
  it('takes a burst, then the sustained rate, drops the rest (telling once per run), and cuts a flood off', () => {
    let now = 0;
    const budget = new MessageBudget({ perSecond: 10, burst: 5, cutAfter: 20 }, () => now);
    const verdicts = Array.from({ length: 8 }, () => budget.take());
    expect(verdicts).toEqual([
      'accept',
      'accept',
      'accept',
      'accept',
      'accept',
      'first-drop',
      'drop',
      'drop',
    ]);
    now += 100; // one message's worth of time
    expect(budget.take()).toBe('accept');
    expect(budget.take()).toBe('first-drop');
    // Pushing on within the second: past 20 dropped, the client is cut off.
    const more = Array.from({ length: 20 }, () => budget.take());
    expect(more.at(-1)).toBe('cut');
  });
});

describe('the real-time gate on caller audio', () => {
  it('admits one 20 ms frame per 20 ms plus a lead, and drops audio sent faster', () => {
    let now = 0;
    const gate = new RealTimeGate(200, () => now); // 10 frames of lead
    const burst = Array.from({ length: 30 }, () => gate.admit()).filter(Boolean).length;
    expect(burst).toBe(10);
    // Real time from here on: every frame passes.
    let admitted = 0;
    for (let i = 0; i < 100; i++) {
      now += 20;
      if (gate.admit()) admitted++;
    }
    expect(admitted).toBe(100);
    // 461× real time: one second of wall clock lets one second (+ lead) through, not 461.
    let fast = 0;
    for (let i = 0; i < 461 * 50; i++) {
      now += 20 / 461;
      if (gate.admit()) fast++;
    }
    expect(fast).toBeLessThanOrEqual(50 + 10);
    expect(gate.dropped).toBeGreaterThan(461 * 50 - 60);
  });
});

describe('the phone socket’s limits', () => {
  let host: RunningLocalHost;
  beforeAll(async () => {
    host = await startLocalHost();
  });
  afterAll(async () => {
    await host?.close();
  });

  it(`holds at most ${MAX_CALLS_PER_PHONE} calls, and says so`, async () => {
    const phone = await SoftphoneClient.connect(host.baseUrl);
    try {
      await phone.register('+14255550400');
      for (let i = 0; i < MAX_CALLS_PER_PHONE; i++) await phone.dial();
      await expect(phone.dial()).rejects.toThrow(
        new RegExp(`already has ${MAX_CALLS_PER_PHONE} calls.*hang one up first`),
      );
      // 300 dials at once do not get past the limit either.
      const extra = await SoftphoneClient.connect(host.baseUrl);
      try {
        await extra.register('+14255550401');
        const socket = (extra as unknown as { socket: { send(text: string): void } }).socket;
        for (let i = 0; i < 15; i++) socket.send(JSON.stringify({ type: 'dial' }));
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const live = await host.app.services.store.listByPhone('+14255550401', 100);
        expect(live.filter((call) => call.lifecycle.state !== 'ended').length).toBeLessThanOrEqual(
          MAX_CALLS_PER_PHONE,
        );
      } finally {
        await extra.close();
      }
    } finally {
      await phone.close();
    }
  });

  it('answers a message flood with one clear error, then cuts the socket off (1008)', async () => {
    const socket = await rawUpgrade(host.baseUrl, '/api/phone');
    const replies: string[] = [];
    socket.socket.on('data', (chunk: Buffer) => replies.push(chunk.toString('latin1')));
    const junk = Buffer.concat(Array.from({ length: 1_000 }, () => text('{"type":"dial"}')));
    socket.write(junk);
    expect((await socket.closed()).code).toBe(1008);
    const all = replies.join('');
    expect(all.match(/too many messages: at most \d+ a second/g)).toHaveLength(1);
    expect(PHONE_LIMITS.cutAfter).toBeLessThan(1_000);
  });
});
