import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/log';
import { HTTP_LIMITS } from '../../local/server';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * The HTTP server's edge: a refused body is not read to its end (a client that keeps sending would
 * otherwise be read for as long as it likes), a client that leaves mid-body is a quiet 4xx, and the
 * slow-loris limits are set.
 */

let host: RunningLocalHost;
const logged: string[] = [];

beforeAll(async () => {
  host = await startLocalHost({}, { log: createLogger('debug', (line) => logged.push(line)) });
});
afterAll(async () => {
  await host?.close();
});

/**
 * Writes a POST head, then body chunks for as long as the server takes them (up to `maxBytes`).
 * Resolves with what the server answered and how much the client managed to write.
 */
function pushBody(head: string, maxBytes: number) {
  const { hostname, port } = new URL(host.baseUrl);
  return new Promise<{ response: string; written: number; closedByServer: boolean }>((resolve) => {
    const socket = connect(Number(port), hostname);
    let response = '';
    let written = 0;
    let finished = false;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const done = (closedByServer: boolean) => {
      if (finished) return;
      finished = true;
      socket.destroy();
      resolve({ response, written, closedByServer });
    };
    socket.on('data', (data: Buffer) => (response += data.toString('latin1')));
    socket.on('error', () => done(true));
    socket.on('close', () => done(true));
    const pump = () => {
      while (!finished && written < maxBytes) {
        written += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
      if (written >= maxBytes) setTimeout(() => done(false), 500);
    };
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
  });
}

describe('refused bodies', () => {
  it('answers 413 and closes the connection instead of reading a body that goes on and on', async () => {
    const cap = 200 * 1024 * 1024;
    for (const framing of [`Content-Length: ${cap}`, 'Transfer-Encoding: chunked']) {
      const head = `POST /api/call HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`;
      // A chunked body of spaces is not valid chunk framing: start it with a huge chunk instead.
      const prefix = framing.startsWith('Transfer') ? `${(cap - 64).toString(16)}\r\n` : '';
      const result = await pushBody(head + prefix, cap);
      expect(result.response).toMatch(/^HTTP\/1\.1 413/);
      expect(result.response).toMatch(/connection: close/i);
      expect(result.closedByServer).toBe(true);
      // What kernel buffers hold, not the 200 MiB the client had to send.
      expect(result.written).toBeLessThan(32 * 1024 * 1024);
    }
  });

  it('closes the connection after refusing a request whose body it did not need (401, 421)', async () => {
    const head =
      'POST /api/call HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n';
    const result = await pushBody(head, 100 * 1024 * 1024);
    expect(result.response).toMatch(/^HTTP\/1\.1 421/);
    expect(result.closedByServer).toBe(true);
    expect(result.written).toBeLessThan(32 * 1024 * 1024);
  });

  it('takes a client that leaves mid-body quietly: no error logged, no 500', async () => {
    const { hostname, port } = new URL(host.baseUrl);
    const before = logged.length;
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /api/call HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"bot_na',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fresh = logged.slice(before);
    expect(fresh.filter((line) => / ERROR /.test(line))).toEqual([]);
    // The host still answers.
    expect((await fetch(`${host.baseUrl}/api/health`)).status).toBe(200);
  });

  it('sets header and request timeouts and a connection cap on the server', () => {
    // Node's defaults: 60 s for headers, 300 s for a request, connections unbounded.
    expect(host.server.headersTimeout).toBe(HTTP_LIMITS.headersTimeoutMs);
    expect(host.server.headersTimeout).toBeLessThanOrEqual(10_000);
    expect(host.server.requestTimeout).toBe(HTTP_LIMITS.requestTimeoutMs);
    expect(host.server.requestTimeout).toBeLessThanOrEqual(30_000);
    expect(host.server.maxConnections).toBe(HTTP_LIMITS.maxConnections);
  });
});
