import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';

/**
 * `/api/health/ready` through the real local host: every configured backend must answer, each within
 * `readiness.timeout_ms`; a stopped or silent one is named in a 503, with no URL or key in the answer.
 * The backends are real local servers (the scripted OpenAI-compatible server), stopped or stalled.
 */

let host: RunningLocalHost | undefined;
let llm: ScriptedLlmServer | undefined;
const servers: http.Server[] = [];
afterEach(async () => {
  await host?.close();
  await llm?.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  host = llm = undefined;
});

/** A server that takes connections and never answers. */
async function silentServer(): Promise<string> {
  const server = http.createServer(() => undefined);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

/** A loopback URL nothing listens on any more. */
async function closedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

async function ready(): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const response = await fetch(`${host?.baseUrl}/api/health/ready`);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text };
}

describe('GET /api/health/ready', () => {
  it('is ready when the store and every configured endpoint answer', async () => {
    llm = await startScriptedLlmServer();
    host = await startLocalHost({
      llm: { fast: { endpoint: llm.baseUrl, api_key: 'fast-secret-key' } },
    });
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ready', checks: { store: 'ok', 'llm.fast': 'ok' } });
    // A probe must not cost a model request.
    expect(llm.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(0);
  });

  it('names a stopped model endpoint and a silent one, and stays live', async () => {
    llm = await startScriptedLlmServer();
    const stopped = llm.baseUrl;
    await llm.close();
    llm = undefined;
    host = await startLocalHost({
      llm: {
        fast: { endpoint: stopped, api_key: 'fast-secret-key' },
        slow: { endpoint: await silentServer(), api_key: 'slow-secret-key' },
      },
      readiness: { timeout_ms: 300 },
    });
    const started = Date.now();
    const { status, body, text } = await ready();
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'unavailable',
      failing: ['llm.fast', 'llm.slow'],
      checks: { store: 'ok', 'llm.fast': 'connection refused', 'llm.slow': 'no answer within 300 ms' },
    });
    // Checked in parallel, each within its timeout.
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const secret of ['secret-key', '127.0.0.1']) expect(text).not.toContain(secret);
    // Liveness is the process: still fine.
    expect((await fetch(`${host.baseUrl}/api/health`)).status).toBe(200);
  });

  it('checks an Azure AI Search endpoint that does not answer', async () => {
    host = await startLocalHost({
      search: { azure: { endpoint: await closedUrl(), key: 'search-secret', index: 'docs' } },
    });
    const { status, body, text } = await ready();
    expect(status).toBe(503);
    expect(body).toMatchObject({ failing: ['search'], checks: { search: 'connection refused' } });
    expect(text).not.toContain('search-secret');
  });
});
