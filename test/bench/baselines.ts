/**
 * Native baselines on the same plaintext, measured in the same run: DuckDB's own CSV reader (the
 * floor no JavaScript pipeline reaches) and the straightforward native build
 * (better-sqlite3: one wide text table, row-by-row inserts in one transaction, then indexes).
 * Both come from .tmp/bench-deps (see scripts/bench.mjs), never from the product's dependencies.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

const deps = process.env.TVAERBLIK_BENCH_DEPS;
const load = <T>(name: string): T | null => {
  try {
    return deps ? (createRequire(join(deps, 'package.json'))(name) as T) : null;
  } catch {
    return null;
  }
};

interface BetterSqlite {
  new (path: string): {
    exec(sql: string): void;
    prepare(sql: string): { run(...v: unknown[]): void };
    close(): void;
  };
}

/** better-sqlite3: the wide text table, one INSERT per row, then the two indexes. */
export function nativeRowInserts(header: string[], rows: readonly string[][]): number | null {
  const Database = load<BetterSqlite>('better-sqlite3');
  if (!Database) return null;
  const t = performance.now();
  const db = new Database(':memory:');
  let width = header.length;
  for (const r of rows) width = Math.max(width, r.length);
  db.exec(`CREATE TABLE wide (${Array.from({ length: width }, (_, i) => `c${i} TEXT`).join(', ')})`);
  const insert = db.prepare(`INSERT INTO wide VALUES (${Array(width).fill('?').join(',')})`);
  db.exec('BEGIN');
  for (const r of rows) insert.run(...(r.length === width ? r : [...r, ...Array(width - r.length).fill(null)]));
  db.exec('COMMIT');
  db.exec('CREATE INDEX wide_cpr ON wide (c0); CREATE INDEX wide_code ON wide (c4)');
  db.close();
  return performance.now() - t;
}

interface DuckDb {
  DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<{ run(sql: string): Promise<unknown>; runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>; closeSync?(): void }> }> };
}

export interface PlainCsv {
  path: string;
  separator: ';' | ',' | '\t';
  latin1: boolean;
}

/**
 * DuckDB's CSV reader on the plaintext extracts, each in its own dialect (separator, encoding,
 * Danish or English headers), unioned by column name; rows counted to prove they were read.
 */
export async function duckDbCsv(files: readonly PlainCsv[]): Promise<{ ms: number; rows: number } | null> {
  const duck = load<DuckDb>('@duckdb/node-api');
  if (!duck) return null;
  const t = performance.now();
  const instance = await duck.DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const reads = files.map((f) => `SELECT * FROM read_csv('${f.path}', delim = '${f.separator}', header = true, all_varchar = true, encoding = '${f.latin1 ? 'latin-1' : 'utf-8'}')`);
  await c.run(`CREATE TABLE wide AS ${reads.join(' UNION ALL BY NAME ')}`);
  const rows = Number((await c.runAndReadAll('SELECT count(*) FROM wide')).getRows()[0]![0]);
  const ms = performance.now() - t;
  c.closeSync?.();
  return { ms, rows };
}

export const baselinesAvailable = () => ({ betterSqlite: load('better-sqlite3') !== null, duckdb: load('@duckdb/node-api') !== null });
