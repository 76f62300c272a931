/**
 * What waits for whom in the rounds, as counts: the start page says it in sentences, the menu
 * shows it as badges. Both read the one `rounds.list` query, so one change refreshes both.
 * Four eyes: a list waits for a supervisor's approval only if they did not prepare it.
 */
import type { RoundSummary } from '../../../shared/rounds';
import { useQuery } from '../../api/client';
import { useCan } from '../../app/permissions';
import { useUi } from '../../app/store';

export interface Waiting {
  /** Lists awaiting this user's approval (0 for one who may not approve). */
  approval: number;
  /** Lists returned to this user with a comment (0 for one who may not submit). */
  fixes: number;
  /** Lists still in review (0 for one who may not submit). */
  review: number;
}

export function countWaiting(rounds: readonly RoundSummary[], username: string, may: { approve: boolean; submit: boolean }): Waiting {
  const mine = (r: RoundSummary) => r.preparedBy.includes(username);
  const n = (p: (r: RoundSummary) => boolean) => rounds.filter(p).length;
  return {
    approval: may.approve ? n((r) => r.awaiting === 'approval' && !mine(r)) : 0,
    fixes: may.submit ? n((r) => r.awaiting === 'fixes' && mine(r)) : 0,
    review: may.submit ? n((r) => r.awaiting === 'review') : 0,
  };
}

/** What waits for the logged-in user; null until known, and for one who may not read the rounds. */
export function useWaiting(): Waiting | null {
  const can = useCan();
  const username = useUi((s) => s.status?.session?.username ?? '');
  const may = can('rounds.list');
  const rounds = useQuery('rounds.list', {}, { enabled: may }).data;
  if (!may || !rounds) return null;
  return countWaiting(rounds, username, { approve: can('rounds.approve'), submit: can('rounds.submit') });
}
