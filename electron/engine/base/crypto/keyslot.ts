/**
 * Key slots: each user's own age identity, wrapped under a key derived from their passphrase.
 *
 * The workspace payload is an age file encrypted to every user's X25519 recipient, so an
 * administrator can add, reset or disable users (and every save rotates the file key) without
 * knowing anyone else's passphrase. The passphrase is stretched with scrypt (Node's native
 * implementation, OWASP parameters by default).
 *
 * A version 2 slot wraps, beside the identity, the workspace's authentication key: the key the
 * header and payload are MACed with. age alone authenticates nothing about who wrote a file
 * (anyone can encrypt to a public recipient), so this key, which only a passphrase opens, is what
 * tells a user that the header and payload were written by someone holding a slot, not by whoever
 * can write the file. Version 1 slots (written before) hold the identity only.
 *
 * Slots of versions 1 and 2 are found by an HMAC of the username under the workspace id, which
 * anyone holding the file can test names against; new slots are version 3 (login-slot.ts), and an
 * older slot is rewritten as one at its owner's next login. This module keeps opening the older
 * ones, and holds the KDF and the wrapping both versions share.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt } from 'node:crypto';
import { EngineError } from '../errors';
import { fromBase64Bytes } from './secret-bytes';

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

/** OWASP Password Storage Cheat Sheet: scrypt N=2^17, r=8, p=1 (128 MiB). */
export const OWASP_SCRYPT: ScryptParams = { logN: 17, r: 8, p: 1 };
/** A slot asking for more than this is refused rather than allowed to exhaust memory. */
const MAX_LOG_N = 20;

export interface KeySlot {
  /** 2 for a slot that also wraps the workspace's authentication key; absent in older slots. */
  v?: 2;
  /** HMAC of the username under the workspace id: no name in clear, but one that can be tested (login-slot.ts). */
  slotId: string;
  /** The user's age X25519 recipient; the payload is encrypted to it. */
  recipient: string;
  kdf: ScryptParams & { alg: 'scrypt'; salt: string };
  /** base64(nonce ‖ ChaCha20-Poly1305(identity) ‖ tag) */
  wrapped: string;
  // The lockout and its reporting. Failures happen where no key is open, so they are kept here
  // and carried to the access log at the next successful login of anyone. Like the rest of the
  // header they are only checksummed, not authenticated: whoever can write the file can change
  // them. The log entries, once written, are the evidence; these counters are not.
  /** Failed logins since the last successful login, unlock or reset; five lock the slot. */
  failedAttempts: number;
  /** How many of `failedAttempts` are already in the access log, so each is logged once. */
  failedReported: number;
  /** When the last failed login happened (ISO time), for the log entry that reports it. */
  lastFailedAt: string | null;
  locked: boolean;
}

export function slotIdFor(workspaceId: string, username: string): string {
  return createHmac('sha256', workspaceId).update(username).digest('hex').slice(0, 32);
}

/** The passphrase KDF: scrypt in production; tests wrap it to count how often a login runs it. */
export type Kdf = (passphrase: string, salt: Buffer, params: ScryptParams) => Promise<Buffer>;

export const scryptKdf: Kdf = (passphrase, salt, p) => {
  const N = 2 ** p.logN;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, { N, r: p.r, p: p.p, maxmem: 256 * N * p.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
};

export function deriveKek(passphrase: string, salt: Buffer, p: ScryptParams, kdf: Kdf = scryptKdf): Promise<Buffer> {
  if (!Number.isInteger(p.logN) || p.logN < 1 || p.logN > MAX_LOG_N || p.r < 1 || p.r > 32 || p.p < 1 || p.p > 4) {
    throw new EngineError('WORKSPACE_CORRUPT', 'Key slot has impossible KDF parameters');
  }
  return kdf(passphrase, salt, p);
}

/**
 * Binds the wrapped secrets to this workspace, slot, recipient, cost and slot version, so none can
 * be swapped (and a version 2 slot cannot be passed off as a version 1 slot, or back).
 */
function aadFor(workspaceId: string, slot: Pick<KeySlot, 'v' | 'slotId' | 'recipient' | 'kdf'>): Buffer {
  const { logN, r, p, salt } = slot.kdf;
  return Buffer.from(`tvaerblik-slot-v${slot.v ?? 1}|${workspaceId}|${slot.slotId}|${slot.recipient}|${logN}|${r}|${p}|${salt}`);
}

/** What a slot opens to: the user's identity and, in a version 2 slot, the workspace's authentication key. */
export interface SlotSecrets {
  identity: string;
  /** Null for a version 1 slot, written before the workspace was authenticated. */
  workspaceKey: Buffer | null;
}

export const WORKSPACE_KEY_BYTES = 32;

export async function createSlot(
  workspaceId: string,
  username: string,
  passphrase: string,
  identity: string,
  recipient: string,
  params: ScryptParams,
  workspaceKey: Buffer,
): Promise<KeySlot> {
  const salt = randomBytes(16);
  const base = {
    v: 2 as const,
    slotId: slotIdFor(workspaceId, username),
    recipient,
    kdf: { alg: 'scrypt' as const, ...params, salt: salt.toString('base64') },
  };
  const kek = await deriveKek(passphrase, salt, params);
  const wrapped = wrapSecrets(kek, aadFor(workspaceId, base), identity, workspaceKey);
  kek.fill(0);
  return { ...base, wrapped, failedAttempts: 0, failedReported: 0, lastFailedAt: null, locked: false };
}

/** base64(nonce ‖ ChaCha20-Poly1305(identity and workspace key) ‖ tag), bound to `aad`. */
export function wrapSecrets(kek: Buffer, aad: Buffer, identity: string, workspaceKey: Buffer): string {
  if (workspaceKey.length !== WORKSPACE_KEY_BYTES) throw new EngineError('INTERNAL', 'A workspace key has 32 bytes');
  const nonce = randomBytes(12);
  const plain = Buffer.from(JSON.stringify({ identity, workspaceKey: workspaceKey.toString('base64') }), 'utf8');
  const cipher = createCipheriv('chacha20-poly1305', kek, nonce, { authTagLength: 16 });
  cipher.setAAD(aad, { plaintextLength: plain.length });
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  plain.fill(0);
  return Buffer.concat([nonce, ct, cipher.getAuthTag()]).toString('base64');
}

/** Returns the slot's secrets, or null when the passphrase is wrong. */
export async function openSlot(workspaceId: string, slot: KeySlot, passphrase: string, kdf: Kdf = scryptKdf): Promise<SlotSecrets | null> {
  const kek = await deriveKek(passphrase, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf, kdf);
  try {
    return unwrapSecrets(kek, aadFor(workspaceId, slot), slot.wrapped, slot.v === 2);
  } finally {
    kek.fill(0);
  }
}

/**
 * The secrets `wrapped` holds, or null when `kek` does not open it. `withKey`: the slot wraps the
 * workspace key beside the identity (every slot but a version 1 slot).
 */
export function unwrapSecrets(kek: Buffer, aad: Buffer, wrapped: string, withKey: boolean): SlotSecrets | null {
  const raw = Buffer.from(wrapped, 'base64');
  if (raw.length < 12 + 16 + 1) throw new EngineError('WORKSPACE_CORRUPT', 'Key slot is too short');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('chacha20-poly1305', kek, raw.subarray(0, 12), { authTagLength: 16 });
    decipher.setAAD(aad, { plaintextLength: raw.length - 28 });
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    // Node allocates the update's output afresh: zeroed too, as it holds the slot's secrets.
    const part = decipher.update(raw.subarray(12, raw.length - 16));
    plain = Buffer.concat([part, decipher.final()]);
    part.fill(0);
  } catch {
    return null;
  }
  // The identity becomes a string (age-encryption takes identities only as strings); the bytes
  // it was decrypted into are zeroed.
  if (!withKey) {
    const identity = plain.toString('utf8');
    plain.fill(0);
    return { identity, workspaceKey: null };
  }
  try {
    const parsed = JSON.parse(plain.toString('utf8')) as { identity?: unknown; workspaceKey?: unknown };
    let key: Buffer | null = null;
    if (typeof parsed.workspaceKey === 'string') {
      const text = Buffer.from(parsed.workspaceKey, 'latin1');
      key = fromBase64Bytes(text);
      text.fill(0);
    }
    if (typeof parsed.identity !== 'string' || !key || key.length !== WORKSPACE_KEY_BYTES) throw new Error('shape');
    return { identity: parsed.identity, workspaceKey: key };
  } catch {
    // Authenticated, so written by someone holding the passphrase, yet not a slot we wrote.
    throw new EngineError('WORKSPACE_CORRUPT', 'Key slot content cannot be read');
  } finally {
    plain.fill(0);
  }
}
