/**
 * The screening snapshot: the loaded services as a compact column store in memory (typed
 * arrays, services grouped by person), built once after an import or on open. Screening passes
 * over it in one loop: no SQL per keystroke, no objects per service.
 */
import type { Database, SqlValue } from 'sql.js';
import type { CatalogueRefs } from '../../../shared/codes';
import { SECTORS, caseworkerIdentity, departmentIdentity } from '../../../shared/extract-format';
import { ageOnDay } from '../../../shared/dates';
import type { LoadedPersons, LoadedRelations, LoadedServices, SourceColumns } from '../import/loaded-services';

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
 * Each row of a query, one at a time: the large reads go through here rather than `rows`, which
 * holds every row as an array until the end (a quarter of a million persons' arrays outlive the
 * young generation and cost a full collection).
 */
function each(db: Database, sql: string, fn: (r: SqlValue[]) => void): void {
  const stmt = db.prepare(sql);
  try {
    while (stmt.step()) fn(stmt.get());
  } finally {
    stmt.free();
  }
}

/** Services as columns, in the order of their database ids; `sector` per row or for all (an index into SECTORS). */
type ServiceRows = Omit<SourceColumns, 'sourceId' | 'receiptId' | 'sector'> & { sector: Uint8Array | number };

/**
 * The screening snapshot of the database. `loaded` is what the import just before loaded
 * (import/loaded-services.ts): those sources' services come from it instead of from SQL, which
 * reads every service row again (more than a second at copenhagen scale). The snapshot is the same
 * either way (a test builds both). `unchanged`: no call has changed the workspace since that import
 * (TakenLoad), so its sources' rows need not be counted to be known as loaded.
 */
export function buildSnapshot(db: Database, today: number, loaded?: LoadedServices, { unchanged = false } = {}): Snapshot {
  const fresh = loaded && loadedStill(db, loaded, { countServices: !unchanged });
  const { id: ids, cpr, birthDay } = fresh ? loaded.persons : readPersons(db);
  // Database id → person index, as an array: ids are dense (gaps only where orphans were removed),
  // and a lookup per service row in a Map costs far more than in an array.
  const index = new Int32Array((ids.at(-1) ?? 0) + 1).fill(-1);
  ids.forEach((id, i) => (index[id] = i));
  const sectorIndex = new Map<string, number>(SECTORS.map((x, i) => [x, i]));
  const sources = fresh ? [...loaded.sources.values()] : [];
  const parts: ServiceRows[] = [
    readServices(db, sources.map((f) => f.sourceId), sectorIndex),
    ...sources.map((f) => ({ ...f, sector: sectorIndex.get(f.sector)! })),
  ];
  // Grouped by person, each person's services in id order: a counting sort over the parts, which
  // are themselves in id order. Counted here, per person (start) and in all (n).
  // A service that ended before the reference date (its source's extract is older than the
  // newest, and its end date has passed since) is not ongoing on that day: it is left out.
  const start = new Int32Array(cpr.length + 1);
  let n = 0;
  for (const { length, person, endDay } of parts) {
    for (let i = 0; i < length; i++) {
      const end = endDay[i]!;
      if (end >= 0 && end < today) continue;
      start[index[person[i]!]! + 1]!++;
      n++;
    }
  }
  const snap: Snapshot = {
    today,
    cpr,
    birthDay,
    age: agesOn(birthDay, today),
    start,
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
  // department is its name within that sector, whatever the case or spacing: "Myndighed" in two
  // sectors is two departments, "Myndighed" and "myndighed " in one sector one.
  const nameIds = new Map<string, number>();
  const caseworkerName = byId((n) => new Int32Array(n), 'SELECT id, name FROM caseworker', (name) => {
    const key = caseworkerIdentity(String(name));
    if (!nameIds.has(key)) nameIds.set(key, nameIds.size);
    return nameIds.get(key)!;
  });

  const departmentName = departmentNames(db);

  // Each person's first place, then where the next service of theirs goes.
  for (let p = 0; p < cpr.length; p++) start[p + 1]! += start[p]!;
  const next = start.slice(0, cpr.length);
  // Departments and caseworkers are told apart within the sector of the extract that names them.
  const sourceSector = new Uint8Array(n);
  const department = new Float64Array(n); // dictionary ids
  const caseworker = new Int32Array(n); // caseworker identities (caseworkerName)
  const { code: codes, sector: sectors, startDay: startDays, endDay: endDays, cost: costs, universal } = snap;
  for (const part of parts) {
    // The part's columns as locals: the loop then reads typed arrays only (a million rows at
    // copenhagen scale, on the first preview after every import).
    const { length, person, catalogueId, department: departments, caseworker: caseworkers, startDay, endDay, cost } = part;
    const sector = typeof part.sector === 'number' ? null : part.sector;
    const partSector = typeof part.sector === 'number' ? part.sector : 0;
    for (let i = 0; i < length; i++) {
      const end = endDay[i]!;
      if (end >= 0 && end < today) continue; // not ongoing (as counted above)
      const s = next[index[person[i]!]!]!++;
      const code = catalogueId[i]!;
      sourceSector[s] = sector ? sector[i]! : partSector;
      department[s] = departmentName(departments[i]!);
      caseworker[s] = caseworkerName[caseworkers[i]!]!;
      codes[s] = code;
      sectors[s] = codeSector[code]!;
      startDays[s] = startDay[i]!;
      endDays[s] = end;
      costs[s] = cost[i]!;
      universal[s] = codeUniversal[code]!;
    }
  }
  // Dictionary ids are sparse; departments and caseworkers are numbered densely here, in the order met.
  snap.departmentCount = numberDensely(sourceSector, department, snap.department);
  snap.caseworkerCount = numberDensely(sourceSector, caseworker, snap.caseworker);
  snap.codeLimit = Math.max(0, ...snap.catalogue.keys()) + 1;
  snap.families = buildFamilies(index, cpr, fresh && relationsStill(db, loaded.relations) ? eachLoadedLink(loaded.relations) : eachLinkInDb(db));
  return snap;
}

/**
 * Each person's age in whole years on `today`, clamped both ways (a Uint8Array would wrap a negative
 * age, born after the reference date, to 255 and down). Through a table by birth day: the birth days
 * of a unit's persons span some 40,000 days, so ageOnDay runs once per day of that span rather than
 * once per person (65 ms for 290,000 persons at copenhagen scale, on the first preview after an
 * import; the table takes 3 ms). A span wider than any real one is computed person by person.
 */
export function agesOn(birthDay: Int32Array, today: number): Uint8Array {
  const out = new Uint8Array(birthDay.length);
  if (!birthDay.length) return out;
  const ageOf = (b: number) => Math.max(0, Math.min(255, ageOnDay(b, today)));
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < birthDay.length; i++) {
    if (birthDay[i]! < min) min = birthDay[i]!;
    if (birthDay[i]! > max) max = birthDay[i]!;
  }
  if (!(max - min < AGE_TABLE_SPAN)) {
    for (let i = 0; i < birthDay.length; i++) out[i] = ageOf(birthDay[i]!);
    return out;
  }
  const table = new Uint8Array(max - min + 1);
  for (let d = min; d <= max; d++) table[d - min] = ageOf(d);
  for (let i = 0; i < birthDay.length; i++) out[i] = table[birthDay[i]! - min]!;
  return out;
}

/** The widest span of birth days aged through a table: about 270 years, more than CPR numbers can write. */
const AGE_TABLE_SPAN = 100_000;

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

/**
 * Department dictionary id → a number per department name as screening tells them apart
 * (departmentIdentity), the same for every spelling of one name. Dictionary ids are numbered on
 * from one small base (load.ts Dictionary), so they span a narrow range: a table over it, not a
 * map per service row. A workspace from before keeps ids from its kind's own billion beside them:
 * too wide a span for a table, so a map.
 */
function departmentNames(db: Database): (id: number) => number {
  const dict = rows(db, 'SELECT id, value FROM dict WHERE kind = 1');
  const numbers = new Map<string, number>();
  const numberOf = (value: SqlValue) => {
    const key = departmentIdentity(String(value));
    if (!numbers.has(key)) numbers.set(key, numbers.size);
    return numbers.get(key)!;
  };
  const ids = dict.map(([id]) => Number(id));
  const min = Math.min(...ids);
  const span = ids.length ? Math.max(...ids) - min + 1 : 0;
  if (span > DENSE_TABLE_SPAN) {
    const byId = new Map(dict.map(([id, value]) => [Number(id), numberOf(value!)]));
    return (id) => byId.get(id) ?? -1;
  }
  const table = new Int32Array(span).fill(-1);
  for (const [id, value] of dict) table[Number(id) - min] = numberOf(value!);
  return (id) => table[id - min] ?? -1;
}

/** Every person in the database, in id order. */
function readPersons(db: Database): LoadedPersons {
  const n = Number(rows(db, 'SELECT count(*) FROM person')[0]![0]);
  const out = { id: new Int32Array(n), cpr: new Array<string>(n), birthDay: new Int32Array(n) };
  let i = 0;
  each(db, 'SELECT id, cpr, birth_day FROM person ORDER BY id', ([id, cpr, birthDay]) => {
    out.id[i] = id as number;
    out.cpr[i] = cpr as string;
    out.birthDay[i++] = birthDay as number;
  });
  return out;
}

/**
 * Whether `loaded` still describes the database: as many persons up to the same last id, and each
 * source it loaded names the same receipt and (`countServices`) has as many services. Nothing but
 * an import changes these tables, so a mismatch would be a defect; the snapshot is then read from
 * SQL alone, the store of record. Counting the services reads the whole index by source (a tenth
 * of a second at copenhagen scale), so it is left out when no call has changed anything since.
 */
export function loadedStill(db: Database, loaded: LoadedServices, { countServices = true } = {}): boolean {
  const [count, last] = rows(db, 'SELECT count(*), coalesce(max(id), 0) FROM person')[0]!.map(Number);
  if (count !== loaded.persons.id.length || last !== (loaded.persons.id.at(-1) ?? 0)) return false;
  const services = countServices ? '(SELECT count(*) FROM service v WHERE v.source_id = s.id)' : 'NULL';
  const now = new Map(
    rows(db, `SELECT s.id, s.receipt_id, s.sector, ${services} FROM source s`).map(([id, r, sector, n]) => [
      Number(id),
      { receiptId: Number(r), sector: String(sector), n: n === null ? null : Number(n) },
    ]),
  );
  return [...loaded.sources.values()].every((f) => {
    const s = now.get(f.sourceId);
    return s !== undefined && s.receiptId === f.receiptId && s.sector === f.sector && (s.n === null || s.n === f.length);
  });
}

/**
 * The services of every source but `except`, in id order, read row by row into typed arrays (one
 * result set of a million rows as JS arrays would cost hundreds of megabytes at once). Rows an
 * import loaded have larger ids than every row before it, so these come before `except`'s.
 */
function readServices(db: Database, except: readonly number[], sectorIndex: ReadonlyMap<string, number>): ServiceRows {
  const sources = rows(db, 'SELECT id, sector FROM source');
  const sourceSector = new Uint8Array(Math.max(0, ...sources.map(([id]) => Number(id))) + 1);
  for (const [id, name] of sources) sourceSector[Number(id)] = sectorIndex.get(String(name))!;
  // The sources to read, named (through the index by source) rather than excluded (a scan of every row).
  const others = sources.map(([id]) => Number(id)).filter((id) => !except.includes(id));
  const where = except.length ? `WHERE source_id IN (${others.join(',') || 'NULL'})` : '';
  const n = Number(rows(db, `SELECT count(*) FROM service ${where}`)[0]![0]);
  const out: ServiceRows = {
    length: n,
    person: new Int32Array(n),
    catalogueId: new Int32Array(n),
    department: new Float64Array(n),
    caseworker: new Int32Array(n),
    startDay: new Int32Array(n),
    endDay: new Int32Array(n),
    cost: new Float64Array(n),
    sector: new Uint8Array(n),
  };
  const sector = out.sector as Uint8Array;
  let i = 0;
  each(db, `SELECT person_id, catalogue_id, department_id, caseworker_id, start_day, coalesce(end_day, -1), coalesce(yearly_cost, 0), source_id FROM service ${where} ORDER BY id`, (r) => {
    out.person[i] = r[0] as number;
    out.catalogueId[i] = r[1] as number;
    out.department[i] = r[2] as number;
    out.caseworker[i] = r[3] as number;
    out.startDay[i] = r[4] as number;
    out.endDay[i] = r[5] as number;
    out.cost[i] = r[6] as number;
    sector[i++] = sourceSector[r[7] as number]!;
  });
  return out;
}

/** Calls `fn` with each link's parent, child (database ids) and household ('' or null for none). */
export type EachLink = (fn: (parent: number, child: number, household: string | null) => void) => void;

const eachLinkInDb =
  (db: Database): EachLink =>
  (fn) =>
    each(db, 'SELECT parent_id, child_id, household FROM relation ORDER BY parent_id, child_id', ([parent, child, household]) =>
      fn(Number(parent), Number(child), household === null ? null : String(household)),
    );

const eachLoadedLink =
  (r: LoadedRelations): EachLink =>
  (fn) => {
    for (let i = 0; i < r.parent.length; i++) fn(r.parent[i]!, r.child[i]!, r.household[i]!);
  };

/**
 * Whether the relations an import loaded are still every row of the table: then the families are
 * made from them rather than read back through SQL (a tenth of a second at copenhagen scale, on the
 * first preview after an import). Only an import changes the table, replacing it whole under a new
 * receipt, so the same count under that one receipt means the same rows.
 */
function relationsStill(db: Database, r: LoadedRelations | undefined): r is LoadedRelations {
  if (!r) return false;
  const [count, first, last] = rows(db, 'SELECT count(*), min(receipt_id), max(receipt_id) FROM relation')[0]!.map((v) => (v === null ? null : Number(v)));
  return count === r.parent.length && (count === 0 || (first === r.receiptId && last === r.receiptId));
}

/**
 * Families: a household where the relations file names one; otherwise the parents and children
 * linked to each other (a connected component). A child with links into two households belongs
 * to both families, deterministically. A family is named by its household key, or by the
 * smallest CPR number among its members.
 */
export function buildFamilies(index: Int32Array, cpr: readonly string[], eachLink: EachLink): Map<string, number[]> {
  // Each household's members as met (a parent is met once per child), made distinct at the end.
  const households = new Map<string, number[]>();
  // Union-find over the links without a household, in an array by person (-1: in no such link).
  // A component's root is its member with the smallest CPR number, which names the family.
  const parentOf = new Int32Array(cpr.length).fill(-1);
  const find = (x: number): number => {
    while (parentOf[x] !== x) x = parentOf[x] = parentOf[parentOf[x]!]!; // path halving
    return x;
  };
  const union = (a: number, b: number) => {
    if (parentOf[a]! < 0) parentOf[a] = a;
    if (parentOf[b]! < 0) parentOf[b] = b;
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parentOf[cpr[ra]! < cpr[rb]! ? rb : ra] = cpr[ra]! < cpr[rb]! ? ra : rb;
  };
  eachLink((parent, child, household) => {
    const a = index[parent] ?? -1;
    const b = index[child] ?? -1;
    if (a < 0 || b < 0) return;
    if (household !== null && household !== '') {
      const members = households.get(household);
      if (members) members.push(a, b);
      else households.set(household, [a, b]);
    } else union(a, b);
  });
  // A component's members in ascending order, as a walk through the persons meets them, in one
  // array per component found through its root: no name, map or set per member (most of the
  // 0.18 s families took at stress scale).
  const slot = new Int32Array(cpr.length).fill(-1); // root → its component's place in `components`
  const components: number[][] = [];
  const rootByCpr = new Map<string, number>(); // each component's root, by the CPR number that names it
  for (let x = 0; x < cpr.length; x++) {
    if (parentOf[x]! < 0) continue;
    const r = find(x);
    let k = slot[r]!;
    if (k < 0) {
      k = slot[r] = components.length;
      components.push([]);
      rootByCpr.set(cpr[r]!, r);
    }
    components[k]!.push(x);
  }
  // Named `C:<CPR number>` and `H:<household>`, in the order `<` puts the names (so every C before
  // every H); the default sort orders strings that way without a call per comparison.
  const families = new Map<string, number[]>();
  for (const c of [...rootByCpr.keys()].sort()) families.set(`C:${c}`, components[slot[rootByCpr.get(c)!]!]!);
  for (const h of [...households.keys()].sort()) families.set(`H:${h}`, distinctAscending(households.get(h)!));
  return families;
}

/**
 * The numbers in ascending order, each once. A household lists a few persons (a parent once per
 * child): those are sorted in place by insertion, without a call per comparison (25,652 households
 * at copenhagen scale took 30–90 ms through Array#sort with a comparator, 2–5 ms so); a long list
 * goes through Array#sort, whose time does not grow with the square of its length.
 */
function distinctAscending(list: number[]): number[] {
  if (list.length > INSERTION_SORT_UP_TO) list.sort((x, y) => x - y);
  else {
    for (let i = 1; i < list.length; i++) {
      const v = list[i]!;
      let j = i - 1;
      for (; j >= 0 && list[j]! > v; j--) list[j + 1] = list[j]!;
      list[j + 1] = v;
    }
  }
  let n = 0;
  for (let i = 0; i < list.length; i++) if (i === 0 || list[i] !== list[i - 1]) list[n++] = list[i]!;
  list.length = n;
  return list;
}

const INSERTION_SORT_UP_TO = 32;
