/**
 * What the engine needs from its host, injected so the same engine runs in Electron, in vitest
 * and behind the Playwright bridge, and so tests can inject faults (a full disk, a locked file).
 */
import type * as fsp from 'node:fs/promises';
import type { Database } from 'sql.js';
import type { Kdf, ScryptParams } from './crypto/keyslot';
import type { Migration } from './database';
import type { SqlInstance } from './sql-instance';
import type { WorkerHost, WorkerLimits } from './worker-run';

export type FsLike = Pick<typeof fsp, 'readFile' | 'open' | 'rename' | 'unlink' | 'mkdir' | 'readdir' | 'stat'>;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the host provides (Electron, vitest, the test bridge, the CLI). */
export type HostDeps = Omit<EngineDeps, 'schema' | 'journalEffects'>;

/** How each kind of journalled change is applied again at replay, by the domain that makes it. */
export type JournalEffects = Readonly<Record<string, (db: Database, data: unknown) => void>>;

export interface EngineDeps {
  /** Every domain's migrations in order; the engine's composition root supplies them. */
  schema: readonly Migration[];
  /** Every domain's journalled changes (log.ts JournalEffect); the composition root supplies them. */
  journalEffects: JournalEffects;
  /** The workspace file; its access-log journal lives beside it as `<path>.journal`. */
  workspacePath: string;
  fs: FsLike;
  /**
   * A sql.js of the session's own, for its database: wiped (memory overwritten) when the
   * session ends. Production makes a fresh one each time (base/sql-instance.ts).
   */
  newSql: () => Promise<SqlInstance>;
  now: () => Date;
  timers: Timers;
  /** Key-slot KDF cost. Production uses OWASP strength; tests may lower it to run fast. */
  kdf?: ScryptParams;
  /** The passphrase KDF itself (scrypt by default); tests wrap it to count the work a login does. */
  deriveKey?: Kdf;
  /** Overrides the idle limit in milliseconds (test bridge only). */
  idleMsOverride?: number;
  /**
   * Where untrusted extracts are parsed: worker threads started by this host (nodeDeps gives the
   * bundled ones), or 'same-thread', which only a test that compares the two asks for.
   */
  workers: WorkerHost | 'same-thread';
  /** Overrides the extract worker's heap and time limits (tests). */
  extractLimits?: Partial<WorkerLimits>;
  /** The platform whose path rules apply (tests check Windows rules on Linux). */
  platform?: NodeJS.Platform;
  /** Sleep used between rename retries on Windows EPERM (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
}
