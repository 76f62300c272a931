/**
 * The validated services of one extract, column by column: numbers in typed arrays, each person
 * once, and every text (department, service name, legal basis, goal, caseworker) once in a
 * dictionary. A million rows then cost a few typed arrays instead of a million objects for the
 * garbage collector to trace, and the loader maps each distinct person and text to its database
 * id once instead of once per row.
 */
import { caseworkerIdentity, departmentIdentity } from '../../../shared/extract-format';
import type { PersonFields, ServiceRecord } from './validate';

/**
 * Texts numbered in order of first appearance. The last text is checked before the map: a
 * citizen's services come together in an extract, so a department or legal basis often repeats
 * the row above, and comparing with it is cheaper than hashing a fresh string.
 */
export class Strings {
  readonly ids = new Map<string, number>();
  values: string[] = [];
  private last: string | undefined;
  private lastId = -1;

  /** The texts as they came from a worker: for reading only (ids is left empty). */
  static of(values: string[]): Strings {
    const s = new Strings();
    s.values = values;
    return s;
  }
  id(s: string): number {
    if (s === this.last) return this.lastId;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(s, id);
      this.values.push(s);
    }
    this.last = s;
    return (this.lastId = id);
  }
}

export type Caseworker = ServiceRecord['caseworker'];

const NO_END = -0x80000000;
/** The kinds of CPR number, by the small number a packed person carries (PackedPersons.kind; the loader stores them by it). */
export const KINDS = ['ordinary', 'replacement', 'fictitious'] as const satisfies readonly PersonFields['kind'][];

/** Persons column by column, for crossing from a worker: CPR numbers as strings, the rest as moved typed arrays. */
export interface PackedPersons {
  cpr: string[];
  birthDay: Int32Array;
  sex: Uint8Array;
  kind: Uint8Array;
}

export function packPersons(list: readonly PersonFields[]): PackedPersons {
  // Plain loops: a typed array's `from` goes through an iterator and a call per person.
  const n = list.length;
  const p: PackedPersons = { cpr: [], birthDay: new Int32Array(n), sex: new Uint8Array(n), kind: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    const x = list[i]!;
    p.cpr.push(x.cpr); // pushed, so the array stays packed
    p.birthDay[i] = x.birthDay;
    p.sex[i] = x.sex === 'F' ? 1 : 0;
    p.kind[i] = KINDS.indexOf(x.kind);
  }
  return p;
}

export const personsTransfer = (p: PackedPersons): ArrayBuffer[] => [p.birthDay, p.sex, p.kind].map((a) => a.buffer as ArrayBuffer);

/** Person `i` of the columns, with a name if given (one object per person: the engine's thread makes hundreds of thousands). */
export function unpackPerson(p: PackedPersons, i: number): PersonFields;
export function unpackPerson(p: PackedPersons, i: number, name: string): PersonFields & { name: string };
export function unpackPerson(p: PackedPersons, i: number, name?: string): PersonFields {
  const person: PersonFields & { name?: string } = { cpr: p.cpr[i]!, birthDay: p.birthDay[i]!, sex: p.sex[i] ? 'F' : 'M', kind: KINDS[p.kind[i]!]! };
  if (name !== undefined) person.name = name;
  return person;
}

/**
 * A batch as it crosses from the worker that validated it: every column a typed array (moved, not
 * copied, through `transfer`), persons and caseworkers column by column, texts as arrays. No Map
 * and no object per row is cloned.
 */
export interface PackedBatch {
  length: number;
  columns: Record<(typeof COLUMNS)[number], Int32Array | Float64Array>;
  persons: PackedPersons & { name: string[] };
  texts: { departments: string[]; serviceNames: string[]; legalBases: string[]; goals: string[] };
  caseworkers: { name: string[]; phone: string[]; email: string[]; unit: string[] };
}

/** The most rows a batch makes room for at once (Table.rowsHint); 44 bytes a row, untouched until written. */
const PRESIZE_UP_TO = 2_000_000;

const COLUMNS = ['person', 'catalogueId', 'department', 'serviceName', 'legalBasis', 'goal', 'caseworker', 'startDay', 'endDay', 'cost'] as const;
const NO_GOAL = -1;

export class ServiceBatch {
  length = 0;
  /** Each person once, with the last non-empty name the extract gives them (null while only the columns are: unpack). */
  private personList: (PersonFields & { name: string })[] | null = [];
  /** The persons as they crossed from a worker (unpack): columns, which the loader reads as they are. */
  private packedPersons: (PackedPersons & { name: string[] }) | null = null;
  private readonly personIndex = new Map<string, number>();
  private lastPerson = -1;
  private lastCaseworker = -1;
  departments = new Strings();
  serviceNames = new Strings();
  legalBases = new Strings();
  goals = new Strings();
  private readonly caseworkerKeys = new Strings();
  readonly caseworkers: Caseworker[] = [];
  person: Int32Array;
  catalogueId: Int32Array;
  department: Int32Array;
  serviceName: Int32Array;
  legalBasis: Int32Array;
  goal: Int32Array;
  caseworker: Int32Array;
  startDay: Int32Array;
  endDay: Int32Array;
  cost: Float64Array;

  /**
   * `rows`: about how many rows will be pushed (Table.rowsHint), so the columns are made that large
   * at once. Grown by doubling from 1,024 they were allocated and copied about ten times for the
   * elders' 390,000 rows at copenhagen scale, each time in memory the worker had not touched (about
   * a tenth of a second of its parse). Room beyond the rows kept is not copied away either: the
   * columns cross to the engine as views of their length (pack). A hint past PRESIZE_UP_TO is not
   * believed (a file of blank lines would ask for gigabytes); the columns then grow as they fill.
   */
  constructor(rows = 0) {
    const n = rows > 0 && rows <= PRESIZE_UP_TO ? rows : 1024;
    this.person = new Int32Array(n);
    this.catalogueId = new Int32Array(n);
    this.department = new Int32Array(n);
    this.serviceName = new Int32Array(n);
    this.legalBasis = new Int32Array(n);
    this.goal = new Int32Array(n);
    this.caseworker = new Int32Array(n);
    this.startDay = new Int32Array(n);
    this.endDay = new Int32Array(n);
    this.cost = new Float64Array(n);
  }

  /** Each person once, with the last non-empty name the extract gives them; made from the columns when first asked for. */
  get persons(): (PersonFields & { name: string })[] {
    const p = this.packedPersons;
    return (this.personList ??= p!.cpr.map((_, i) => unpackPerson(p!, i, p!.name[i]!)));
  }

  /**
   * The persons as columns, for the loader (load.ts People.resolve): as they crossed from the worker,
   * with no object made per person on the engine's thread (a quarter of a million per file at
   * copenhagen scale), or packed from the objects of a batch made on this thread.
   */
  personColumns(): PackedPersons & { name: string[] } {
    return this.packedPersons ?? { ...packPersons(this.persons), name: this.persons.map((x) => x.name) };
  }

  /** The batch's index of a person, adding them the first time. */
  personOf(p: PersonFields, name: string): number {
    // The person of the row above, most often (see Strings).
    let i = this.persons[this.lastPerson]?.cpr === p.cpr ? this.lastPerson : this.personIndex.get(p.cpr);
    if (i === undefined) {
      i = this.persons.length;
      this.personIndex.set(p.cpr, i);
      this.persons.push({ cpr: p.cpr, birthDay: p.birthDay, sex: p.sex, kind: p.kind, name });
    } else if (name) this.persons[i]!.name = name;
    return (this.lastPerson = i);
  }

  /**
   * Puts the persons in CPR order (the rows follow them), once the batch is complete: the loader
   * keeps the persons it knows in that order and meets a sorted batch in one pass (load.ts People),
   * and the sorting is done here, in the worker, rather than on the engine's thread.
   */
  sortPersons(): void {
    const was = this.persons.slice();
    // The default sort orders strings as `<` does, without a call into JavaScript per comparison.
    const cprs = was.map((p) => p.cpr).sort();
    const moved = new Int32Array(was.length); // old index → new
    cprs.forEach((cpr, k) => {
      const i = this.personIndex.get(cpr)!;
      moved[i] = k;
      this.persons[k] = was[i]!;
      this.personIndex.set(cpr, k);
    });
    for (let r = 0; r < this.length; r++) this.person[r] = moved[this.person[r]!]!;
    if (this.lastPerson >= 0) this.lastPerson = moved[this.lastPerson]!;
  }

  caseworkerOf(name: string, phone: string, email: string, unit: string): number {
    // The caseworker of the row above, most often (see Strings): compared field by field, before
    // a key is built from the four and hashed.
    const last = this.caseworkers[this.lastCaseworker];
    if (last && last.name === name && last.phone === phone && last.email === email && last.unit === unit) return this.lastCaseworker;
    const id = this.caseworkerKeys.id(`${name}\u0000${phone}\u0000${email}\u0000${unit}`);
    if (id === this.caseworkers.length) this.caseworkers.push({ name, phone, email, unit });
    return (this.lastCaseworker = id);
  }

  private grow(): void {
    const n = this.person.length * 2;
    const more = <A extends Int32Array | Float64Array>(a: A): A => {
      const b = new (a.constructor as new (n: number) => A)(n);
      b.set(a);
      return b;
    };
    this.person = more(this.person);
    this.catalogueId = more(this.catalogueId);
    this.department = more(this.department);
    this.serviceName = more(this.serviceName);
    this.legalBasis = more(this.legalBasis);
    this.goal = more(this.goal);
    this.caseworker = more(this.caseworker);
    this.startDay = more(this.startDay);
    this.endDay = more(this.endDay);
    this.cost = more(this.cost);
  }

  /** Appends one service; `person` and `caseworker` come from personOf and caseworkerOf. */
  push(person: number, catalogueId: number, department: string, serviceName: string, legalBasis: string, goal: string, caseworker: number, startDay: number, endDay: number | null, cost: number | null): void {
    if (this.length === this.person.length) this.grow();
    const i = this.length++;
    this.person[i] = person;
    this.catalogueId[i] = catalogueId;
    this.department[i] = this.departments.id(department);
    this.serviceName[i] = this.serviceNames.id(serviceName);
    this.legalBasis[i] = this.legalBases.id(legalBasis);
    this.goal[i] = goal ? this.goals.id(goal) : NO_GOAL;
    this.caseworker[i] = caseworker;
    this.startDay[i] = startDay;
    this.endDay[i] = endDay ?? NO_END;
    this.cost[i] = cost ?? Number.NaN;
  }

  endOf(i: number): number | null {
    return this.endDay[i] === NO_END ? null : this.endDay[i]!;
  }
  costOf(i: number): number | null {
    return Number.isNaN(this.cost[i]) ? null : this.cost[i]!;
  }
  goalOf(i: number): string {
    return this.goal[i] === NO_GOAL ? '' : this.goals.values[this.goal[i]!]!;
  }

  /**
   * How many different citizens, departments and caseworkers the batch holds, counted as the
   * screening counts them (docs/extract-format.md): a batch is one sector's file, so a department
   * is its name whatever the case or spacing, and a caseworker their name whatever the case,
   * spacing, phone, e-mail or team.
   */
  distinct(): { persons: number; departments: number; caseworkers: number } {
    return {
      persons: this.packedPersons?.cpr.length ?? this.persons.length,
      departments: new Set(this.departments.values.map(departmentIdentity)).size,
      caseworkers: new Set(this.caseworkers.map((c) => caseworkerIdentity(c.name))).size,
    };
  }

  /** Row i as a record object (for tests and the benchmark's baseline, not the import path). */
  record(i: number): ServiceRecord {
    const p = this.persons[this.person[i]!]!;
    return {
      cpr: p.cpr,
      birthDay: p.birthDay,
      sex: p.sex,
      kind: p.kind,
      name: p.name,
      catalogueId: this.catalogueId[i]!,
      department: this.departments.values[this.department[i]!]!,
      serviceName: this.serviceNames.values[this.serviceName[i]!]!,
      legalBasis: this.legalBases.values[this.legalBasis[i]!]!,
      startDay: this.startDay[i]!,
      endDay: this.endOf(i),
      goal: this.goalOf(i),
      caseworker: this.caseworkers[this.caseworker[i]!]!,
      yearlyCost: this.costOf(i),
    };
  }

  records(): ServiceRecord[] {
    return Array.from({ length: this.length }, (_, i) => this.record(i));
  }

  /** The batch for postMessage, and the buffers to move with it. The batch is unusable afterwards. */
  pack(): { packed: PackedBatch; transfer: ArrayBuffer[] } {
    const n = this.length;
    // Views of the rows there are: each column's buffer moves whole (a copy of the rows would be
    // new memory to touch), and the receiver sees the rows only.
    const columns = Object.fromEntries(COLUMNS.map((c) => [c, this[c].length === n ? this[c] : this[c].subarray(0, n)])) as PackedBatch['columns'];
    const p = this.persons;
    const persons = { ...packPersons(p), name: p.map((x) => x.name) };
    const w = this.caseworkers;
    const packed: PackedBatch = {
      length: n,
      columns,
      persons,
      texts: { departments: this.departments.values, serviceNames: this.serviceNames.values, legalBases: this.legalBases.values, goals: this.goals.values },
      caseworkers: { name: w.map((c) => c.name), phone: w.map((c) => c.phone), email: w.map((c) => c.email), unit: w.map((c) => c.unit) },
    };
    const transfer = [...Object.values(columns).map((a) => a.buffer as ArrayBuffer), ...personsTransfer(persons)];
    return { packed, transfer };
  }

  /** A batch from its packed form, for reading (loading): it cannot be added to. */
  static unpack(p: PackedBatch): ServiceBatch {
    const b = new ServiceBatch();
    b.length = p.length;
    for (const c of COLUMNS) (b as unknown as Record<string, Int32Array | Float64Array>)[c] = p.columns[c];
    b.personList = null;
    b.packedPersons = p.persons;
    b.departments = Strings.of(p.texts.departments);
    b.serviceNames = Strings.of(p.texts.serviceNames);
    b.legalBases = Strings.of(p.texts.legalBases);
    b.goals = Strings.of(p.texts.goals);
    const w = p.caseworkers;
    for (let i = 0; i < w.name.length; i++) b.caseworkers.push({ name: w.name[i]!, phone: w.phone[i]!, email: w.email[i]!, unit: w.unit[i]! });
    return b;
  }

  static from(records: readonly ServiceRecord[], rows = 0): ServiceBatch {
    const b = new ServiceBatch(rows);
    for (const r of records) {
      const c = r.caseworker;
      b.push(b.personOf(r, r.name), r.catalogueId, r.department, r.serviceName, r.legalBasis, r.goal, b.caseworkerOf(c.name, c.phone, c.email, c.unit), r.startDay, r.endDay, r.yearlyCost);
    }
    b.sortPersons();
    return b;
  }
}
