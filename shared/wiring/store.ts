import { resolve } from 'node:path';
import { ConfigError, dataPath, type Config } from '../config';
import { azureCredential } from '../providers/azure-credential';
import type { SqliteDatabase } from '../providers/sqlite';
import { CallStore } from '../providers/store/store';

/** The configured call store (and the embedded database, when it is SQLite); the export opens it alone. */
export async function openStore(
  config: Config,
): Promise<{ store: CallStore; sqlite: SqliteDatabase | undefined; sqlitePath: string | undefined }> {
  const cosmos = config.store.cosmos;
  const backend = config.store.backend ?? (cosmos.endpoint ? 'cosmos' : 'sqlite');
  if (backend === 'cosmos') {
    if (!cosmos.endpoint) {
      throw new ConfigError([
        'store.cosmos.endpoint (env COSMOS_ENDPOINT): required with the cosmos store (and store.cosmos.key, COSMOS_KEY, unless the app identity has a data-plane role)',
      ]);
    }
    // Loaded only when used: the Azure SDK would slow the local host's cold start for nothing.
    const { CosmosCallStore } = await import('../providers/store/cosmos.js');
    const { database, container, endpoint, key } = { ...cosmos, endpoint: cosmos.endpoint };
    const cosmosStore = key
      ? await CosmosCallStore.connect({ endpoint, key, database, container })
      : await CosmosCallStore.connectWithIdentity({
          endpoint,
          credential: await azureCredential(config),
          database,
          container,
        });
    return { store: new CallStore(cosmosStore), sqlite: undefined, sqlitePath: undefined };
  }
  // Loaded only when used too: the native module has no business in a Cosmos-backed Functions app.
  const { openSqliteDatabase } = await import('../providers/sqlite.js');
  const { SqliteCallStore } = await import('../providers/store/sqlite.js');
  const path = resolve(dataPath(config, config.store.sqlite_path ?? 'callcenter.sqlite'));
  const sqlite = openSqliteDatabase(path);
  return { store: new CallStore(new SqliteCallStore(sqlite)), sqlite, sqlitePath: path };
}
