/**
 * The access log inside the workspace database, backed by the journal for durability and the
 * witness file for history kept outside the workspace. `append` writes the journal first: if that
 * fails, the caller's operation is refused. Then the new head goes to the witness; if that fails
 * the operation stands (the entry is safe in the journal), and the failure is itself logged.
 */
import type { Database } from 'sql.js';
import { z } from 'zod';
import { normaliseCpr } from '../../../../shared/cpr';
import { AuditEntrySchema, type AuditEntry } from '../../../../shared/schemas';
import { all, getMeta, one, run, type Row } from '../database';
import type { FsLike } from '../deps';
import { EngineError } from '../errors';
import { checkpointText, CPR_LENGTH, cprBytes, entryHash, genesisHash, signText, subjectsOf, verifyChain, type Checkpoint } from './chain';
import { appendJournal, type JournalKey } from './journal';
import type { LogSigner, TrustedKey } from './log-key';
import { appendWitness, blind } from './witness';
import { INTEGRITY_ACTIONS, INTEGRITY_ENTRY, integrityDetail } from './integrity-events';

/**
 * A small change to the database carried in a log entry's journal record instead of a save of the
 * whole workspace (a review decision). The domain that made it applies it again, with the same
 * function, when the journal is replayed at the next open; the next save folds it into the file.
 */
export const JournalEffectSchema = z.strictObject({ kind: z.string(), data: z.unknown() });
export type JournalEffect = z.infer<typeof JournalEffectSchema>;

export type NewEntry = Pick<AuditEntry, 'user' | 'role' | 'action' | 'subjectKind' | 'subject' | 'purpose' | 'outcome'> & {
  /** CPR numbers whose data the call stored or disclosed (normalised here). */
  cprs?: Iterable<string>;
  detail?: string;
  /** The call's change, when it is journalled rather than saved. */
  effect?: JournalEffect;
};

/** An entry with the citizens it names: what the journal and a full export carry. */
export type LoggedEntry = AuditEntry & { cprs: string[] };
const JournalEntrySchema = AuditEntrySchema.extend({ cprs: z.array(z.string()).default([]), effect: JournalEffectSchema.optional() });

/** The normalised form of a CPR number searched for, or null when the text is no CPR number. */
export const cprQuery = (text: string | undefined) => (text ? normaliseCpr(text) : null);

export interface AuditLogDeps {
  db: Database;
  fs: FsLike;
  journalPath: string;
  journalKey: () => JournalKey;
  /** Starts the journal file for the current generation if it is not there yet. */
  ensureJournal: () => Promise<void>;
  workspaceId: string;
  /** The logged-in DPO's log key, or null: only a DPO's session signs checkpoints. */
  signer: () => LogSigner | null;
  /** Where the witness file is now (the DPO may move it). */
  witnessPath: () => string;
  /** The key the witness file's values are blinded with (witness.ts). */
  witnessKey: () => Buffer;
  now: () => Date;
  /** Applies a journalled change at replay (the composition root knows each domain's); throws when it cannot. */
  applyEffect: (effect: JournalEffect) => void;
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
  subjectCount: Number(r.subject_count),
  subjectsDigest: String(r.subjects_digest),
  detail: String(r.detail),
  prevHash: String(r.prev_hash),
  hash: String(r.hash),
});

/**
 * An entry naming at least this many citizens keeps them as one list (audit_subject_list) rather
 * than a row each: an import names everyone it stored, a row each cost half a second of a
 * copenhagen-scale import (mostly the CPR index), and a workspace grew by 8 MB an import. Entries
 * naming fewer (a reveal, a consent, a reading sheet) stay rows, found at once by the CPR index.
 */
const LIST_FROM = 1000;

/**
 * The numbers in normal form (normaliseCpr; one it cannot read is kept as given), in a list of the
 * log's own (the caller's may change while the entry is written). A list in normal form already, as
 * an import's quarter of a million are, is copied as it is, with no call per number through
 * Array.from (a thirtieth of a second at the end of every large import).
 */
function normalised(cprs: Iterable<string>): string[] {
  const list = Array.isArray(cprs) ? (cprs as string[]) : [...cprs];
  let i = 0;
  while (i < list.length && normaliseCpr(list[i]!) === list[i]) i++;
  if (i === list.length) return list === cprs ? list.slice() : list;
  const out = list.slice(0, i);
  for (; i < list.length; i++) out.push(normaliseCpr(list[i]!) ?? list[i]!);
  return out;
}

/** The numbers of a list, ten bytes each (a trailing part of a damaged list is kept, so it shows). */
function unpackList(list: Uint8Array): string[] {
  const text = Buffer.from(list.buffer, list.byteOffset, list.byteLength).toString('latin1');
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CPR_LENGTH) out.push(text.slice(i, i + CPR_LENGTH));
  return out;
}

/** Whether the list holds the number: a native search, taken only where it starts a number. */
function listHas(list: Uint8Array, cpr: Buffer): boolean {
  if (cpr.length !== CPR_LENGTH) return false;
  const b = Buffer.from(list.buffer, list.byteOffset, list.byteLength);
  for (let at = b.indexOf(cpr); at >= 0; at = b.indexOf(cpr, at + 1)) if (at % CPR_LENGTH === 0) return true;
  return false;
}

export class AuditLog {
  /** Witness writes in this session that succeeded and that failed, and whether the latest run of failures is logged. */
  witnessWrites = 0;
  witnessFailures = 0;
  private witnessFailureLogged = false;

  constructor(private readonly d: AuditLogDeps) {}

  head(): { seq: number; hash: string } {
    const r = one(this.d.db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return r ? { seq: Number(r.seq), hash: String(r.hash) } : { seq: 0, hash: genesisHash(this.d.workspaceId) };
  }

  async append(e: NewEntry): Promise<AuditEntry> {
    const head = this.head();
    const { cprs: raw, detail = '', effect, ...rest } = e;
    const { cprs, digest } = subjectsOf(normalised(raw ?? []));
    const fields = { seq: head.seq + 1, time: this.d.now().toISOString(), ...rest, subjectCount: cprs.length, subjectsDigest: digest, detail, prevHash: head.hash };
    const entry: AuditEntry = { ...fields, hash: entryHash(fields) };
    try {
      await this.d.ensureJournal();
      // The change rides in the same authenticated record as its entry: on disk together, or not at all.
      await appendJournal(this.d.fs, this.d.journalPath, this.d.journalKey(), effect ? { ...entry, cprs, effect } : { ...entry, cprs });
    } catch {
      throw new EngineError('AUDIT_WRITE_FAILED', 'The access log could not be written, so the operation was refused');
    }
    this.insert(entry, cprs);
    await this.witnessHead(entry);
    return entry;
  }

  /** The new head to the witness file. A failure is logged once per run of failures, as an entry of its own. */
  private async witnessHead(e: AuditEntry): Promise<void> {
    try {
      await appendWitness(this.d.fs, this.d.witnessPath(), this.d.workspaceId, { t: 'head', seq: e.seq, blinded: blind(this.d.witnessKey(), e.seq, e.hash), time: e.time });
      this.witnessWrites++;
      this.witnessFailureLogged = false;
    } catch {
      this.witnessFailures++;
      if (this.witnessFailureLogged) return;
      this.witnessFailureLogged = true;
      await this.append({ ...INTEGRITY_ENTRY, user: e.user, action: INTEGRITY_ACTIONS.witnessWriteFailed, detail: integrityDetail({ at: e.seq }) });
    }
  }

  private insert(e: AuditEntry, cprs: readonly string[]): void {
    run(
      this.d.db,
      `INSERT INTO audit_log (seq, time, user, role, action, subject_kind, subject, purpose, outcome, subject_count, subjects_digest, detail, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [e.seq, e.time, e.user, e.role, e.action, e.subjectKind, e.subject, e.purpose, e.outcome, e.subjectCount, e.subjectsDigest, e.detail, e.prevHash, e.hash],
    );
    if (!cprs.length) return;
    // One run of bytes, ten each; null if any is not in normal form, so such an entry keeps rows.
    const list = cprs.length >= LIST_FROM ? cprBytes(cprs) : null;
    if (list) {
      try {
        run(this.d.db, 'INSERT INTO audit_subject_list (seq, cprs) VALUES (?, ?)', [e.seq, list]);
      } finally {
        list.fill(0); // CPR numbers, outside V8's heap: not left for whoever gets the memory next
      }
      return;
    }
    // One row per citizen. The numbers go in as one JSON array that SQLite unpacks itself, bound
    // as its UTF-8 bytes, which sql.js copies at once, not as text, which it encodes in JavaScript
    // character by character. One statement, so all or none of the rows are added.
    const json = new TextEncoder().encode(JSON.stringify(cprs));
    try {
      run(this.d.db, 'INSERT INTO audit_subject (seq, cpr) SELECT ?, value FROM json_each(CAST(? AS TEXT))', [e.seq, json]);
    } finally {
      json.fill(0);
    }
  }

  /** The citizens an entry names, as stored. */
  subjectsOf(seq: number): string[] {
    return this.subjectMap(seq).get(seq) ?? [];
  }

  /**
   * Where entries name the citizen with this (normalised) CPR number, as SQL over audit_log: a
   * row of theirs in audit_subject, or their number in an entry's list (searched here: the lists
   * are few, one per import or large list, and each is found with one native search).
   */
  private naming(cpr: string): { sql: string; params: string[] } {
    const listed: number[] = [];
    const key = Buffer.from(cpr, 'latin1');
    const stmt = this.d.db.prepare('SELECT seq, cprs FROM audit_subject_list ORDER BY seq');
    try {
      while (stmt.step()) {
        const [seq, cprs] = stmt.get() as [number, Uint8Array];
        if (listHas(cprs, key)) listed.push(seq);
        cprs.fill(0);
      }
    } finally {
      stmt.free();
      key.fill(0);
    }
    return {
      sql: '(subject = ? OR subject = ? OR seq IN (SELECT seq FROM audit_subject WHERE cpr = ?) OR seq IN (SELECT value FROM json_each(?)))',
      params: [cpr, `${cpr.slice(0, 6)}-${cpr.slice(6)}`, cpr, JSON.stringify(listed)],
    };
  }

  /**
   * Brings journal entries written after the last save into the database. Only entries that
   * continue the chain are taken; anything else is reported, never silently dropped.
   */
  replay(journalEntries: readonly unknown[]): { replayed: number; rejected: number } {
    let replayed = 0;
    let rejected = 0;
    for (const raw of journalEntries) {
      const parsed = JournalEntrySchema.safeParse(raw);
      if (!parsed.success) {
        rejected++;
        continue;
      }
      const { cprs, effect, ...e } = parsed.data;
      const head = this.head();
      if (e.seq <= head.seq) continue; // already saved in the workspace
      const subjects = subjectsOf(cprs);
      if (e.seq !== head.seq + 1 || e.prevHash !== head.hash || entryHash(e) !== e.hash || subjects.digest !== e.subjectsDigest) {
        rejected++;
        continue;
      }
      this.insert(e, subjects.cprs);
      replayed++;
      // The entry stays (the access happened); a change that no longer applies is counted, not dropped silently.
      if (effect && !this.applyAtReplay(effect)) rejected++;
    }
    return { replayed, rejected };
  }

  private applyAtReplay(effect: JournalEffect): boolean {
    this.d.db.exec('SAVEPOINT effect');
    try {
      this.d.applyEffect(effect);
      this.d.db.exec('RELEASE effect');
      return true;
    } catch {
      this.d.db.exec('ROLLBACK TO effect; RELEASE effect');
      return false;
    }
  }

  list(opts: { subject?: string; limit: number; beforeSeq?: number }): { entries: AuditEntry[]; total: number } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (opts.subject) {
      const cpr = cprQuery(opts.subject);
      if (cpr) {
        const naming = this.naming(cpr);
        where.push(naming.sql);
        params.push(...naming.params);
      } else {
        where.push('subject = ?');
        params.push(opts.subject);
      }
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

  /** Every entry (with the citizens each names), or those about one subject or CPR number. */
  entries(subject?: string): LoggedEntry[] {
    if (!subject) {
      const bySeq = this.subjectMap();
      return all(this.d.db, 'SELECT * FROM audit_log ORDER BY seq').map((r) => {
        const e = toEntry(r);
        return { ...e, cprs: bySeq.get(e.seq) ?? [] };
      });
    }
    const cpr = cprQuery(subject);
    const naming = cpr ? this.naming(cpr) : null;
    const rows = naming
      ? all(this.d.db, `SELECT * FROM audit_log WHERE ${naming.sql} ORDER BY seq`, naming.params)
      : all(this.d.db, 'SELECT * FROM audit_log WHERE subject = ? ORDER BY seq', [subject]);
    // A citizen's export names that citizen only, never the others on the same list.
    return rows.map((r) => {
      const e = toEntry(r);
      return { ...e, cprs: cpr && e.subjectCount > 0 ? [cpr] : [] };
    });
  }

  /** The citizens each entry names (or only entry `only`), rows and lists together. */
  private subjectMap(only?: number): Map<number, string[]> {
    const bySeq = new Map<number, string[]>();
    const which = only === undefined ? '' : 'WHERE seq = ?';
    const params = only === undefined ? [] : [only];
    const rows = this.d.db.prepare(`SELECT seq, cpr FROM audit_subject ${which} ORDER BY seq, cpr`, params);
    try {
      while (rows.step()) {
        const [seq, cpr] = rows.get() as [number, string];
        let list = bySeq.get(seq);
        if (!list) bySeq.set(seq, (list = []));
        list.push(cpr);
      }
    } finally {
      rows.free();
    }
    const lists = this.d.db.prepare(`SELECT seq, cprs FROM audit_subject_list ${which}`, params);
    try {
      while (lists.step()) {
        const [seq, cprs] = lists.get() as [number, Uint8Array];
        // An entry has either, unless someone added rows beside its list: then both count (and
        // the digest check fails), never one hiding the other.
        bySeq.set(seq, [...(bySeq.get(seq) ?? []), ...unpackList(cprs)]);
        cprs.fill(0);
      }
    } finally {
      lists.free();
    }
    return bySeq;
  }

  /** Every checkpoint, or only those signed by a DPO's log key (not the old key kept in the database). */
  checkpoints(opts: { signedByDpo?: boolean } = {}): Checkpoint[] {
    return all(this.d.db, `SELECT * FROM audit_checkpoint ${opts.signedByDpo ? "WHERE key_id != ''" : ''} ORDER BY seq`).map((r) => ({
      seq: Number(r.seq),
      hash: String(r.hash),
      time: String(r.time),
      keyId: String(r.key_id),
      signature: String(r.signature),
    }));
  }

  /**
   * Signs the current head with the DPO's log key, unless it is already signed by it. Called at
   * every save and full export; does nothing outside a DPO's session. Returns the new checkpoint.
   */
  checkpoint(): Checkpoint | null {
    const signer = this.d.signer();
    const head = this.head();
    if (!signer || head.seq === 0) return null;
    // The primary key is the position: one checkpoint per entry, by whichever DPO signed it first.
    if (one(this.d.db, 'SELECT 1 AS x FROM audit_checkpoint WHERE seq = ?', [head.seq])) return null;
    const c = { seq: head.seq, hash: head.hash, time: this.d.now().toISOString(), keyId: signer.keyId };
    const signature = signText(signer.privateKey, checkpointText(this.d.workspaceId, c));
    run(this.d.db, 'INSERT INTO audit_checkpoint (seq, hash, time, signature, key_id) VALUES (?, ?, ?, ?, ?)', [c.seq, c.hash, c.time, signature, c.keyId]);
    return { ...c, signature };
  }

  /** Every DPO log key this workspace has seen, oldest first. */
  keys(): (TrustedKey & { username: string; createdAt: string })[] {
    return all(this.d.db, 'SELECT * FROM log_keys ORDER BY created_at, key_id').map((r) => ({
      keyId: String(r.key_id),
      publicDer: String(r.public_der),
      username: String(r.username),
      createdAt: String(r.created_at),
    }));
  }

  /** Records a DPO's log key (its public half). True when it was not known before. */
  registerKey(signer: LogSigner, username: string): boolean {
    if (one(this.d.db, 'SELECT 1 AS x FROM log_keys WHERE key_id = ?', [signer.keyId])) return false;
    run(this.d.db, 'INSERT INTO log_keys (key_id, username, public_der, created_at) VALUES (?, ?, ?, ?)', [signer.keyId, username, signer.publicDer, this.d.now().toISOString()]);
    return true;
  }

  /** The public key a checkpoint names: a DPO's key from log_keys, or for '' the old key the database held. */
  keyFor(keyId: string): string | null {
    if (keyId === '') return getMeta(this.d.db, 'signing_public') ?? null;
    const r = one(this.d.db, 'SELECT public_der FROM log_keys WHERE key_id = ?', [keyId]);
    return r ? String(r.public_der) : null;
  }

  verify() {
    const bySeq = this.subjectMap();
    const entries = all(this.d.db, 'SELECT * FROM audit_log ORDER BY seq').map(toEntry);
    // Subject rows of a sequence number with no entry are additions too.
    const orphan = [...bySeq.keys()].find((seq) => !entries[seq - 1] || entries[seq - 1]!.seq !== seq);
    if (orphan !== undefined) {
      return { ok: false, entries: entries.length, checkpoints: this.checkpoints().length, position: orphan, reason: `citizens are recorded for entry ${orphan}, which does not name them: subjects added` };
    }
    const { unchecked: _u, ...report } = verifyChain(this.d.workspaceId, entries, this.checkpoints(), {
      keyFor: (id) => this.keyFor(id),
      unknownKey: 'fail',
      subjectsAt: (seq) => bySeq.get(seq) ?? [],
    });
    return report;
  }

  /** The hash of the entry at a position, if there is one. */
  hashAt(seq: number): string | undefined {
    const r = one(this.d.db, 'SELECT hash FROM audit_log WHERE seq = ?', [seq]);
    return r ? String(r.hash) : undefined;
  }
}
