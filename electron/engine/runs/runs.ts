/**
 * Runs in the workspace. A run records the criteria version, the data it ran on and the list:
 * one row per candidate (with the pseudonym it is shown under and every rule's value) and one row
 * per member, indexed by CPR number, so it can be shown, approved and compared later exactly as
 * it was, and a citizen's question "which lists was I on?" is one indexed lookup.
 */
import type { Database } from 'sql.js';
import type { Criteria, RuleResult } from '../../../shared/criteria';
import { type Comparison, type CriteriaVersion, type Run, type RunSummary, ScreeningSnapshotSchema } from '../../../shared/screening';
import { pseudonymiser } from '../base/crypto/pseudonym';
import { all, one } from '../base/database';
import { EngineError } from '../base/errors';
import type { CurrentSnapshot } from '../screening/current';
import { evaluate, explainUnits } from '../screening/evaluate';
import { getVersion } from '../screening/criteria-sets';
import { candidateView, nameCandidate, type NamedCandidate } from '../screening/views';
import { readCandidates, readLeavers, writeCandidates, writeLeavers, type StoredLeaver } from './rows';

const notFound = (what: string) => new EngineError('NOT_FOUND', `No ${what}`);

const RUN_SUMMARY_SQL = 'SELECT r.id, r.set_id, s.name, r.version, r.created_at, r.created_by, r.comment, r.unit, r.count, r.snapshot, r.previous_run_id FROM run r JOIN criteria_set s ON s.id = r.set_id';

function summaryOf(r: Record<string, unknown>): RunSummary {
  return {
    id: Number(r.id),
    setId: Number(r.set_id),
    name: String(r.name),
    version: Number(r.version),
    createdAt: String(r.created_at),
    createdBy: String(r.created_by),
    comment: String(r.comment),
    unit: r.unit === 'family' ? 'family' : 'person',
    count: Number(r.count),
    snapshot: ScreeningSnapshotSchema.parse(JSON.parse(String(r.snapshot))),
    previousRunId: r.previous_run_id === null ? null : Number(r.previous_run_id),
  };
}

export function listRuns(db: Database): RunSummary[] {
  return all(db, `${RUN_SUMMARY_SQL} ORDER BY r.id DESC`).map(summaryOf);
}

/** One run's summary, without its list. */
export function runSummary(db: Database, id: number): RunSummary {
  const r = one(db, `${RUN_SUMMARY_SQL} WHERE r.id = ?`, [id]);
  if (!r) throw notFound(`run ${id}`);
  return summaryOf(r);
}

/** A run as stored, with its candidates' CPR numbers: for the engine only. */
export interface StoredRun {
  summary: RunSummary;
  criteria: Criteria;
  funnel: Run['funnel'];
  candidates: NamedCandidate[];
}

export function loadRun(db: Database, id: number): StoredRun {
  const r = one(db, `${RUN_SUMMARY_SQL.replace('SELECT ', 'SELECT r.funnel, ')} WHERE r.id = ?`, [id]);
  if (!r) throw notFound(`run ${id}`);
  return {
    summary: summaryOf(r),
    criteria: getVersion(db, Number(r.set_id), Number(r.version)).criteria,
    funnel: JSON.parse(String(r.funnel)) as Run['funnel'],
    candidates: readCandidates(db, id),
  };
}

/** What the screen sees of a run: candidates behind their pseudonyms. */
export function runView(run: StoredRun): Run {
  return { ...run.summary, criteria: run.criteria, funnel: run.funnel, candidates: run.candidates.map((c) => candidateView(c, run.summary.unit)) };
}

/** Every CPR number on a run's list. */
export const membersOf = (candidates: readonly NamedCandidate[]) => candidates.flatMap((c) => c.members);

/** Why each of `earlier` is not on a list made with `criteria` from `current`. */
function explainLeavers(current: CurrentSnapshot, criteria: Criteria, earlier: readonly NamedCandidate[]): StoredLeaver[] {
  const reasons = explainUnits(current.snap, criteria, new Set(earlier.map((c) => c.key)));
  return earlier.map((c) => {
    const rules = reasons.get(c.key) ?? null;
    return rules ? { key: c.key, why: 'rules' as const, rules: rules.filter((x) => !x.passed) } : { key: c.key, why: 'not-in-data' as const, rules: [] };
  });
}

/** Runs a saved criteria version on the current data and stores the list. */
export function createRun(db: Database, current: CurrentSnapshot, v: CriteriaVersion, by: string, at: string, comment: string, maxList: number): StoredRun {
  const e = evaluate(current.snap, v.criteria);
  if (e.candidates.length > maxList) {
    throw new EngineError('LIST_TOO_LONG', `The list would hold ${e.candidates.length} candidates; at most ${maxList} may be saved`, { count: e.candidates.length, max: maxList });
  }
  const previous = one(db, 'SELECT id FROM run WHERE set_id = ? ORDER BY id DESC LIMIT 1', [v.setId]);
  const previousId = previous ? Number(previous.id) : null;
  db.run(
    `INSERT INTO run (set_id, version, created_at, created_by, comment, unit, count, snapshot, previous_run_id, funnel)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [v.setId, v.version, at, by, comment, v.criteria.unit, e.candidates.length, JSON.stringify(current.info), previousId, JSON.stringify(e.funnel)],
  );
  const id = Number(one(db, 'SELECT last_insert_rowid() AS id')!.id);
  const name = pseudonymiser(db, `run:${id}`);
  writeCandidates(
    db,
    id,
    e.candidates.map((c) => nameCandidate(c, v.criteria.unit, name)),
  );
  // Who left since the previous run is explained now, while the data that explains it is here.
  if (previousId !== null) {
    const now = new Set(e.candidates.map((c) => c.key));
    writeLeavers(db, id, explainLeavers(current, v.criteria, readCandidates(db, previousId).filter((c) => !now.has(c.key))));
  }
  return loadRun(db, id);
}

/** The criteria fields that differ between two versions, as text. */
function criteriaChanges(a: Criteria, b: Criteria): Comparison['criteriaChanges'] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const text = (x: unknown) => (x === undefined ? '–' : JSON.stringify(x));
  return keys
    .map((field) => ({ field, from: text(a[field as keyof Criteria]), to: text(b[field as keyof Criteria]) }))
    .filter((c) => c.from !== c.to);
}

/**
 * Compares an earlier run with a later one: who came in (with the rules that put them there),
 * who left and why. Why someone left is known from the later run's own record when it was made
 * right after the earlier one, or is worked out on the current data when that is the later run's.
 * Also returns the CPR numbers of everyone the comparison shows, for the log.
 */
export function compareRuns(db: Database, fromId: number, toId: number, currentData: () => CurrentSnapshot | null): { comparison: Comparison; shown: string[] } {
  const from = loadRun(db, fromId);
  const to = loadRun(db, toId);
  const before = new Set(from.candidates.map((c) => c.key));
  const after = new Set(to.candidates.map((c) => c.key));
  const gone = from.candidates.filter((c) => !after.has(c.key));
  let why: Map<string, { why: StoredLeaver['why']; rules: RuleResult[] }>;
  if (to.summary.previousRunId === from.summary.id) {
    why = new Map(readLeavers(db, to.summary.id).map((l) => [l.key, l]));
  } else {
    const current = gone.length ? currentData() : null;
    why = new Map(current && current.info.id === to.summary.snapshot.id ? explainLeavers(current, to.criteria, gone).map((l) => [l.key, l]) : []);
  }
  const entered = to.candidates.filter((c) => !before.has(c.key));
  const sourcesOf = (r: StoredRun) => new Map(r.summary.snapshot.sources.map((s) => [s.sector, s.receiptId]));
  const [a, b] = [sourcesOf(from), sourcesOf(to)];
  const dataChanges = [...new Set([...a.keys(), ...b.keys()])].filter((s) => a.get(s) !== b.get(s)).sort();
  const comparison: Comparison = {
    from: from.summary,
    to: to.summary,
    entered: entered.map((c) => candidateView(c, to.summary.unit)),
    left: gone.map((c) => {
      const view = candidateView(c, from.summary.unit);
      const reason = why.get(c.key) ?? { why: 'not-recorded' as const, rules: [] };
      return { pseudonym: view.pseudonym, members: view.members, why: reason.why, rules: reason.rules };
    }),
    stayed: to.candidates.filter((c) => before.has(c.key)).length,
    criteriaChanges: criteriaChanges(from.criteria, to.criteria),
    dataChanges,
  };
  return { comparison, shown: [...membersOf(entered), ...membersOf(gone)] };
}
