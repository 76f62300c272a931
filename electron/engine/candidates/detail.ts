/**
 * One candidate of a saved list in detail, for the review panel. The list itself keeps only the
 * candidate's members and the rules' values (runs/rows.ts); the services are read from the data
 * loaded now, which is said to be different data when it is not what the list was made on.
 * Caseworkers and departments are counted as screening counts them (screening/snapshot.ts): a
 * caseworker is a name within the sector whose extract names them, a department a name within
 * that sector; only counted services (not universal ones the criteria leave out) count.
 */
import type { Database } from 'sql.js';
import type { CandidateDetail, DetailService } from '../../../shared/candidate-detail';
import type { RuleResult } from '../../../shared/criteria';
import { isoOfDay } from '../../../shared/dates';
import { SECTORS, caseworkerIdentity, departmentIdentity } from '../../../shared/extract-format';
import { ageBandOf } from '../../../shared/screening';
import { all, one } from '../base/database';
import { EngineError } from '../base/errors';
import { runSummary } from '../runs/runs';
import { getVersion } from '../screening/criteria-sets';
import { describeData } from '../screening/current';

const ADULT = 18;

/** The candidate `pseudonym` of run `runId` in detail, and its members' CPR numbers (for the log only). */
export function candidateDetail(db: Database, runId: number, pseudonym: string): { detail: CandidateDetail; members: string[] } {
  const run = runSummary(db, runId); // NOT_FOUND naming the run
  const c = one(db, 'SELECT pos, rules FROM run_candidate WHERE run_id = ? AND pseudonym = ?', [runId, pseudonym]);
  if (!c) throw new EngineError('UNKNOWN_PSEUDONYM', `Not on the list of run ${runId}: ${pseudonym}`, { pseudonyms: [pseudonym], count: 1 });
  const criteria = getVersion(db, run.setId, run.version).criteria;
  const members = all(db, 'SELECT cpr, pseudonym, age FROM run_candidate_member WHERE run_id = ? AND pos = ? ORDER BY cpr', [runId, Number(c.pos)]).map((m) => ({
    cpr: String(m.cpr),
    pseudonym: String(m.pseudonym),
    age: Number(m.age),
  }));

  const bySector = new Map<string, { services: DetailService[]; caseworkers: Set<string>; departments: Set<string> }>();
  const services = db.prepare(
    `SELECT c.sector, c.name_da, c.name_en, c.law, c.paragraph_new, c.paragraph_old, c.universal, d.value AS department,
            w.name AS caseworker, src.sector AS source_sector, s.start_day, s.end_day
     FROM person p JOIN service s ON s.person_id = p.id JOIN catalogue c ON c.id = s.catalogue_id
     JOIN dict d ON d.id = s.department_id JOIN caseworker w ON w.id = s.caseworker_id JOIN source src ON src.id = s.source_id
     WHERE p.cpr = ? ORDER BY s.start_day, s.id`,
  );
  try {
    for (const m of members) {
      services.bind([m.cpr]);
      while (services.step()) {
        const r = services.getAsObject();
        const sector = String(r.sector);
        if (!bySector.has(sector)) bySector.set(sector, { services: [], caseworkers: new Set(), departments: new Set() });
        const into = bySector.get(sector)!;
        const counted = criteria.countUniversal || Number(r.universal) === 0;
        into.services.push({
          member: m.pseudonym,
          nameDa: String(r.name_da),
          nameEn: String(r.name_en),
          law: String(r.law),
          paragraph: String(r.paragraph_new),
          paragraphOld: String(r.paragraph_old),
          department: String(r.department),
          start: isoOfDay(Number(r.start_day)),
          end: r.end_day === null ? null : isoOfDay(Number(r.end_day)),
          counted,
        });
        if (counted) {
          into.caseworkers.add(`${String(r.source_sector)}\u0000${caseworkerIdentity(String(r.caseworker))}`);
          // A department as screening tells them apart: its name within the sector, whatever the case or spacing.
          into.departments.add(`${String(r.source_sector)}\u0000${departmentIdentity(String(r.department))}`);
        }
      }
      services.reset();
    }
  } finally {
    services.free();
  }

  let dataNow: CandidateDetail['dataNow'];
  try {
    const now = describeData(db);
    dataNow = now.id === run.snapshot.id ? null : { referenceDate: now.referenceDate };
  } catch (e) {
    if (!(e instanceof EngineError && e.code === 'NO_DATA')) throw e;
    dataNow = { referenceDate: null };
  }

  const order = (s: string) => {
    const i = (SECTORS as readonly string[]).indexOf(s);
    return i < 0 ? SECTORS.length : i;
  };
  return {
    members: members.map((m) => m.cpr),
    detail: {
      runId,
      pseudonym,
      unit: run.unit,
      members: members.map((m) => ({ pseudonym: m.pseudonym, ageBand: ageBandOf(m.age), adult: m.age >= ADULT })),
      sectors: [...bySector]
        .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : 1))
        .map(([sector, s]) => ({ sector, caseworkers: s.caseworkers.size, departments: s.departments.size, services: s.services })),
      rules: JSON.parse(String(c.rules)) as RuleResult[],
      madeOn: { referenceDate: run.snapshot.referenceDate, sources: run.snapshot.sources.map((s) => ({ sector: s.sector, snapshotDate: s.snapshotDate })) },
      dataNow,
    },
  };
}
