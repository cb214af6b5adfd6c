import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { eventually } from '../support/eventually';

/**
 * A typed turn sent the moment the media stream opens (before the voice loop behind it is up) is
 * taken, not refused; and the phone is told when the call is ready for turns (`ready`).
 */

let host: RunningLocalHost;
beforeAll(async () => {
  host = await startLocalHost();
});
afterAll(async () => host?.close());

it('takes a say sent right after the media socket opens, and announces ready', async () => {
  const ws = host.baseUrl.replace(/^http/, 'ws');
  const phone = new WebSocket(`${ws}/api/phone`);
  const events: Record<string, unknown>[] = [];
  phone.on('message', (data) => events.push(JSON.parse(data.toString()) as Record<string, unknown>));
  await new Promise((resolve, reject) => phone.once('open', resolve).once('error', reject));
  try {
    for (let round = 0; round < 3; round++) {
      const number = `+1425555090${round}`;
      phone.send(JSON.stringify({ type: 'register', number }));
      phone.send(JSON.stringify({ type: 'dial' }));
      const connected = await eventually(async () => events.find((e) => e.type === 'connected' && !e.seen));
      connected.seen = true;
      const media = new WebSocket(new URL(String(connected.media_url), ws));
      await new Promise((resolve) => media.once('open', resolve));
      const text = `Hello from round ${round}`;
      phone.send(JSON.stringify({ type: 'say', call_id: connected.call_id, text }));
      await eventually(async () => {
        const refused = events.find((e) => e.type === 'error');
        if (refused) throw new Error(`say refused: ${String(refused.message)}`);
        return events.find((e) => e.type === 'transcript' && e.persona === 'human' && e.text === text);
      });
      expect(events.filter((e) => e.type === 'ready' && e.call_id === connected.call_id)).toHaveLength(1);
      phone.send(JSON.stringify({ type: 'hangup', call_id: connected.call_id }));
      await eventually(async () => events.find((e) => e.type === 'ended' && e.call_id === connected.call_id));
      media.close();
    }
  } finally {
    phone.close();
  }
});
