/**
 * What opening a workspace checks beyond its own file: the journal (replayed, and whether it is
 * the one the database expects) and the witness file (whether the log extends what it saw); and,
 * at each save, the DPO's newest checkpoint written to the witness.
 */
import type { Database } from 'sql.js';
import { readJournal } from '../audit-log/journal';
import { appendWitness, blind, compareWithWitness, readWitness, witnessCheckpointText, type WitnessContents } from '../audit-log/witness';
import { signText } from '../audit-log/chain';
import { getMeta } from '../database';
import type { EngineDeps } from '../deps';
import { journalPathOf, witnessPathOf, type OpeningReport, type OpenWorkspace } from './open-state';

/** Replays the journal, and says whether it is the one the database expects. */
export async function readJournalAtOpen(deps: EngineDeps, ws: OpenWorkspace): Promise<void> {
  const journal = await readJournal(deps.fs, journalPathOf(deps.workspacePath), ws.journalKey);
  const replay = ws.audit.replay(journal.entries);
  const onDisk = getMeta(ws.db, 'journal_on_disk'); // undefined: saved by a version that did not record it
  let state: OpeningReport['journal']['state'];
  if (journal.matched) state = 'current';
  else if (onDisk === undefined) state = 'unknown';
  else if (!journal.exists) state = onDisk === '' ? 'none' : 'missing';
  else if (journal.found !== null && journal.found === onDisk) state = 'previous';
  else state = 'older';
  ws.opening.journal = { ...replay, torn: journal.torn, damaged: journal.damaged, state };
  // A torn or damaged journal is started afresh at the next entry; what it held that could be
  // read is in the database now, and the damage itself is logged by the caller.
  ws.journalStarted = journal.matched && !journal.torn && !journal.damaged;
  ws.journalOnDisk = journal.matched || state === 'previous' ? journal.found : null;
}

/** Compares the log, now with the journal replayed, with what the witness file saw. */
export async function checkWitnessAtOpen(deps: EngineDeps, ws: OpenWorkspace): Promise<void> {
  const path = witnessPathOf(deps, ws.db);
  const expected = getMeta(ws.db, 'witness_started') === '1' || ws.audit.checkpoints({ signedByDpo: true }).length > 0;
  let w: WitnessContents;
  try {
    w = await readWitness(deps.fs, path, ws.header.workspaceId);
  } catch {
    ws.opening.witness = { path, exists: true, expected, unavailable: true, unreadableLines: 0, findings: [] };
    return;
  }
  const head = ws.audit.head();
  const hashes = hashesAt(ws.db, new Set([...w.heads, ...w.checkpoints].map((h) => h.seq).filter((s) => s <= head.seq)));
  const key = ws.witnessKey;
  const blindedAt = (seq: number) => {
    const h = hashes.get(seq);
    return h === undefined ? undefined : blind(key, seq, h);
  };
  const dpoKey = (id: string) => (id === '' ? null : ws.audit.keyFor(id));
  const findings = compareWithWitness(ws.header.workspaceId, head.seq, blindedAt, w, dpoKey);
  ws.witnessedSeq = w.checkpoints.reduce((m, c) => (c.seq <= head.seq && blindedAt(c.seq) === c.blinded && c.seq > m ? c.seq : m), 0);
  ws.opening.witness = { path, exists: w.exists, expected, unavailable: false, unreadableLines: w.unreadable, findings };
}

/** The hashes of the entries at these positions, in one pass over the log. */
function hashesAt(db: Database, seqs: ReadonlySet<number>): Map<number, string> {
  const out = new Map<number, string>();
  if (!seqs.size) return out;
  let min = Infinity;
  let max = 0;
  for (const s of seqs) [min, max] = [Math.min(min, s), Math.max(max, s)]; // no spread: a witness may hold millions
  const stmt = db.prepare('SELECT seq, hash FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq');
  try {
    stmt.bind([min, max]);
    while (stmt.step()) {
      const [seq, hash] = stmt.get() as [number, string];
      if (seqs.has(seq)) out.set(seq, hash);
    }
  } finally {
    stmt.free();
  }
  return out;
}

/**
 * Appends the session DPO's newest checkpoint to the witness file, if the witness has not seen it,
 * signed over its blinded value. One is enough: its value commits to the whole log before it.
 * Best effort: a failure is counted (the DPO's console shows it) and tried again at the next save;
 * the checkpoint is safe in the workspace meanwhile.
 */
export async function witnessCheckpoints(deps: EngineDeps, ws: OpenWorkspace): Promise<void> {
  const signer = ws.signer;
  if (!signer) return;
  const newest = ws.audit
    .checkpoints({ signedByDpo: true })
    .filter((c) => c.keyId === signer.keyId && c.seq > ws.witnessedSeq)
    .at(-1);
  if (!newest) return;
  const line = { seq: newest.seq, blinded: blind(ws.witnessKey, newest.seq, newest.hash), time: newest.time };
  try {
    const signature = signText(signer.privateKey, witnessCheckpointText(ws.header.workspaceId, line));
    await appendWitness(deps.fs, witnessPathOf(deps, ws.db), ws.header.workspaceId, { t: 'checkpoint', ...line, keyId: signer.keyId, signature });
    ws.witnessedSeq = newest.seq;
  } catch {
    ws.audit.witnessFailures++;
  }
}
