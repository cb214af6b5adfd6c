import { CosmosClient } from '@azure/cosmos';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newCall, type CallState } from '../shared/domain/call';
import { callInitiateSchema, type CallInitiate } from '../shared/domain/initiate';
import { CosmosCallStore } from '../shared/providers/store/cosmos';
import { openSqliteDatabase } from '../shared/providers/sqlite';
import { SqliteCallStore } from '../shared/providers/store/sqlite';
import { CallStore } from '../shared/providers/store/store';
import { summarize, type Summary } from './stats';

/**
 * The call store's operations, one at a time, per backend: SQLite in a temp file, and Cosmos DB as
 * emulated by `@vercel/cosmosdb-server` in this process over HTTPS on loopback (so its numbers are
 * the client's and the emulator's cost, not Azure's network round trips).
 */

export interface OpResult {
  /** Latency per operation, ms. */
  readonly summary: Summary;
  /** Operations per second, one at a time: operations over the wall-clock time of the series. */
  readonly throughput: number;
}

export type StoreOp =
  'create' | 'get' | 'update' | 'getLong' | 'updateLong' | 'findResumable' | 'listByPhone';
export const STORE_OPS: readonly StoreOp[] = [
  'create',
  'get',
  'update',
  'getLong',
  'updateLong',
  'findResumable',
  'listByPhone',
];

/** The turns of the long call (`getLong`, `updateLong`): a half-hour call, about 100 KiB stored. */
export const LONG_CALL_TURNS = 200;

/**
 * How many of the costlier operations run for `ops` point operations: the long call's (each reads and
 * writes ~100 KiB) and the lookups (each a query over the whole store).
 */
export function fewerOps(ops: number): number {
  return Math.max(10, Math.round(ops / 5));
}

export type StoreOpsResults = Record<'sqlite' | 'cosmos', Record<StoreOp, OpResult>>;

/** The public, well-known Cosmos DB emulator key; the emulator accepts any key. */
const EMULATOR_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

const REQUEST = {
  bot_company: 'Contoso',
  bot_name: 'Amélie',
  agent_phone_number: '+33687654321',
};

export async function benchStoreOps(ops: number): Promise<StoreOpsResults> {
  const dir = mkdtempSync(join(tmpdir(), 'callcenter-bench-store-'));
  let sqlite: Record<StoreOp, OpResult>;
  try {
    const store = new CallStore(new SqliteCallStore(openSqliteDatabase(join(dir, 'calls.sqlite')), true));
    try {
      sqlite = await benchStore(store, ops);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const server = createHttpsServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  let cosmos: Record<StoreOp, OpResult>;
  try {
    const { port } = server.address() as AddressInfo;
    const client = new CosmosClient({
      endpoint: `https://127.0.0.1:${port}`,
      key: EMULATOR_KEY,
      // The emulator's certificate is self-signed: trusted through this agent only.
      agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }),
      connectionPolicy: { enableEndpointDiscovery: false, enableBackgroundEndpointRefreshing: false },
    });
    const store = new CallStore(await CosmosCallStore.open(client, 'bench', 'calls'));
    try {
      cosmos = await benchStore(store, ops);
    } finally {
      await store.close();
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  }
  return { sqlite, cosmos };
}

async function benchStore(store: CallStore, ops: number): Promise<Record<StoreOp, OpResult>> {
  let phoneCounter = 0;
  const initiate = (): CallInitiate => {
    phoneCounter += 1;
    return callInitiateSchema.parse({ ...REQUEST, phone_number: `+336${String(20_000_000 + phoneCounter)}` });
  };
  const calls: CallState[] = Array.from({ length: ops }, () => newCall(initiate(), randomUUID(), new Date()));

  // A number with 50 calls, one a minute, the newest now: what findResumable and listByPhone look up.
  const phoneInitiate = initiate();
  const phone = phoneInitiate.phone_number;
  for (let i = 0; i < 50; i++) {
    await store.create(newCall(phoneInitiate, randomUUID(), new Date(Date.now() - i * 60_000)));
  }

  const create = await series(ops, async (i) => {
    await store.create(calls[i] as CallState);
  });
  const get = await series(ops, async (i) => {
    const id = (calls[i] as CallState).call_id;
    if ((await store.get(id))?.call_id !== id) throw new Error(`get(${id}) did not find the call`);
  });
  const update = await series(ops, async (i) => {
    await store.update((calls[i] as CallState).call_id, (call) => {
      call.messages.push({
        created_at: new Date().toISOString(),
        persona: 'human',
        action: 'talk',
        content: 'My laptop does not start since this morning.',
        style: 'none',
        tool_calls: [],
      });
      call.last_interaction_at = new Date().toISOString();
    });
  });
  // A long call is read and written whole on every turn: what a turn's store work costs late in a call.
  const long = longCall(initiate());
  await store.create(long);
  const getLong = await series(fewerOps(ops), async () => {
    if ((await store.get(long.call_id))?.messages.length !== long.messages.length) {
      throw new Error('get of the long call lost messages');
    }
  });
  const updateLong = await series(fewerOps(ops), async (i) => {
    await store.update(long.call_id, (call) => {
      call.claim.incident_description = `Dégât des eaux, relevé n° ${i}`;
      call.last_interaction_at = new Date().toISOString();
    });
  });
  const findResumable = await series(fewerOps(ops), async () => {
    if (!(await store.findResumable(phone, 72, new Date()))) throw new Error('findResumable found nothing');
  });
  const listByPhone = await series(fewerOps(ops), async () => {
    const listed = await store.listByPhone(phone, 20);
    if (listed.length !== 20) throw new Error(`listByPhone listed ${listed.length} calls, expected 20`);
  });
  return { create, get, update, getLong, updateLong, findResumable, listByPhone };
}

/** A French caller's call of `LONG_CALL_TURNS` turns, a third of the answers with a tool call. */
function longCall(initiate: CallInitiate): CallState {
  const call = newCall(initiate, randomUUID(), new Date());
  const at = new Date().toISOString();
  for (let i = 0; i < LONG_CALL_TURNS; i++) {
    call.messages.push(
      {
        created_at: at,
        persona: 'human',
        action: 'talk',
        content:
          "L'eau coule du plafond de la cuisine depuis hier soir, vers neuf heures, j'ai coupé l'arrivée.",
        style: 'none',
        lang: 'fr-FR',
        tool_calls: [],
      },
      {
        created_at: at,
        persona: 'assistant',
        action: 'talk',
        content:
          "Je suis désolée d'apprendre cela. Pouvez-vous me donner l'adresse exacte du logement sinistré ?",
        style: 'none',
        lang: 'fr-FR',
        tool_calls:
          i % 3 === 0
            ? [
                {
                  id: `call_${i}`,
                  name: 'updated_claim',
                  arguments: '{"field":"incident_location","value":"12 rue de la Paix, Paris"}',
                  result: 'Updated claim field "incident_location" with value "12 rue de la Paix, Paris".',
                },
              ]
            : [],
      },
    );
  }
  return call;
}

/** Runs `op` `count` times one after the other; times each. */
async function series(count: number, op: (i: number) => Promise<void>): Promise<OpResult> {
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const opStarted = performance.now();
    await op(i);
    samples.push(performance.now() - opStarted);
  }
  const elapsedSec = (performance.now() - started) / 1_000;
  return { summary: summarize(samples), throughput: count / elapsedSec };
}
