import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed) the embedded SQLite database shared by the call store and the local
 * workflow runner. WAL lets readers proceed while a write commits; the busy timeout covers a second
 * process (a script, `npm run chat`) writing to the same file.
 */
export function openSqliteDatabase(path: string): SqliteDatabase {
  if (path === ':memory:') return configure(new Database(path));
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Call data is personal: owner-only, created so (not chmod-ed after a window of 0644), and an
  // existing file from an older version is tightened. SQLite gives the WAL and SHM files the
  // database file's mode when it creates them; existing ones are tightened too.
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
  const db = configure(new Database(path));
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
  }
  return db;
}

function configure(db: SqliteDatabase): SqliteDatabase {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}
