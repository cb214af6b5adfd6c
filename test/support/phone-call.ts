import WebSocket from 'ws';
import { eventually } from './eventually';

/**
 * A call placed from a bare phone socket and connected, its media stream NOT opened: for tests that
 * open it themselves (with raw frames, or a flood). The phone socket stays open until `close`.
 */
export async function connectedCall(baseUrl: string, number: string) {
  const phone = new WebSocket(new URL('/api/phone', baseUrl.replace(/^http/, 'ws')));
  const messages: Record<string, unknown>[] = [];
  phone.on('message', (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
  await new Promise((resolve, reject) => phone.once('open', resolve).once('error', reject));
  phone.send(JSON.stringify({ type: 'register', number }));
  await eventually(async () => messages.find((m) => m.type === 'registered'));
  phone.send(JSON.stringify({ type: 'dial' }));
  const connected = await eventually(async () => messages.find((m) => m.type === 'connected'));
  return {
    callId: String(connected.call_id),
    mediaUrl: String(connected.media_url),
    close: () => phone.close(),
  };
}
