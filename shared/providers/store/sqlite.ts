import type Database from 'better-sqlite3';
import type { CallState } from '../../domain/call';
import type { SqliteDatabase } from '../sqlite';
import { DocumentCache } from './document-cache';
import {
  CallAlreadyExistsError,
  type CallStoreBackend,
  type ListQuery,
  type ReplaceResult,
  type StoredCall,
} from './store';

/**
 * The embedded call store: one row per call in the shared SQLite file. The document is JSON; the
 * columns beside it exist only to find calls by their line number and order them. Databases made
 * before lookups ignored the policyholder's phone keep that (nullable) column; it is no longer written
 * nor read, and its index is dropped.
 */
export class SqliteCallStore implements CallStoreBackend {
  readonly kind = 'sqlite';

  /** Statements compiled once: preparing on every call cost more than running them (measured). */
  private readonly statements = new Map<string, Statement>();
  /** The documents this store last wrote or read, by call, with their version. */
  private readonly documents = new DocumentCache();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly closeDatabase = false,
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS calls (
        call_id TEXT PRIMARY KEY,
        created_at_ms INTEGER NOT NULL,
        phone_number TEXT NOT NULL,
        version INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS calls_by_phone ON calls (phone_number, created_at_ms);
      DROP INDEX IF EXISTS calls_by_policyholder_phone;
    `);
  }

  async insert(call: CallState, document: string): Promise<StoredCall> {
    try {
      this.statement(
        `INSERT INTO calls (call_id, created_at_ms, phone_number, version, doc) VALUES (?, ?, ?, 1, ?)`,
      ).run(call.call_id, Date.parse(call.created_at), call.initiate.phone_number, document);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new CallAlreadyExistsError(call.call_id);
      }
      throw error;
    }
    this.documents.set(call.call_id, 1, document);
    return { call, etag: '1' };
  }

  /**
   * A call is read whole several times a turn, and taking a long call's text out of SQLite (V8 making a
   * string of its UTF-8) costs several times parsing it: a 200-turn call in French, ~100 KiB, took 1.1 ms
   * to read and 0.2 ms to parse (`npm run bench -- --only store-ops`, getLong). So the version is read
   * first, and the document this store last saw at that version is parsed instead. The version is the
   * row's own and every writer, in this process or another, bumps it: a kept document is never handed
   * out after the row changed.
   */
  async read(callId: string): Promise<StoredCall | undefined> {
    const current = this.statement('SELECT version FROM calls WHERE call_id = ?').get(callId) as
      { version: number } | undefined;
    if (!current) return undefined;
    const kept = this.documents.get(callId, current.version);
    if (kept !== undefined) return { call: JSON.parse(kept) as CallState, etag: String(current.version) };
    const row = this.statement('SELECT version, doc FROM calls WHERE call_id = ?').get(callId) as
      { version: number; doc: string } | undefined;
    if (!row) return undefined;
    this.documents.set(callId, row.version, row.doc);
    return { call: JSON.parse(row.doc) as CallState, etag: String(row.version) };
  }

  async replace(call: CallState, etag: string, document: string): Promise<ReplaceResult> {
    const result = this.statement(
      `UPDATE calls SET phone_number = ?, version = version + 1, doc = ? WHERE call_id = ? AND version = ?`,
    ).run(call.initiate.phone_number, document, call.call_id, Number(etag));
    if (result.changes === 1) {
      const version = Number(etag) + 1;
      this.documents.set(call.call_id, version, document);
      return { ok: true, etag: String(version) };
    }
    const exists = this.statement('SELECT 1 FROM calls WHERE call_id = ?').get(call.call_id);
    return { ok: false, reason: exists ? 'conflict' : 'not_found' };
  }

  async newestForPhone(phone: string, since: Date): Promise<CallState | undefined> {
    const row = this.db
      .prepare(
        `SELECT doc FROM calls
         WHERE phone_number = @phone AND created_at_ms >= @since
         ORDER BY created_at_ms DESC LIMIT 1`,
      )
      .get({ phone, since: since.getTime() }) as { doc: string } | undefined;
    return row && (JSON.parse(row.doc) as CallState);
  }

  async listForPhone(phone: string, limit: number): Promise<CallState[]> {
    const rows = this.db
      .prepare(
        `SELECT doc FROM calls WHERE phone_number = @phone
         ORDER BY created_at_ms DESC LIMIT @limit`,
      )
      .all({ phone, limit }) as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc) as CallState);
  }

  async unendedForPhone(phone: string, limit: number): Promise<CallState[]> {
    const rows = this.statement(
      `SELECT doc FROM calls
       WHERE phone_number = @phone AND json_extract(doc, '$.lifecycle.state') <> 'ended'
       ORDER BY created_at_ms DESC LIMIT @limit`,
    ).all({ phone, limit }) as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc) as CallState);
  }

  async listNewest(query: ListQuery): Promise<CallState[]> {
    const where = [
      query.phone !== undefined && 'phone_number = @phone',
      query.since && 'created_at_ms >= @since',
      query.before && 'created_at_ms < @before',
      query.endedOnly && `json_extract(doc, '$.lifecycle.state') = 'ended'`,
    ].filter(Boolean);
    const rows = this.statement(
      `SELECT doc FROM calls ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at_ms DESC LIMIT @limit`,
    ).all({
      limit: query.limit,
      ...(query.phone !== undefined ? { phone: query.phone } : {}),
      ...(query.since ? { since: query.since.getTime() } : {}),
      ...(query.before ? { before: query.before.getTime() } : {}),
    }) as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc) as CallState);
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async close(): Promise<void> {
    if (this.closeDatabase) this.db.close();
  }
}

type Statement = Database.Statement<unknown[]>;
