/** Criteria sets and their versions in the workspace. A version is never changed once saved. */
import type { Database } from 'sql.js';
import { CriteriaSchema, type Criteria } from '../../../shared/criteria';
import type { CriteriaSet, CriteriaVersion } from '../../../shared/screening';
import { all, one } from '../base/database';
import { EngineError } from '../base/errors';
import { unresolvedRefs } from '../../../shared/codes';
import { loadCatalogue } from '../catalogue/catalogue';

const notFound = (what: string) => new EngineError('NOT_FOUND', `No ${what}`);

/**
 * Refuses criteria that name a service the catalogue does not have: a typo in `noneOf` would
 * exclude nobody and one in `allOf` would empty the list, silently. The error names each one.
 */
export function checkReferences(db: Database, criteria: Criteria): void {
  const unresolved = unresolvedRefs(loadCatalogue(db), criteria);
  if (unresolved.length) {
    throw new EngineError('UNKNOWN_REFERENCE', `No service matches ${unresolved.map((u) => `${u.text} (${u.path})`).join(', ')}`, { references: unresolved });
  }
}

function versionOf(r: Record<string, unknown>): CriteriaVersion {
  return {
    setId: Number(r.set_id),
    name: String(r.name),
    version: Number(r.version),
    savedAt: String(r.saved_at),
    savedBy: String(r.saved_by),
    comment: String(r.comment),
    criteria: CriteriaSchema.parse(JSON.parse(String(r.criteria))),
  };
}

const VERSION_SQL = 'SELECT v.*, s.name FROM criteria_version v JOIN criteria_set s ON s.id = v.set_id';

export function listCriteriaSets(db: Database): CriteriaSet[] {
  const sets = new Map<number, CriteriaSet>();
  for (const r of all(db, `${VERSION_SQL} ORDER BY s.name COLLATE NOCASE, v.version DESC`)) {
    const v = versionOf(r);
    if (!sets.has(v.setId)) sets.set(v.setId, { id: v.setId, name: v.name, versions: [] });
    sets.get(v.setId)!.versions.push(v);
  }
  return [...sets.values()];
}

export function getVersion(db: Database, setId: number, version?: number): CriteriaVersion {
  const r =
    version === undefined
      ? one(db, `${VERSION_SQL} WHERE v.set_id = ? ORDER BY v.version DESC LIMIT 1`, [setId])
      : one(db, `${VERSION_SQL} WHERE v.set_id = ? AND v.version = ?`, [setId, version]);
  if (!r) throw notFound(`criteria set ${setId}${version === undefined ? '' : ` version ${version}`}`);
  return versionOf(r);
}

/** Saves criteria as the next version of a set (a new set when `setId` is absent). */
export function saveVersion(db: Database, input: { setId?: number; name: string; criteria: Criteria; comment: string }, by: string, at: string): CriteriaVersion {
  checkReferences(db, input.criteria);
  let setId = input.setId;
  if (setId === undefined) {
    if (one(db, 'SELECT id FROM criteria_set WHERE name = ? COLLATE NOCASE', [input.name])) {
      throw new EngineError('VALIDATION', `A criteria set named ${input.name} exists`, { issues: [{ path: 'name', message: 'exists' }] });
    }
    db.run('INSERT INTO criteria_set (name) VALUES (?)', [input.name]);
    setId = Number(one(db, 'SELECT last_insert_rowid() AS id')!.id);
  } else {
    if (!one(db, 'SELECT id FROM criteria_set WHERE id = ?', [setId])) throw notFound(`criteria set ${setId}`);
    db.run('UPDATE criteria_set SET name = ? WHERE id = ?', [input.name, setId]);
  }
  const next = Number(one(db, 'SELECT coalesce(max(version), 0) + 1 AS v FROM criteria_version WHERE set_id = ?', [setId])!.v);
  db.run('INSERT INTO criteria_version (set_id, version, criteria, comment, saved_at, saved_by) VALUES (?, ?, ?, ?, ?, ?)', [
    setId,
    next,
    JSON.stringify(input.criteria),
    input.comment,
    at,
    by,
  ]);
  return getVersion(db, setId, next);
}

