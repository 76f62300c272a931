/**
 * Criteria sets and runs in the workspace. A version is never changed once saved; a run records
 * the version, the data it ran on and the list with each candidate's reasons, so it can be shown,
 * approved and compared later exactly as it was.
 */
import type { Database } from 'sql.js';
import type { Criteria } from '../../../shared/criteria';
import {
  CandidateSchema,
  type CandidateView,
  type Comparison,
  type CriteriaVersion,
  LeaverSchema,
  type Run,
  type RunSummary,
  ScreeningSnapshotSchema,
} from '../../../shared/screening';
import { z } from 'zod';
import { all, one } from '../base/database';
import { EngineError } from '../base/errors';
import type { CurrentSnapshot } from '../screening/current';
import { evaluate, explainUnits } from '../screening/evaluate';
import { getVersion } from '../screening/criteria-sets';

type Leaver = z.infer<typeof LeaverSchema>;

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

export function getRun(db: Database, id: number): Run {
  const r = one(db, `${RUN_SUMMARY_SQL.replace('SELECT ', 'SELECT r.funnel, r.candidates, ')} WHERE r.id = ?`, [id]);
  if (!r) throw notFound(`run ${id}`);
  return {
    ...summaryOf(r),
    criteria: getVersion(db, Number(r.set_id), Number(r.version)).criteria,
    funnel: JSON.parse(String(r.funnel)) as Run['funnel'],
    candidates: z.array(CandidateSchema).parse(JSON.parse(String(r.candidates))),
  };
}

function leaversOf(db: Database, id: number): Map<string, Leaver> {
  const r = one(db, 'SELECT leavers FROM run WHERE id = ?', [id]);
  return new Map(z.array(LeaverSchema).parse(JSON.parse(String(r?.leavers ?? '[]'))).map((l) => [l.key, l]));
}

/** Why each of `earlier` is not on a list made with `criteria` from `current`. */
function explainLeavers(current: CurrentSnapshot, criteria: Criteria, earlier: readonly CandidateView[]): Leaver[] {
  const reasons = explainUnits(current.snap, criteria, new Set(earlier.map((c) => c.key)));
  return earlier.map((c) => {
    const rules = reasons.get(c.key) ?? null;
    return rules ? { key: c.key, members: c.members, why: 'rules' as const, rules: rules.filter((x) => !x.passed) } : { key: c.key, members: c.members, why: 'not-in-data' as const, rules: [] };
  });
}

/** Runs a saved criteria version on the current data and stores the list. */
export function createRun(db: Database, current: CurrentSnapshot, v: CriteriaVersion, by: string, at: string, comment: string, maxList: number): Run {
  const e = evaluate(current.snap, v.criteria);
  if (e.candidates.length > maxList) {
    throw new EngineError('LIST_TOO_LONG', `The list would hold ${e.candidates.length} candidates; at most ${maxList} may be saved`, { count: e.candidates.length, max: maxList });
  }
  const previous = one(db, 'SELECT id FROM run WHERE set_id = ? ORDER BY id DESC LIMIT 1', [v.setId]);
  const previousId = previous ? Number(previous.id) : null;
  // Who left since the previous run is explained now, while the data that explains it is here.
  let leavers: Leaver[] = [];
  if (previousId !== null) {
    const now = new Set(e.candidates.map((c) => c.key));
    leavers = explainLeavers(current, v.criteria, getRun(db, previousId).candidates.filter((c) => !now.has(c.key)));
  }
  db.run(
    `INSERT INTO run (set_id, version, created_at, created_by, comment, unit, count, snapshot, previous_run_id, funnel, candidates, leavers)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [v.setId, v.version, at, by, comment, v.criteria.unit, e.candidates.length, JSON.stringify(current.info), previousId, JSON.stringify(e.funnel), JSON.stringify(e.candidates), JSON.stringify(leavers)],
  );
  const id = Number(one(db, 'SELECT last_insert_rowid() AS id')!.id);
  const members = db.prepare('INSERT OR IGNORE INTO run_member (run_id, cpr) VALUES (?, ?)');
  try {
    for (const c of e.candidates) for (const cpr of c.members) members.run([id, cpr]);
  } finally {
    members.free();
  }
  return getRun(db, id);
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
 */
export function compareRuns(db: Database, fromId: number, toId: number, currentData: () => CurrentSnapshot | null): Comparison {
  const from = getRun(db, fromId);
  const to = getRun(db, toId);
  const before = new Set(from.candidates.map((c) => c.key));
  const after = new Set(to.candidates.map((c) => c.key));
  const gone = from.candidates.filter((c) => !after.has(c.key));
  let left: Leaver[];
  if (to.previousRunId === from.id) {
    const recorded = leaversOf(db, to.id);
    left = gone.map((c) => recorded.get(c.key) ?? { key: c.key, members: c.members, why: 'not-recorded', rules: [] });
  } else {
    const current = gone.length ? currentData() : null;
    left = current && current.info.id === to.snapshot.id ? explainLeavers(current, to.criteria, gone) : gone.map((c) => ({ key: c.key, members: c.members, why: 'not-recorded', rules: [] }));
  }
  const sourcesOf = (r: Run) => new Map(r.snapshot.sources.map((s) => [s.sector, s.receiptId]));
  const [a, b] = [sourcesOf(from), sourcesOf(to)];
  const dataChanges = [...new Set([...a.keys(), ...b.keys()])].filter((s) => a.get(s) !== b.get(s)).sort();
  const { criteria: _c, candidates: _k, funnel: _f, ...fromSummary } = from;
  const { criteria: _c2, candidates: _k2, funnel: _f2, ...toSummary } = to;
  return {
    from: fromSummary,
    to: toSummary,
    entered: to.candidates.filter((c) => !before.has(c.key)),
    left,
    stayed: to.candidates.filter((c) => before.has(c.key)).length,
    criteriaChanges: criteriaChanges(from.criteria, to.criteria),
    dataChanges,
  };
}
