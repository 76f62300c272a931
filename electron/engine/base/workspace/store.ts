/**
 * Creating, opening and saving the encrypted workspace. The database lives only in memory;
 * what reaches the disk is the workspace file (header + age payload) and the encrypted journal.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'sql.js';
import { AuditLog } from '../audit-log/log';
import { newSigningKeys, type SigningKeys } from '../audit-log/chain';
import { newJournalKey, readJournal, startJournal, type JournalKey } from '../audit-log/journal';
import { decryptWith, encryptTo, newIdentity } from '../crypto/age';
import { createSlot, openSlot, OWASP_SCRYPT, slotIdFor, type KeySlot } from '../crypto/keyslot';
import { getMeta, openDatabase, setMeta } from '../database';
import type { EngineDeps } from '../deps';
import { EngineError } from '../errors';
import { atomicWriteFile, removeStaleTempFiles } from '../files/atomic-write';
import { decodeHeader, decodeWorkspaceFile, encodeWorkspaceFile, type WorkspaceHeader } from './format';

export const MAX_FAILED_LOGINS = 5;

export type HeaderState = Omit<WorkspaceHeader, 'payloadLength' | 'payloadSha256'>;

export interface OpenWorkspace {
  header: HeaderState;
  db: Database;
  journalKey: JournalKey;
  signing: SigningKeys;
  audit: AuditLog;
  /** Whether the journal file of the current generation exists and can be appended to. */
  journalStarted: boolean;
  /** What opening found in the journal, for the access log. */
  journalReport: { replayed: number; rejected: number; torn: boolean; damaged: boolean };
}

export const journalPathOf = (workspacePath: string) => `${workspacePath}.journal`;

export async function workspaceExists(deps: EngineDeps): Promise<boolean> {
  return deps.fs.stat(deps.workspacePath).then(
    () => true,
    () => false,
  );
}

/**
 * Only the header, for the login screen (unit name, demo users): it is a few kilobytes at the
 * start of a file that may hold hundreds of megabytes. Null when there is none or it is damaged.
 */
export async function peekHeader(deps: EngineDeps): Promise<WorkspaceHeader | null> {
  let fh;
  try {
    fh = await deps.fs.open(deps.workspacePath, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(HEADER_PEEK_BYTES);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return decodeHeader(buf.subarray(0, bytesRead)).header;
  } catch {
    return null; // a damaged file is reported when someone tries to open it
  } finally {
    await fh.close();
  }
}
const HEADER_PEEK_BYTES = 4 * 1024 * 1024; // the format's own limit on a header line

async function readHeaderAndPayload(deps: EngineDeps) {
  let bytes: Uint8Array;
  try {
    bytes = await deps.fs.readFile(deps.workspacePath);
  } catch {
    throw new EngineError('NO_WORKSPACE', 'There is no workspace yet');
  }
  return decodeWorkspaceFile(bytes);
}

function attach(deps: EngineDeps, header: HeaderState, db: Database, journalKey: JournalKey): OpenWorkspace {
  const signing: SigningKeys = { privateDer: mustMeta(db, 'signing_private'), publicDer: mustMeta(db, 'signing_public') };
  const ws: OpenWorkspace = {
    header,
    db,
    journalKey,
    signing,
    audit: undefined as unknown as AuditLog,
    journalStarted: false,
    journalReport: { replayed: 0, rejected: 0, torn: false, damaged: false },
  };
  ws.audit = new AuditLog({
    db,
    fs: deps.fs,
    journalPath: journalPathOf(deps.workspacePath),
    journalKey: () => ws.journalKey,
    ensureJournal: async () => {
      if (ws.journalStarted) return;
      await startJournal(deps.fs, journalPathOf(deps.workspacePath), ws.journalKey);
      ws.journalStarted = true;
    },
    workspaceId: header.workspaceId,
    signing,
    now: deps.now,
  });
  return ws;
}

function mustMeta(db: Database, key: string): string {
  const v = getMeta(db, key);
  if (v === undefined) throw new EngineError('WORKSPACE_CORRUPT', `The workspace lacks ${key}`);
  return v;
}

function storeJournalKey(db: Database, jk: JournalKey): void {
  setMeta(db, 'journal_generation', jk.generation);
  setMeta(db, 'journal_key', jk.key.toString('base64'));
}

export async function createWorkspace(
  deps: EngineDeps,
  input: {
    unitName: string;
    demo: boolean;
    admin: { username: string; displayName: string; passphrase: string };
    demoUsers?: { username: string; passphrase: string; roles: string[] }[];
  },
): Promise<OpenWorkspace> {
  if (await workspaceExists(deps)) throw new EngineError('WORKSPACE_EXISTS', 'A workspace already exists');
  const workspaceId = randomBytes(16).toString('hex');
  const now = deps.now().toISOString();
  const db = openDatabase(deps.sql, deps.schema);
  const unit = await newIdentity();
  const signing = newSigningKeys();
  const jk = newJournalKey();
  setMeta(db, 'workspace_id', workspaceId);
  setMeta(db, 'unit_identity', unit.identity);
  setMeta(db, 'unit_recipient', unit.recipient);
  setMeta(db, 'signing_private', signing.privateDer);
  setMeta(db, 'signing_public', signing.publicDer);
  setMeta(db, 'idle_minutes', '15');
  storeJournalKey(db, jk);
  db.run('INSERT INTO users (username, display_name, roles, created_at, created_by) VALUES (?, ?, ?, ?, NULL)', [
    input.admin.username,
    input.admin.displayName,
    JSON.stringify(['admin']),
    now,
  ]);
  const slot = await newUserSlot(deps, workspaceId, input.admin.username, input.admin.passphrase);
  const header: HeaderState = {
    workspaceId,
    unitName: input.unitName,
    demo: input.demo,
    ...(input.demo && input.demoUsers ? { demoUsers: input.demoUsers } : {}),
    createdAt: now,
    savedAt: now,
    slots: [slot],
  };
  return attach(deps, header, db, jk);
}

/** A fresh age identity for the user, wrapped under their passphrase. */
export async function newUserSlot(deps: EngineDeps, workspaceId: string, username: string, passphrase: string): Promise<KeySlot> {
  const { identity, recipient } = await newIdentity();
  return createSlot(workspaceId, username, passphrase, identity, recipient, deps.kdf ?? OWASP_SCRYPT);
}

/**
 * Opens the workspace for one user. A wrong passphrase counts against the slot's lockout in
 * the header (so it survives restarts); a locked slot is refused even with the right one.
 */
export async function openWorkspace(deps: EngineDeps, username: string, passphrase: string): Promise<OpenWorkspace> {
  await removeStaleTempFiles(deps.fs, deps.workspacePath);
  const { header, payload } = await readHeaderAndPayload(deps);
  const slot = header.slots.find((s) => s.slotId === slotIdFor(header.workspaceId, username));
  if (!slot) throw new EngineError('WRONG_CREDENTIALS', 'Unknown user or wrong passphrase');
  if (slot.locked) throw new EngineError('ACCOUNT_LOCKED', 'The account is locked after too many failed logins');
  const identity = await openSlot(header.workspaceId, slot, passphrase);
  if (identity === null) {
    slot.failedAttempts += 1;
    slot.lastFailedAt = deps.now().toISOString(); // reported at the next successful login of anyone
    slot.locked = slot.failedAttempts >= MAX_FAILED_LOGINS;
    await rewriteHeader(deps, header, payload);
    if (slot.locked) throw new EngineError('ACCOUNT_LOCKED', 'The account is now locked after too many failed logins');
    throw new EngineError('WRONG_CREDENTIALS', 'Unknown user or wrong passphrase', {
      attemptsLeft: MAX_FAILED_LOGINS - slot.failedAttempts,
    });
  }
  const plain = await decryptWith({ identities: [identity] }, payload);
  const db = openDatabase(deps.sql, deps.schema, plain);
  plain.fill(0);
  try {
    const jk: JournalKey = {
      generation: mustMeta(db, 'journal_generation'),
      key: Buffer.from(mustMeta(db, 'journal_key'), 'base64'),
    };
    const { payloadLength: _l, payloadSha256: _s, ...state } = header;
    const ws = attach(deps, state, db, jk);
    const journal = await readJournal(deps.fs, journalPathOf(deps.workspacePath), jk);
    const replay = ws.audit.replay(journal.entries);
    ws.journalReport = { ...replay, torn: journal.torn, damaged: journal.damaged };
    // A torn or damaged journal is started afresh at the next entry; what it held that could be
    // read is in the database now, and the damage itself is logged by the caller.
    ws.journalStarted = journal.matched && !journal.torn && !journal.damaged;
    return ws;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Rewrites only the header (lockout counters) around the unchanged encrypted payload. */
async function rewriteHeader(deps: EngineDeps, header: WorkspaceHeader, payload: Uint8Array): Promise<void> {
  const { payloadLength: _l, payloadSha256: _s, ...state } = header;
  await atomicWriteFile(deps.fs, deps.workspacePath, encodeWorkspaceFile(state, payload), deps.sleep);
}

/**
 * Saves the whole state: signs a checkpoint of the log, starts a new journal generation, and
 * replaces the file atomically. If writing fails, the journal key is restored so the log goes on
 * being journalled under the generation the file on disk knows.
 */
export async function saveWorkspace(deps: EngineDeps, ws: OpenWorkspace): Promise<void> {
  ws.audit.checkpoint();
  const previous = ws.journalKey;
  const next = newJournalKey();
  storeJournalKey(ws.db, next);
  const header: HeaderState = { ...ws.header, savedAt: deps.now().toISOString() };
  try {
    const plain = ws.db.export();
    ws.db.exec('PRAGMA foreign_keys = ON;'); // export() reopens the database and resets pragmas
    const payload = await encryptTo(
      header.slots.map((s) => s.recipient),
      plain,
    );
    plain.fill(0);
    await atomicWriteFile(deps.fs, deps.workspacePath, encodeWorkspaceFile(header, payload), deps.sleep);
  } catch (err) {
    storeJournalKey(ws.db, previous);
    throw err;
  }
  ws.header = header;
  ws.journalKey = next;
  ws.journalStarted = false;
  previous.key.fill(0);
  // If this fails the next log entry tries again, and its operation is refused if it fails too.
  await startJournal(deps.fs, journalPathOf(deps.workspacePath), next).then(
    () => (ws.journalStarted = true),
    () => undefined,
  );
}

export function closeWorkspace(ws: OpenWorkspace): void {
  ws.db.close();
  ws.journalKey.key.fill(0);
}
