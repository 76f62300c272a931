/** Real dependencies for the engine in Node: the file system, sql.js, the clock and timers. */
import * as fsp from 'node:fs/promises';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { HostDeps } from './deps';

let sqlPromise: Promise<SqlJsStatic> | null = null;

/** sql.js finds its WebAssembly file beside its own script in node_modules (or app.asar). */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlPromise ??= initSqlJs();
  return sqlPromise;
}

export async function nodeDeps(workspacePath: string, overrides: Partial<HostDeps> = {}): Promise<HostDeps> {
  return {
    workspacePath,
    fs: fsp,
    sql: await loadSqlJs(),
    now: () => new Date(),
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    ...overrides,
  };
}
