import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../shared/providers/sqlite';
import { SqliteCallStore } from '../../shared/providers/store/sqlite';
import { CallStore } from '../../shared/providers/store/store';
import { makeCall } from '../support/calls';
import { makeTempDir } from '../support/tmp';

/**
 * A data folder from before lookups ignored the claim's policyholder phone: its `calls` table still has
 * that column (and its index). The store opens it, keeps writing, and never finds a call by it.
 */
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

describe('the SQLite call store on an older database', () => {
  it('works with the old policyholder_phone column and never looks calls up by it', async () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.remove);
    const path = `${tmp.dir}/callcenter.sqlite`;
    const old = openSqliteDatabase(path);
    old.exec(`
      CREATE TABLE calls (
        call_id TEXT PRIMARY KEY, created_at_ms INTEGER NOT NULL, phone_number TEXT NOT NULL,
        policyholder_phone TEXT, version INTEGER NOT NULL, doc TEXT NOT NULL);
      CREATE INDEX calls_by_phone ON calls (phone_number, created_at_ms);
      CREATE INDEX calls_by_policyholder_phone ON calls (policyholder_phone, created_at_ms);
    `);
    // A call written by the old code, naming someone else's number as the policyholder's.
    const stated = '+14255573002';
    const legacy = makeCall({ phone_number: '+33655000001' });
    legacy.claim.policyholder_phone = stated;
    old
      .prepare('INSERT INTO calls VALUES (?, ?, ?, ?, 1, ?)')
      .run(legacy.call_id, Date.parse(legacy.created_at), '+33655000001', stated, JSON.stringify(legacy));
    old.close();

    const store = new CallStore(new SqliteCallStore(openSqliteDatabase(path), true));
    try {
      expect(await store.findResumable(stated, 3, new Date())).toBeUndefined();
      expect(await store.listByPhone(stated)).toEqual([]);
      const own = makeCall({ phone_number: stated });
      await store.create(own);
      await store.update(own.call_id, (draft) => {
        draft.claim.policyholder_name = 'Bob';
      });
      expect((await store.findResumable(stated, 3, new Date()))?.call_id).toBe(own.call_id);
      expect((await store.get(legacy.call_id))?.claim.policyholder_phone).toBe(stated);
    } finally {
      await store.close();
    }
  });
});
