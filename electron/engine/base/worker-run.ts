/**
 * One job in a worker thread that cannot hurt the engine: its heap is capped (a worker that
 * outgrows it dies alone, with an error we catch), it has a wall-clock limit, and an abort ends
 * it at once. The engine's own thread stays free meanwhile, so a cancel, the idle lock and the
 * rest of the queue are never stuck behind untrusted input.
 *
 * A worker is reused only within one pool (workerPool), which one engine call holds for its own
 * files and ends when the call does; a worker that failed in any way is ended, never reused. One
 * worker per file cost the import of a large batch more than parsing did on a machine where fresh
 * memory is dear: every file started an isolate, compiled the parser again and touched all-new
 * pages for its heap; a reused worker parses the next file in memory it already has. Alone
 * (runInWorker), a job gets a fresh worker that ends with it.
 */
import type { Worker, WorkerOptions } from 'node:worker_threads';

/** The workers the engine knows, by name; each is a bundle beside the main bundle (see scripts/build.mjs). */
export type WorkerName = 'extract';

/** Starts a named worker. The host (node-host.ts, or a test) knows where its code is. */
export interface WorkerHost {
  spawn(name: WorkerName, options: WorkerOptions): Worker;
}

export interface WorkerLimits {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
  timeoutMs: number;
}

export type WorkerFailureKind = 'memory' | 'time' | 'cancelled' | 'crashed';

export class WorkerFailure extends Error {
  constructor(
    readonly kind: WorkerFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface WorkerJob {
  limits: WorkerLimits;
  signal?: AbortSignal;
  /** Messages the worker sends before its answer (progress). */
  onNote?: (note: unknown) => void;
}

/**
 * Workers that run one job at a time and, once a job is answered, wait for the next job of the
 * same name and limits. Idle workers hold no reference that keeps the process alive; `close` ends
 * them all (and any still busy, whose jobs then fail as crashed).
 */
export interface WorkerPool {
  run<T>(name: WorkerName, message: unknown, transfer: readonly ArrayBuffer[], job: WorkerJob): Promise<T>;
  /**
   * Starts workers ahead of their jobs, until `count` of this name and these limits are idle: a
   * worker takes about a tenth of a second to start and compile its code, which then overlaps
   * whatever the caller does before its first job (reading the files). One that cannot start is
   * left to the job that needs it to report.
   */
  warm(name: WorkerName, limits: WorkerLimits, count: number): void;
  close(): void;
}

export function workerPool(host: WorkerHost): WorkerPool {
  const idle = new Map<string, Worker[]>();
  const all = new Set<Worker>();
  let closed = false;

  const spawn = (name: WorkerName, limits: WorkerLimits): Worker => {
    const worker = host.spawn(name, {
      resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb },
      // Nothing of the parent's environment or standard input is the worker's business.
      env: {},
      stdin: false,
    });
    all.add(worker);
    // An idle worker that fails or exits is simply gone; a busy one's job hears it (run below).
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      all.delete(worker);
      for (const [key, list] of idle) idle.set(key, list.filter((w) => w !== worker));
    });
    return worker;
  };

  const keyOf = (name: WorkerName, limits: WorkerLimits) => `${name}:${limits.maxOldGenerationSizeMb}:${limits.maxYoungGenerationSizeMb}`;

  const warm = (name: WorkerName, limits: WorkerLimits, count: number): void => {
    const key = keyOf(name, limits);
    const list = idle.get(key) ?? [];
    try {
      while (!closed && list.length < count) {
        const worker = spawn(name, limits);
        worker.unref(); // idle: it keeps nothing alive
        list.push(worker);
      }
    } catch {
      // (the job that needs a worker spawns one itself, and reports why it could not)
    }
    idle.set(key, list);
  };

  const run = <T>(name: WorkerName, message: unknown, transfer: readonly ArrayBuffer[], job: WorkerJob): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) {
        reject(new WorkerFailure('crashed', 'the workers were closed'));
        return;
      }
      if (job.signal?.aborted) {
        reject(new WorkerFailure('cancelled', 'cancelled before the worker started'));
        return;
      }
      const key = keyOf(name, job.limits);
      let worker: Worker;
      try {
        worker = idle.get(key)?.pop() ?? spawn(name, job.limits);
      } catch (err) {
        reject(new WorkerFailure('crashed', `the worker could not start: ${err instanceof Error ? err.message : String(err)}`));
        return;
      }
      worker.ref();
      let settled = false;
      const finish = (answered: boolean, fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        job.signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (answered && !closed) {
          worker.unref();
          idle.set(key, (idle.get(key) ?? []).concat(worker));
        } else void worker.terminate();
        fn();
      };
      const timer = setTimeout(() => finish(false, () => reject(new WorkerFailure('time', `the worker ran past ${job.limits.timeoutMs} ms`))), job.limits.timeoutMs);
      const onAbort = () => finish(false, () => reject(new WorkerFailure('cancelled', 'cancelled')));
      const onMessage = (m: unknown) => {
        if (m !== null && typeof m === 'object' && 'note' in m) {
          if (!settled) job.onNote?.((m as { note: unknown }).note);
          return;
        }
        finish(true, () => resolve(m as T));
      };
      const onError = (err: Error & { code?: string }) => {
        const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
        finish(false, () => reject(new WorkerFailure(memory ? 'memory' : 'crashed', memory ? 'the worker ran out of its memory' : 'the worker failed')));
      };
      const onExit = (code: number) => finish(false, () => reject(new WorkerFailure('crashed', `the worker exited (${code}) without an answer`)));
      job.signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      try {
        worker.postMessage(message, transfer as ArrayBuffer[]);
      } catch (err) {
        finish(false, () => reject(new WorkerFailure('crashed', `the job could not be sent: ${err instanceof Error ? err.message : String(err)}`)));
      }
    });

  return {
    run,
    warm,
    close() {
      closed = true;
      idle.clear();
      for (const w of all) void w.terminate();
    },
  };
}

/**
 * Sends `message` (moving the buffers in `transfer`) to a new worker and resolves with its answer:
 * the first message it posts that is not a note (`{ note }`). Rejects with a WorkerFailure. The
 * worker ends with the job.
 */
export async function runInWorker<T>(host: WorkerHost, name: WorkerName, message: unknown, transfer: readonly ArrayBuffer[], job: WorkerJob): Promise<T> {
  const pool = workerPool(host);
  try {
    return await pool.run<T>(name, message, transfer, job);
  } finally {
    pool.close();
  }
}
