/**
 * The screening snapshot of the data now loaded: built once per session on first use and
 * dropped when an import or a catalogue change alters what screening would see. Its id names
 * the exact extracts (and catalogue flags) a list came from, so runs can be reproduced and told
 * apart.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'sql.js';
import type { ScreeningSnapshot } from '../../../shared/screening';
import { all } from '../base/database';
import { EngineError } from '../base/errors';
import { sessionMemory } from '../base/context';
import { dayOfIso, isoOfDay } from '../../../shared/dates';
import type { Criteria } from '../../../shared/criteria';
import { evaluate, type Evaluation } from './evaluate';
import { buildSnapshot, type Snapshot } from './snapshot';
import type { TakenLoad } from '../import/loaded-services';

/** The screening index of this session, built on first use and dropped when an import starts. */
export const screeningIndex = sessionMemory<CurrentSnapshot>('screening index');

export interface CurrentSnapshot {
  info: ScreeningSnapshot;
  snap: Snapshot;
}

/** The sources loaded now and the snapshot id they make, without building anything. */
export function describeData(db: Database): Omit<ScreeningSnapshot, 'persons' | 'services' | 'families'> {
  const sources = all(db, 'SELECT s.sector, s.receipt_id, s.snapshot_day, r.file_sha256 FROM source s JOIN receipt r ON r.id = s.receipt_id ORDER BY s.sector');
  if (sources.length === 0) throw new EngineError('NO_DATA', 'No extracts have been imported yet');
  const relations = all(db, "SELECT id FROM receipt WHERE kind = 'relations' ORDER BY id").map((r) => Number(r.id));
  const universal = all(db, 'SELECT code FROM catalogue WHERE universal = 1 ORDER BY code').map((r) => String(r.code));
  const id = createHash('sha256')
    .update(JSON.stringify({ sources: sources.map((s) => [s.sector, s.receipt_id, s.file_sha256]), relations, universal }))
    .digest('hex')
    .slice(0, 16);
  const referenceDay = Math.max(...sources.map((s) => Number(s.snapshot_day)));
  return {
    id,
    referenceDate: isoOfDay(referenceDay),
    sources: sources.map((s) => ({ sector: String(s.sector), receiptId: Number(s.receipt_id), snapshotDate: isoOfDay(Number(s.snapshot_day)) })),
  };
}

/**
 * The snapshot for `db`, from `cache` when it is still current. Checking costs three small
 * queries, so a missed invalidation can never screen stale data. `loaded` gives what the last
 * import loaded, if anything, and is asked only when the snapshot is built.
 */
export function currentSnapshot(db: Database, cache: CurrentSnapshot | null, loaded: () => TakenLoad | undefined = () => undefined): CurrentSnapshot {
  const described = describeData(db);
  if (cache && cache.info.id === described.id) return cache;
  const referenceDay = Math.max(...described.sources.map((s) => dayOfIso(s.snapshotDate)));
  const taken = loaded();
  const snap = buildSnapshot(db, referenceDay, taken?.services, { unchanged: taken?.unchanged ?? false });
  return {
    snap,
    info: { ...described, persons: snap.cpr.length, services: snap.code.length, families: snap.families.size },
  };
}

/** Criteria applied to the current data, in the shape lists and the CLI return. */
export function screen(current: CurrentSnapshot, criteria: Criteria) {
  const e = evaluate(current.snap, criteria);
  return { ...counts(current, e), candidates: e.candidates };
}

/** What a preview shows: the counts of `screen`, without the candidates. */
export function preview(current: CurrentSnapshot, criteria: Criteria) {
  return counts(current, evaluate(current.snap, criteria, { explain: false, list: false }));
}

const counts = (current: CurrentSnapshot, e: Evaluation) => ({ snapshot: current.info, count: e.count, funnel: e.funnel, perSector: e.perSector, combinations: e.combinations });
