/**
 * The age file format (age-encryption.org/v1). Keys, identities and passphrase files go through
 * the `age-encryption` package, which passes the official test vectors and interoperates with the
 * `age` CLI; bulk data to and from X25519 keys goes through Node's native cipher (age-stream.ts).
 * Error messages are mapped to the engine's codes here, in one place.
 */
import * as age from 'age-encryption';
import { AgeDecryptError, decryptAge, encryptAge, isX25519Recipient } from './age-stream';
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
  return head === AGE_MAGIC || head.startsWith('-----BEGIN AGE');
}

export async function encryptTo(recipients: readonly string[], plaintext: Uint8Array): Promise<Uint8Array> {
  // X25519 recipients (the unit, every user, the DPO): natively, at the speed of Node's cipher.
  if (recipients.length > 0 && recipients.every(isX25519Recipient)) return encryptAge(recipients, plaintext);
  const e = new age.Encrypter();
  for (const r of recipients) e.addRecipient(r);
  return e.encrypt(plaintext);
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

export async function decryptWith(
  keys: { identities?: readonly string[]; passphrase?: string },
  ciphertext: Uint8Array,
): Promise<Uint8Array> {
  const d = new age.Decrypter();
  for (const id of keys.identities ?? []) d.addIdentity(id);
  if (keys.passphrase !== undefined) d.addPassphrase(keys.passphrase);
  try {
    // Identities only (the workspace, extracts): the payload in Node's native cipher.
    return keys.passphrase === undefined ? await decryptAge(keys.identities ?? [], ciphertext) : await d.decrypt(ciphertext);
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
