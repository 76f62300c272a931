/**
 * The age file format (age-encryption.org/v1). Keys, identities and passphrase files go through
 * the `age-encryption` package, which passes the official test vectors and interoperates with the
 * `age` CLI; bulk data to and from X25519 keys goes through Node's native cipher (age-stream.ts).
 * Error messages are mapped to the engine's codes here, in one place.
 */
import * as age from 'age-encryption';
import { AgeDecryptError, decryptAge, encryptAge, encryptAgeInPlace, isX25519Recipient } from './age-stream';
import { EngineError } from '../errors';

export const AGE_MAGIC = 'age-encryption.org/v1';

export async function newIdentity(): Promise<{ identity: string; recipient: string }> {
  const identity = await age.generateIdentity();
  return { identity, recipient: await age.identityToRecipient(identity) };
}

export function recipientOf(identity: string): Promise<string> {
  return age.identityToRecipient(identity);
}

export function isAgeFile(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, AGE_MAGIC.length));
  return head === AGE_MAGIC || isArmored(bytes);
}

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
const isWs = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** An ASCII-armored age file (PEM-like, `-----BEGIN AGE ENCRYPTED FILE-----`), whitespace before it allowed. */
export function isArmored(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && i < 1024 && isWs(bytes[i]!)) i++;
  return new TextDecoder().decode(bytes.subarray(i, i + ARMOR_BEGIN.length)) === ARMOR_BEGIN;
}

export class ArmorError extends Error {}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The binary age file inside an armored one, decoded as strictly as age-encryption's
 * armor.decode (lines of exactly 64 base64 characters, the last 1–64 and a multiple of 4, LF or
 * CRLF, whitespace only around it) but linearly and in blocks: a 1 GiB armored file never becomes
 * one string.
 */
export function dearmor(bytes: Uint8Array): Uint8Array {
  let i = 0;
  const n = bytes.length;
  const ascii = (from: number, to: number) => Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1');
  const nextLine = (): string | null => {
    if (i >= n) return null;
    let lf = bytes.indexOf(0x0a, i);
    if (lf < 0) lf = n;
    const end = lf > i && bytes[lf - 1] === 0x0d ? lf - 1 : lf;
    const line = ascii(i, end);
    i = lf + 1;
    return line;
  };
  while (i < n && isWs(bytes[i]!)) i++;
  if (nextLine() !== ARMOR_BEGIN) throw new ArmorError('invalid armor header');
  const out = new Uint8Array(Math.floor(((n - i) * 3) / 4) + 3);
  let o = 0;
  let block: string[] = [];
  const flush = () => {
    const decoded = Buffer.from(block.join(''), 'base64');
    out.set(decoded, o);
    o += decoded.length;
    block = [];
  };
  let last = false;
  for (;;) {
    const line = nextLine();
    if (line === null) throw new ArmorError('the armor has no end line');
    if (line === ARMOR_END) break;
    if (last) throw new ArmorError('a short line before the end of the armor');
    if (line.length === 0 || line.length > 64 || line.length % 4 !== 0 || !B64.test(line)) throw new ArmorError('invalid armor line');
    if (line.length < 64) last = true;
    if (line.includes('=') && !/^[^=]*={1,2}$/.test(line)) throw new ArmorError('invalid armor padding');
    if (line.includes('=')) last = true;
    block.push(line);
    if (block.length === 16_384) flush();
  }
  if (block.length) flush();
  while (i < n) if (!isWs(bytes[i++]!)) throw new ArmorError('text after the armor');
  if (o === 0) throw new ArmorError('empty armor');
  return out.subarray(0, o);
}

/** The binary age file: dearmored if armored. */
export function binaryAge(bytes: Uint8Array): Uint8Array {
  return isArmored(bytes) ? dearmor(bytes) : bytes;
}

export async function encryptTo(recipients: readonly string[], plaintext: Uint8Array): Promise<Uint8Array> {
  // age-encryption would write a file with no recipient stanza: one nobody can ever open.
  if (recipients.length === 0) throw new Error('encryptTo: no recipient to encrypt to');
  // X25519 recipients (the unit, every user, the DPO): natively, at the speed of Node's cipher.
  if (recipients.length > 0 && recipients.every(isX25519Recipient)) return encryptAge(recipients, plaintext);
  const e = new age.Encrypter();
  for (const r of recipients) e.addRecipient(r);
  return e.encrypt(plaintext);
}

/**
 * As encryptTo, for a caller that owns `plaintext` and needs it no more: with X25519 recipients
 * the ciphertext is written over it and the file comes back as parts to write in order
 * (encryptAgeInPlace); otherwise as one part, and `plaintext` is left as it was.
 */
export async function encryptToInPlace(recipients: readonly string[], plaintext: Uint8Array): Promise<Uint8Array[]> {
  if (recipients.length > 0 && recipients.every(isX25519Recipient)) return encryptAgeInPlace(recipients, plaintext);
  return [await encryptTo(recipients, plaintext)];
}

export async function encryptWithPassphrase(passphrase: string, plaintext: Uint8Array): Promise<Uint8Array> {
  const e = new age.Encrypter();
  e.setPassphrase(passphrase);
  return e.encrypt(plaintext);
}

/** Identity lines from an age identity file: comments and blank lines are skipped. */
export function parseIdentityFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('AGE-SECRET-KEY-'));
}

/**
 * Decrypts an age file with identities or a passphrase. `inPlace` (identities only): the plaintext
 * replaces the ciphertext in the caller's bytes (decryptAge), which the caller zeroes, also when
 * this throws.
 */
export async function decryptWith(
  keys: { identities?: readonly string[]; passphrase?: string },
  ciphertext: Uint8Array,
  { inPlace = false }: { inPlace?: boolean } = {},
): Promise<Uint8Array> {
  const d = new age.Decrypter();
  for (const id of keys.identities ?? []) d.addIdentity(id);
  if (keys.passphrase !== undefined) d.addPassphrase(keys.passphrase);
  try {
    ciphertext = binaryAge(ciphertext);
    // Identities only (the workspace, extracts): the payload in Node's native cipher.
    return keys.passphrase === undefined ? await decryptAge(keys.identities ?? [], ciphertext, { inPlace }) : await d.decrypt(ciphertext);
  } catch (err) {
    if (err instanceof AgeDecryptError && err.kind === 'no-match') throw new EngineError('WRONG_CREDENTIALS', 'None of the given keys can open this age file');
    const msg = err instanceof Error ? err.message : String(err);
    if (/no identity matched|incorrect passphrase|no matching/i.test(msg)) {
      throw new EngineError('WRONG_CREDENTIALS', 'None of the given keys can open this age file');
    }
    if (/truncat|unexpected end|too short|last chunk/i.test(msg)) {
      throw new EngineError('WORKSPACE_TRUNCATED', `The age file is truncated (${msg})`);
    }
    throw new EngineError('WORKSPACE_CORRUPT', `The age file is damaged or not an age file (${msg})`);
  }
}
