/**
 * The contact and consent register: per round and citizen, the steps recorded so far; the state
 * is the last step. A step is taken only where TRANSITIONS allows it from the state the citizen
 * is in (no consent before contact, nothing after a no or a withdrawal), on a day not in the
 * future and not before the step before it. The overview asks here whether consent stands.
 */
import type { Database } from 'sql.js';
import { CONTACT_MEANS, TRANSITIONS, type CitizenConsent, type ConsentEvent, type ConsentState } from '../../../shared/consent';
import { all, one, run } from '../base/database';
import { EngineError } from '../base/errors';
import { servicesOf } from '../packets/gather';
import type { SelectedCitizen } from './selected';

type Step = CitizenConsent['history'][number];

function history(db: Database, roundId: number, cpr: string): Step[] {
  return all(db, 'SELECT event, means, day, recorded_by, recorded_at FROM consent_step WHERE round_id = ? AND cpr = ? ORDER BY id', [roundId, cpr]).map((r) => ({
    event: String(r.event) as ConsentEvent,
    means: String(r.means) as (typeof CONTACT_MEANS)[number],
    date: String(r.day),
    by: String(r.recorded_by),
    at: String(r.recorded_at),
  }));
}

const stateOf = (steps: readonly Step[]): ConsentState => steps.at(-1)?.event ?? 'not-contacted';

export function consentState(db: Database, roundId: number, cpr: string): ConsentState {
  const last = one(db, 'SELECT event FROM consent_step WHERE round_id = ? AND cpr = ? ORDER BY id DESC LIMIT 1', [roundId, cpr]);
  return last ? (String(last.event) as ConsentEvent) : 'not-contacted';
}

/** Consent given and not withdrawn: the one state in which the overview may be made. */
export const overviewAllowed = (state: ConsentState) => state === 'consent-given';

/** The step that gave consent, while it stands (the last step); null before consent and after a withdrawal. */
export function standingConsent(db: Database, roundId: number, cpr: string): Step | null {
  const last = history(db, roundId, cpr).at(-1);
  return last && overviewAllowed(last.event) ? last : null;
}

export function citizenConsent(db: Database, roundId: number, c: SelectedCitizen): CitizenConsent {
  const steps = history(db, roundId, c.cpr);
  const state = stateOf(steps);
  const notices = Number(one(db, 'SELECT count(*) AS n FROM notice_citizen nc JOIN notice n ON n.id = nc.notice_id WHERE n.round_id = ? AND nc.cpr = ?', [roundId, c.cpr])!.n);
  // The notices' own source (planNotices): a citizen without services has no caseworker to notify.
  const ownServices = servicesOf(db, [c.cpr]).length > 0;
  return { pseudonym: c.pseudonym, candidate: c.candidate, state, next: [...TRANSITIONS[state]], overviewAllowed: overviewAllowed(state), notices, ownServices, history: steps };
}

export interface NewStep {
  event: ConsentEvent;
  means: (typeof CONTACT_MEANS)[number];
  day: string;
  by: string;
  at: string;
}

/** Records one step, or refuses it (CONSENT_STATE, or VALIDATION for its day) and changes nothing. */
export function recordStep(db: Database, roundId: number, cpr: string, s: NewStep, today: string): { from: ConsentState; to: ConsentState } {
  const steps = history(db, roundId, cpr);
  const from = stateOf(steps);
  const allowed = TRANSITIONS[from];
  if (!allowed.includes(s.event)) {
    throw new EngineError('CONSENT_STATE', `A citizen who is ${from} cannot be recorded as ${s.event}`, { state: from, event: s.event, allowed: [...allowed] });
  }
  const dayProblem = s.day > today ? 'in the future' : steps.length && s.day < steps.at(-1)!.date ? 'before the step before it' : null;
  if (dayProblem) throw new EngineError('VALIDATION', `The date is ${dayProblem}`, { issues: [{ path: 'date', message: dayProblem }] });
  run(db, 'INSERT INTO consent_step (round_id, cpr, event, means, day, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [roundId, cpr, s.event, s.means, s.day, s.by, s.at]);
  return { from, to: s.event };
}

