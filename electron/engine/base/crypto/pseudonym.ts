/**
 * Pseudonyms for candidates on screen. An HMAC under a secret kept inside the encrypted
 * workspace, so nobody without the workspace can link a pseudonym to a CPR number, and scoped to
 * one list, so pseudonyms on two lists cannot be joined. Consonants only: no digits (it can never
 * look like a CPR number) and no vowels (it never spells a word).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from 'sql.js';
import { getMeta, setMeta } from '../database';

const LETTERS = 'BCDFGHJKLMNPQRSTVWXZ';
const META_KEY = 'pseudonym_key';

/** The workspace's pseudonym secret, made once (by the migration that introduced pseudonyms). */
export function ensurePseudonymSecret(db: Database): void {
  if (getMeta(db, META_KEY) === undefined) setMeta(db, META_KEY, randomBytes(32).toString('base64'));
}

export type Pseudonymiser = (kind: 'P' | 'F', unitKey: string) => string;

/** Pseudonyms within one scope (a saved run, or an ad-hoc list on one data snapshot). */
export function pseudonymiser(db: Database, scope: string): Pseudonymiser {
  const stored = getMeta(db, META_KEY);
  if (stored === undefined) throw new Error('The workspace has no pseudonym secret');
  const secret = Buffer.from(stored, 'base64');
  return (kind, unitKey) => {
    const h = createHmac('sha256', secret).update(`${scope}\u0000${kind}\u0000${unitKey}`).digest();
    let out = '';
    // Two bytes per letter keep the modulo bias below 0.03 %.
    for (let i = 0; i < 12; i++) out += LETTERS[h.readUInt16BE(2 * i) % LETTERS.length];
    return `${kind}-${out}`;
  };
}
