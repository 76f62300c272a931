/**
 * Rounds in the workspace: made from a saved run, reviewed, submitted, and approved (frozen under
 * its hash) or returned. Each step checks the state first (state.ts) and changes nothing when
 * refused; the dispatch writes one log entry per step.
 */
import type { Database } from 'sql.js';
import { awaitingOf, OPEN_STATES, type Decision, type ReasonCode, type Round, type RoundState, type RoundSummary } from '../../../shared/rounds';
import { all, one, run } from '../base/database';
import { EngineError } from '../base/errors';
import { loadRun, runSummary } from '../runs/runs';
import { candidateView } from '../screening/views';
import { roundHash } from './freeze';
import { addPreparer, requireState, roundRow, setState, type RoundRow } from './state';

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

function summaryOf(db: Database, r: Record<string, unknown>): RoundSummary {
  const id = Number(r.id);
  const total = Number(one(db, 'SELECT count(*) AS n FROM run_candidate WHERE run_id = ?', [Number(r.run_id)])!.n);
  const by = new Map(all(db, 'SELECT decision, count(*) AS n FROM round_decision WHERE round_id = ? GROUP BY decision', [id]).map((d) => [String(d.decision), Number(d.n)]));
  const [included, excluded] = [by.get('include') ?? 0, by.get('exclude') ?? 0];
  const state = String(r.state) as RoundState;
  return {
    id,
    run: runSummary(db, Number(r.run_id)),
    state,
    awaiting: awaitingOf(state),
    counts: { candidates: total, included, excluded, undecided: total - included - excluded },
    createdAt: String(r.created_at),
    createdBy: String(r.created_by),
    submittedAt: text(r.submitted_at),
    submittedBy: text(r.submitted_by),
    decidedAt: text(r.decided_at),
    decidedBy: text(r.decided_by),
    returnComment: text(r.return_comment),
    hash: text(r.hash),
    preparedBy: preparers(db, id),
  };
}

const preparers = (db: Database, id: number) => all(db, 'SELECT DISTINCT username FROM round_preparer WHERE round_id = ? ORDER BY username', [id]).map((p) => String(p.username));

export function getSummary(db: Database, id: number): RoundSummary {
  const r = one(db, 'SELECT * FROM round WHERE id = ?', [id]);
  if (!r) throw new EngineError('NOT_FOUND', `No round ${id}`);
  return summaryOf(db, r);
}

export const listRounds = (db: Database): RoundSummary[] => all(db, 'SELECT * FROM round ORDER BY id DESC').map((r) => summaryOf(db, r));

/** The round with its list: each candidate as the run shows it, with its decision. Also every member's CPR number, for the log. */
export function getRound(db: Database, id: number): { round: Round; members: string[] } {
  const summary = getSummary(db, id);
  const stored = loadRun(db, summary.run.id);
  const decisions = new Map(all(db, 'SELECT * FROM round_decision WHERE round_id = ?', [id]).map((d) => [String(d.pseudonym), d]));
  const candidates = stored.candidates.map((c) => {
    const d = decisions.get(c.pseudonym);
    const review = d && {
      decision: String(d.decision) as Decision,
      reason: String(d.reason) as ReasonCode,
      comment: String(d.comment),
      decidedBy: String(d.decided_by),
      decidedAt: String(d.decided_at),
    };
    return { ...candidateView(c, stored.summary.unit), review: review ?? null };
  });
  return { round: { ...summary, candidates, funnel: stored.funnel }, members: stored.candidates.flatMap((c) => c.members) };
}

/** Every CPR number on a round's list: each step on the round concerns all of them. */
export const membersOfRound = (db: Database, r: RoundRow) =>
  all(db, 'SELECT cpr FROM run_candidate_member WHERE run_id = ?', [r.runId]).map((m) => String(m.cpr));

export function createRound(db: Database, runId: number, by: string, at: string): RoundRow {
  runSummary(db, runId); // NOT_FOUND for a run that does not exist
  const existing = one(db, 'SELECT id FROM round WHERE run_id = ?', [runId]);
  if (existing) throw new EngineError('ROUND_EXISTS', `Run ${runId} already has round ${Number(existing.id)}`, { roundId: Number(existing.id) });
  run(db, "INSERT INTO round (run_id, state, created_at, created_by) VALUES (?, 'draft', ?, ?)", [runId, at, by]);
  const id = Number(one(db, 'SELECT last_insert_rowid() AS id')!.id);
  addPreparer(db, id, by, 'created');
  return roundRow(db, id);
}

export function submitRound(db: Database, r: RoundRow, by: string, at: string): void {
  requireState(r, 'submitted', OPEN_STATES);
  const undecided = getSummary(db, r.id).counts.undecided;
  if (undecided > 0) throw new EngineError('ROUND_UNDECIDED', `${undecided} candidates have no decision yet`, { undecided });
  run(db, "UPDATE round SET state = 'submitted', submitted_at = ?, submitted_by = ? WHERE id = ?", [at, by, r.id]);
  addPreparer(db, r.id, by, 'submitted');
}

/**
 * Four eyes, in the engine: whoever made the round, decided on any candidate or submitted it may
 * not approve it, whatever roles they hold. Checked against the accounts recorded as preparers.
 */
export function approveRound(db: Database, r: RoundRow, by: string, at: string): string {
  requireState(r, 'approved', ['submitted']);
  const acts = all(db, 'SELECT act FROM round_preparer WHERE round_id = ? AND username = ? ORDER BY act', [r.id, by]).map((a) => String(a.act));
  if (acts.length) throw new EngineError('SEPARATION_OF_DUTIES', 'Someone who prepared the list may not approve it', { rule: 'four-eyes', acts });
  const hash = roundHash(db, r.id);
  run(db, "UPDATE round SET state = 'approved', decided_at = ?, decided_by = ?, hash = ? WHERE id = ?", [at, by, hash, r.id]);
  return hash;
}

export function returnRound(db: Database, r: RoundRow, by: string, at: string, comment: string): void {
  requireState(r, 'returned', ['submitted']);
  run(db, 'UPDATE round SET decided_at = ?, decided_by = ?, return_comment = ? WHERE id = ?', [at, by, comment, r.id]);
  setState(db, r.id, 'returned');
}
