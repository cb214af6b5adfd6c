import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import { createLogger } from '../../shared/log';
import { connectedCall } from '../support/phone-call';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { closeFrame, frame, rawUpgrade, text } from '../support/raw-socket';

/**
 * Every kind of protocol-violating WebSocket frame, on both sockets, while another call goes on. Each
 * bad frame must close only its own socket with the code RFC 6455 gives it, be logged once, and leave
 * the process (and the victim call's audio) alone. Shared by the native-helper run and the pure-JS one.
 */

const INVALID_UTF8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
/** Long enough that ws checks it with its native (or Node's) validator rather than its JS loop. */
const INVALID_UTF8_LONG = Buffer.concat([Buffer.from('{"type":"say","text":"'), Buffer.alloc(40, 0xc3)]);

export const BAD_FRAMES: readonly { name: string; bytes: () => Buffer; code: number }[] = [
  { name: 'a frame over the maximum payload (70 KiB)', bytes: () => text('x'.repeat(70 * 1024)), code: 1009 },
  { name: 'invalid UTF-8 in a text frame', bytes: () => text(INVALID_UTF8), code: 1007 },
  { name: 'invalid UTF-8 in a long text frame', bytes: () => text(INVALID_UTF8_LONG), code: 1007 },
  { name: 'an unmasked client frame', bytes: () => text('{}', { mask: false }), code: 1002 },
  { name: 'a reserved opcode', bytes: () => frame({ opcode: 0x3, payload: Buffer.from('x') }), code: 1002 },
  { name: 'RSV1 without an extension', bytes: () => text('{}', { rsv1: true }), code: 1002 },
  {
    name: 'a stray continuation frame',
    bytes: () => frame({ opcode: 0, payload: Buffer.from('x') }),
    code: 1002,
  },
  { name: 'close code 999', bytes: () => closeFrame(999), code: 1002 },
];

export function describeBadFrames(label: string): void {
  describe(`protocol-violating WebSocket frames (${label})`, () => {
    let host: RunningLocalHost;
    const logged: string[] = [];

    beforeAll(async () => {
      const log = createLogger('debug', (line) => logged.push(line));
      host = await startLocalHost({}, { log });
    });
    afterAll(async () => {
      await host?.close();
    });

    it('close only their own socket, with the right code, logged once, while another call keeps its audio', async () => {
      const victim = await SoftphoneClient.connect(host.baseUrl);
      try {
        await victim.register('+14255550100');
        const victimCall = await victim.dial();
        await eventually(async () => (victim.received.frames > 5 ? true : undefined));

        let n = 0;
        for (const bad of BAD_FRAMES) {
          const phone = await rawUpgrade(host.baseUrl, '/api/phone');
          phone.write(bad.bytes());
          expect({ socket: 'phone', frame: bad.name, ...(await phone.closed()) }).toEqual({
            socket: 'phone',
            frame: bad.name,
            code: bad.code,
          });

          const call = await connectedCall(host.baseUrl, `+1425555020${n++}`);
          const media = await rawUpgrade(host.baseUrl, call.mediaUrl);
          media.write(bad.bytes());
          expect({ socket: 'media', frame: bad.name, ...(await media.closed()) }).toEqual({
            socket: 'media',
            frame: bad.name,
            code: bad.code,
          });
          call.close();
        }

        // Each bad frame was logged once, without its bytes.
        const protocolErrors = logged.filter((line) => line.includes('WebSocket protocol error'));
        expect(protocolErrors).toHaveLength(BAD_FRAMES.length * 2);

        // The victim's call goes on: a typed turn is answered by voice.
        const before = victim.received.frames;
        victim.say(victimCall, 'My name is Jane Doe.');
        await victim.next((e) => e.type === 'transcript' && e.persona === 'assistant');
        await eventually(async () => (victim.received.frames > before + 10 ? true : undefined));
        expect(host.voiceCalls.get(victimCall)).toBeDefined();
      } finally {
        await victim.close();
      }
    });
  });
}
