/**
 * The finally selected citizens of a round: the members of every candidate that was included on
 * the approved list and whose sector assessment made suitable (the aggregation of
 * packets/status.ts: no "nej" about any member, no answer missing, and every "ved ikke" settled by
 * the screener's decision to include). Everything after the sector
 * assessment (notices, the consent register, the letter, the overview) is for them only.
 */
import type { Database } from 'sql.js';
import type { RuleResult } from '../../../shared/criteria';
import { dayInCopenhagen, isoOfDay } from '../../../shared/dates';
import { all } from '../base/database';
import type { Ctx } from '../base/context';
import { EngineError } from '../base/errors';
import { assessedCandidates } from '../packets/status';
import { requireState, roundRow, type RoundRow } from '../rounds/state';

export interface SelectedCitizen {
  cpr: string;
  name: string;
  /** The citizen's own pseudonym on the list. */
  pseudonym: string;
  /** The candidate's: the same as the citizen's for a person, the family's for a family. */
  candidate: string;
  unit: 'person' | 'family';
  /** The rules the candidate met, as the run stored them: what the letter explains. */
  rules: RuleResult[];
}

export const todayOf = (ctx: Ctx) => isoOfDay(dayInCopenhagen(ctx.deps.now()));

/** The round named as the log entry's subject; it must be approved (the list is frozen) for anything here. */
export function approvedRound(ctx: Ctx, id: number): RoundRow {
  const r = roundRow(ctx.session().ws.db, id);
  ctx.subject('list', `round=${r.id} run=${r.runId}`);
  requireState(r, 'taken on to contact and consent', ['approved']);
  return r;
}

/**
 * The approved round of a call about one citizen: the citizen's CPR number becomes the log
 * entry's subject before the round's state is checked, so a call refused because the round is not
 * approved is found under the number too. A pseudonym off the list leaves the round as the
 * subject; selectedCitizen refuses it.
 */
export function approvedRoundFor(ctx: Ctx, id: number, pseudonym: string): RoundRow {
  const r = roundRow(ctx.session().ws.db, id);
  ctx.subject('list', `round=${r.id} run=${r.runId}`);
  const cpr = memberCpr(ctx.session().ws.db, r.runId, pseudonym);
  if (cpr !== null) ctx.subject('cpr', cpr);
  requireState(r, 'taken on to contact and consent', ['approved']);
  return r;
}

const memberCpr = (db: Database, runId: number, pseudonym: string): string | null => {
  const m = all(db, 'SELECT cpr FROM run_candidate_member WHERE run_id = ? AND pseudonym = ?', [runId, pseudonym])[0];
  return m ? String(m.cpr) : null;
};

export function selectedCitizens(db: Database, r: RoundRow): SelectedCitizen[] {
  const suitable = assessedCandidates(db, r.id).filter((c) => c.outcome === 'suitable').map((c) => c.pseudonym);
  if (suitable.length === 0) return [];
  return all(
    db,
    `SELECT m.cpr, p.name, m.pseudonym, c.pseudonym AS candidate, u.unit, c.rules
     FROM run_candidate c JOIN run u ON u.id = c.run_id
     JOIN round_decision d ON d.round_id = ? AND d.pseudonym = c.pseudonym AND d.decision = 'include'
     JOIN run_candidate_member m ON m.run_id = c.run_id AND m.pos = c.pos
     JOIN person p ON p.cpr = m.cpr
     WHERE c.run_id = ? AND c.pseudonym IN (SELECT value FROM json_each(?))
     ORDER BY c.pos, m.cpr`,
    [r.id, r.runId, JSON.stringify(suitable)],
  ).map((x) => ({
    cpr: String(x.cpr),
    name: String(x.name),
    pseudonym: String(x.pseudonym),
    candidate: String(x.candidate),
    unit: x.unit === 'family' ? 'family' : 'person',
    rules: JSON.parse(String(x.rules)) as RuleResult[],
  }));
}

/** The CPR numbers of a candidate's members on the round's list (the person alone, or a family). */
export function membersOf(db: Database, r: RoundRow, candidate: string): string[] {
  return all(
    db,
    'SELECT m.cpr FROM run_candidate c JOIN run_candidate_member m ON m.run_id = c.run_id AND m.pos = c.pos WHERE c.run_id = ? AND c.pseudonym = ? ORDER BY m.cpr',
    [r.runId, candidate],
  ).map((m) => String(m.cpr));
}

/**
 * One finally selected citizen by their pseudonym on the list. The citizen's CPR number becomes
 * the log entry's subject before anything else is checked, so a refusal that follows is found
 * under it too (a refused entry names no disclosed citizen). NOT_SELECTED when the pseudonym is
 * on the list but not finally selected.
 */
export function selectedCitizen(ctx: Ctx, r: RoundRow, pseudonym: string): SelectedCitizen {
  const { db } = ctx.session().ws;
  const cpr = memberCpr(db, r.runId, pseudonym);
  if (cpr === null) throw new EngineError('UNKNOWN_PSEUDONYM', `Not on this round's list: ${pseudonym}`, { pseudonyms: [pseudonym], count: 1 });
  ctx.subject('cpr', cpr);
  const found = selectedCitizens(db, r).find((c) => c.pseudonym === pseudonym);
  if (!found) throw new EngineError('NOT_SELECTED', 'The citizen is not finally selected in this round', { pseudonym });
  return found;
}
