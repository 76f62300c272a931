/**
 * One job in a worker thread that cannot hurt the engine: its heap is capped (a worker that
 * outgrows it dies alone, with an error we catch), it has a wall-clock limit, and an abort ends
 * it at once. The engine's own thread stays free meanwhile, so a cancel, the idle lock and the
 * rest of the queue are never stuck behind untrusted input. Each job gets a fresh worker that is
 * terminated when the job ends, which frees its memory at once.
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
 * Sends `message` (moving the buffers in `transfer`) to a new worker and resolves with its answer:
 * the first message it posts that is not a note (`{ note }`). Rejects with a WorkerFailure.
 */
export function runInWorker<T>(host: WorkerHost, name: WorkerName, message: unknown, transfer: readonly ArrayBuffer[], job: WorkerJob): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (job.signal?.aborted) {
      reject(new WorkerFailure('cancelled', 'cancelled before the worker started'));
      return;
    }
    let worker: Worker;
    try {
      worker = host.spawn(name, {
        resourceLimits: {
          maxOldGenerationSizeMb: job.limits.maxOldGenerationSizeMb,
          maxYoungGenerationSizeMb: job.limits.maxYoungGenerationSizeMb,
        },
        // Nothing of the parent's environment or standard input is the worker's business.
        env: {},
        stdin: false,
      });
    } catch (err) {
      reject(new WorkerFailure('crashed', `the worker could not start: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      job.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new WorkerFailure('time', `the worker ran past ${job.limits.timeoutMs} ms`))), job.limits.timeoutMs);
    const onAbort = () => finish(() => reject(new WorkerFailure('cancelled', 'cancelled')));
    job.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: unknown) => {
      if (m !== null && typeof m === 'object' && 'note' in m) {
        if (!settled) job.onNote?.((m as { note: unknown }).note);
        return;
      }
      finish(() => resolve(m as T));
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(() => reject(new WorkerFailure(memory ? 'memory' : 'crashed', memory ? 'the worker ran out of its memory' : 'the worker failed')));
    });
    worker.on('exit', (code) => finish(() => reject(new WorkerFailure('crashed', `the worker exited (${code}) without an answer`))));
    try {
      worker.postMessage(message, transfer as ArrayBuffer[]);
    } catch (err) {
      finish(() => reject(new WorkerFailure('crashed', `the job could not be sent: ${err instanceof Error ? err.message : String(err)}`)));
    }
  });
}
