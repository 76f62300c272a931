/** Real dependencies for the engine in Node: the file system, sql.js, the clock and timers. */
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { HostDeps } from './deps';
import { EngineError } from './errors';
import { newSqlInstance } from './sql-instance';
import type { WorkerHost } from './worker-run';

let sqlPromise: Promise<SqlJsStatic> | null = null;

/**
 * The process's shared sql.js, for what holds no session (the CLI's screen and validate, tests).
 * A session's database never uses it: each session has a sql.js of its own (`newSql`), wiped when
 * it ends. sql.js finds its WebAssembly file beside its own script in node_modules (or app.asar).
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlPromise ??= initSqlJs();
  return sqlPromise;
}

/**
 * The bundled workers: each is built as `<name>-worker.cjs` beside the bundle that runs (scripts/
 * build.mjs: dist/electron/ for the app, dist/cli/ for the command line; the benchmark builds its
 * own into .tmp/). Bundled whole, so it needs no module resolution (nor any from inside app.asar).
 * Code running from the TypeScript sources (vitest, the Playwright bridge) has no such file and is
 * given a host by the test (test/support/workers.ts).
 */
export function bundledWorkers(base: string | URL = import.meta.url): WorkerHost {
  return {
    spawn(name, options) {
      const file = fileURLToPath(new URL(`./${name}-worker.cjs`, base));
      if (!existsSync(file)) throw new EngineError('INTERNAL', `The ${name} worker is not in the build (${file}); run npm run build`);
      return new Worker(file, options);
    },
  };
}

/**
 * Asks V8 to overwrite with zeros the memory its garbage collector frees (`--clear-free-memory`),
 * so the strings a session made of names and CPR numbers do not outlive their collection in the
 * old generation. Process-wide, and harmless to set more than once. The young generation is not
 * covered: its dead objects stay until new allocations overwrite them (README, "Where data
 * lives"). Node lets flags change after start; Electron's Node does too.
 */
export function clearFreedMemory(): void {
  setFlagsFromString('--clear-free-memory');
}

/** The engine's dependencies in a Node (or Electron main) process. */
export async function nodeDeps(workspacePath: string, overrides: Partial<HostDeps> = {}): Promise<HostDeps> {
  clearFreedMemory();
  return {
    workspacePath,
    fs: fsp,
    newSql: newSqlInstance,
    now: () => new Date(),
    workers: bundledWorkers(),
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    ...overrides,
  };
}
