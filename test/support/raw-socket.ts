import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A WebSocket client written on raw TCP, for the frames a well-behaved library never sends: wrong
 * masking, reserved bits and opcodes, lengths over the limit, invalid UTF-8, bad close codes. It does
 * the HTTP upgrade by hand, then writes whatever bytes the test builds, and reads the server's frames.
 */

export interface FrameSpec {
  readonly opcode: number;
  readonly payload?: Buffer;
  readonly fin?: boolean;
  readonly rsv1?: boolean;
  /** Client frames must be masked; false sends it bare (a protocol error). */
  readonly mask?: boolean;
}

/** Encodes one frame, as RFC 6455 §5.2 lays it out. */
export function frame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const mask = spec.mask ?? true;
  const first = (spec.fin === false ? 0 : 0x80) | (spec.rsv1 ? 0x40 : 0) | spec.opcode;
  let header: Buffer;
  if (payload.length < 126) header = Buffer.from([first, payload.length]);
  else if (payload.length < 65_536) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(payload.length, 2);
    header[1] = 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(BigInt(payload.length), 2);
    header[1] = 127;
  }
  header[0] = first;
  if (!mask) return Buffer.concat([header, payload]);
  header[1] = (header[1] as number) | 0x80;
  const key = randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i] = (masked[i] as number) ^ (key[i % 4] as number);
  return Buffer.concat([header, key, masked]);
}

export const text = (body: string | Buffer, options: Omit<FrameSpec, 'opcode' | 'payload'> = {}) =>
  frame({ opcode: 1, payload: Buffer.isBuffer(body) ? body : Buffer.from(body), ...options });

export function closeFrame(code: number): Buffer {
  const payload = Buffer.alloc(2);
  payload.writeUInt16BE(code);
  return frame({ opcode: 8, payload });
}

export interface RawSocket {
  readonly socket: Socket;
  write(bytes: Buffer): void;
  /** Resolves when the server ends the connection, with the code of its close frame (if it sent one). */
  closed(timeoutMs?: number): Promise<{ code: number | undefined }>;
}

/** Upgrades `path` on the host; rejects with the HTTP status line if the server refuses. */
export async function rawUpgrade(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<RawSocket> {
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname.replace(/^\[|\]$/g, ''));
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  socket.on('error', () => undefined); // a reset after the close frame is the server's right
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const head = {
    Host: url.host,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...headers,
  };
  socket.write(
    `GET ${path} HTTP/1.1\r\n${Object.entries(head)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`,
  );
  const deadline = Date.now() + 5_000;
  while (received.indexOf('\r\n\r\n') < 0) {
    if (Date.now() > deadline || socket.destroyed) throw new Error('no upgrade response');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const end = received.indexOf('\r\n\r\n');
  const statusLine = received.subarray(0, received.indexOf('\r\n')).toString();
  if (!statusLine.startsWith('HTTP/1.1 101')) {
    socket.destroy();
    throw new Error(statusLine);
  }
  received = received.subarray(end + 4);
  return {
    socket,
    write: (bytes) => socket.write(bytes),
    async closed(timeoutMs = 5_000) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        ended,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('the server did not close the socket')), timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
      return { code: closeCodeIn(received) };
    },
  };
}

/** Walks the server's (unmasked) frames and returns the close frame's code. */
function closeCodeIn(bytes: Buffer): number | undefined {
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = (bytes[at] as number) & 0x0f;
    let length = (bytes[at + 1] as number) & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(offset);
      offset += 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(offset));
      offset += 8;
    }
    if (opcode === 8) return length >= 2 ? bytes.readUInt16BE(offset) : 1005;
    at = offset + length;
  }
  return undefined;
}
