/**
 * One open round: fetched once (`rounds.get` names every citizen on the list in the log, so it is
 * not asked again after each click), then kept up to date from what each step answers: the
 * summary a step returns, and the decisions this user just made. What was revealed lives here too,
 * only as long as the round is open.
 */
import { useState } from 'react';
import type { Decision, ReasonCode, Round, RoundSummary } from '../../../shared/rounds';
import type { Reveal } from '../../../shared/screening';
import { useQuery } from '../../api/client';

export function useRound(id: number) {
  const query = useQuery('rounds.get', { id });
  const [local, setLocal] = useState<Round | null>(null);
  const [revealed, setRevealed] = useState<Record<string, Reveal>>({});
  const round = local ?? query.data;
  /** A step's answer: the round's new state and counts, the list as it was. */
  const updated = (s: RoundSummary) => round && setLocal({ ...round, ...s });
  const decided = (s: RoundSummary, pseudonyms: readonly string[], d: { decision: Decision; reason: ReasonCode; comment: string; by: string }) => {
    if (!round) return;
    const on = new Set(pseudonyms);
    const review = { decision: d.decision, reason: d.reason, comment: d.comment, decidedBy: d.by, decidedAt: new Date().toISOString() };
    setLocal({ ...round, ...s, candidates: round.candidates.map((c) => (on.has(c.pseudonym) ? { ...c, review } : c)) });
  };
  const reveal = (r: Reveal) => setRevealed((all) => ({ ...all, [r.pseudonym]: r }));
  return { round, error: query.error, updated, decided, revealed, reveal };
}
