/**
 * The access log inside the workspace database, backed by the journal for durability.
 * `append` writes the journal first: if that fails, the caller's operation is refused.
 */
import type { Database } from 'sql.js';
import { AuditEntrySchema, type AuditEntry } from '../../../shared/schemas';
import { all, one, run, type Row } from '../db/database';
import type { FsLike } from '../deps';
import { EngineError } from '../errors';
import { checkpointText, entryHash, genesisHash, signText, verifyChain, type Checkpoint, type SigningKeys } from './chain';
import { appendJournal, type JournalKey } from './journal';

export type NewEntry = Pick<AuditEntry, 'user' | 'role' | 'action' | 'subjectKind' | 'subject' | 'purpose' | 'outcome'>;

export interface AuditLogDeps {
  db: Database;
  fs: FsLike;
  journalPath: string;
  journalKey: () => JournalKey;
  /** Starts the journal file for the current generation if it is not there yet. */
  ensureJournal: () => Promise<void>;
  workspaceId: string;
  signing: SigningKeys;
  now: () => Date;
}

const toEntry = (r: Row): AuditEntry => ({
  seq: Number(r.seq),
  time: String(r.time),
  user: String(r.user),
  role: String(r.role),
  action: String(r.action),
  subjectKind: String(r.subject_kind) as AuditEntry['subjectKind'],
  subject: String(r.subject),
  purpose: String(r.purpose),
  outcome: String(r.outcome) as AuditEntry['outcome'],
  prevHash: String(r.prev_hash),
  hash: String(r.hash),
});

export class AuditLog {
  constructor(private readonly d: AuditLogDeps) {}

  head(): { seq: number; hash: string } {
    const r = one(this.d.db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return r ? { seq: Number(r.seq), hash: String(r.hash) } : { seq: 0, hash: genesisHash(this.d.workspaceId) };
  }

  async append(e: NewEntry): Promise<AuditEntry> {
    const head = this.head();
    const fields = { seq: head.seq + 1, time: this.d.now().toISOString(), ...e, prevHash: head.hash };
    const entry: AuditEntry = { ...fields, hash: entryHash(fields) };
    try {
      await this.d.ensureJournal();
      await appendJournal(this.d.fs, this.d.journalPath, this.d.journalKey(), entry);
    } catch {
      throw new EngineError('AUDIT_WRITE_FAILED', 'The access log could not be written, so the operation was refused');
    }
    this.insert(entry);
    return entry;
  }

  private insert(e: AuditEntry): void {
    run(
      this.d.db,
      `INSERT INTO audit_log (seq, time, user, role, action, subject_kind, subject, purpose, outcome, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [e.seq, e.time, e.user, e.role, e.action, e.subjectKind, e.subject, e.purpose, e.outcome, e.prevHash, e.hash],
    );
  }

  /**
   * Brings journal entries written after the last save into the database. Only entries that
   * continue the chain are taken; anything else is reported, never silently dropped.
   */
  replay(journalEntries: readonly unknown[]): { replayed: number; rejected: number } {
    let replayed = 0;
    let rejected = 0;
    for (const raw of journalEntries) {
      const parsed = AuditEntrySchema.safeParse(raw);
      if (!parsed.success) {
        rejected++;
        continue;
      }
      const e = parsed.data;
      const head = this.head();
      if (e.seq <= head.seq) continue; // already saved in the workspace
      if (e.seq !== head.seq + 1 || e.prevHash !== head.hash || entryHash(e) !== e.hash) {
        rejected++;
        continue;
      }
      this.insert(e);
      replayed++;
    }
    return { replayed, rejected };
  }

  list(opts: { subject?: string; limit: number; beforeSeq?: number }): { entries: AuditEntry[]; total: number } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (opts.subject) {
      where.push('subject = ?');
      params.push(opts.subject);
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = Number(one(this.d.db, `SELECT count(*) AS n FROM audit_log ${w}`, params)?.n ?? 0);
    const before = opts.beforeSeq ? `${w ? `${w} AND` : 'WHERE'} seq < ?` : w;
    const rows = all(this.d.db, `SELECT * FROM audit_log ${before} ORDER BY seq DESC LIMIT ?`, [
      ...params,
      ...(opts.beforeSeq ? [opts.beforeSeq] : []),
      opts.limit,
    ]);
    return { entries: rows.map(toEntry), total };
  }

  entries(subject?: string): AuditEntry[] {
    return subject
      ? all(this.d.db, 'SELECT * FROM audit_log WHERE subject = ? ORDER BY seq', [subject]).map(toEntry)
      : all(this.d.db, 'SELECT * FROM audit_log ORDER BY seq').map(toEntry);
  }

  checkpoints(): Checkpoint[] {
    return all(this.d.db, 'SELECT * FROM audit_checkpoint ORDER BY seq').map((r) => ({
      seq: Number(r.seq),
      hash: String(r.hash),
      time: String(r.time),
      signature: String(r.signature),
    }));
  }

  /** Signs the current head, unless it is already signed. Called at every save. */
  checkpoint(): void {
    const head = this.head();
    if (head.seq === 0) return;
    if (one(this.d.db, 'SELECT 1 AS x FROM audit_checkpoint WHERE seq = ?', [head.seq])) return;
    const c = { seq: head.seq, hash: head.hash, time: this.d.now().toISOString() };
    const signature = signText(this.d.signing.privateDer, checkpointText(this.d.workspaceId, c));
    run(this.d.db, 'INSERT INTO audit_checkpoint (seq, hash, time, signature) VALUES (?, ?, ?, ?)', [c.seq, c.hash, c.time, signature]);
  }

  verify() {
    return verifyChain(this.d.workspaceId, this.d.signing.publicDer, this.entries(), this.checkpoints());
  }
}
