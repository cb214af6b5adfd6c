import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { rawUpgrade } from '../support/raw-socket';

/**
 * DNS rebinding: a page on evil.example, re-pointed at 127.0.0.1, reaches the host with
 * `Host: evil.example`. Every route and both sockets must refuse it; the names the host serves work.
 */

let host: RunningLocalHost;
let port: number;

beforeAll(async () => {
  host = await startLocalHost({ host: { public_url: 'https://calls.example.com' } });
  port = Number(new URL(host.baseUrl).port);
});
afterAll(async () => {
  await host?.close();
});

/** A request to the host's real address, with whatever Host header a browser would send. */
function get(path: string, hostHeader: string, method = 'GET', body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: { host: hostHeader, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function upgradeStatus(path: string, hostHeader: string): Promise<string> {
  try {
    const socket = await rawUpgrade(host.baseUrl, path, { Host: hostHeader });
    socket.socket.destroy();
    return '101';
  } catch (error) {
    return String((error as Error).message).split(' ')[1] ?? '';
  }
}

describe('the Host check', () => {
  it('refuses a name the host does not serve, on every route and socket', async () => {
    const evil = `evil.example:${port}`;
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/api/health'],
      ['GET', '/api/call'],
      ['POST', '/api/call'],
      ['GET', '/api/no-such-route'],
    ] as const) {
      const response = await get(path, evil, method, method === 'POST' ? '{}' : undefined);
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 421 });
      expect(response.body).toMatch(/Host header/);
    }
    expect(await upgradeStatus('/api/phone', evil)).toBe('421');
    expect(await upgradeStatus(`/api/media/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, evil)).toBe(
      '421',
    );
    // Look-alikes: a suffix, a user-info trick.
    expect((await get('/api/health', `localhost.evil.example:${port}`)).status).toBe(421);
    expect((await get('/api/health', `localhost@evil.example`)).status).toBe(421);
  });

  it('serves loopback names, with or without a port, and the public URL’s host', async () => {
    for (const name of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      'LOCALHOST',
      'calls.example.com',
    ]) {
      expect({ name, status: (await get('/api/health', name)).status }).toEqual({ name, status: 200 });
    }
    expect(await upgradeStatus('/api/phone', `localhost:${port}`)).toBe('101');
  });
});
