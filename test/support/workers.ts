/**
 * Workers for code that runs from the TypeScript sources (vitest, the Playwright bridge): the
 * worker's entry is bundled in memory with esbuild, as scripts/build.mjs bundles it for the app,
 * and started from that code (`eval`), so no file is written and no stale build is ever used.
 */
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerHost, WorkerName } from '../../electron/engine/base/worker-run';

const ENTRIES: Record<WorkerName, string> = { extract: '../../electron/engine/import/extract-worker.ts' };
const code = new Map<WorkerName, string>();

function bundle(name: WorkerName): string {
  let c = code.get(name);
  if (c === undefined) {
    const out = buildSync({ entryPoints: [fileURLToPath(new URL(ENTRIES[name], import.meta.url))], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'warning' });
    c = out.outputFiles[0]!.text;
    code.set(name, c);
  }
  return c;
}

export function sourceWorkers(): WorkerHost {
  return { spawn: (name, options) => new Worker(bundle(name), { ...options, eval: true }) };
}

/** Counts the workers started and those not yet exited, for tests that must see one was (or was not) used, or ended. */
export function countingWorkers(inner: WorkerHost = sourceWorkers()): { spawned: number; live: number; host: WorkerHost } {
  const counter: { spawned: number; live: number; host: WorkerHost } = {
    spawned: 0,
    live: 0,
    host: {
      spawn: (name, options) => {
        const worker = inner.spawn(name, options);
        counter.spawned++;
        counter.live++;
        worker.once('exit', () => counter.live--);
        return worker;
      },
    },
  };
  return counter;
}
