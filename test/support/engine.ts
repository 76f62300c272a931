/** Builds a real engine (real sql.js, real age, real files) in a fresh temp directory. */
import * as fsp from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import type { EngineErrorData, Result } from '../../shared/errors';
import { call, createEngine, type Engine } from '../../electron/engine/engine';
import type { EngineDeps } from '../../electron/engine/base/deps';
import { SECOND_PERSON_ROLES, type Role } from '../../shared/roles';
import { nodeDeps } from '../../electron/engine/base/node-host';
import { newSqlInstance, type SqlInstance } from '../../electron/engine/base/sql-instance';
import { JOURNAL_EFFECTS, SCHEMA } from '../../electron/engine/schema';
import { sourceWorkers } from './workers';
import type { WorkspaceHeader } from '../../electron/engine/base/workspace/format';
import { findAndOpen } from '../../electron/engine/base/workspace/login';

/** scrypt at 2^10 keeps tests fast; production strength is asserted in its own test. */
export const TEST_KDF = { logN: 10, r: 8, p: 1 };
export const ADMIN = { username: 'anna.admin', displayName: 'Anna Administrator', passphrase: 'korrekt hest batteri hæfteklamme' };

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tvaerblik-test-'));
}

export async function testDeps(dir: string, overrides: Partial<EngineDeps> = {}): Promise<EngineDeps> {
  return { schema: SCHEMA, journalEffects: JOURNAL_EFFECTS, ...(await nodeDeps(join(dir, 'workspace.tvaerblik'), { kdf: TEST_KDF, sleep: async () => undefined, workers: sourceWorkers(), ...overrides })) };
}

export async function newEngine(dir: string, overrides: Partial<EngineDeps> = {}): Promise<Engine> {
  return createEngine(await testDeps(dir, overrides));
}

/** A fresh workspace with its first administrator logged in. */
export async function withWorkspace(overrides: Partial<EngineDeps> = {}) {
  const dir = await tempDir();
  const engine = await newEngine(dir, overrides);
  await call(engine, 'workspace.create', { unitName: 'Udsøgningsenheden, Testkommune', admin: ADMIN });
  return { dir, engine, path: join(dir, 'workspace.tvaerblik') };
}

export async function expectError(p: Promise<Result<unknown>>, code: string): Promise<EngineErrorData> {
  const r = await p;
  if (r.ok) throw new Error(`expected ${code}, got ok`);
  if (r.error.code !== code) throw new Error(`expected ${code}, got ${JSON.stringify(r.error)}`);
  return r.error;
}

/**
 * Wraps the engine's sql.js factory so a test can see every database the engine opened, whether
 * it was closed, and whether the session's sql.js instance it lived in was wiped.
 */
export function trackingSql(make: () => Promise<SqlInstance> = newSqlInstance) {
  const opened: { closed: boolean; wiped: boolean }[] = [];
  const newSql = async (): Promise<SqlInstance> => {
    const inner = await make();
    const mine: { closed: boolean; wiped: boolean }[] = [];
    const Base = inner.sql.Database;
    class Tracked extends Base {
      readonly track = { closed: false, wiped: false };
      constructor(data?: ArrayLike<number> | Buffer | null) {
        super(data);
        opened.push(this.track);
        mine.push(this.track);
      }
      override close(): void {
        this.track.closed = true;
        super.close();
      }
    }
    return {
      sql: { ...inner.sql, Database: Tracked } as SqlJsStatic,
      reserve: (bytes) => inner.reserve(bytes),
      lend: (buffer) => inner.lend(buffer),
      wipe() {
        inner.wipe();
        for (const t of mine) t.wiped = true;
      },
    };
  };
  return { newSql, opened };
}

export { fsp, call };

/** The logged-in DPO's log key as `verify-log --trusted-key` takes it: from the key file the Audit screen saves. */
export async function dpoTrustedKey(engine: Engine): Promise<{ keyId: string; publicDer: string }> {
  const { parseKeyFile } = await import('../../electron/engine/base/audit-log/log-key');
  const status = await call(engine, 'audit.integrity', {});
  const key = status.key && parseKeyFile(status.key.fileText);
  if (!key) throw new Error('the logged-in user holds no log key');
  return key;
}

/** Timers the test moves by hand, so idle behaviour is exact and independent of machine load. */
export function manualTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { fn: () => void; due: number }>();
  return {
    timers: {
      setTimeout: (fn: () => void, ms: number) => {
        const id = nextId++;
        pending.set(id, { fn, due: now + ms });
        return id;
      },
      clearTimeout: (h: unknown) => void pending.delete(h as number),
    },
    /** Moves the clock on and fires every timer that has come due. */
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...pending]) {
        if (t.due <= now) {
          pending.delete(id);
          t.fn();
        }
      }
    },
  };
}

/** The demo workspace's users: created by the engine at setup, one per role, none must change a passphrase. */
export const DEMO = {
  admin: { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' },
  screener: { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' },
  supervisor: { username: 'demo.godkender', passphrase: 'demo-godkender-fiktiv' },
  dpo: { username: 'demo.dpo', passphrase: 'demo-dpo-fiktiv-adgang' },
} as const;

/** A fresh demo workspace (the fictitious municipality imported), nobody logged in. */
export async function demoWorkspace(overrides: Partial<EngineDeps> = {}) {
  const dir = await tempDir();
  const engine = await newEngine(dir, overrides);
  await call(engine, 'workspace.createDemo', {});
  return { dir, engine, path: join(dir, 'workspace.tvaerblik') };
}

export interface StaffUser {
  username: string;
  displayName: string;
  roles: Role[];
  passphrase: string;
}

/** The temporary passphrase an administrator gives `u` in addStaff (before they choose their own). */
export const temporaryOf = (u: { passphrase: string }) => `${u.passphrase} (midlertidig)`;

/** The second administrator addStaff brings in when a grant needs a second person and nobody else could approve. */
export const SECOND_ADMIN: StaffUser = { username: 'ida.admin', displayName: 'Ida Administrator', roles: ['admin'], passphrase: 'idas egen lange sætning' };

/**
 * Adds staff the way the app does, with `admin` logged in: the administrator adds each user with
 * a temporary passphrase; roles that need a second person are approved by SECOND_ADMIN (added
 * first, as a single-administrator workspace must, if it is not there yet); and each user logs in
 * and chooses `passphrase` as their own. Ends with `admin` logged in again.
 */
export async function addStaff(engine: Engine, users: StaffUser[], admin: { username: string; passphrase: string } = ADMIN): Promise<void> {
  const secondPerson = users.some((u) => u.roles.some((r) => SECOND_PERSON_ROLES.includes(r)));
  const present = new Set((await call(engine, 'users.list', {})).map((u) => u.username));
  const newcomers = secondPerson && !present.has(SECOND_ADMIN.username) ? [SECOND_ADMIN, ...users] : users;
  for (const u of newcomers) await call(engine, 'users.add', { ...u, passphrase: temporaryOf(u) });
  for (const u of newcomers) {
    await call(engine, 'session.login', { username: u.username, passphrase: temporaryOf(u) });
    await call(engine, 'session.changePassphrase', { current: temporaryOf(u), next: u.passphrase });
  }
  if (secondPerson) {
    await call(engine, 'session.login', { username: SECOND_ADMIN.username, passphrase: SECOND_ADMIN.passphrase });
    const names = new Set(users.map((u) => u.username));
    for (const g of await call(engine, 'users.grants', {})) if (names.has(g.username) && g.mayApprove) await call(engine, 'users.approveGrant', { id: g.id });
  }
  await call(engine, 'session.login', { username: admin.username, passphrase: admin.passphrase });
}

/**
 * The key slot `username` and `passphrase` open in a header, and its secrets (as a login finds
 * them: a version 3 slot by the id the two derive, an older one by its name), or null.
 */
export async function openUserSlot(header: Pick<WorkspaceHeader, 'workspaceId' | 'slots' | 'login'> & Partial<WorkspaceHeader>, username: string, passphrase: string) {
  return findAndOpen({ kdf: TEST_KDF } as EngineDeps, header as WorkspaceHeader, username, passphrase);
}
