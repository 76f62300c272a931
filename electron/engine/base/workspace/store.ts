/**
 * Creating, opening and saving the encrypted workspace. The database lives only in memory;
 * what reaches the disk is the workspace file (header + age payload), the encrypted journal and
 * the witness file.
 *
 * Trust, in one place:
 * - The header is authenticated (format.ts) with the workspace's authentication key, which each
 *   version 2 key slot wraps under its user's passphrase and the database keeps. Opening checks it
 *   before decrypting, then checks the database against the header: every key slot must belong to
 *   an enabled user with the same recipient, and the unit's name and demo flag must match. Any
 *   disagreement is WORKSPACE_TAMPERED and nothing is loaded.
 * - A save encrypts to the recipients of the enabled users in the database, never to the header's
 *   list, and refuses to save if the two disagree.
 * - Opening compares the journal with what the database expects and the log with the witness file,
 *   and reports what it found (`opening`) for the access log and the DPO.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from 'sql.js';
import { AuditLog } from '../audit-log/log';
import { newJournalKey, startJournal, type JournalKey } from '../audit-log/journal';
import { decryptWith, encryptToInPlace, newIdentity } from '../crypto/age';
import { randomSecret } from '../crypto/secret-bytes';
import { failureKeysOf } from '../crypto/failure-seal';
import { OWASP_SCRYPT, WORKSPACE_KEY_BYTES } from '../crypto/keyslot';
import type { LoginSlot } from '../crypto/login-slot';
import { getMeta, getSecretMeta, OPEN_PRAGMAS, openDatabase, run, setMeta, setSecretMeta } from '../database';
import type { EngineDeps } from '../deps';
import { EngineError } from '../errors';
import { atomicWriteFile, removeStaleTempFiles } from '../files/atomic-write';
import type { SqlInstance } from '../sql-instance';
import { decodeHeader, decodeWorkspaceFile, FORMAT_VERSION, headerAuthentic, isLoginSlot, workspaceFileParts, type WorkspaceHeader } from './format';
import { journalPathOf, tampered, witnessPathOf, type HeaderState, type OpenWorkspace } from './open-state';
import { checkWitnessAtOpen, readJournalAtOpen, witnessCheckpoints } from './open-checks';
import { toVersion3, upgradeFromV1 } from './upgrades';
import { slotsAgreeWithUsers } from './user-slots';
import { countFailure, findAndOpen, lockedAtLogin, loginSlotFor, sealFailures } from './login';

// What callers of the store use from its parts, so they import one module.
export { journalPathOf, witnessPathOf, type HeaderState, type OpeningReport, type OpenWorkspace } from './open-state';
export { witnessCheckpoints } from './open-checks';
export { recipientOf, setRecipient, slotOfUser } from './user-slots';

/**
 * The key the witness file's values are blinded with; made the first time it is needed. Read as
 * bytes (never a string) once per session, into `OpenWorkspace.witnessKey`.
 */
function witnessKeyOf(db: Database): Buffer {
  const stored = getSecretMeta(db, 'witness_key');
  if (stored !== undefined) return stored;
  const key = randomSecret(32);
  setSecretMeta(db, 'witness_key', key);
  return key;
}

/** The unit's name and demo flag, from the authenticated database (the header's copy is for the login screen). */
export function unitOf(ws: OpenWorkspace): { name: string; demo: boolean } {
  return { name: getMeta(ws.db, 'unit_name') ?? ws.header.unitName, demo: getMeta(ws.db, 'demo') === '1' };
}

export async function workspaceExists(deps: EngineDeps): Promise<boolean> {
  return deps.fs.stat(deps.workspacePath).then(
    () => true,
    () => false,
  );
}

/**
 * Only the header, for the login screen (unit name, demo users): it is a few kilobytes at the
 * start of a file that may hold hundreds of megabytes. Null when there is none or it is damaged.
 * Nothing in it is trusted before a login has checked it.
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

/**
 * Temp files a crash left beside the workspace and beside its journal (each is replaced through a
 * sibling temp file, base/files/atomic-write.ts). They hold only ciphertext or a journal's header
 * line, but nothing else ever removes them.
 */
async function removeLeftovers(deps: EngineDeps): Promise<void> {
  await removeStaleTempFiles(deps.fs, deps.workspacePath);
  await removeStaleTempFiles(deps.fs, journalPathOf(deps.workspacePath));
}

function attach(deps: EngineDeps, header: HeaderState, sql: SqlInstance, db: Database, journalKey: JournalKey, macKey: Buffer): OpenWorkspace {
  const ws: OpenWorkspace = {
    header,
    db,
    sql,
    journalKey,
    macKey,
    witnessKey: witnessKeyOf(db),
    signer: null,
    identity: null,
    audit: undefined as unknown as AuditLog,
    journalStarted: false,
    journalOnDisk: null,
    witnessedSeq: 0,
    opening: {
      journal: { replayed: 0, rejected: 0, torn: false, damaged: false, state: 'none' },
      witness: { path: witnessPathOf(deps, db), exists: false, expected: false, unavailable: false, unreadableLines: 0, findings: [] },
      upgradedFrom: null,
      slotUpgraded: false,
    },
    failures: { failed: [], unattributed: 0 },
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
      ws.journalOnDisk = ws.journalKey.generation;
    },
    workspaceId: header.workspaceId,
    signer: () => ws.signer,
    witnessPath: () => witnessPathOf(deps, db),
    witnessKey: () => ws.witnessKey,
    now: deps.now,
    applyEffect: (effect) => {
      if (!Object.hasOwn(deps.journalEffects, effect.kind)) throw new Error(`no journalled change of kind ${effect.kind}`);
      deps.journalEffects[effect.kind]!(db, effect.data);
    },
  });
  return ws;
}

function mustMeta(db: Database, key: string): string {
  const v = getMeta(db, key);
  if (v === undefined) throw new EngineError('WORKSPACE_CORRUPT', `The workspace lacks ${key}`);
  return v;
}

function mustSecret(db: Database, key: string): Buffer {
  let v: Buffer | undefined;
  try {
    v = getSecretMeta(db, key);
  } catch {
    v = undefined; // not base64: as unreadable as missing
  }
  if (v === undefined) throw new EngineError('WORKSPACE_CORRUPT', `The workspace lacks ${key}`);
  return v;
}

function storeJournalKey(db: Database, jk: JournalKey): void {
  setMeta(db, 'journal_generation', jk.generation);
  setSecretMeta(db, 'journal_key', jk.key);
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
  await removeLeftovers(deps);
  const workspaceId = randomBytes(16).toString('hex');
  const macKey = randomSecret(WORKSPACE_KEY_BYTES);
  const now = deps.now().toISOString();
  const jk = newJournalKey();
  const sql = await deps.newSql();
  try {
    const db = openDatabase(sql.sql, deps.schema);
    const unit = await newIdentity();
    setMeta(db, 'workspace_id', workspaceId);
    setSecretMeta(db, 'workspace_mac_key', macKey);
    setMeta(db, 'unit_name', input.unitName);
    setMeta(db, 'demo', input.demo ? '1' : '0');
    setMeta(db, 'unit_identity', unit.identity);
    setMeta(db, 'unit_recipient', unit.recipient);
    setMeta(db, 'idle_minutes', '15');
    setMeta(db, SECURE_DELETE_SINCE, 'created');
    storeJournalKey(db, jk);
    setMeta(db, 'journal_on_disk', '');
    const login = { alg: 'scrypt' as const, ...(deps.kdf ?? OWASP_SCRYPT) };
    const slot = await newUserSlot(deps, { workspaceId, login }, macKey, input.admin.username, input.admin.passphrase);
    db.run('INSERT INTO users (username, display_name, roles, created_at, created_by, recipient) VALUES (?, ?, ?, ?, NULL, ?)', [
      input.admin.username,
      input.admin.displayName,
      JSON.stringify(['admin']),
      now,
      slot.recipient,
    ]);
    const header: HeaderState = {
      workspaceId,
      unitName: input.unitName,
      demo: input.demo,
      ...(input.demo && input.demoUsers ? { demoUsers: input.demoUsers } : {}),
      createdAt: now,
      savedAt: now,
      login,
      failureKey: failureKeysOf(macKey, workspaceId).publicKey,
      slots: [slot],
      failures: [],
      unattributedFailures: 0,
    };
    return attach(deps, header, sql, db, jk, macKey);
  } catch (err) {
    // Nothing of a workspace that was never made stays in memory.
    sql.wipe();
    jk.key.fill(0);
    macKey.fill(0);
    throw err;
  }
}

/** A fresh age identity for the user, wrapped with the workspace key under their passphrase (a version 3 slot). */
export async function newUserSlot(deps: EngineDeps, header: Pick<HeaderState, 'workspaceId' | 'login'>, macKey: Buffer, username: string, passphrase: string): Promise<LoginSlot> {
  const { identity, recipient } = await newIdentity();
  return loginSlotFor(deps, header, macKey, username, passphrase, identity, recipient);
}

/** The user's existing identity wrapped anew (a passphrase change, a slot upgrade): the recipient stays. */
export function rewrapSlot(deps: EngineDeps, ws: OpenWorkspace, username: string, passphrase: string, identity: string, recipient: string): Promise<LoginSlot> {
  return loginSlotFor(deps, ws.header, ws.macKey, username, passphrase, identity, recipient);
}

const wrongCredentials = () => new EngineError('WRONG_CREDENTIALS', 'Unknown user, wrong passphrase, or an account locked after too many failed logins');

/** Counts the failed login in the header and rewrites it (the payload unchanged), then refuses. */
async function refuse(deps: EngineDeps, header: WorkspaceHeader, payload: Uint8Array, username: string): Promise<never> {
  countFailure(deps, header, username);
  await rewriteHeader(deps, header, payload);
  throw wrongCredentials();
}

/**
 * The file and the user's slot opened. The key derivation (half a second by design) needs only the
 * header, so it starts on the header read alone while the whole file (as long again at copenhagen
 * scale) is read beside it. The file's own header is the one that counts: if it differs from the
 * one read first (saved in between), the slot is opened again with it. Errors are those of reading
 * the file first, as when the two ran one after the other.
 */
async function readAndFindSlot(deps: EngineDeps, username: string, passphrase: string) {
  const reading = readHeaderAndPayload(deps);
  reading.catch(() => undefined); // settled below; an early failure is not an unhandled one meanwhile
  const peeked = await peekHeader(deps);
  const [file, derived] = await Promise.allSettled([reading, peeked ? findAndOpen(deps, peeked, username, passphrase) : Promise.resolve(undefined)]);
  const early = derived.status === 'fulfilled' ? derived.value : undefined;
  if (file.status === 'rejected') {
    early?.secrets.workspaceKey?.fill(0);
    throw file.reason;
  }
  if (early !== undefined && JSON.stringify(peeked) === JSON.stringify(file.value.header)) return { ...file.value, found: early };
  early?.secrets.workspaceKey?.fill(0);
  return { ...file.value, found: await findAndOpen(deps, file.value.header, username, passphrase) };
}

/**
 * Opens the workspace for one user. Unknown name, wrong passphrase and locked account get the same
 * answer for the same work: one KDF run, a failure record, the header rewritten (login.ts).
 */
export async function openWorkspace(deps: EngineDeps, username: string, passphrase: string): Promise<OpenWorkspace> {
  await removeLeftovers(deps);
  const { header, payload, version, found } = await readAndFindSlot(deps, username, passphrase);
  if (!found) return refuse(deps, header, payload, username);
  const { slot, secrets } = found;
  // The user's own slot vouches for the key: check the header before anything in it is believed.
  if (secrets.workspaceKey && (version < 2 || !headerAuthentic(header, secrets.workspaceKey))) {
    secrets.workspaceKey.fill(0);
    throw tampered(version < 2 ? 'an authenticated key slot in an unauthenticated header' : 'the header’s authentication code is wrong', { part: 'header' });
  }
  // Before the payload is touched, so a locked account's right passphrase costs what a wrong one does.
  if (secrets.workspaceKey && lockedAtLogin(header, secrets.workspaceKey, username)) {
    secrets.workspaceKey.fill(0);
    return refuse(deps, header, payload, username);
  }
  // Decrypted over the file's own bytes (no second buffer of the database's size, whose first
  // touch cost a quarter of a second at copenhagen scale), unless a refusal may still have to
  // rewrite the header around the ciphertext: a version 1 slot's lock is checked only below.
  const inPlace = Boolean(secrets.workspaceKey);
  let plain: Uint8Array;
  try {
    plain = await decryptWith({ identities: [secrets.identity] }, payload, { inPlace });
  } catch (err) {
    if (inPlace) payload.fill(0); // part of it may be plaintext already
    throw err;
  }
  const sql = await deps.newSql();
  let db: Database;
  try {
    db = openDatabase(sql.sql, deps.schema, plain);
  } catch (err) {
    sql.wipe();
    throw err;
  } finally {
    plain.fill(0);
  }
  const held: Buffer[] = []; // keys read so far, zeroed if the open fails
  try {
    const { payloadLength: _l, payloadSha256: _s, ...state } = header;
    const stored = getSecretMeta(db, 'workspace_mac_key');
    if (stored) held.push(stored);
    let macKey: Buffer;
    if (version < 2) {
      // Saved authenticated once, then presented with an older header: the authentication was stripped.
      if (stored !== undefined) throw tampered('an authenticated workspace presented with an unauthenticated header', { part: 'header' });
      macKey = upgradeFromV1(db, state);
      held.push(macKey);
    } else {
      if (stored === undefined) throw tampered('the database has no authentication key', { part: 'payload' });
      macKey = stored;
      if (secrets.workspaceKey) {
        if (macKey.length !== secrets.workspaceKey.length || !timingSafeEqual(macKey, secrets.workspaceKey)) throw tampered('the database is not the one the key slots vouch for', { part: 'payload' });
      } else if (!headerAuthentic(header, macKey)) {
        // A version 1 slot in an upgraded workspace (its user has not logged in since): the
        // database's key is all there is to check the header with.
        throw tampered('the header’s authentication code is wrong', { part: 'header' });
      }
    }
    slotsAgreeWithUsers(db, state);
    if (getMeta(db, 'unit_name') !== state.unitName) throw tampered('the unit’s name in the header differs from the database', { part: 'unitName' });
    if ((getMeta(db, 'demo') === '1') !== state.demo) throw tampered('the demo mark in the header differs from the database', { part: 'demo' });
    // A version 1 slot wraps no workspace key: its lockout can only be read now (the rare, older case).
    if (!secrets.workspaceKey && lockedAtLogin(header, macKey, username)) await refuse(deps, header, payload, username);

    const jk: JournalKey = { generation: mustMeta(db, 'journal_generation'), key: mustSecret(db, 'journal_key') };
    held.push(jk.key);
    const ws = attach(deps, state, sql, db, jk, macKey);
    held.push(ws.witnessKey);
    ws.identity = secrets.identity;
    toVersion3(deps, ws);
    ws.opening.upgradedFrom = version < FORMAT_VERSION ? version : null;
    if (!isLoginSlot(slot)) {
      // The passphrase is at hand only now: from here this user's slot names no one (one more KDF run, once).
      const fresh = await rewrapSlot(deps, ws, username, passphrase, secrets.identity, slot.recipient);
      ws.header.slots = ws.header.slots.map((s) => (s.recipient === slot.recipient ? fresh : s));
      ws.opening.slotUpgraded = true;
    }
    await readJournalAtOpen(deps, ws);
    await checkWitnessAtOpen(deps, ws);
    return ws;
  } catch (err) {
    sql.wipe();
    for (const k of held) k.fill(0);
    throw err;
  } finally {
    secrets.workspaceKey?.fill(0);
  }
}

/** Rewrites only the header (lockout counters, which its MAC does not cover) around the unchanged payload. */
async function rewriteHeader(deps: EngineDeps, header: WorkspaceHeader, payload: Uint8Array): Promise<void> {
  const { payloadLength: _l, payloadSha256: _s, ...state } = header;
  await atomicWriteFile(deps.fs, deps.workspacePath, workspaceFileParts(state, payload), deps.sleep);
}

/**
 * Set once a workspace has been compacted since every delete overwrites (secure_delete): a
 * workspace saved by an earlier version may carry deleted rows in SQLite's free pages, which
 * only VACUUM (a rewrite of the whole database) removes. New workspaces never need it.
 */
const SECURE_DELETE_SINCE = 'secure_delete_since';

function compactOnce(db: Database): void {
  if (getMeta(db, SECURE_DELETE_SINCE) !== undefined) return;
  db.exec('VACUUM');
  setMeta(db, SECURE_DELETE_SINCE, 'vacuum');
}

/**
 * Saves the whole state: signs a checkpoint of the log (in a DPO's session), starts a new journal
 * generation, encrypts to the enabled users of the database, authenticates the header, and
 * replaces the file atomically. If writing fails, the journal key is restored so the log goes on
 * being journalled under the generation the file on disk knows. Then the DPO's new checkpoints go
 * to the witness file.
 */
export async function saveWorkspace(deps: EngineDeps, ws: OpenWorkspace): Promise<void> {
  compactOnce(ws.db);
  ws.audit.checkpoint();
  const previous = ws.journalKey;
  const previousOnDisk = getMeta(ws.db, 'journal_on_disk');
  const next = newJournalKey();
  storeJournalKey(ws.db, next);
  // If the new journal is never started (a crash right after this save), the file on disk is this one.
  setMeta(ws.db, 'journal_on_disk', ws.journalStarted ? previous.generation : (ws.journalOnDisk ?? ''));
  if (ws.audit.witnessWrites > 0) setMeta(ws.db, 'witness_started', '1');
  const header: HeaderState = { ...ws.header, savedAt: deps.now().toISOString(), ...sealFailures(ws.header, ws.header.failureKey!, ws.failures) };
  try {
    const recipients = slotsAgreeWithUsers(ws.db, header);
    let plain: Uint8Array;
    try {
      plain = ws.db.export(); // into a buffer lent to the instance, if one fits (an import's: SqlInstance.lend)
    } finally {
      ws.sql.lend(null); // one not used by this save is not held until the next
    }
    try {
      ws.db.exec(OPEN_PRAGMAS); // harmless if export() kept them, needed if it reopened
      // Encrypted over the image itself: no second buffer the size of the database.
      const payload = await encryptToInPlace(recipients, plain);
      await atomicWriteFile(deps.fs, deps.workspacePath, workspaceFileParts(header, payload, ws.macKey), deps.sleep);
    } finally {
      plain.fill(0); // also when encrypting fails: the image may still be the database in clear
    }
  } catch (err) {
    storeJournalKey(ws.db, previous);
    if (previousOnDisk === undefined) run(ws.db, "DELETE FROM meta WHERE key = 'journal_on_disk'");
    else setMeta(ws.db, 'journal_on_disk', previousOnDisk);
    throw err;
  }
  ws.header = header;
  ws.journalKey = next;
  ws.journalStarted = false;
  previous.key.fill(0);
  // If this fails the next log entry tries again, and its operation is refused if it fails too.
  await startJournal(deps.fs, journalPathOf(deps.workspacePath), next).then(
    () => {
      ws.journalStarted = true;
      ws.journalOnDisk = next.generation;
    },
    () => undefined,
  );
  await witnessCheckpoints(deps, ws);
}

/**
 * Ends the workspace in memory: the database is closed and its sql.js instance's memory
 * overwritten (base/sql-instance.ts), and the keys held as bytes are zeroed.
 */
export function closeWorkspace(ws: OpenWorkspace): void {
  try {
    ws.sql.wipe();
  } finally {
    ws.journalKey.key.fill(0);
    ws.macKey.fill(0);
    ws.witnessKey.fill(0);
    ws.signer = null;
    ws.identity = null;
  }
}
