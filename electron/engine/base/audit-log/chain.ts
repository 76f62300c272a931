/**
 * The access log's tamper evidence: a SHA-256 hash chain over the entries, plus Ed25519-signed
 * checkpoints of the chain head. Used by the engine, the export and the offline verifier alike.
 *
 * entry.hash = SHA-256(JSON.stringify([seq, time, user, role, action, subjectKind, subject,
 *                                      purpose, outcome, prevHash]
 *                                     + [subjectCount, subjectsDigest] when it names citizens
 *                                     + [subjectCount, subjectsDigest, detail] when it has a detail))
 * subjectsDigest = SHA-256 of the entry's normalised CPR numbers, sorted, joined by "\n".
 * The first entry's prevHash is the genesis hash of its workspace.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
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
  const sorted = [...new Set(cprs)].sort();
  return { cprs: sorted, digest: sorted.length ? sha256hex(sorted.join('\n')) : '' };
}

export interface Checkpoint {
  seq: number;
  hash: string;
  time: string;
  signature: string;
}

export interface SigningKeys {
  privateDer: string; // PKCS#8, base64
  publicDer: string; // SPKI, base64
}

export function newSigningKeys(): SigningKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateDer: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    publicDer: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

export function signText(privateDer: string, text: string): string {
  const key = createPrivateKey({ key: Buffer.from(privateDer, 'base64'), format: 'der', type: 'pkcs8' });
  return sign(null, Buffer.from(text), key).toString('base64');
}

export function verifyText(publicDer: string, text: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicDer, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(text), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export const checkpointText = (workspaceId: string, c: Omit<Checkpoint, 'signature'>) =>
  `tvaerblik-checkpoint-v1|${workspaceId}|${c.seq}|${c.hash}|${c.time}`;

const fail = (entries: number, checkpoints: number, position: number, reason: string): VerifyReport => ({
  ok: false,
  entries,
  checkpoints,
  position,
  reason,
});

/**
 * Verifies a contiguous log: every entry's hash, the links between them, the sequence numbers,
 * and each checkpoint's signature and agreement with the chain. Reports the first bad position
 * (a sequence number) and why.
 */
export function verifyChain(
  workspaceId: string,
  publicDer: string,
  entries: readonly AuditEntry[],
  checkpoints: readonly Checkpoint[],
  /** Each entry's subject rows as stored, when they are at hand (the database, a full export). */
  subjectsAt?: (seq: number) => readonly string[],
): VerifyReport {
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
      return fail(entries.length, checkpoints.length, expectedSeq, why);
    }
    if (e.prevHash !== prev) {
      return fail(entries.length, checkpoints.length, e.seq, `entry ${e.seq} does not link to the entry before it: inserted, deleted or reordered`);
    }
    if (entryHash(e) !== e.hash) {
      return fail(entries.length, checkpoints.length, e.seq, `entry ${e.seq} does not match its hash: edited`);
    }
    if (subjectsAt) {
      const rows = subjectsAt(e.seq);
      const { cprs, digest } = subjectsOf(rows);
      if (cprs.length !== rows.length || cprs.length !== e.subjectCount || digest !== e.subjectsDigest) {
        return fail(entries.length, checkpoints.length, e.seq, `the citizens named by entry ${e.seq} differ from what its hash vouches for: subjects altered`);
      }
    }
    hashAt.set(e.seq, e.hash);
    prev = e.hash;
  }
  for (const c of checkpoints) {
    if (!verifyText(publicDer, checkpointText(workspaceId, c), c.signature)) {
      return fail(entries.length, checkpoints.length, c.seq, `checkpoint at entry ${c.seq} has an invalid signature`);
    }
    const h = hashAt.get(c.seq);
    if (h === undefined) {
      return fail(entries.length, checkpoints.length, entries.length + 1, `the log ends at entry ${entries.length} but a signed checkpoint vouches for entry ${c.seq}: truncated`);
    }
    if (h !== c.hash) {
      return fail(entries.length, checkpoints.length, c.seq, `the chain at entry ${c.seq} differs from its signed checkpoint: rewritten at or before ${c.seq}`);
    }
  }
  return { ok: true, entries: entries.length, checkpoints: checkpoints.length, position: null, reason: null };
}
