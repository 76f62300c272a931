/**
 * The access log's tamper evidence: a SHA-256 hash chain over the entries, plus Ed25519-signed
 * checkpoints of the chain head. Used by the engine, the export and the offline verifier alike.
 * Checkpoints are signed by a data-protection officer's log key (log-key.ts), named by its
 * fingerprint; those made before that key existed (keyId '') were signed by a key kept inside the
 * database, which proves nothing against an insider and is only checked for consistency.
 *
 * entry.hash = SHA-256(JSON.stringify([seq, time, user, role, action, subjectKind, subject,
 *                                      purpose, outcome, prevHash]
 *                                     + [subjectCount, subjectsDigest] when it names citizens
 *                                     + [subjectCount, subjectsDigest, detail] when it has a detail))
 * subjectsDigest = SHA-256 of the entry's normalised CPR numbers, sorted, joined by "\n".
 * The first entry's prevHash is the genesis hash of its workspace.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { AuditEntry, VerifyReport } from '../../../../shared/schemas';

export type EntryFields = Omit<AuditEntry, 'hash'>;

export const sha256hex = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

export const genesisHash = (workspaceId: string) => sha256hex(`tvaerblik-audit-genesis-v1|${workspaceId}`);

export function entryHash(e: EntryFields): string {
  const base = [e.seq, e.time, e.user, e.role, e.action, e.subjectKind, e.subject, e.purpose, e.outcome, e.prevHash];
  // Entries naming no citizen and carrying no detail hash as they always have, so older logs
  // still verify. The three forms differ in length, so none can pass for another.
  if (e.detail) return sha256hex(JSON.stringify([...base, e.subjectCount, e.subjectsDigest, e.detail]));
  return sha256hex(JSON.stringify(e.subjectCount > 0 ? [...base, e.subjectCount, e.subjectsDigest] : base));
}

/** The sorted, distinct CPR numbers of one entry and their digest. */
export function subjectsOf(cprs: Iterable<string>): { cprs: string[]; digest: string } {
  const sorted = sortedDistinct(Array.isArray(cprs) ? (cprs as string[]) : [...cprs]);
  if (!sorted.length) return { cprs: sorted, digest: '' };
  // Hashing a string makes Node copy it into a buffer of the C allocator that is freed uncleared;
  // a buffer of ours is zeroed once hashed, so the CPR numbers do not stay in free memory.
  const bytes = cprBytes(sorted, NEWLINE) ?? Buffer.from(sorted.join('\n'), 'utf8');
  try {
    return { cprs: sorted, digest: sha256hex(bytes) };
  } finally {
    bytes.fill(0);
  }
}

const NEWLINE = 0x0a;
/** A CPR number's length in normal form. */
export const CPR_LENGTH = 10;

/**
 * Numbers in normal form (ten characters, digits and capital letters) written as bytes one after
 * another, `separator` between them if given: the bytes of their join, without the join. Joining a
 * quarter of a million short strings took 35-50 ms, and an import's log entry did it twice (its
 * digest here, its list in log.ts). Null, with nothing left written, if any number is not in that form.
 */
export function cprBytes(cprs: readonly string[], separator?: number): Uint8Array | null {
  const gap = separator === undefined ? 0 : 1;
  const out = new Uint8Array(Math.max(0, cprs.length * (CPR_LENGTH + gap) - gap));
  let o = 0;
  for (let i = 0; i < cprs.length; i++) {
    const cpr = cprs[i]!;
    if (gap && i > 0) out[o++] = separator!;
    let normal = cpr.length === CPR_LENGTH;
    for (let k = 0; normal && k < CPR_LENGTH; k++) {
      const c = cpr.charCodeAt(k);
      normal = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
      out[o++] = c;
    }
    if (!normal) {
      out.fill(0);
      return null;
    }
  }
  return out;
}

/**
 * The numbers sorted (as `<` orders strings, which the default sort does), each once. A list that
 * is so already, as an import's (load.ts People) of a quarter of a million, is taken as it is
 * after one look, instead of through a set and a sort (a tenth of a second of the import's end).
 */
function sortedDistinct(list: string[]): string[] {
  for (let i = 1; i < list.length; i++) if (!(list[i - 1]! < list[i]!)) return [...new Set(list)].sort();
  return list;
}

export interface Checkpoint {
  seq: number;
  hash: string;
  time: string;
  /** The fingerprint of the key that signed it; '' for the old key kept inside the database. */
  keyId: string;
  signature: string;
}

/** Signs with a key OpenSSL holds (and clears when the key object is freed), never a copy of ours. */
export function signText(privateKey: KeyObject, text: string): string {
  return sign(null, Buffer.from(text), privateKey).toString('base64');
}

export function verifyText(publicDer: string, text: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicDer, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(text), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export const checkpointText = (workspaceId: string, c: Pick<Checkpoint, 'seq' | 'hash' | 'time'>) =>
  `tvaerblik-checkpoint-v1|${workspaceId}|${c.seq}|${c.hash}|${c.time}`;

const failed = (entries: number, checkpoints: number, position: number, reason: string): VerifyReport => ({
  ok: false,
  entries,
  checkpoints,
  position,
  reason,
});

export interface ChainOptions {
  /** The public key (SPKI, base64) a checkpoint's keyId names, or null when it is not known or not trusted. */
  keyFor: (keyId: string) => string | null;
  /** A checkpoint whose key is unknown fails ('fail', in the engine) or is left unchecked and counted ('skip', offline). */
  unknownKey: 'fail' | 'skip';
  /** Each entry's subject rows as stored, when they are at hand (the database, a full export). */
  subjectsAt?: (seq: number) => readonly string[];
}

/** A chain report, and how many checkpoints were left unchecked because their key is not trusted. */
export type ChainReport = VerifyReport & { unchecked: number };

/**
 * Verifies a contiguous log: every entry's hash, the links between them, the sequence numbers,
 * and each checkpoint's signature and agreement with the chain. Reports the first bad position
 * (a sequence number) and why. `checkpoints` in the report counts those whose signature was checked.
 */
export function verifyChain(workspaceId: string, entries: readonly AuditEntry[], checkpoints: readonly Checkpoint[], opts: ChainOptions): ChainReport {
  const { subjectsAt } = opts;
  const fail = (position: number, reason: string): ChainReport => ({ ...failed(entries.length, checkpoints.length, position, reason), unchecked: 0 });
  let prev = genesisHash(workspaceId);
  const hashAt = new Map<number, string>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const expectedSeq = i + 1;
    if (e.seq !== expectedSeq) {
      const why =
        e.seq > expectedSeq
          ? `entry ${expectedSeq} is missing (found ${e.seq}): deleted`
          : `entry ${e.seq} appears where ${expectedSeq} belongs: inserted or reordered`;
      return fail(expectedSeq, why);
    }
    if (e.prevHash !== prev) {
      return fail(e.seq, `entry ${e.seq} does not link to the entry before it: inserted, deleted or reordered`);
    }
    if (entryHash(e) !== e.hash) {
      return fail(e.seq, `entry ${e.seq} does not match its hash: edited`);
    }
    if (subjectsAt) {
      const rows = subjectsAt(e.seq);
      const { cprs, digest } = subjectsOf(rows);
      if (cprs.length !== rows.length || cprs.length !== e.subjectCount || digest !== e.subjectsDigest) {
        return fail(e.seq, `the citizens named by entry ${e.seq} differ from what its hash vouches for: subjects altered`);
      }
    }
    hashAt.set(e.seq, e.hash);
    prev = e.hash;
  }
  let checked = 0;
  let unchecked = 0;
  for (const c of checkpoints) {
    const publicDer = opts.keyFor(c.keyId);
    if (publicDer === null) {
      if (opts.unknownKey === 'skip') {
        unchecked++;
        continue;
      }
      return fail(c.seq, `checkpoint at entry ${c.seq} is signed by a key this workspace does not know`);
    }
    if (!verifyText(publicDer, checkpointText(workspaceId, c), c.signature)) {
      return fail(c.seq, `checkpoint at entry ${c.seq} has an invalid signature`);
    }
    checked++;
    const h = hashAt.get(c.seq);
    if (h === undefined) {
      return fail(entries.length + 1, `the log ends at entry ${entries.length} but a signed checkpoint vouches for entry ${c.seq}: truncated`);
    }
    if (h !== c.hash) {
      return fail(c.seq, `the chain at entry ${c.seq} differs from its signed checkpoint: rewritten at or before ${c.seq}`);
    }
  }
  return { ok: true, entries: entries.length, checkpoints: checked, position: null, reason: null, unchecked };
}
