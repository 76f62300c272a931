/**
 * Long operations (imports now; packet exports and purges later). Each has an id the caller
 * chose, its own AbortController and its own progress, so a cancel names exactly one operation
 * and a cancel for nothing running does nothing. An operation is registered when its call is
 * received, before it waits its turn in the engine's queue, so it can be cancelled while queued.
 */
export type ProgressUnit = 'bytes' | 'rows' | 'files';

export interface Operation {
  id: string;
  /** The method that runs it, e.g. 'import.file'. */
  kind: string;
  signal: AbortSignal;
}

export class Operations {
  private readonly running = new Map<string, { op: Operation; controller: AbortController }>();

  /** Registers an operation; an id already in use is refused so progress never mixes. */
  register(id: string, kind: string): Operation | null {
    if (this.running.has(id)) return null;
    const controller = new AbortController();
    const op = { id, kind, signal: controller.signal };
    this.running.set(id, { op, controller });
    return op;
  }

  get(id: string): Operation | undefined {
    return this.running.get(id)?.op;
  }

  /** Aborts the named operation. Returns false (and does nothing) when none runs by that id. */
  cancel(id: string): boolean {
    const r = this.running.get(id);
    if (!r) return false;
    r.controller.abort();
    return true;
  }

  /**
   * Aborts every operation, running or queued (the idle lock: a lock queued behind an import must
   * not wait for it). Returns how many were aborted.
   */
  cancelAll(): number {
    let n = 0;
    for (const { controller } of this.running.values()) {
      if (!controller.signal.aborted) n++;
      controller.abort();
    }
    return n;
  }

  finish(id: string): void {
    this.running.delete(id);
  }

  list(): { id: string; kind: string }[] {
    return [...this.running.values()].map(({ op }) => ({ id: op.id, kind: op.kind }));
  }
}
