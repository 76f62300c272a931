/** A demo workspace with a saved run, for the round tests: who does what, and the list to review. */
import { createHash } from 'node:crypto';
import type { Engine } from '../../electron/engine/engine';
import type { Round } from '../../shared/rounds';
import { call, DEMO, demoWorkspace } from './engine';

export const login = (engine: Engine, u: { username: string; passphrase: string }) => call(engine, 'session.login', u);

/** Criteria that give the demo municipality a short list (a few dozen), so every candidate can be decided. */
export const SHORT_LIST = { version: 1 as const, minSectors: 4 };
/** The same, of families: each candidate a family of several citizens. */
export const SHORT_FAMILY_LIST = { version: 1 as const, minSectors: 4, unit: 'family' as const };

export type RoundCriteria = { version: 1; minSectors: number; unit?: 'person' | 'family' };

/**
 * The demo workspace where the demo screener also holds the supervisor role (asked by the
 * administrator, approved by the DPO: two people), with `runs` runs of one criteria set saved by
 * the screener, who is logged in at the end.
 */
export async function roundWorkspace(criteria: RoundCriteria[] = [SHORT_LIST]) {
  const ws = await demoWorkspace();
  const { engine } = ws;
  await login(engine, DEMO.admin);
  await call(engine, 'users.update', { username: DEMO.screener.username, roles: ['screener', 'supervisor'] });
  await login(engine, DEMO.dpo);
  const [grant] = await call(engine, 'users.grants', {});
  await call(engine, 'users.approveGrant', { id: grant!.id });
  await login(engine, DEMO.screener);
  const runs = [];
  let setId: number | undefined;
  for (const c of criteria) {
    const v = await call(engine, 'criteria.save', { ...(setId ? { setId } : {}), name: 'Mange sektorer', criteria: c });
    setId = v.setId;
    runs.push(await call(engine, 'runs.create', { setId: v.setId, version: v.version }));
  }
  return { ...ws, runs };
}

/** Decides every candidate of a round, all but `except` included, in one bulk call per decision. */
export async function decideAll(engine: Engine, round: Round, except: string[] = []) {
  const rest = round.candidates.map((c) => c.pseudonym).filter((p) => !except.includes(p));
  if (rest.length) await call(engine, 'rounds.decide', { roundId: round.id, pseudonyms: rest, decision: 'include', reason: 'meets-criteria' });
  if (except.length) await call(engine, 'rounds.decide', { roundId: round.id, pseudonyms: except, decision: 'exclude', reason: 'already-coordinated', comment: 'har allerede en koordinator' });
}

/**
 * The canonical form as docs/review-and-approval.md describes it, built here from what rounds.get
 * shows, independently of the engine's code, and its SHA-256.
 */
export function documentedHash(round: Round): string {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const candidates = [...round.candidates]
    .sort((a, b) => byText(a.pseudonym, b.pseudonym))
    .map((c) => ({
      pseudonym: c.pseudonym,
      members: c.members.map((m) => m.pseudonym).sort(byText),
      decision: c.review?.decision ?? null,
      reason: c.review?.reason ?? null,
      comment: c.review?.comment ?? null,
    }));
  const text = JSON.stringify({ format: 'tvaerblik-round-v1', run: round.run.id, criteria: { set: round.run.setId, version: round.run.version }, candidates });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
