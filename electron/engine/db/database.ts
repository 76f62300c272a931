/** Opening the in-memory sql.js database from bytes (or empty) and bringing its schema up to date. */
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { EngineError } from '../errors';
import { MIGRATIONS } from './schema';

export function openDatabase(sql: SqlJsStatic, bytes?: Uint8Array): Database {
  const db = bytes ? new sql.Database(bytes) : new sql.Database();
  try {
    db.exec('PRAGMA foreign_keys = ON;');
    const version = Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
    if (version > MIGRATIONS.length) {
      throw new EngineError('WORKSPACE_VERSION', `The workspace database has schema ${version}; this program knows ${MIGRATIONS.length}`);
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.exec(`BEGIN; ${MIGRATIONS[v]}; PRAGMA user_version = ${v + 1}; COMMIT;`);
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
