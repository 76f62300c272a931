/**
 * Pseudonyms for candidates on screen. An HMAC under a secret kept inside the encrypted
 * workspace, so nobody without the workspace can link a pseudonym to a CPR number, and scoped to
 * one list, so pseudonyms on two lists cannot be joined. Consonants only: no digits (it can never
 * look like a CPR number) and no vowels (it never spells a word).
 */
import { createHmac, createSecretKey } from 'node:crypto';
import { randomSecret } from './secret-bytes';
import type { Database } from 'sql.js';
import { getSecretMeta, one, setSecretMeta } from '../database';

const LETTERS = 'BCDFGHJKLMNPQRSTVWXZ';
const META_KEY = 'pseudonym_key';

/** The workspace's pseudonym secret, made once (by the migration that introduced pseudonyms). */
export function ensurePseudonymSecret(db: Database): void {
  if (one(db, 'SELECT 1 AS present FROM meta WHERE key = ?', [META_KEY])) return;
  const secret = randomSecret(32);
  setSecretMeta(db, META_KEY, secret);
  secret.fill(0);
}

export type Pseudonymiser = (kind: 'P' | 'F', unitKey: string) => string;

/** Pseudonyms within one scope (a saved run, or an ad-hoc list on one data snapshot). */
export function pseudonymiser(db: Database, scope: string): Pseudonymiser {
  const stored = getSecretMeta(db, META_KEY);
  if (stored === undefined) throw new Error('The workspace has no pseudonym secret');
  // Held by Node's crypto (cleared when the key object is freed), not as a byte array of ours.
  const secret = createSecretKey(stored);
  stored.fill(0);
  return (kind, unitKey) => {
    const h = createHmac('sha256', secret).update(`${scope}\u0000${kind}\u0000${unitKey}`).digest();
    let out = '';
    // Two bytes per letter keep the modulo bias below 0.03 %.
    for (let i = 0; i < 12; i++) out += LETTERS[h.readUInt16BE(2 * i) % LETTERS.length];
    return `${kind}-${out}`;
  };
}
