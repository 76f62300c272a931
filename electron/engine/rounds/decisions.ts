/**
 * Review decisions. A decision is cheap: the call applies it to the database in memory and hands
 * the same change to its log entry's journal record (ctx.journal), fsynced before the result is
 * shown; it reaches the workspace file at the next save. If the program stops first, the journal
 * is replayed at the next open and `applyDecision` runs again on the same data, so the handler and
 * the replay cannot disagree.
 */
import type { Database } from 'sql.js';
import { z } from 'zod';
import { DECISIONS, OPEN_STATES, REASON_CODES } from '../../../shared/rounds';
import { PseudonymSchema } from '../../../shared/screening';
import { EngineError } from '../base/errors';
import { addPreparer, requireState, roundRow, setState } from './state';

export const DECIDE_EFFECT = 'rounds.decide';

/** One decision call as journalled: everything needed to apply it again, and no CPR number. */
const DecisionEffectSchema = z.strictObject({
  round: z.number().int().positive(),
  pseudonyms: z.array(PseudonymSchema).min(1),
  decision: z.enum(DECISIONS),
  reason: z.enum(REASON_CODES),
  comment: z.string(),
  by: z.string(),
  at: z.string(),
});
export type DecisionEffect = z.infer<typeof DecisionEffectSchema>;

/**
 * The pseudonyms of a run's candidates, each with its members' CPR numbers (for the log). A
 * pseudonym not on the list is an error naming it: a bulk decision is taken whole or not at all.
 */
export function candidatesByPseudonym(db: Database, runId: number, pseudonyms: readonly string[]): Map<string, string[]> {
  // One indexed lookup per pseudonym (run_candidate_pseudonym): a click on one candidate costs the
  // same on a list of 20 or 20,000. Members in CPR-number order: a family's first member (the
  // subject of a refused call about the family) is the one whose number sorts first.
  const stmt = db.prepare('SELECT m.cpr FROM run_candidate c JOIN run_candidate_member m ON m.run_id = c.run_id AND m.pos = c.pos WHERE c.run_id = ? AND c.pseudonym = ? ORDER BY m.cpr');
  const found = new Map<string, string[]>();
  const unknown: string[] = [];
  try {
    for (const p of new Set(pseudonyms)) {
      stmt.bind([runId, p]);
      const cprs: string[] = [];
      while (stmt.step()) cprs.push(String(stmt.get()[0]));
      stmt.reset();
      if (cprs.length) found.set(p, cprs);
      else unknown.push(p);
    }
  } finally {
    stmt.free();
  }
  if (unknown.length) {
    throw new EngineError('UNKNOWN_PSEUDONYM', `Not on this round's list: ${unknown.slice(0, 10).join(', ')}`, { pseudonyms: unknown.slice(0, 100), count: unknown.length });
  }
  return found;
}

/**
 * Applies one decision call: every pseudonym gets the decision (a later one replaces an earlier
 * one), the user counts as a preparer, and a draft or returned round is in review again.
 * Refuses, like the call, a round that is not open or a pseudonym not on its list.
 */
export function applyDecision(db: Database, data: unknown): void {
  const d = DecisionEffectSchema.parse(data);
  const r = roundRow(db, d.round);
  requireState(r, 'decided on', OPEN_STATES);
  candidatesByPseudonym(db, r.runId, d.pseudonyms);
  const stmt = db.prepare(
    `INSERT INTO round_decision (round_id, pseudonym, decision, reason, comment, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (round_id, pseudonym) DO UPDATE SET decision = excluded.decision, reason = excluded.reason, comment = excluded.comment,
       decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
  );
  try {
    for (const p of new Set(d.pseudonyms)) stmt.run([d.round, p, d.decision, d.reason, d.comment, d.by, d.at]);
  } finally {
    stmt.free();
  }
  addPreparer(db, d.round, d.by, 'decided');
  if (r.state !== 'in_review') setState(db, d.round, 'in_review');
}
