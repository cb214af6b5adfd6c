import { spawn } from 'node:child_process';

export interface FloodResult {
  /** Messages written. */
  readonly written: number;
  /** Connections upgraded. */
  readonly connections: number;
  /** How each connection ended: the server's close code, null (none) or 'refused' (no upgrade). */
  readonly closeCodes: (number | null | 'refused')[];
}

/**
 * A hostile client in a process of its own (so that its own work does not slow the host under test,
 * which shares the test's event loop): it upgrades `path` and writes `message` as fast as the socket
 * takes it up to `perSecond`, and when the server cuts it off, connects again, for `durationMs`.
 */
export function prepareFlood(
  baseUrl: string,
  path: string,
  message: string,
  durationMs: number,
  perSecond: number,
): { ready: Promise<void>; start(): Promise<FloodResult> } {
  const { hostname, port } = new URL(baseUrl);
  // Spawned ahead and started on a word: forking a big test process stalls its event loop for a
  // moment, which is not what is measured.
  const child = spawn(
    process.execPath,
    ['-e', FLOODER, hostname, port, path, message, String(durationMs), String(perSecond)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  let ready: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (out.startsWith('ready\n')) {
      out = out.slice('ready\n'.length);
      ready();
    }
  });
  const done = new Promise<FloodResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => {
      try {
        ready();
        resolve(JSON.parse(out) as FloodResult);
      } catch {
        reject(new Error(`flooder said: ${out}`));
      }
    });
  });
  return {
    /** Its first connection is upgraded (the media one has started a voice loop). */
    ready: isReady,
    start() {
      child.stdin.end('go\n');
      return done;
    },
  };
}

const FLOODER = `
const net = require('node:net');
const crypto = require('node:crypto');
const [host, port, path, message, duration, perSecond] = process.argv.slice(1);
// Batches of 10 ms worth of messages, every 10 ms.
const perBatch = Math.max(1, Math.round(Number(perSecond) / 100));
function masked(text) {
  const payload = Buffer.from(text);
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x81, 0x80 | len]) : Buffer.from([0x81, 0xfe, len >> 8, len & 255]);
  const key = crypto.randomBytes(4);
  for (let i = 0; i < len; i++) payload[i] ^= key[i % 4];
  return Buffer.concat([head, key, payload]);
}
const batch = Buffer.concat(Array.from({ length: perBatch }, () => masked(message)));
let stopAt = Infinity;
let go;
const started = new Promise((resolve) => (go = resolve));
let written = 0, connections = 0;
const closeCodes = [];
// Consumes the complete frames at the start of the buffer; returns what is left, noting the close code.
function readFrames(buffer, state) {
  for (;;) {
    if (buffer.length < 2) return buffer;
    const op = buffer[0] & 15; let len = buffer[1] & 127; let off = 2;
    if (len === 126) { if (buffer.length < 4) return buffer; len = buffer.readUInt16BE(2); off = 4; }
    else if (len === 127) { if (buffer.length < 10) return buffer; len = Number(buffer.readBigUInt64BE(2)); off = 10; }
    if (buffer.length < off + len) return buffer;
    if (op === 8 && state.code === null) state.code = len >= 2 ? buffer.readUInt16BE(off) : 1005;
    buffer = buffer.subarray(off + len);
  }
}
// One connection: upgrade, then write until the server closes it or time is up.
function attack() {
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), host);
    let received = Buffer.alloc(0), upgraded = false, done = false;
    const state = { code: null };
    const finish = (refused) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(refused ? 'refused' : state.code);
    };
    socket.on('error', () => finish(!upgraded));
    socket.on('close', () => finish(!upgraded));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (upgraded) {
        received = readFrames(received, state);
        return;
      }
      const end = received.indexOf('\\r\\n\\r\\n');
      if (end < 0) return;
      if (!received.toString('latin1', 0, 12).startsWith('HTTP/1.1 101')) return finish(true);
      upgraded = true;
      connections++;
      received = readFrames(received.subarray(end + 4), state);
      if (connections === 1) process.stdout.write('ready\\n');
      let startedAt = 0;
      let sent = 0;
      const pump = () => {
        if (done) return;
        if (Date.now() >= stopAt) return finish(false);
        // Catch up to the rate (a full socket buffer waits for drain), then wait for the next 10 ms.
        while (sent < ((Date.now() - startedAt) / 10 + 1) * perBatch) {
          sent += perBatch;
          written += perBatch;
          if (!socket.write(batch)) return socket.once('drain', pump);
        }
        setTimeout(pump, 10);
      };
      started.then(() => {
        startedAt = Date.now();
        pump();
      });
    });
    socket.write('GET ' + path + ' HTTP/1.1\\r\\nHost: ' + host + ':' + port + '\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Key: ' + crypto.randomBytes(16).toString('base64') + '\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n');
  });
}
process.stdin.once('data', () => {
  stopAt = Date.now() + Number(duration);
  go();
});
(async () => {
  // A persistent attacker: cut off, it comes back, until its time is up. The first connection is
  // made at once, so that the host's work of accepting it is done before the flood is measured.
  while (Date.now() < stopAt) {
    const code = await attack();
    closeCodes.push(code);
    if (code === 'refused') await new Promise((r) => setTimeout(r, 50));
  }
  process.stdout.write(JSON.stringify({ written, connections, closeCodes }));
  process.exit(0);
})();
`;
