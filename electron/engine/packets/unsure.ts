/**
 * The screener's decision on a candidate a sector was unsure about. Aggregation (status.ts) leaves
 * such a candidate at "needs-decision", and nothing after the assessment (notices, consent) reaches
 * them until the screener includes them in the final selection or excludes them, with a reason
 * from a short list and, for "other", a comment saying what. The decision is made once: it is
 * refused where the sectors' answers do not call for it (a "nej", an answer missing, or nobody
 * unsure) and where it is made already.
 */
import type { Database } from 'sql.js';
import type { AssessedCandidate, UNSURE_DECISIONS, UNSURE_REASONS } from '../../../shared/packets';
import { run } from '../base/database';
import { EngineError } from '../base/errors';
import { assessedCandidates, sectorsOutcome } from './status';

export interface UnsureDecision {
  roundId: number;
  pseudonym: string;
  decision: (typeof UNSURE_DECISIONS)[number];
  reason: (typeof UNSURE_REASONS)[number];
  comment: string;
  by: string;
  at: string;
}

/** Records the decision and returns the candidate as the status now gives them; NOT_UNSURE or VALIDATION change nothing. */
export function decideUnsure(db: Database, d: UnsureDecision): AssessedCandidate {
  const before = assessedCandidates(db, d.roundId).find((c) => c.pseudonym === d.pseudonym);
  // On the list but in no packet (excluded on the list, or never sent): nothing for the sectors to be unsure about.
  if (!before) throw new EngineError('NOT_UNSURE', 'No sector was asked about this candidate', { outcome: null, decided: false });
  if (before.decision) throw new EngineError('NOT_UNSURE', `Decided already (${before.decision.decision})`, { outcome: before.outcome, decided: true });
  const bySectors = sectorsOutcome(before.answers);
  if (bySectors !== 'needs-decision') throw new EngineError('NOT_UNSURE', `The sectors' answers give ${bySectors}, not unsure`, { outcome: bySectors, decided: false });
  if (d.reason === 'other' && d.comment === '') throw new EngineError('VALIDATION', 'The reason "other" needs a comment saying what', { issues: [{ path: 'comment', message: 'required with the reason other' }] });
  run(db, 'INSERT INTO unsure_decision (round_id, pseudonym, decision, reason, comment, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    d.roundId,
    d.pseudonym,
    d.decision,
    d.reason,
    d.comment,
    d.by,
    d.at,
  ]);
  return assessedCandidates(db, d.roundId).find((c) => c.pseudonym === d.pseudonym)!;
}
