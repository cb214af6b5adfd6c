import { resolve } from 'node:path';
import { dataPath, type Config } from './config';
import { createLogger, type Logger } from './log';
import type { SqliteDatabase } from './providers/sqlite';
import { CallStore } from './providers/store/store';
import { LocalPhoneNetwork } from './providers/telephony/local';
import type { Telephony } from './providers/telephony/telephony';

/**
 * The composition root: the one place that reads the config and picks a backend for each port.
 * Hosts (the Functions app, the local host, tests) call `createServices` and get the same wiring.
 */
export interface Services {
  readonly config: Config;
  readonly log: Logger;
  readonly store: CallStore;
  readonly telephony: Telephony;
  /** The embedded database when one is used (the call store and the local workflow runner share it). */
  readonly sqlite: SqliteDatabase | undefined;
  /** Where the embedded database lives, for the startup banner. */
  readonly sqlitePath: string | undefined;
  /** Which backend serves each port. */
  readonly ports: Record<string, string>;
  now(): Date;
  close(): Promise<void>;
}

export interface ServiceOverrides {
  readonly log?: Logger;
  readonly telephony?: Telephony;
  readonly now?: () => Date;
}

export async function createServices(config: Config, overrides: ServiceOverrides = {}): Promise<Services> {
  const log = overrides.log ?? createLogger(config.log.level);
  const { store, sqlite, sqlitePath } = await openStore(config);
  const telephony = overrides.telephony ?? new LocalPhoneNetwork();
  const llm = config.llm.fast.endpoint ? 'openai-compatible' : 'offline agent';
  return {
    config,
    log,
    store,
    telephony,
    sqlite,
    sqlitePath,
    ports: { store: store.kind, telephony: telephony.kind, llm },
    now: overrides.now ?? (() => new Date()),
    async close() {
      await store.close();
      sqlite?.close();
    },
  };
}

async function openStore(
  config: Config,
): Promise<{ store: CallStore; sqlite: SqliteDatabase | undefined; sqlitePath: string | undefined }> {
  const cosmos = config.store.cosmos;
  const backend = config.store.backend ?? (cosmos.endpoint ? 'cosmos' : 'sqlite');
  if (backend === 'cosmos') {
    if (!cosmos.endpoint || !cosmos.key) {
      throw new Error(
        'store.backend is cosmos: set store.cosmos.endpoint and store.cosmos.key (COSMOS_ENDPOINT, COSMOS_KEY)',
      );
    }
    // Loaded only when used: the Azure SDK would slow the local host's cold start for nothing.
    const { CosmosCallStore } = await import('./providers/store/cosmos.js');
    const cosmosStore = await CosmosCallStore.connect({
      ...cosmos,
      endpoint: cosmos.endpoint,
      key: cosmos.key,
    });
    return { store: new CallStore(cosmosStore), sqlite: undefined, sqlitePath: undefined };
  }
  // Loaded only when used too: the native module has no business in a Cosmos-backed Functions app.
  const { openSqliteDatabase } = await import('./providers/sqlite.js');
  const { SqliteCallStore } = await import('./providers/store/sqlite.js');
  const path = resolve(dataPath(config, config.store.sqlite_path ?? 'callcenter.sqlite'));
  const sqlite = openSqliteDatabase(path);
  return { store: new CallStore(new SqliteCallStore(sqlite)), sqlite, sqlitePath: path };
}
