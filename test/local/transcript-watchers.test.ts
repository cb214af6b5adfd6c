import { afterAll, beforeAll, expect, it } from 'vitest';
import { SoftphoneClient, type PhoneEvent } from '../../local/softphone-client';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * One phone socket, the same call resumed several times: the caller's line must come back once, not
 * once per earlier connection of the call (the watchers of the earlier ones used to stay).
 */

let host: RunningLocalHost;
beforeAll(async () => {
  host = await startLocalHost();
});
afterAll(async () => {
  await host?.close();
});

it('delivers each transcript line once however many times the call was resumed on this socket', async () => {
  const phone = await SoftphoneClient.connect(host.baseUrl);
  const lines: PhoneEvent[] = [];
  const socket = (phone as unknown as { socket: import('ws').WebSocket }).socket;
  socket.on('message', (data) => {
    const event = JSON.parse(data.toString()) as PhoneEvent;
    if (event.type === 'transcript' && event.persona === 'human') lines.push(event);
  });
  try {
    await phone.register('+14255550500');
    const first = await phone.dial();
    for (let round = 1; round <= 3; round++) {
      phone.hangUp(first);
      await phone.next((e) => e.type === 'ended');
      await eventually(async () => {
        const call = await host.app.services.store.get(first);
        return call?.lifecycle.state === 'ended' ? true : undefined;
      });
      const again = await phone.dial();
      expect(again).toBe(first); // resumed: the same call
    }
    await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');
    phone.say(first, 'Hello, it is me again.');
    await phone.next((e) => e.type === 'transcript' && e.persona === 'human');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines.filter((line) => line.text === 'Hello, it is me again.')).toHaveLength(1);
  } finally {
    await phone.close();
  }
});
