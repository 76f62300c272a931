/**
 * The screening snapshot: the loaded services as a compact column store in memory (typed
 * arrays, services grouped by person), built once after an import or on open. Screening passes
 * over it in one loop: no SQL per keystroke, no objects per service.
 */
import type { Database, SqlValue } from 'sql.js';
import type { CatalogueRefs } from '../../../shared/codes';
import { SECTORS, caseworkerIdentity } from '../../../shared/extract-format';
import { ageOnDay } from '../../../shared/dates';
import type { LoadedPersons, LoadedServices } from '../import/loaded-services';

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

/**
 * The screening snapshot of the database. `loaded` is what the import just before loaded
 * (import/loaded-services.ts): those sources' services come from it instead of from SQL, which
 * reads every service row again (more than a second at copenhagen scale). The snapshot is the same
 * either way (a test builds both).
 */
export function buildSnapshot(db: Database, today: number, loaded?: LoadedServices): Snapshot {
  const fresh = loaded && loadedStill(db, loaded);
  const { id: ids, cpr, birthDay } = fresh ? loaded.persons : readPersons(db);
  // Database id → person index, as an array: ids are dense (gaps only where orphans were removed),
  // and a lookup per service row in a Map costs far more than in an array.
  const index = new Int32Array((ids.at(-1) ?? 0) + 1).fill(-1);
  ids.forEach((id, i) => (index[id] = i));
  const sectorIndex = new Map<string, number>(SECTORS.map((x, i) => [x, i]));
  const sources = fresh ? [...loaded.sources.values()] : [];
  const parts = sources.map((f) => ({ ...f, sector: sectorIndex.get(f.sector)! }));
  const fromSql = servicesInSql(db, sources.map((f) => f.sourceId), sectorIndex);
  const n = parts.reduce((sum, part) => sum + part.length, fromSql.count);
  const snap: Snapshot = {
    today,
    cpr,
    birthDay,
    age: Uint8Array.from(birthDay, (b) => Math.min(255, ageOnDay(b, today))),
    start: new Int32Array(cpr.length + 1),
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
  // The catalogue's few rows as arrays by id, instead of a join per service row.
  const byId = <T extends Uint8Array | Int32Array>(make: (n: number) => T, sql: string, value: (v: SqlValue) => number) => {
    const r = rows(db, sql);
    const out = make(Math.max(0, ...r.map(([id]) => Number(id))) + 1);
    for (const [id, v] of r) out[Number(id)] = value(v!);
    return out;
  };
  const codeSector = byId((n) => new Uint8Array(n), 'SELECT id, sector FROM catalogue', (v) => sectorIndex.get(String(v))!);
  const codeUniversal = byId((n) => new Uint8Array(n), 'SELECT id, universal FROM catalogue', Number);
  // Who a caseworker is (docs/extract-format.md): within the sector whose extract names them, the
  // name, whatever the case, the spacing, a blank or differing phone, e-mail or team. A
  // department is its name within that sector: "Myndighed" in two sectors is two departments.
  const nameIds = new Map<string, number>();
  const caseworkerName = byId((n) => new Int32Array(n), 'SELECT id, name FROM caseworker', (name) => {
    const key = caseworkerIdentity(String(name));
    if (!nameIds.has(key)) nameIds.set(key, nameIds.size);
    return nameIds.get(key)!;
  });

  // Grouped by person, each person's services in id order: a counting sort, each row put in its
  // place as it is read. The rows in SQL come first (an import's rows have larger ids), each source
  // an import loaded after them in the order loaded.
  const { start } = snap;
  fromSql.countPerPerson((person, count) => (start[index[person]! + 1] = count));
  for (const part of parts) for (let i = 0; i < part.length; i++) start[index[part.person[i]!]! + 1]!++;
  for (let p = 0; p < cpr.length; p++) start[p + 1]! += start[p]!;
  const next = start.slice(0, cpr.length);
  // Departments and caseworkers are told apart within the sector of the extract that names them.
  const sourceSector = new Uint8Array(n);
  const department = new Float64Array(n); // dictionary ids
  const caseworker = new Int32Array(n); // caseworker identities (caseworkerName)
  const place = (person: number, code: number, sector: number, dept: number, worker: number, startDay: number, endDay: number, cost: number) => {
    const s = next[index[person]!]!++;
    sourceSector[s] = sector;
    department[s] = dept;
    caseworker[s] = caseworkerName[worker]!;
    snap.code[s] = code;
    snap.sector[s] = codeSector[code]!;
    snap.startDay[s] = startDay;
    snap.endDay[s] = endDay;
    snap.cost[s] = cost;
    snap.universal[s] = codeUniversal[code]!;
  };
  fromSql.read(place);
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) place(p.person[i]!, p.catalogueId[i]!, p.sector, p.department[i]!, p.caseworker[i]!, p.startDay[i]!, p.endDay[i]!, p.cost[i]!);
  }
  // Dictionary ids are sparse; departments and caseworkers are numbered densely here, in the order met.
  snap.departmentCount = numberDensely(sourceSector, department, snap.department);
  snap.caseworkerCount = numberDensely(sourceSector, caseworker, snap.caseworker);
  snap.codeLimit = Math.max(0, ...snap.catalogue.keys()) + 1;
  snap.families = buildFamilies(rows(db, 'SELECT parent_id, child_id, household FROM relation ORDER BY parent_id, child_id'), index, cpr);
  return snap;
}

/**
 * Each (sector, id) pair's number in order of first appearance, into `out`; returns how many there
 * are. Ids are integers (dictionary and caseworker ids) lying close together, so the numbers are
 * kept in a table indexed by sector and id: a map per row cost a fifth of a second per million
 * rows on the first preview after an import. Ids spread wider than the table allows (no unit has
 * that many departments or caseworkers) are numbered through maps instead.
 */
export function numberDensely(sector: Uint8Array, id: ArrayLike<number>, out: Int32Array): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < id.length; i++) {
    if (id[i]! < min) min = id[i]!;
    if (id[i]! > max) max = id[i]!;
  }
  const span = id.length ? max - min + 1 : 0;
  if (span > DENSE_TABLE_SPAN) return numberDenselyByMap(sector, id, out);
  const table = new Int32Array(span * SECTORS.length).fill(-1);
  let count = 0;
  for (let i = 0; i < id.length; i++) {
    const k = sector[i]! * span + (id[i]! - min);
    let v = table[k]!;
    if (v < 0) table[k] = v = count++;
    out[i] = v;
  }
  return count;
}

/** The widest range of ids numbered through a table (6 sectors × 4 bytes × 2^20: 24 MB at most). */
const DENSE_TABLE_SPAN = 2 ** 20;

function numberDenselyByMap(sector: Uint8Array, id: ArrayLike<number>, out: Int32Array): number {
  const numbers = SECTORS.map(() => new Map<number, number>());
  let count = 0;
  for (let i = 0; i < id.length; i++) {
    const seen = numbers[sector[i]!]!;
    let v = seen.get(id[i]!);
    if (v === undefined) seen.set(id[i]!, (v = count++));
    out[i] = v;
  }
  return count;
}

/** Every person in the database, in id order. */
function readPersons(db: Database): LoadedPersons {
  const persons = rows(db, 'SELECT id, cpr, birth_day FROM person ORDER BY id');
  return { id: Int32Array.from(persons, ([id]) => Number(id)), cpr: persons.map(([, c]) => String(c)), birthDay: Int32Array.from(persons, ([, , b]) => Number(b)) };
}

/**
 * Whether `loaded` still describes the database: as many persons up to the same last id, and each
 * source it loaded names the same receipt and has as many services. Nothing but an import changes
 * these tables, so a mismatch would be a defect; the snapshot is then read from SQL alone, the
 * store of record.
 */
export function loadedStill(db: Database, loaded: LoadedServices): boolean {
  const [count, last] = rows(db, 'SELECT count(*), coalesce(max(id), 0) FROM person')[0]!.map(Number);
  if (count !== loaded.persons.id.length || last !== (loaded.persons.id.at(-1) ?? 0)) return false;
  const now = new Map(
    rows(db, 'SELECT s.id, s.receipt_id, s.sector, (SELECT count(*) FROM service v WHERE v.source_id = s.id) FROM source s').map(([id, r, sector, n]) => [
      Number(id),
      { receiptId: Number(r), sector: String(sector), n: Number(n) },
    ]),
  );
  return [...loaded.sources.values()].every((f) => {
    const s = now.get(f.sourceId);
    return s !== undefined && s.receiptId === f.receiptId && s.sector === f.sector && s.n === f.length;
  });
}

/** A service row as the snapshot places it: database ids, the source's sector index, days, cost. */
type Place = (person: number, code: number, sector: number, department: number, caseworker: number, startDay: number, endDay: number, cost: number) => void;

/**
 * The services in SQL of every source but `except` (those an import just loaded): how many there
 * are, how many each person has, and the rows themselves in id order (a table scan, cheaper than
 * seeking each row through the index by person), handed to `place` one by one. Rows an import
 * loaded have larger ids than every row before it, so these come before `except`'s.
 */
function servicesInSql(db: Database, except: readonly number[], sectorIndex: ReadonlyMap<string, number>) {
  const sources = rows(db, 'SELECT id, sector FROM source');
  const sourceSector = new Uint8Array(Math.max(0, ...sources.map(([id]) => Number(id))) + 1);
  for (const [id, name] of sources) sourceSector[Number(id)] = sectorIndex.get(String(name))!;
  // The sources to read, named (through the index by source) rather than excluded (a scan of every row).
  const others = sources.map(([id]) => Number(id)).filter((id) => !except.includes(id));
  const where = except.length ? `WHERE source_id IN (${others.join(',') || 'NULL'})` : '';
  const each = (sql: string, fn: (r: SqlValue[]) => void) => {
    const stmt = db.prepare(sql);
    try {
      while (stmt.step()) fn(stmt.get());
    } finally {
      stmt.free();
    }
  };
  return {
    count: Number(rows(db, `SELECT count(*) FROM service ${where}`)[0]![0]),
    countPerPerson: (fn: (person: number, count: number) => void) => each(`SELECT person_id, count(*) FROM service ${where} GROUP BY person_id`, (r) => fn(r[0] as number, r[1] as number)),
    read: (place: Place) =>
      each(
        `SELECT person_id, catalogue_id, department_id, caseworker_id, start_day, coalesce(end_day, -1), coalesce(yearly_cost, 0), source_id FROM service ${where} ORDER BY id`,
        (r) => place(r[0] as number, r[1] as number, sourceSector[r[7] as number]!, r[2] as number, r[3] as number, r[4] as number, r[5] as number, r[6] as number),
      ),
  };
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
