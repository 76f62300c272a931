/**
 * The screening snapshot: the loaded services as a compact column store in memory (typed
 * arrays, services grouped by person), built once after an import or on open. Screening passes
 * over it in one loop: no SQL per keystroke, no objects per service.
 */
import type { Database, SqlValue } from 'sql.js';
import type { CatalogueRefs } from '../../../shared/codes';
import { SECTORS, caseworkerIdentity } from '../../../shared/extract-format';
import { ageOnDay } from '../../../shared/dates';

export interface Snapshot {
  today: number;
  /** Per person (index p): CPR, birth day, and the range of their services [start[p], start[p+1]). */
  cpr: string[];
  birthDay: Int32Array;
  /** Age in whole years on the snapshot date. */
  age: Uint8Array;
  start: Int32Array;
  /** Per service (index s, grouped by person). */
  code: Uint16Array; // catalogue id
  sector: Uint8Array;
  /** Dense indexes (0 … departmentCount − 1), so evaluation can count distinct ones in flat arrays. */
  department: Int32Array;
  caseworker: Int32Array;
  departmentCount: number;
  caseworkerCount: number;
  /** One more than the largest catalogue id. */
  codeLimit: number;
  startDay: Int32Array;
  endDay: Int32Array; // -1 when none
  cost: Float64Array;
  universal: Uint8Array;
  /** Catalogue: id → code and paragraphs (old, new), for matching service references. */
  /** The catalogue as references resolve against it (shared/codes.ts), by catalogue id. */
  catalogue: Map<number, CatalogueRefs>;
  /** Families: name → member person indexes (see docs/criteria.md for how they are formed). */
  families: Map<string, number[]>;
}

const rows = (db: Database, sql: string): SqlValue[][] => db.exec(sql)[0]?.values ?? [];

export function buildSnapshot(db: Database, today: number): Snapshot {
  const persons = rows(db, 'SELECT id, cpr, birth_day FROM person ORDER BY id');
  // Database id → person index, as an array: ids are dense (gaps only where orphans were removed),
  // and a lookup per service row in a Map costs far more than in an array.
  const index = new Int32Array(Number(persons.at(-1)?.[0] ?? 0) + 1).fill(-1);
  const cpr: string[] = [];
  const birthDay = new Int32Array(persons.length);
  persons.forEach(([id, c, b], i) => {
    index[Number(id)] = i;
    cpr.push(String(c));
    birthDay[i] = Number(b);
  });
  // Services are read row by row into the typed arrays: one result set of a million rows as JS
  // arrays would cost hundreds of megabytes at once.
  const n = Number(rows(db, 'SELECT count(*) FROM service')[0]![0]);
  const snap: Snapshot = {
    today,
    cpr,
    birthDay,
    age: Uint8Array.from(birthDay, (b) => Math.min(255, ageOnDay(b, today))),
    start: new Int32Array(persons.length + 1),
    code: new Uint16Array(n),
    sector: new Uint8Array(n),
    department: new Int32Array(n),
    caseworker: new Int32Array(n),
    startDay: new Int32Array(n),
    endDay: new Int32Array(n),
    cost: new Float64Array(n),
    universal: new Uint8Array(n),
    departmentCount: 0,
    caseworkerCount: 0,
    codeLimit: 0,
    catalogue: new Map(
      rows(db, 'SELECT id, code, law, paragraph_old, paragraph_new FROM catalogue').map(([id, code, law, o, nw]) => [
        Number(id),
        { code: String(code), law: String(law), paragraphOld: String(o), paragraphNew: String(nw) },
      ]),
    ),
    families: new Map(),
  };
  // Dictionary ids are sparse; number departments and caseworkers densely, once, here.
  const dense = () => {
    const ids = new Map<number, number>();
    return Object.assign((id: number) => {
      let v = ids.get(id);
      if (v === undefined) ids.set(id, (v = ids.size));
      return v;
    }, { count: () => ids.size });
  };
  const departmentIndex = dense();
  const caseworkerIndex = dense();
  const sectorIndex = new Map<string, number>(SECTORS.map((x, i) => [x, i]));
  // The catalogue's and the sources' few rows as arrays by id, instead of two joins per service row.
  const byId = <T extends Uint8Array | Int32Array>(make: (n: number) => T, sql: string, value: (v: SqlValue) => number) => {
    const r = rows(db, sql);
    const out = make(Math.max(0, ...r.map(([id]) => Number(id))) + 1);
    for (const [id, v] of r) out[Number(id)] = value(v!);
    return out;
  };
  const codeSector = byId((n) => new Uint8Array(n), 'SELECT id, sector FROM catalogue', (v) => sectorIndex.get(String(v))!);
  const codeUniversal = byId((n) => new Uint8Array(n), 'SELECT id, universal FROM catalogue', Number);
  const sourceSector = byId((n) => new Uint8Array(n), 'SELECT id, sector FROM source', (v) => sectorIndex.get(String(v))!);
  // Who a caseworker is (docs/extract-format.md): within the sector whose extract names them, the
  // name, whatever the case, the spacing, a blank or differing phone, e-mail or team. A
  // department is its name within that sector: "Myndighed" in two sectors is two departments.
  const nameIds = new Map<string, number>();
  const caseworkerName = byId((n) => new Int32Array(n), 'SELECT id, name FROM caseworker', (name) => {
    const key = caseworkerIdentity(String(name));
    if (!nameIds.has(key)) nameIds.set(key, nameIds.size);
    return nameIds.get(key)!;
  });
  const PER_SECTOR = 2 ** 24; // more departments or caseworker names than this in one sector cannot occur
  let p = 0;
  let s = 0;
  const stmt = db.prepare(
    `SELECT person_id, catalogue_id, department_id, caseworker_id, start_day, coalesce(end_day, -1), coalesce(yearly_cost, 0), source_id
     FROM service ORDER BY person_id, id`,
  );
  try {
    while (stmt.step()) {
      const r = stmt.get();
      const person = index[r[0] as number]!;
      while (p <= person) snap.start[p++] = s;
      const code = r[1] as number;
      snap.code[s] = code;
      snap.sector[s] = codeSector[code]!;
      const source = sourceSector[r[7] as number]! * PER_SECTOR;
      snap.department[s] = departmentIndex(source + (r[2] as number));
      snap.caseworker[s] = caseworkerIndex(source + caseworkerName[r[3] as number]!);
      snap.startDay[s] = r[4] as number;
      snap.endDay[s] = r[5] as number;
      snap.cost[s] = r[6] as number;
      snap.universal[s] = codeUniversal[code]!;
      s++;
    }
  } finally {
    stmt.free();
  }
  while (p <= persons.length) snap.start[p++] = n;
  snap.departmentCount = departmentIndex.count();
  snap.caseworkerCount = caseworkerIndex.count();
  snap.codeLimit = Math.max(0, ...snap.catalogue.keys()) + 1;
  snap.families = buildFamilies(rows(db, 'SELECT parent_id, child_id, household FROM relation ORDER BY parent_id, child_id'), index, cpr);
  return snap;
}

/**
 * Families: a household where the relations file names one; otherwise the parents and children
 * linked to each other (a connected component). A child with links into two households belongs
 * to both families, deterministically. A family is named by its household key, or by the
 * smallest CPR number among its members.
 */
function buildFamilies(links: SqlValue[][], index: Int32Array, cpr: string[]): Map<string, number[]> {
  const families = new Map<string, Set<number>>();
  const parentOf = new Map<number, number>(); // union-find over links without a household
  const find = (x: number): number => {
    let r = x;
    while (parentOf.has(r) && parentOf.get(r) !== r) r = parentOf.get(r)!;
    return r;
  };
  const union = (a: number, b: number) => {
    if (!parentOf.has(a)) parentOf.set(a, a);
    if (!parentOf.has(b)) parentOf.set(b, b);
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parentOf.set(cpr[ra]! < cpr[rb]! ? rb : ra, cpr[ra]! < cpr[rb]! ? ra : rb);
  };
  for (const [parent, child, household] of links) {
    const a = index[Number(parent)] ?? -1;
    const b = index[Number(child)] ?? -1;
    if (a < 0 || b < 0) continue;
    if (household !== null && household !== '') {
      const key = `H:${String(household)}`;
      if (!families.has(key)) families.set(key, new Set());
      families.get(key)!.add(a).add(b);
    } else union(a, b);
  }
  for (const x of parentOf.keys()) {
    const key = `C:${cpr[find(x)]}`;
    if (!families.has(key)) families.set(key, new Set());
    families.get(key)!.add(x);
  }
  return new Map([...families].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, [...v].sort((x, y) => x - y)]));
}
