/**
 * Failed logins, sealed so that only someone holding the workspace key can read them.
 *
 * A failed login happens where no key is open, yet it must be counted against the name tried
 * (the lockout) and reported later (the access log). Counting it under anything computable from
 * the name and the file (as the old per-slot counters were, under an HMAC of the name) would let
 * whoever holds the file confirm which names were tried. So each failure becomes a record sealed
 * to a public key in the header: an X25519 exchange with a fresh ephemeral key, HKDF, then
 * ChaCha20-Poly1305. The matching private key is derived from the workspace key, which every key
 * slot wraps; so the next login of anyone can read, count and report the records, and nobody
 * without a passphrase can. Every record has the same length (the name is padded), so the file
 * shows how many failures there are, never whose.
 */
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';

// DER prefixes that turn 32 raw X25519 bytes into the PKCS#8 / SPKI structures Node's KeyObject reads (RFC 8410).
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');
/** The sealed plaintext's length: the longest name a record keeps, its time and flag, padded. */
const PLAIN_BYTES = 160;
/** Longer typed names (never an account: usernames have at most 40 characters) are kept as unknown. */
const MAX_NAME = 64;

export interface FailedLogin {
  /** The name typed at the login screen; '' when it was too long to be any account. */
  username: string;
  /** When (ISO time). */
  at: string;
  /** Already in the access log (so each failure is reported once). */
  reported: boolean;
}

export interface FailureKeys {
  /** base64 of the raw public key, as the header carries it. */
  publicKey: string;
  privateKey: KeyObject;
}

/** The failure key pair of a workspace, derived from its workspace key (so nothing new is stored). */
export function failureKeysOf(workspaceKey: Uint8Array, workspaceId: string): FailureKeys {
  const raw = Buffer.from(hkdfSync('sha256', workspaceKey, Buffer.from(workspaceId), 'tvaerblik-failed-logins-v1', 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_X25519, raw]), format: 'der', type: 'pkcs8' });
  raw.fill(0);
  const publicKey = rawPublic(createPublicKey(privateKey)).toString('base64');
  return { publicKey, privateKey };
}

const rawPublic = (k: KeyObject): Buffer => k.export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519.length);
const publicFromRaw = (raw: Buffer): KeyObject => createPublicKey({ key: Buffer.concat([SPKI_X25519, raw]), format: 'der', type: 'spki' });

/** The record's key: fresh per record, so a zero nonce is safe. Bound to the workspace and both public keys. */
function recordKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer, workspaceId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), `tvaerblik-failed-login-v1|${workspaceId}`, 32));
}

const NONCE = Buffer.alloc(12);

/** base64(ephemeral public key ‖ ciphertext ‖ tag), always the same length. */
export function sealFailure(publicKeyB64: string, workspaceId: string, f: FailedLogin): string {
  const recipientRaw = Buffer.from(publicKeyB64, 'base64');
  const eph = generateKeyPairSync('x25519');
  const ephRaw = rawPublic(eph.publicKey);
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: publicFromRaw(recipientRaw) });
  const key = recordKey(shared, ephRaw, recipientRaw, workspaceId);
  shared.fill(0);
  const name = f.username.length <= MAX_NAME ? f.username : '';
  const plain = Buffer.alloc(PLAIN_BYTES, 0x20); // JSON ignores trailing spaces: the padding
  plain.write(JSON.stringify({ u: name, at: f.at, r: f.reported }), 'utf8');
  const cipher = createCipheriv('chacha20-poly1305', key, NONCE, { authTagLength: 16 });
  const ct = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  key.fill(0);
  plain.fill(0);
  return Buffer.concat([ephRaw, ct]).toString('base64');
}

/** The record's content, or null when it is not a record sealed to this key (damaged, forged with another key). */
export function openFailure(keys: FailureKeys, workspaceId: string, record: string): FailedLogin | null {
  const raw = Buffer.from(record, 'base64');
  if (raw.length !== 32 + PLAIN_BYTES + 16) return null;
  const ephRaw = raw.subarray(0, 32);
  let plain: Buffer | null = null;
  try {
    const shared = diffieHellman({ privateKey: keys.privateKey, publicKey: publicFromRaw(ephRaw) });
    const key = recordKey(shared, ephRaw, Buffer.from(keys.publicKey, 'base64'), workspaceId);
    shared.fill(0);
    const decipher = createDecipheriv('chacha20-poly1305', key, NONCE, { authTagLength: 16 });
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    plain = Buffer.concat([decipher.update(raw.subarray(32, raw.length - 16)), decipher.final()]);
    key.fill(0);
    const v = JSON.parse(plain.toString('utf8')) as { u?: unknown; at?: unknown; r?: unknown };
    if (typeof v.u !== 'string' || typeof v.at !== 'string' || typeof v.r !== 'boolean') return null;
    return { username: v.u, at: v.at, reported: v.r };
  } catch {
    return null;
  } finally {
    plain?.fill(0);
  }
}
