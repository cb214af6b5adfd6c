import type { Statement } from 'better-sqlite3';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { silentLogger, type Logger } from '../../log';
import { openSqliteDatabase, type SqliteDatabase } from '../sqlite';
import { splitIntoPassages, titleFromFileName, type Passage } from './passages';
import {
  clampTop,
  queryWords,
  snippetAround,
  throwIfAborted,
  type DocumentSearch,
  type SearchHit,
  type SearchOptions,
} from './search';
import { STOPWORDS } from './stopwords';

/**
 * The embedded search backend: a folder of `.md` and `.txt` files, cut into passages and indexed with
 * SQLite FTS5 in a file of its own (a derived index: delete it and it is rebuilt). Opening it brings
 * the index up to date with the folder: files whose modification time or size changed are indexed
 * again, files gone are removed, the others are left alone. Ranking is FTS5's bm25, a match in the
 * title counting twice; English words are stemmed (porter) and accents ignored.
 *
 * Files under a folder named after a language ("fr-FR/", "es-ES/") are in that language: a caller
 * speaking it is offered those and the untagged ones; callers speaking a language the folder has no
 * files for are offered everything.
 */

export interface SqliteFtsSearchOptions {
  /** The folder of documents. */
  readonly docsDir: string;
  /** The index's SQLite file. */
  readonly indexPath: string;
  readonly log?: Logger;
}

/** What opening did to the index. */
export interface IndexStats {
  /** Documents in the folder. */
  readonly files: number;
  /** Of which (re)indexed now: new or changed since last time. */
  readonly indexed: number;
  /** Documents gone from the folder, removed from the index. */
  readonly removed: number;
  /** Passages in the index. */
  readonly passages: number;
  readonly ms: number;
}

/** Bump when the tables or the way documents are cut change: the index is then rebuilt. */
const SCHEMA_VERSION = 1;
const EXTENSIONS = new Set(['.md', '.markdown', '.txt']);
/** A "document" bigger than this is a data dump, not something to read to a caller. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const LANGUAGE_FOLDER = /^([a-z]{2,3})-[a-z]{2,4}$/i;

interface Row {
  readonly title: string;
  readonly source: string;
  readonly snippet: string;
  readonly rank: number;
}

export class SqliteFtsSearch implements DocumentSearch {
  readonly kind = 'sqlite-fts';
  private readonly query: Statement<{ match: string; lang: string | null; top: number }, Row>;
  private readonly hasLanguage: Statement<[string], unknown>;

  private constructor(
    private readonly db: SqliteDatabase,
    /** What opening found and did. */
    readonly stats: IndexStats,
  ) {
    this.query = db.prepare(`
      SELECT p.title, p.path AS source, snippet(passages_fts, 1, '', '', '…', 48) AS snippet,
             bm25(passages_fts, 2.0, 1.0) AS rank
      FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid
      WHERE passages_fts MATCH @match AND (@lang IS NULL OR p.lang IS NULL OR p.lang = @lang)
      ORDER BY rank LIMIT @top`);
    this.hasLanguage = db.prepare('SELECT 1 FROM passages WHERE lang = ? LIMIT 1');
  }

  /** Opens the index and brings it up to date with the folder. */
  static async open(options: SqliteFtsSearchOptions): Promise<SqliteFtsSearch> {
    const started = performance.now();
    const log = (options.log ?? silentLogger).child({ search: 'sqlite-fts' });
    const docsDir = resolve(options.docsDir);
    const files = await listDocuments(docsDir);
    const db = openSqliteDatabase(options.indexPath);
    try {
      prepareSchema(db, docsDir);
      const counts = await synchronize(db, files, log);
      const passages = (db.prepare('SELECT count(*) AS n FROM passages').get() as { n: number }).n;
      const stats = { files: files.length, ...counts, passages, ms: Math.round(performance.now() - started) };
      log.info('document index ready', { ...stats, docs_dir: docsDir });
      return new SqliteFtsSearch(db, stats);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    throwIfAborted(options.signal);
    const words = queryWords(query).filter((word) => !STOPWORDS.has(withoutAccents(word)));
    if (words.length === 0) return [];
    // Each word quoted: FTS5 then reads it as a plain string, never as NEAR, NOT, a column or a prefix.
    const match = words.map((word) => `"${word}"`).join(' OR ');
    const lang = primaryLanguage(options.lang);
    const rows = this.query.all({
      match,
      lang: lang !== undefined && this.hasLanguage.get(lang) ? lang : null,
      top: clampTop(options.top),
    });
    return rows.map((row) => ({
      title: row.title,
      content: snippetAround(row.snippet, words),
      source: row.source,
      score: -row.rank, // bm25 is lower-is-better
    }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

interface DocumentFile {
  /** Relative to the docs folder, with forward slashes: the hits' `source`. */
  readonly path: string;
  readonly absolute: string;
}

async function listDocuments(docsDir: string): Promise<DocumentFile[]> {
  try {
    if (!(await stat(docsDir)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new Error(`search.docs_dir: no folder at ${docsDir}`);
  }
  const found: DocumentFile[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue; // .git, editors' files
      const absolute = join(dir, entry.name);
      if (entry.isDirectory()) await walk(absolute);
      else if (entry.isFile() && EXTENSIONS.has(extensionOf(entry.name))) {
        found.push({ path: relative(docsDir, absolute).split(sep).join('/'), absolute });
      }
    }
  };
  await walk(docsDir);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

function prepareSchema(db: SqliteDatabase, docsDir: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== SCHEMA_VERSION) {
    db.exec(`
      DROP TABLE IF EXISTS passages_fts; DROP TABLE IF EXISTS passages;
      DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS meta;`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mtime_ms REAL NOT NULL, size INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS passages (
      id INTEGER PRIMARY KEY, path TEXT NOT NULL, lang TEXT, title TEXT NOT NULL, content TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS passages_by_path ON passages (path);
    CREATE INDEX IF NOT EXISTS passages_by_lang ON passages (lang) WHERE lang IS NOT NULL;
    CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
      title, content, content = 'passages', content_rowid = 'id',
      tokenize = 'porter unicode61 remove_diacritics 2');
    -- Written only when opening, and optimized after: merging segments on the way is wasted work.
    INSERT INTO passages_fts (passages_fts, rank) VALUES ('automerge', 0);
    CREATE TRIGGER IF NOT EXISTS passages_inserted AFTER INSERT ON passages BEGIN
      INSERT INTO passages_fts (rowid, title, content) VALUES (new.id, new.title, new.content);
    END;
    CREATE TRIGGER IF NOT EXISTS passages_deleted AFTER DELETE ON passages BEGIN
      INSERT INTO passages_fts (passages_fts, rowid, title, content)
      VALUES ('delete', old.id, old.title, old.content);
    END;`);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  // Paths are relative to the folder: an index of another folder is of no use.
  const indexed = db.prepare("SELECT value FROM meta WHERE key = 'docs_dir'").get() as
    { value: string } | undefined;
  if (indexed?.value !== docsDir) {
    db.exec('DELETE FROM passages; DELETE FROM files;');
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('docs_dir', ?)").run(docsDir);
  }
}

async function synchronize(
  db: SqliteDatabase,
  files: readonly DocumentFile[],
  log: Logger,
): Promise<{ indexed: number; removed: number }> {
  const known = new Map(
    (db.prepare('SELECT path, mtime_ms, size FROM files').all() as FileRow[]).map((row) => [row.path, row]),
  );
  const insert = db.prepare('INSERT INTO passages (path, lang, title, content) VALUES (?, ?, ?, ?)');
  const forget = db.prepare('DELETE FROM passages WHERE path = ?');
  const remember = db.prepare('INSERT OR REPLACE INTO files (path, mtime_ms, size) VALUES (?, ?, ?)');
  const dropFile = db.prepare('DELETE FROM files WHERE path = ?');
  const replace = db.transaction((file: FileRow, lang: string | null, passages: Passage[]) => {
    forget.run(file.path);
    for (const passage of passages) insert.run(file.path, lang, passage.title, passage.content);
    remember.run(file.path, file.mtime_ms, file.size);
  });

  let indexed = 0;
  for (const file of files) {
    const info = await stat(file.absolute).catch(() => undefined);
    if (!info) continue; // removed since the folder was listed: left in `known`, so removed below
    if (info.size > MAX_FILE_BYTES) {
      // Left in `known`: removed below, should an earlier, smaller version be in the index.
      log.warn('document too big to index; skipped', { path: file.path, bytes: info.size });
      continue;
    }
    const before = known.get(file.path);
    if (before && before.mtime_ms === info.mtimeMs && before.size === info.size) {
      known.delete(file.path); // what is left in `known` at the end is gone from the folder
      continue;
    }
    // One file at a time, read asynchronously: a big folder never holds the event loop for long.
    const text = await readFile(file.absolute, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    known.delete(file.path);
    const row: FileRow = { path: file.path, mtime_ms: info.mtimeMs, size: info.size };
    const passages = splitIntoPassages(text, {
      markdown: extensionOf(file.path) !== '.txt',
      fallbackTitle: titleFromFileName(file.path),
    });
    replace(row, languageOf(file.path), passages);
    indexed += 1;
  }
  const gone = [...known.keys()];
  db.transaction(() => {
    for (const path of gone) {
      forget.run(path);
      dropFile.run(path);
    }
  })();
  if (indexed > 0 || gone.length > 0) db.exec("INSERT INTO passages_fts (passages_fts) VALUES ('optimize')");
  return { indexed, removed: gone.length };
}

interface FileRow {
  readonly path: string;
  readonly mtime_ms: number;
  readonly size: number;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

/** "fr-FR/claims.md" → "fr": the language of a file under a language's folder; null for the others. */
function languageOf(path: string): string | null {
  const folder = path.includes('/') ? path.slice(0, path.indexOf('/')) : '';
  return LANGUAGE_FOLDER.exec(folder)?.[1]?.toLowerCase() ?? null;
}

/** "fr-FR" → "fr": a French caller is offered fr-FR, fr-CA and fr-BE documents alike. */
function primaryLanguage(lang: string | undefined): string | undefined {
  return lang?.split(/[-_]/)[0]?.toLowerCase() || undefined;
}

function withoutAccents(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '');
}
