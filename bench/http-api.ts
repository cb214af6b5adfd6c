import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../shared/config';
import { newCall, type Message } from '../shared/domain/call';
import { callInitiateSchema } from '../shared/domain/initiate';
import { silentLogger } from '../shared/log';
import { startLocalApp } from '../local/app';
import { createLocalServer } from '../local/server';
import { summarize, type Summary } from './stats';

/**
 * The HTTP API's latency and throughput against the real local host (services, workflow runner, HTTP
 * server) in this process, over loopback with node's fetch (keep-alive). Each endpoint gets `requests`
 * requests from `concurrency` clients in parallel; every response status is checked.
 */

export interface LoadResult {
  /** Per-request latency, ms, from sending the request to reading the whole body. */
  readonly summary: Summary;
  /** Requests per second: completed requests over the wall-clock time of the whole run. */
  readonly throughput: number;
}

export interface HttpApiResults {
  readonly createCall: LoadResult;
  readonly getCall: LoadResult;
  readonly listCalls: LoadResult;
}

const REQUEST = {
  bot_company: 'Contoso',
  bot_name: 'Amélie',
  agent_phone_number: '+33687654321',
  task: 'Help the customer with their digital workplace. Assistant is working for the IT support department.',
  claim: [
    { name: 'hardware_info', type: 'text' },
    { name: 'first_seen', type: 'datetime' },
    { name: 'building_location', type: 'text' },
  ],
};

/** Distinct valid French mobile numbers, so that no two created calls share a number. */
let phoneCounter = 0;
function uniquePhone(): string {
  phoneCounter += 1;
  return `+336${String(10_000_000 + phoneCounter).slice(-8)}`;
}

export async function benchHttpApi(requests: number, concurrency: number): Promise<HttpApiResults> {
  const dir = mkdtempSync(join(tmpdir(), 'callcenter-bench-http-'));
  const source = {
    env: {},
    cwd: dir,
    // A long ring timeout: the calls created keep ringing (and their orchestrations waiting) for the run.
    overrides: { data_dir: dir, workflow: { ring_timeout_sec: 3600 } },
  };
  const config = loadConfig(source);
  const app = await startLocalApp(config, { log: silentLogger, configSource: source });
  const server = createLocalServer({ deps: app.deps, apiKey: undefined });
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const store = app.services.store;
    const warmup = Math.min(20, requests);

    const post = () =>
      expectStatus(
        fetch(`${base}/api/call`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...REQUEST, phone_number: uniquePhone() }),
        }),
        201,
      );
    await load(warmup, concurrency, post);
    const createCall = await load(requests, concurrency, post);

    // A long call: 200 messages, written through the store as the conversation would.
    const initiate = callInitiateSchema.parse({ ...REQUEST, phone_number: uniquePhone() });
    const long = await store.create(newCall(initiate, randomUUID(), new Date()));
    await store.update(long.call_id, (call) => {
      const start = Date.now();
      for (let i = 0; i < 200; i++) call.messages.push(message(i, start));
    });
    const get = () => expectStatus(fetch(`${base}/api/call/${long.call_id}`), 200);
    await load(warmup, concurrency, get);
    const getCall = await load(requests, concurrency, get);

    // A number with 50 calls; the API lists the newest 20 (its default limit).
    const phone = uniquePhone();
    const listed = callInitiateSchema.parse({ ...REQUEST, phone_number: phone });
    for (let i = 0; i < 50; i++) {
      await store.create(newCall(listed, randomUUID(), new Date(Date.now() - i * 60_000)));
    }
    const list = () =>
      expectStatus(fetch(`${base}/api/call?phone_number=${encodeURIComponent(phone)}`), 200, (body) => {
        const count = (JSON.parse(body) as unknown[]).length;
        if (count !== 20) throw new Error(`GET /api/call?phone_number= listed ${count} calls, expected 20`);
      });
    await load(warmup, concurrency, list);
    const listCalls = await load(requests, concurrency, list);

    return { createCall, getCall, listCalls };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function message(i: number, start: number): Message {
  return {
    created_at: new Date(start + i * 1_000).toISOString(),
    persona: i % 2 === 0 ? 'human' : 'assistant',
    action: 'talk',
    content:
      i % 2 === 0
        ? 'My laptop does not start since this morning, the screen stays black and the fan is loud.'
        : 'I am sorry to hear that. Could you tell me the model of your laptop and when you first noticed it?',
    style: 'none',
    tool_calls: [],
  };
}

/** Awaits the response and its whole body; throws on any other status than `status`. */
async function expectStatus(
  pending: Promise<Response>,
  status: number,
  check?: (body: string) => void,
): Promise<void> {
  const response = await pending;
  const body = await response.text();
  if (response.status !== status) {
    throw new Error(
      `${response.url}: expected HTTP ${status}, got ${response.status}: ${body.slice(0, 300)}`,
    );
  }
  check?.(body);
}

/** Runs `send` `total` times from `concurrency` workers in parallel; times each run. */
async function load(total: number, concurrency: number, send: () => Promise<void>): Promise<LoadResult> {
  const samples: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      const started = performance.now();
      await send();
      samples.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const elapsedSec = (performance.now() - started) / 1_000;
  return { summary: summarize(samples), throughput: samples.length / elapsedSec };
}
