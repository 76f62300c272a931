/** The round's states as stored, and the one check every step makes before it changes anything. */
import type { Database } from 'sql.js';
import type { RoundState } from '../../../shared/rounds';
import { one, run } from '../base/database';
import { EngineError } from '../base/errors';

export interface RoundRow {
  id: number;
  runId: number;
  state: RoundState;
  hash: string | null;
}

export function roundRow(db: Database, id: number): RoundRow {
  const r = one(db, 'SELECT id, run_id, state, hash FROM round WHERE id = ?', [id]);
  if (!r) throw new EngineError('NOT_FOUND', `No round ${id}`);
  return { id: Number(r.id), runId: Number(r.run_id), state: String(r.state) as RoundState, hash: r.hash === null ? null : String(r.hash) };
}

/**
 * Refuses a step the round's state does not allow: an approved round is frozen (its own error,
 * with the hash it was frozen under), any other wrong state is ROUND_STATE naming state and step.
 */
export function requireState(r: RoundRow, step: string, allowed: readonly RoundState[]): void {
  if (allowed.includes(r.state)) return;
  if (r.state === 'approved') throw new EngineError('ROUND_FROZEN', `Round ${r.id} is approved and frozen`, { state: r.state, step, hash: r.hash });
  throw new EngineError('ROUND_STATE', `Round ${r.id} is ${r.state}: it cannot be ${step}`, { state: r.state, step });
}

/** Records that a user prepared the round (made it, decided, submitted): the four-eyes rule reads this. */
export function addPreparer(db: Database, roundId: number, username: string, act: 'created' | 'decided' | 'submitted'): void {
  run(db, 'INSERT OR IGNORE INTO round_preparer (round_id, username, act) VALUES (?, ?, ?)', [roundId, username, act]);
}

export function setState(db: Database, roundId: number, state: RoundState): void {
  run(db, 'UPDATE round SET state = ? WHERE id = ?', [state, roundId]);
}
