/** Opening the in-memory sql.js database from bytes (or empty) and bringing its schema up to date. */
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { base64Bytes, fromBase64Bytes } from './crypto/secret-bytes';
import { EngineError } from './errors';

/** One step of the schema, owned by the domain whose tables it makes. */
export interface Migration {
  sql: string;
  /** Runs in the same transaction after the SQL, e.g. to seed bundled data. */
  after?: (db: Database) => void;
}

/**
 * How every database the engine opens is set up.
 *   secure_delete   deleted rows are overwritten with zeros in the page, and pages that fall free
 *                   are zeroed, so a replaced extract's names and CPR numbers do not live on in
 *                   the saved image;
 *   journal_mode    the rollback journal (the pages a transaction or savepoint changes, as they
 *   temp_store      were) and temporary tables stay in SQLite's own memory, which is wiped with
 *                   the session's sql.js, instead of in files of sql.js's in-memory file system;
 *   foreign_keys    as the schema means them.
 * sql.js's export() copies the database with SQLite's backup API on the same connection, so
 * these stay set across saves (test/unit/secure-delete.test.ts checks it).
 */
export const OPEN_PRAGMAS = 'PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA journal_mode = MEMORY; PRAGMA temp_store = MEMORY;';

/** Opens the database from bytes (or empty) and applies the migrations it has not had yet. */
export function openDatabase(sql: SqlJsStatic, schema: readonly Migration[], bytes?: Uint8Array): Database {
  const db = bytes ? new sql.Database(bytes) : new sql.Database();
  try {
    db.exec(OPEN_PRAGMAS);
    const version = Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
    if (version > schema.length) {
      throw new EngineError('WORKSPACE_VERSION', `The workspace database has schema ${version}; this program knows ${schema.length}`);
    }
    for (let v = version; v < schema.length; v++) {
      const m = schema[v]!;
      db.exec(`BEGIN; ${m.sql};`);
      m.after?.(db);
      db.exec(`PRAGMA user_version = ${v + 1}; COMMIT;`);
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof EngineError) throw err;
    throw new EngineError('WORKSPACE_CORRUPT', 'The workspace database cannot be read');
  }
}

export type Row = Record<string, SqlValue>;

/** Runs a read query and returns plain row objects. */
export function all(db: Database, sql: string, params: SqlValue[] = []): Row[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows: Row[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject());
    return rows;
  } finally {
    stmt.free();
  }
}

export function one(db: Database, sql: string, params: SqlValue[] = []): Row | undefined {
  return all(db, sql, params)[0];
}

export function run(db: Database, sql: string, params: SqlValue[] = []): void {
  db.run(sql, params);
}

export function getMeta(db: Database, key: string): string | undefined {
  const row = one(db, 'SELECT value FROM meta WHERE key = ?', [key]);
  return row ? String(row.value) : undefined;
}

export function setMeta(db: Database, key: string, value: string): void {
  run(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, value]);
}

/**
 * A key kept in meta (as base64 text, like any other value), read and written as bytes so that
 * no JavaScript string of it is made: a string cannot be overwritten, bytes can. The stored text
 * is the same as before, so older workspaces open unchanged. The caller zeroes what it gets.
 * What passes through sql.js stays in the session's sql.js instance, wiped with the session.
 */
export function getSecretMeta(db: Database, key: string): Buffer | undefined {
  const row = one(db, 'SELECT CAST(value AS BLOB) AS value FROM meta WHERE key = ?', [key]);
  if (!row) return undefined;
  const text = row.value as Uint8Array;
  try {
    return fromBase64Bytes(text);
  } finally {
    text.fill(0);
  }
}

export function setSecretMeta(db: Database, key: string, bytes: Uint8Array): void {
  const text = base64Bytes(bytes);
  try {
    run(db, 'INSERT INTO meta (key, value) VALUES (?, CAST(? AS TEXT)) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, text]);
  } finally {
    text.fill(0);
  }
}
