import type { Database } from 'sql.js';
import { ageOn, parseCpr } from '../../../shared/cpr';
import { ensurePseudonymSecret, pseudonymiser } from '../base/crypto/pseudonym';
import { all, type Migration } from '../base/database';

/**
 * 5: runs keep their candidates and members as rows, indexed by run and by CPR number, with the
 * pseudonyms they are shown under; why someone left since the previous run is a row too. The
 * JSON lists of migration 3 are moved into the rows and dropped.
 */
export const RUN_ROWS: Migration = {
  sql: `
  CREATE TABLE run_candidate (
    run_id INTEGER NOT NULL REFERENCES run (id),
    pos INTEGER NOT NULL,
    unit_key TEXT NOT NULL,
    pseudonym TEXT NOT NULL,
    sectors TEXT NOT NULL,
    services INTEGER NOT NULL,
    sector_count INTEGER NOT NULL,
    departments INTEGER NOT NULL,
    caseworkers INTEGER NOT NULL,
    rules TEXT NOT NULL,
    PRIMARY KEY (run_id, pos)
  ) STRICT;
  CREATE UNIQUE INDEX run_candidate_pseudonym ON run_candidate (run_id, pseudonym);
  CREATE UNIQUE INDEX run_candidate_key ON run_candidate (run_id, unit_key);
  CREATE TABLE run_candidate_member (
    run_id INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    cpr TEXT NOT NULL,
    pseudonym TEXT NOT NULL,
    age INTEGER NOT NULL,
    PRIMARY KEY (run_id, pos, cpr)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX run_candidate_member_cpr ON run_candidate_member (cpr);
  CREATE TABLE run_leaver (
    run_id INTEGER NOT NULL REFERENCES run (id),
    unit_key TEXT NOT NULL,
    why TEXT NOT NULL,
    rules TEXT NOT NULL,
    PRIMARY KEY (run_id, unit_key)
  ) STRICT, WITHOUT ROWID;
`,
  after: (db) => {
    ensurePseudonymSecret(db);
    moveJsonListsToRows(db);
    db.exec('ALTER TABLE run DROP COLUMN candidates; ALTER TABLE run DROP COLUMN leavers; DROP TABLE run_member;');
  },
};

interface OldCandidate {
  key: string;
  members: string[];
  rules: { rule: string; value: number | string }[];
}

/** Runs saved before migration 5: their lists become rows (ages from the CPR number). */
function moveJsonListsToRows(db: Database): void {
  for (const r of all(db, 'SELECT id, unit, snapshot, candidates, leavers FROM run')) {
    const runId = Number(r.id);
    const name = pseudonymiser(db, `run:${runId}`);
    const referenceDate = (JSON.parse(String(r.snapshot)) as { referenceDate: string }).referenceDate;
    const candidates = JSON.parse(String(r.candidates)) as OldCandidate[];
    candidates.forEach((c, pos) => {
      const value = (rule: string) => Number(c.rules.find((x) => x.rule === rule)?.value ?? 0);
      const members = [...c.members].sort();
      const pseudonyms = members.map((cpr) => name('P', cpr));
      db.run('INSERT INTO run_candidate VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        runId,
        pos,
        c.key,
        r.unit === 'family' ? name('F', c.key) : pseudonyms[0]!,
        '',
        value('minServices'),
        value('minSectors'),
        value('minDepartments'),
        value('minCaseworkers'),
        JSON.stringify(c.rules),
      ]);
      members.forEach((cpr, i) => {
        const p = parseCpr(cpr);
        db.run('INSERT INTO run_candidate_member VALUES (?, ?, ?, ?, ?)', [runId, pos, cpr, pseudonyms[i]!, p.ok ? ageOn(p.info.birthDate, referenceDate) : 0]);
      });
    });
    for (const l of JSON.parse(String(r.leavers)) as { key: string; why: string; rules: unknown[] }[]) {
      db.run('INSERT INTO run_leaver VALUES (?, ?, ?, ?)', [runId, l.key, l.why, JSON.stringify(l.rules)]);
    }
  }
}
