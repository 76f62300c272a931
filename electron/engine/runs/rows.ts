/** A run's candidates, members and leavers as rows: the runs domain's SQL. */
import type { Database } from 'sql.js';
import type { RuleResult } from '../../../shared/criteria';
import { all } from '../base/database';
import type { NamedCandidate } from '../screening/views';

export interface StoredLeaver {
  key: string;
  why: 'rules' | 'not-in-data';
  rules: RuleResult[];
}

export function writeCandidates(db: Database, runId: number, candidates: readonly NamedCandidate[]): void {
  const unit = db.prepare('INSERT INTO run_candidate VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const member = db.prepare('INSERT INTO run_candidate_member VALUES (?, ?, ?, ?, ?)');
  try {
    candidates.forEach((c, pos) => {
      unit.run([runId, pos, c.key, c.pseudonym, c.sectors.join('+'), c.counts.services, c.counts.sectors, c.counts.departments, c.counts.caseworkers, JSON.stringify(c.rules)]);
      c.members.forEach((cpr, i) => member.run([runId, pos, cpr, c.memberPseudonyms[i]!, c.ages[i]!]));
    });
  } finally {
    unit.free();
    member.free();
  }
}

export function readCandidates(db: Database, runId: number): NamedCandidate[] {
  const members = new Map<number, { cpr: string; pseudonym: string; age: number }[]>();
  for (const m of all(db, 'SELECT pos, cpr, pseudonym, age FROM run_candidate_member WHERE run_id = ? ORDER BY pos, cpr', [runId])) {
    const pos = Number(m.pos);
    if (!members.has(pos)) members.set(pos, []);
    members.get(pos)!.push({ cpr: String(m.cpr), pseudonym: String(m.pseudonym), age: Number(m.age) });
  }
  return all(db, 'SELECT * FROM run_candidate WHERE run_id = ? ORDER BY pos', [runId]).map((r) => {
    const ms = members.get(Number(r.pos)) ?? [];
    return {
      key: String(r.unit_key),
      pseudonym: String(r.pseudonym),
      members: ms.map((m) => m.cpr),
      memberPseudonyms: ms.map((m) => m.pseudonym),
      ages: ms.map((m) => m.age),
      sectors: String(r.sectors) === '' ? [] : String(r.sectors).split('+'),
      counts: { services: Number(r.services), sectors: Number(r.sector_count), departments: Number(r.departments), caseworkers: Number(r.caseworkers) },
      rules: JSON.parse(String(r.rules)) as RuleResult[],
    };
  });
}

export function writeLeavers(db: Database, runId: number, leavers: readonly StoredLeaver[]): void {
  const stmt = db.prepare('INSERT INTO run_leaver VALUES (?, ?, ?, ?)');
  try {
    for (const l of leavers) stmt.run([runId, l.key, l.why, JSON.stringify(l.rules)]);
  } finally {
    stmt.free();
  }
}

export function readLeavers(db: Database, runId: number): StoredLeaver[] {
  return all(db, 'SELECT unit_key, why, rules FROM run_leaver WHERE run_id = ?', [runId]).map((r) => ({
    key: String(r.unit_key),
    why: String(r.why) === 'rules' ? 'rules' : 'not-in-data',
    rules: JSON.parse(String(r.rules)) as RuleResult[],
  }));
}
