import { afterAll, beforeAll } from 'vitest';
import { openSqliteDatabase } from '../../shared/providers/sqlite';
import { SqliteCallStore } from '../../shared/providers/store/sqlite';
import { CallStore } from '../../shared/providers/store/store';
import { makeTempDir } from './tmp';

/** A real call store (SQLite, as `npm start` uses) in a fresh temporary folder. */
export interface TempStore {
  readonly store: CallStore;
  /** Closes the store and removes its folder. */
  close(): Promise<void>;
}

export function openTempStore(prefix?: string): TempStore {
  const tmp = makeTempDir(prefix);
  const store = new CallStore(new SqliteCallStore(openSqliteDatabase(`${tmp.dir}/calls.sqlite`), true));
  return {
    store,
    async close() {
      await store.close();
      tmp.remove();
    },
  };
}

/** A TempStore opened before the file's tests and closed after them; `.store` is for use in tests. */
export function useTempStore(): { readonly store: CallStore } {
  let opened: TempStore | undefined;
  beforeAll(() => {
    opened = openTempStore();
  });
  afterAll(async () => {
    await opened?.close();
    opened = undefined;
  });
  return {
    get store(): CallStore {
      if (!opened) throw new Error('useTempStore: the store is open only while the tests run');
      return opened.store;
    },
  };
}
