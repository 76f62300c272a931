/**
 * The workspace file: one file that holds the whole state.
 *
 *   tvaerblik-workspace v2\n
 *   <header JSON>\n
 *   <SHA-256 hex of the header JSON>\n
 *   <payload: an age file encrypted to every user's recipient; inside, the sql.js database>
 *
 * The header holds no personal data: ids, the unit's name, key slots (version 3: ids that name no
 * one; older: HMACs of the username), failed-login records or counters, and the payload's length
 * and hash. The version sits in the first line so an unknown version is recognised before anything
 * else is parsed. Each way a file can be wrong
 * gets its own error, checked before any decryption, so nothing is half-loaded.
 *
 * Version 2 adds `auth`: an HMAC-SHA256, under the workspace's authentication key (wrapped in each
 * version 2 key slot and kept in the database), of everything in the header except the lockout
 * counters, including the payload's hash. So the slots (who can read the next save), the unit's
 * name, the demo flag and the payload are authenticated: a file edited by someone without a
 * passphrase is refused. The lockout counters cannot be: they change at a failed login, when no
 * key is open. The SHA-256 line only tells damage from a clean file.
 *
 * Version 3 names no one: its key slots' ids come from the username and the passphrase together
 * (crypto/login-slot.ts), `login` gives the one scrypt cost of every login, and failed logins are
 * records sealed to `failureKey` (crypto/failure-seal.ts) instead of counters under each slot. The
 * records, like the counters before them, are outside the MAC: they are written where no key is
 * open. Slots of versions 1 and 2 may remain in a version 3 header until their owner's next login.
 *
 * Versions 1 (no `auth`) and 2 are still read, so an older workspace opens and is upgraded by its
 * next save.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { EngineError } from '../errors';
import type { KeySlot } from '../crypto/keyslot';
import type { LoginSlot } from '../crypto/login-slot';

export const FORMAT_VERSION = 3;
/** Versions this program opens; anything older than FORMAT_VERSION is upgraded at the next save. */
const READABLE_VERSIONS = [1, 2, 3];
const MAGIC = 'tvaerblik-workspace';
const MAX_HEADER = 4 * 1024 * 1024;

/** A slot of version 1 or 2, found by an HMAC of its owner's name; kept until its owner's next login. */
const SlotSchema = z.strictObject({
  v: z.literal(2).optional(),
  slotId: z.string().regex(/^[0-9a-f]{32}$/),
  recipient: z.string().startsWith('age1'),
  kdf: z.strictObject({ alg: z.literal('scrypt'), logN: z.number(), r: z.number(), p: z.number(), salt: z.string() }),
  wrapped: z.string(),
  failedAttempts: z.number().int().min(0),
  // Headers written before failed logins were reported at anyone's login lack these two.
  failedReported: z.number().int().min(0).default(0),
  lastFailedAt: z.string().nullable().default(null),
  locked: z.boolean(),
});

const LoginSlotSchema = z.strictObject({ v: z.literal(3), slotId: z.string().regex(/^[0-9a-f]{32}$/), recipient: z.string().startsWith('age1'), wrapped: z.string() });

/** More failure records than this are counted in `unattributedFailures` instead (the header stays small). */
export const MAX_FAILURE_RECORDS = 1000;

const HeaderSchema = z.strictObject({
  workspaceId: z.string().regex(/^[0-9a-f]{32}$/),
  unitName: z.string(),
  demo: z.boolean(),
  createdAt: z.string(),
  savedAt: z.string(),
  slots: z.array(z.union([LoginSlotSchema, SlotSchema])),
  /** Version 3: the scrypt cost of every version 3 slot, and so of every login attempt. */
  login: z.strictObject({ alg: z.literal('scrypt'), logN: z.number(), r: z.number(), p: z.number() }).optional(),
  /** Version 3: base64 X25519 public key failed logins are sealed to (its private half comes from the workspace key). */
  failureKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/).optional(),
  /** Version 3, unauthenticated: one sealed record per failed login not yet cleared. */
  failures: z.array(z.string()).max(MAX_FAILURE_RECORDS).optional(),
  /** Version 3, unauthenticated: failed logins that found the records full; counted and reported, not attributed. */
  unattributedFailures: z.number().int().min(0).optional(),
  /** Only in the fictitious demo workspace: its users' passphrases, shown on the login screen. */
  demoUsers: z.array(z.strictObject({ username: z.string(), passphrase: z.string(), roles: z.array(z.string()) })).optional(),
  payloadLength: z.number().int().min(0),
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Version 2: HMAC-SHA256 (hex) of `authenticatedText` under the workspace's authentication key. */
  auth: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type AnySlot = KeySlot | LoginSlot;
export type WorkspaceHeader = Omit<z.infer<typeof HeaderSchema>, 'slots'> & { slots: AnySlot[] };
export const isLoginSlot = (s: AnySlot): s is LoginSlot => s.v === 3;

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** The format version a header is written in: 3 once it has a failure key, 2 with a MAC, else 1. */
const versionOf = (h: { failureKey?: string; auth?: string }) => (h.failureKey !== undefined ? 3 : h.auth ? 2 : 1);

/**
 * What the header's MAC covers: every field but the lockout state (a legacy slot's failedAttempts,
 * failedReported, lastFailedAt, locked; the failure records and their overflow count) and the MAC
 * itself, in a fixed order. A version 2 header's text is what version 2 MACed, so it still verifies.
 */
export function authenticatedText(h: Omit<WorkspaceHeader, 'auth'>): string {
  if (h.failureKey === undefined) return v2Text(h);
  return JSON.stringify([
    'tvaerblik-workspace-auth-v3',
    h.workspaceId,
    h.unitName,
    h.demo,
    h.createdAt,
    h.savedAt,
    (h.demoUsers ?? null) && h.demoUsers!.map((u) => [u.username, u.passphrase, u.roles]),
    h.login ? [h.login.alg, h.login.logN, h.login.r, h.login.p] : null,
    h.failureKey,
    h.slots.map((s) => (s.v === 3 ? [3, s.slotId, s.recipient, s.wrapped] : [s.v ?? 1, s.slotId, s.recipient, s.kdf.alg, s.kdf.logN, s.kdf.r, s.kdf.p, s.kdf.salt, s.wrapped])),
    h.payloadLength,
    h.payloadSha256,
  ]);
}

function v2Text(h: Omit<WorkspaceHeader, 'auth'>): string {
  const legacy = h.slots.filter((s): s is KeySlot => s.v !== 3);
  return JSON.stringify([
    'tvaerblik-workspace-auth-v2',
    h.workspaceId,
    h.unitName,
    h.demo,
    h.createdAt,
    h.savedAt,
    (h.demoUsers ?? null) && h.demoUsers!.map((u) => [u.username, u.passphrase, u.roles]),
    legacy.map((s) => [s.v ?? 1, s.slotId, s.recipient, s.kdf.alg, s.kdf.logN, s.kdf.r, s.kdf.p, s.kdf.salt, s.wrapped]),
    h.payloadLength,
    h.payloadSha256,
  ]);
}

const macOf = (key: Uint8Array, h: Omit<WorkspaceHeader, 'auth'>) => createHmac('sha256', key).update(authenticatedText(h)).digest();

/** True when the header carries a MAC and it is right under this key. */
export function headerAuthentic(h: WorkspaceHeader, key: Uint8Array): boolean {
  if (!h.auth) return false;
  const { auth, ...rest } = h;
  return timingSafeEqual(Buffer.from(auth, 'hex'), macOf(key, rest));
}

/** The file's bytes in one array (workspaceFileParts). */
export function encodeWorkspaceFile(
  header: Omit<WorkspaceHeader, 'payloadLength' | 'payloadSha256'>,
  payload: Uint8Array,
  key?: Uint8Array,
): Uint8Array {
  return Buffer.concat(workspaceFileParts(header, payload, key));
}

/**
 * The file's bytes as its header and its payload, to be written one after the other: joining them
 * first copied the whole encrypted database once more (90 MB at copenhagen scale, 0.1–0.3 s of
 * the save, much of it the kernel handing out fresh pages). The payload may itself come in parts
 * (encryptToInPlace). With `key`, the header is (re)authenticated and written as version 3 (it
 * must have its failure key by then); without, it keeps the MAC it has (a rewrite of the lockout
 * state, which the MAC does not cover) and its version.
 */
export function workspaceFileParts(
  header: Omit<WorkspaceHeader, 'payloadLength' | 'payloadSha256'>,
  payload: Uint8Array | readonly Uint8Array[],
  key?: Uint8Array,
): Uint8Array[] {
  const parts = payload instanceof Uint8Array ? [payload] : payload;
  const digest = createHash('sha256');
  for (const p of parts) digest.update(p);
  const { auth: kept, ...rest } = header;
  const full: Omit<WorkspaceHeader, 'auth'> = { ...rest, payloadLength: parts.reduce((n, p) => n + p.length, 0), payloadSha256: digest.digest('hex') };
  if (key && full.failureKey === undefined) throw new EngineError('INTERNAL', 'A version 3 header needs its failure key');
  const auth = key ? macOf(key, full).toString('hex') : kept;
  const json = JSON.stringify(auth ? { ...full, auth } : full);
  const head = Buffer.from(`${MAGIC} v${versionOf({ ...full, auth })}\n${json}\n${sha256(json)}\n`, 'utf8');
  return [head, ...parts];
}

function nextLine(bytes: Uint8Array, from: number, what: string): { text: string; end: number } {
  const nl = bytes.indexOf(0x0a, from);
  if (nl < 0 || nl - from > MAX_HEADER) {
    throw new EngineError('WORKSPACE_TRUNCATED', `The workspace file ends inside its header (${what})`);
  }
  return { text: Buffer.from(bytes.subarray(from, nl)).toString('utf8'), end: nl + 1 };
}

/** The header alone (version, checksum, schema), and where the payload starts. */
export function decodeHeader(bytes: Uint8Array): { header: WorkspaceHeader; payloadStart: number; version: number } {
  const magicBytes = Buffer.from(MAGIC);
  if (bytes.length < magicBytes.length || !Buffer.from(bytes.subarray(0, magicBytes.length)).equals(magicBytes)) {
    throw new EngineError('NOT_A_WORKSPACE', 'This file is not a Tværblik workspace');
  }
  const first = nextLine(bytes, 0, 'version line');
  const version = /^tvaerblik-workspace v(\d+)$/.exec(first.text);
  if (!version) throw new EngineError('WORKSPACE_CORRUPT', 'The workspace version line is damaged');
  if (!READABLE_VERSIONS.includes(Number(version[1]))) {
    throw new EngineError('WORKSPACE_VERSION', `The workspace has format version ${version[1]}; this program reads version ${FORMAT_VERSION}`, {
      found: Number(version[1]),
      supported: FORMAT_VERSION,
    });
  }
  const json = nextLine(bytes, first.end, 'header');
  const check = nextLine(bytes, json.end, 'header checksum');
  if (sha256(json.text) !== check.text) {
    throw new EngineError('WORKSPACE_CORRUPT', 'The workspace header is damaged (checksum mismatch)', { part: 'header' });
  }
  let header: WorkspaceHeader;
  try {
    header = HeaderSchema.parse(JSON.parse(json.text));
  } catch {
    throw new EngineError('WORKSPACE_CORRUPT', 'The workspace header cannot be read', { part: 'header' });
  }
  // A version 2 file without its MAC is a version 2 file with its MAC removed.
  if (Number(version[1]) >= 2 && !header.auth) {
    throw new EngineError('WORKSPACE_TAMPERED', 'The workspace header has lost its authentication code', { part: 'header' });
  }
  // Each version has exactly its own fields: a header is never half one version, half another.
  if (versionOf(header) !== Number(version[1]) || (Number(version[1]) === 3) !== (header.login !== undefined && header.failures !== undefined)) {
    throw new EngineError('WORKSPACE_CORRUPT', 'The workspace header cannot be read', { part: 'header' });
  }
  if (Number(version[1]) < 3 && (header.slots.some(isLoginSlot) || header.unattributedFailures !== undefined)) {
    throw new EngineError('WORKSPACE_CORRUPT', 'The workspace header cannot be read', { part: 'header' });
  }
  return { header, payloadStart: check.end, version: Number(version[1]) };
}

export function decodeWorkspaceFile(bytes: Uint8Array): { header: WorkspaceHeader; payload: Uint8Array; version: number } {
  const { header, payloadStart, version } = decodeHeader(bytes);
  const payload = bytes.subarray(payloadStart);
  if (payload.length < header.payloadLength) {
    throw new EngineError('WORKSPACE_TRUNCATED', `The workspace file is truncated: ${payload.length} of ${header.payloadLength} payload bytes`, {
      have: payload.length,
      expected: header.payloadLength,
    });
  }
  if (payload.length > header.payloadLength || sha256(payload) !== header.payloadSha256) {
    throw new EngineError('WORKSPACE_CORRUPT', 'The workspace content is damaged (checksum mismatch)', { part: 'payload' });
  }
  return { header, payload, version };
}
