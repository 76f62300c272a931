/**
 * Loads validated records into the compact schema. A services extract replaces its source's
 * previous snapshot; a relations file replaces all relations. The caller runs this inside a
 * savepoint, so a failure leaves the previous snapshot exactly as it was.
 *
 * Rows go in through prepared multi-row INSERTs (few crossings into WebAssembly) with text
 * dictionary-encoded in JavaScript first.
 */
import type { Database, SqlValue } from 'sql.js';
import type { Sector } from '../../../shared/extract-format';
import { one } from '../base/database';

/** Whole result sets as arrays in one call: much cheaper than a row object per step for 250,000 rows. */
const rowsOf = (db: Database, sql: string): SqlValue[][] => db.exec(sql)[0]?.values ?? [];
import { Batcher } from './batcher';
import { KINDS, type Caseworker, type PackedPersons, type ServiceBatch, type Strings } from './service-batch';
import { renumber, type RelationBatch } from './validate';
import type { LoadedPersons, LoadedRelations, LoadedServices, SourceColumns } from './loaded-services';

/** Dictionary kinds in the `dict` table. */
const DICT = { department: 1, serviceName: 2, legalBasis: 3, goal: 4 } as const;

/** Where the ids of the first versions began (each kind from its own billion, kind × 10^9 + 1). */
const WIDE_IDS_FROM = 1e9;

class Dictionary {
  private readonly ids = new Map<string, number>();
  private next: number;
  private readonly pending: [number, number, string][] = [];
  constructor(
    private readonly db: Database,
    private readonly kind: number,
  ) {
    for (const [id, value] of rowsOf(db, `SELECT id, value FROM dict WHERE kind = ${kind}`)) this.ids.set(String(value), Number(id));
    // New texts of every kind are numbered on from the largest small id: a service row stores four
    // of these ids, and SQLite stores a small integer in one or two bytes where the ids from each
    // kind's own billion (which workspaces from before keep) took four to six (a copenhagen-scale
    // database: 21,549 pages instead of 24,038). The dictionaries of an import are filled one after
    // another (loadServices), each inserting its texts before the next reads this maximum.
    this.next = Number(one(db, 'SELECT coalesce(max(id), 0) AS m FROM dict WHERE id < ?', [WIDE_IDS_FROM])?.m) + 1;
  }
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(value, id);
      this.pending.push([id, this.kind, value]);
    }
    return id;
  }
  flush() {
    const b = new Batcher(this.db, 'INSERT INTO dict (id, kind, value)', '(?,?,@)');
    for (const p of this.pending) b.add(p);
    b.finish();
  }
}

/**
 * The persons table as the loader needs it: CPR number → id, and each id's name. Kept between the
 * files of one batch (LoadCache), since reading a quarter of a million persons back for every file
 * cost a second at copenhagen scale; it then follows every insert, rename and deletion exactly,
 * so the ids it hands out are the ones a fresh read would give.
 *
 * The persons it knows are kept in CPR order (two arrays), not in a Map: a services batch comes
 * sorted from its worker (ServiceBatch.sortPersons), so each file is matched in one merging pass
 * and its new persons are already in the order they get their ids. With a Map of every CPR number
 * and the new persons sorted on the engine's thread, six overlapping files of a quarter of a million
 * persons took about 0.4 s of that thread; merging them takes about 0.08 s.
 */
class People {
  /** Every person in the table in CPR order (as `<` orders strings), and their ids. */
  private knownCpr: string[] = [];
  private knownId: number[] = [];
  private next = 1;
  private readonly renames: [string, number][] = [];
  /** By id (arrays, not maps: a quarter of a million entries); undefined where no person has the id. */
  private readonly cprOf: (string | undefined)[] = [];
  private readonly nameOf: string[] = [];
  private readonly birthDayOf: number[] = [];
  /** By id: 1 where a call of this import named the person (their data was stored). */
  private named = new Uint8Array(0);
  /** Persons a call named who were then removed (a later file of the sector left them unreferenced). */
  private readonly namedRemoved: string[] = [];
  constructor(private readonly db: Database) {
    const rows = rowsOf(db, 'SELECT id, cpr, name, birth_day FROM person ORDER BY cpr');
    for (const [id, cpr, name, birthDay] of rows) {
      this.remember(Number(id), String(cpr), String(name), Number(birthDay));
      this.knownCpr.push(String(cpr));
      this.knownId.push(Number(id));
    }
    // SQLite orders text by its UTF-8 bytes, JavaScript by UTF-16 units: the same for the ASCII of
    // CPR numbers, but the order the merge relies on is checked rather than assumed.
    if (!isSorted(this.knownCpr, (cpr) => cpr)) {
      const order = sortedOrder(this.knownCpr);
      this.knownCpr = order.map((i) => this.knownCpr[i]!);
      this.knownId = order.map((i) => this.knownId[i]!);
    }
    this.readNext();
  }
  private remember(id: number, cpr: string, name: string, birthDay: number) {
    this.cprOf[id] = cpr;
    this.nameOf[id] = name;
    this.birthDayOf[id] = birthDay;
  }
  /**
   * The CPR numbers of every person a call named (whose data the import stored), each once and in
   * order: for the access log's entry, which sorts them (a quarter of a million, already sorted,
   * instead of a million with repeats).
   */
  namedCprs(): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.knownId.length; k++) if (this.named[this.knownId[k]!]) out.push(this.knownCpr[k]!);
    // Their data was stored too, if only for a moment: the log names them as well (once, though a
    // person removed may have been named again under a new id).
    return this.namedRemoved.length ? [...new Set([...out, ...this.namedRemoved])].sort() : out;
  }
  private markNamed(ids: Int32Array): void {
    if (this.next > this.named.length) {
      const grown = new Uint8Array(Math.max(this.next, 2 * this.named.length));
      grown.set(this.named);
      this.named = grown;
    }
    for (let i = 0; i < ids.length; i++) this.named[ids[i]!] = 1;
  }
  /** Every person in the table, in id order (for the screening index). */
  persons(): LoadedPersons {
    // Counted, then filled by plain loops: Int32Array.from over an array goes through its iterator
    // and a call per element (77 ms of the import's end at stress scale, for 375,000 persons).
    let n = 0;
    for (let i = 0; i < this.cprOf.length; i++) if (this.cprOf[i] !== undefined) n++;
    const id = new Int32Array(n);
    const cpr: string[] = []; // pushed, so the array stays packed (no holes to check on each read)
    const birthDay = new Int32Array(n);
    for (let i = 0, k = 0; i < this.cprOf.length; i++) {
      const c = this.cprOf[i];
      if (c === undefined) continue;
      id[k] = i;
      cpr.push(c);
      birthDay[k++] = this.birthDayOf[i]!;
    }
    return { id, cpr, birthDay };
  }
  private readNext() {
    this.next = Number(one(this.db, 'SELECT coalesce(max(id), 0) AS m FROM person')?.m ?? 0) + 1;
  }
  /** Persons just deleted (orphans): forgotten, and the next id is what the table now gives. */
  forget(deleted: readonly { id: number; cpr: string }[]) {
    if (deleted.length) {
      for (const d of deleted) {
        this.cprOf[d.id] = undefined;
        if (this.named[d.id]) this.namedRemoved.push(d.cpr);
        this.named[d.id] = 0; // the id may be given again
      }
      const cpr: string[] = [];
      const id: number[] = [];
      for (let k = 0; k < this.knownId.length; k++) {
        if (this.cprOf[this.knownId[k]!] === undefined) continue;
        cpr.push(this.knownCpr[k]!);
        id.push(this.knownId[k]!);
      }
      this.knownCpr = cpr;
      this.knownId = id;
    }
    this.readNext();
  }
  /**
   * The database id of each person, in order. Persons seen for the first time get the next free
   * ids in CPR order: the table's rows and its CPR index then both grow at their ends (ids handed
   * out in file order and inserted in CPR order split the table's pages at random; measured in
   * sql.js with 290,000 persons, 0.5–0.9 s against 1.4–1.7 s). The last non-empty name a call gives
   * a person is their name; a different one for a person already there is a rename.
   */
  resolve(persons: PackedPersons, nameAt: (i: number) => string, cprIndex?: DeferredIndex): Int32Array {
    const cprs = persons.cpr;
    const out = new Int32Array(cprs.length);
    // Both loaders' persons come sorted from the worker (ServiceBatch.sortPersons, RelationBatch).
    const order = isSorted(cprs, (cpr) => cpr) ? null : sortedOrder(cprs);
    // One pass over the call's persons and the known ones, both in CPR order: the known ones and
    // the new ones are merged into the next known list as they are met. The list is made at the
    // most it can hold and cut to what it holds: grown by push to a quarter of a million, it was
    // moved into new, larger memory about twenty times for every file.
    const most = this.knownCpr.length + cprs.length;
    const knownCpr = new Array<string>(most);
    const knownId = new Array<number>(most);
    let known = 0;
    const keep = (cpr: string, id: number) => {
      knownCpr[known] = cpr;
      knownId[known++] = id;
    };
    let j = 0;
    // A new person's entries (relations repeat persons): their first entry and last non-empty name.
    let fresh: { i: number; id: number; name: string } | null = null;
    // The new persons in the order of their ids, inserted once counted (the index of CPR numbers
    // is dropped first if they are many).
    const freshAt: number[] = [];
    const freshName: string[] = [];
    const firstId = this.next;
    const keepFresh = () => {
      if (!fresh) return;
      freshAt.push(fresh.i);
      freshName.push(fresh.name);
      fresh = null;
    };
    for (let k = 0; k < cprs.length; k++) {
      const i = order ? order[k]! : k;
      const cpr = cprs[i]!;
      const name = nameAt(i);
      if (fresh && cprs[fresh.i] === cpr) {
        out[i] = fresh.id;
        if (name) fresh.name = name;
        continue;
      }
      keepFresh();
      while (j < this.knownCpr.length && this.knownCpr[j]! < cpr) {
        keep(this.knownCpr[j]!, this.knownId[j]!);
        j++;
      }
      if (j < this.knownCpr.length && this.knownCpr[j] === cpr) {
        const id = this.knownId[j]!;
        out[i] = id;
        if (name && this.nameOf[id] !== name) {
          this.nameOf[id] = name;
          this.renames.push([name, id]);
        }
        continue;
      }
      fresh = { i, id: this.next++, name };
      out[i] = fresh.id;
      keep(cpr, fresh.id);
    }
    keepFresh();
    cprIndex?.beforeInsert(freshAt.length);
    // Sex and kind go in as small numbers (a text bound costs an allocation in sql.js), stored as their texts.
    const batch = new Batcher(
      this.db,
      'INSERT INTO person (id, cpr, name, birth_day, sex, cpr_kind)',
      `(?,@,@,?,CASE ? WHEN 1 THEN 'F' ELSE 'M' END,CASE ? ${KINDS.map((k, n) => `WHEN ${n} THEN '${k}'`).join(' ')} END)`,
    );
    for (let k = 0; k < freshAt.length; k++) {
      const i = freshAt[k]!;
      this.remember(firstId + k, cprs[i]!, freshName[k]!, persons.birthDay[i]!);
      batch.put(firstId + k);
      batch.text(cprs[i]!);
      batch.text(freshName[k]!);
      batch.put(persons.birthDay[i]!);
      batch.put(persons.sex[i]!); // 1 for F (packPersons)
      batch.put(persons.kind[i]!); // an index into KINDS
    }
    batch.finish();
    for (; j < this.knownCpr.length; j++) keep(this.knownCpr[j]!, this.knownId[j]!);
    knownCpr.length = known;
    knownId.length = known;
    this.knownCpr = knownCpr;
    this.knownId = knownId;
    const stmt = this.db.prepare('UPDATE person SET name = ? WHERE id = ?');
    for (const r of this.renames) stmt.run(r);
    stmt.free();
    this.renames.length = 0;
    this.markNamed(out);
    return out;
  }
}

/** Whether the items' keys are in strictly ascending order (as `<` compares strings). */
function isSorted<T>(items: readonly T[], key: (item: T) => string): boolean {
  for (let i = 1; i < items.length; i++) if (!(key(items[i - 1]!) < key(items[i]!))) return false;
  return true;
}

/** The indexes of `strings` in ascending order; equal strings keep their order (the sort is stable). */
function sortedOrder(strings: readonly string[]): number[] {
  return Array.from(strings.keys()).sort((a, b) => (strings[a]! < strings[b]! ? -1 : strings[a]! > strings[b]! ? 1 : a - b));
}

/**
 * An index a large import drops while it inserts and builds once when it ends. Kept up to date row
 * by row, an index on random keys costs about as much as the inserts themselves (they split pages
 * everywhere): measured in sql.js with 250,000 persons in six files, inserting with the unique
 * index of CPR numbers took 0.9 s, without it 0.55 s with the build. So once an import has
 * inserted (or may insert) at least as many rows as it found in the table, the index is dropped,
 * and built once when the import ends (LoadCache.finish); a unique index then checks every row at
 * once. (The index of services by person is not one of these: services go in in its order, see
 * rowsByPersonId.) Dropping and creating are inside the import's savepoint: a rollback brings the
 * index back as it was.
 */
class DeferredIndex {
  private dropped = false;
  /** Rows this import has inserted (or announced, at most) so far. */
  private inserted = 0;
  constructor(
    private readonly db: Database,
    private readonly table: 'person' | 'relation',
    private readonly name: string,
    private readonly kind: 'INDEX' | 'UNIQUE INDEX',
    private readonly columns: string,
  ) {}
  beforeInsert(rows: number): void {
    const earlier = this.inserted;
    this.inserted += rows;
    if (this.dropped || rows === 0) return;
    const found = Number(one(this.db, `SELECT count(*) AS n FROM ${this.table}`)?.n ?? 0) - earlier;
    if (this.inserted < found) return;
    this.db.exec(`DROP INDEX IF EXISTS ${this.name}`);
    this.dropped = true;
  }
  ensure(): void {
    if (!this.dropped) return;
    this.db.exec(`CREATE ${this.kind} IF NOT EXISTS ${this.name} ON ${this.table} ${this.columns}`);
    this.dropped = false;
  }
  /** After a rollback to before the drop: the index is back, nothing to build. */
  rolledBack(): void {
    this.dropped = false;
    this.inserted = 0;
  }
}

/**
 * What the loader keeps between the files of one import (see People and DeferredIndex), and what it
 * does once when the import ends: whoever creates it calls `finish()` before the import's
 * savepoint is released.
 *
 * The rows a replaced snapshot leaves unreferenced are removed then, once, not file by file (the
 * sweep looks persons up through the indexes the loads defer, which it would have to build after
 * each file). A person,
 * text or caseworker that one file's replaced snapshot leaves behind and a later file of the same
 * import names again is therefore kept, under the id it had, where importing the files one by one
 * would delete it and add it back under a new id; either way the same rows stand.
 */
export class LoadCache {
  people: People | null = null;
  private cprIndex: DeferredIndex | null = null;
  private childIndex: DeferredIndex | null = null;
  /** Each source's services as loaded, for the screening index that follows (loaded-services.ts). */
  private readonly sources: LoadedServices['sources'] = new Map();
  /** The relations as loaded, if this import loaded a relations file (the last one, if several). */
  private relations: LoadedRelations | undefined;
  /** What the snapshots this import replaced referred to: the only rows it can leave unreferenced. */
  private readonly replaced = { persons: new Set<number>(), texts: new Set<number>(), caseworkers: new Set<number>() };
  /** The texts and caseworkers each sector's new snapshot refers to (a later file of the sector replaces its entry). */
  private readonly refersTo = new Map<string, { texts: ArrayLike<number>[]; caseworkers: ArrayLike<number> }>();
  constructor(private readonly db: Database) {}
  /** The unique index of persons' CPR numbers (schema: person_cpr); the loader keeps them in People meanwhile. */
  personCprIndex(): DeferredIndex {
    return (this.cprIndex ??= new DeferredIndex(this.db, 'person', 'person_cpr', 'UNIQUE INDEX', '(cpr)'));
  }
  /** The index of relations by child (schema: relation_child). */
  relationChildIndex(): DeferredIndex {
    return (this.childIndex ??= new DeferredIndex(this.db, 'relation', 'relation_child', 'INDEX', '(child_id)'));
  }
  /** A snapshot is being replaced: what it referred to is checked when the import ends. */
  replacing(was: Referenced): void {
    for (const k of ['persons', 'texts', 'caseworkers'] as const) for (const id of was[k]) this.replaced[k].add(id);
  }
  /** What a sector's new snapshot refers to (none of it can be unreferenced when the import ends). */
  refersToFor(sector: string, texts: ArrayLike<number>[], caseworkers: ArrayLike<number>): void {
    this.refersTo.set(sector, { texts, caseworkers });
  }
  finish(): void {
    const r = this.replaced;
    if (r.persons.size || r.texts.size || r.caseworkers.size) {
      // The sweep finds persons' services and links through these (services through the index
      // by person, which a load keeps: see rowsByPersonId).
      this.childIndex?.ensure();
      const kept = { texts: new Set<number>(), caseworkers: new Set<number>() };
      for (const k of this.refersTo.values()) {
        for (const list of k.texts) for (let i = 0; i < list.length; i++) kept.texts.add(list[i]!);
        for (let i = 0; i < k.caseworkers.length; i++) kept.caseworkers.add(k.caseworkers[i]!);
      }
      const loaded = { sources: [...this.sources.keys()], rows: [...this.sources.values()].reduce((n, s) => n + s.length, 0) };
      removeOrphans(this.db, peopleOf(this.db, this), { persons: [...r.persons], texts: [...r.texts], caseworkers: [...r.caseworkers] }, kept, loaded);
      this.forgetReplaced();
    }
    this.cprIndex?.ensure();
    this.childIndex?.ensure();
  }
  /** The CPR numbers of every person this import's loads named, each once, in order (see People.namedCprs). */
  stored(): string[] {
    return this.people?.namedCprs() ?? [];
  }
  /** What the import loaded, for the screening index; nothing if it loaded no services. */
  loaded(): LoadedServices | undefined {
    return this.people && this.sources.size ? { sources: this.sources, persons: this.people.persons(), relations: this.relations } : undefined;
  }
  /** The relations as just loaded (replacing all before them). */
  loadedRelations(relations: LoadedRelations): void {
    this.relations = relations;
  }
  /** A source's services as just loaded (replacing what an earlier file of the import loaded for its sector). */
  loadedSource(columns: SourceColumns): void {
    for (const [id, earlier] of this.sources) if (earlier.sector === columns.sector) this.sources.delete(id);
    this.sources.set(columns.sourceId, columns);
  }
  private forgetReplaced(): void {
    for (const set of Object.values(this.replaced)) set.clear();
    this.refersTo.clear();
  }
  rolledBack(): void {
    this.people = null;
    this.sources.clear();
    this.relations = undefined;
    this.forgetReplaced();
    this.cprIndex?.rolledBack();
    this.childIndex?.rolledBack();
  }
}

const peopleOf = (db: Database, cache: LoadCache): People => {
  const people = cache.people ?? new People(db);
  cache.people = people;
  return people;
};

function caseworkerIds(db: Database) {
  const ids = new Map<string, number>();
  const keyOf = (c: Caseworker) => `${c.name}\u0000${c.phone}\u0000${c.email}\u0000${c.unit}`;
  for (const [id, name, phone, email, unit] of rowsOf(db, 'SELECT id, name, phone, email, unit FROM caseworker')) {
    ids.set(keyOf({ name: String(name), phone: String(phone), email: String(email), unit: String(unit) }), Number(id));
  }
  let next = Number(one(db, 'SELECT coalesce(max(id), 0) AS m FROM caseworker')?.m ?? 0) + 1;
  const batch = new Batcher(db, 'INSERT INTO caseworker (id, name, phone, email, unit)', '(?,@,@,@,@)');
  return {
    id(c: Caseworker) {
      const key = keyOf(c);
      let id = ids.get(key);
      if (id === undefined) {
        id = next++;
        ids.set(key, id);
        batch.add([id, c.name, c.phone, c.email, c.unit]);
      }
      return id;
    },
    finish: () => batch.finish(),
  };
}

/** The rows a snapshot refers to: the only ones replacing it can leave unreferenced. */
interface Referenced {
  persons: number[];
  texts: number[];
  caseworkers: number[];
}

const idsOf = (db: Database, sql: string): number[] => rowsOf(db, sql).map((r) => Number(r[0]));

/** What a source's services refer to, read through the service_source index (that source's rows only). */
function referencedBySource(db: Database, sourceId: number): Referenced {
  const of = (column: string) => `SELECT ${column} FROM service WHERE source_id = ${sourceId} AND ${column} IS NOT NULL`;
  return {
    persons: idsOf(db, `SELECT DISTINCT person_id FROM service WHERE source_id = ${sourceId}`),
    texts: idsOf(db, ['department_id', 'service_name_id', 'legal_basis_id', 'goal_id'].map(of).join(' UNION ')),
    caseworkers: idsOf(db, `SELECT DISTINCT caseworker_id FROM service WHERE source_id = ${sourceId}`),
  };
}

/** Integer ids as SQL lists of bounded length (they are numbers from the database, never text). */
function* idLists(ids: readonly number[]): Generator<string> {
  for (let i = 0; i < ids.length; i += 10_000) yield ids.slice(i, i + 10_000).join(',');
}

/**
 * Removes what the snapshots an import replaced leave behind: persons no longer referenced by any
 * service or relation, and texts (goals, departments, service names, legal bases) and caseworkers no
 * service refers to any more. The database runs with secure_delete (base/database.ts), so the deleted rows
 * are overwritten, not merely unlinked.
 *
 * Only what the replaced snapshots referred to can have become unreferenced (nothing else was
 * deleted, and migration 11 swept what older versions left), so only those rows are checked, and
 * those the new snapshots refer to (`kept`) not at all: checking every row meant scanning every
 * service four times per import, seconds at copenhagen scale. A text or caseworker not kept can
 * only still be named by a source this import did not load (the `loaded` sources name nothing but
 * what they keep), so only those sources' services are read: through the index by source when they
 * are the smaller part of the table (one large file accepted into a workspace with little else),
 * otherwise in one pass over the table; none at all when the import loaded every source.
 */
function removeOrphans(
  db: Database,
  people: People,
  was: Referenced,
  kept: { texts: ReadonlySet<number>; caseworkers: ReadonlySet<number> },
  loaded: { sources: readonly number[]; rows: number },
): void {
  const deleted: { id: number; cpr: string }[] = [];
  for (const list of idLists(was.persons)) {
    const rows = rowsOf(
      db,
      `DELETE FROM person WHERE id IN (${list}) AND NOT EXISTS (SELECT 1 FROM service s WHERE s.person_id = person.id)
       AND NOT EXISTS (SELECT 1 FROM relation r WHERE r.parent_id = person.id)
       AND NOT EXISTS (SELECT 1 FROM relation r WHERE r.child_id = person.id) RETURNING id, cpr`,
    );
    for (const [id, cpr] of rows) deleted.push({ id: Number(id), cpr: String(cpr) });
  }
  people.forget(deleted);
  let ofOthers: string | undefined;
  const ofOtherSources = () => {
    if (ofOthers === undefined) {
      const others = idsOf(db, `SELECT id FROM source WHERE id NOT IN (${loaded.sources.join(',')})`).join(',');
      const rows = others ? Number(one(db, `SELECT count(*) AS n FROM service WHERE source_id IN (${others})`)?.n ?? 0) : 0;
      // `+source_id` keeps SQLite from reading most of the table row by row through the index by source.
      ofOthers = !others ? '' : 2 * rows < loaded.rows ? `source_id IN (${others})` : `+source_id IN (${others})`;
    }
    return ofOthers;
  };
  const unreferenced = (candidates: readonly number[], keep: ReadonlySet<number>, columns: string[], table: string) => {
    const left = candidates.filter((id) => !keep.has(id));
    if (left.length === 0) return;
    // One scan per column, each row checked against the few candidates left.
    const list = left.join(',');
    const where = ofOtherSources();
    const still = new Set(where ? idsOf(db, columns.map((c) => `SELECT ${c} FROM service WHERE ${where} AND ${c} IN (${list})`).join(' UNION ')) : []);
    const gone = left.filter((id) => !still.has(id));
    for (const l of idLists(gone)) db.run(`DELETE FROM ${table} WHERE id IN (${l})`);
  };
  unreferenced(was.texts, kept.texts, ['department_id', 'service_name_id', 'legal_basis_id', 'goal_id'], 'dict');
  unreferenced(was.caseworkers, kept.caseworkers, ['caseworker_id'], 'caseworker');
}

export function loadServices(db: Database, sector: Sector, batch: ServiceBatch, receiptId: number, snapshotDay: number, onRows?: (n: number) => void, cache?: LoadCache): void {
  const own = cache ?? new LoadCache(db);
  const existing = one(db, 'SELECT id FROM source WHERE sector = ?', [sector]);
  if (existing) {
    const oldId = Number(existing.id);
    own.replacing(referencedBySource(db, oldId));
    db.run('DELETE FROM service WHERE source_id = ?', [oldId]);
    db.run('DELETE FROM source WHERE id = ?', [oldId]);
  }
  // A replaced source comes back under the largest id, so the new rows' entries in the index by
  // source are appended at its end rather than inserted between other sources' entries, which
  // splits pages in the middle of the index for every few rows.
  db.run('INSERT INTO source (sector, receipt_id, snapshot_day) VALUES (?, ?, ?)', [sector, receiptId, snapshotDay]);
  const sourceId = Number(one(db, 'SELECT id FROM source WHERE sector = ?', [sector])!.id);
  // Each distinct person, text and caseworker of the batch is mapped to its database id once.
  const people = peopleOf(db, own);
  const persons = batch.personColumns();
  const personId = people.resolve(persons, (i) => persons.name[i]!, own.personCprIndex());
  const ids = (kind: number, strings: Strings) => {
    const d = new Dictionary(db, kind);
    // Float64: a workspace from before may hold ids of kinds 3 and 4 above 2^31 (see Dictionary), beyond an Int32Array.
    const out = Float64Array.from(strings.values, (v) => d.id(v));
    d.flush();
    return out;
  };
  const department = ids(DICT.department, batch.departments);
  const serviceName = ids(DICT.serviceName, batch.serviceNames);
  const legalBasis = ids(DICT.legalBasis, batch.legalBases);
  const goal = ids(DICT.goal, batch.goals);
  const workers = caseworkerIds(db);
  const caseworker = Int32Array.from(batch.caseworkers, (c) => workers.id(c));
  workers.finish();
  // The source is the same for every row: a number from the database, written into the statement.
  const services = new Batcher(
    db,
    `INSERT INTO service (person_id, source_id, catalogue_id, department_id, service_name_id, legal_basis_id, goal_id,
       caseworker_id, start_day, end_day, yearly_cost)`,
    `(?,${Number(sourceId)},?,?,?,?,?,?,?,?,?)`,
  );
  const n = batch.length;
  // In insertion order: the order of the rows' ids (see SourceColumns).
  const columns: SourceColumns = {
    sourceId,
    receiptId,
    sector,
    length: n,
    person: new Int32Array(n),
    catalogueId: new Int32Array(n),
    department: new Float64Array(n),
    caseworker: new Int32Array(n),
    startDay: new Int32Array(n),
    endDay: new Int32Array(n),
    cost: new Float64Array(n),
  };
  const order = rowsByPersonId(batch, personId);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const g = batch.goal[i]!;
    const end = batch.endOf(i);
    const cost = batch.costOf(i);
    services.put((columns.person[k] = personId[batch.person[i]!]!));
    services.put((columns.catalogueId[k] = batch.catalogueId[i]!));
    services.put((columns.department[k] = department[batch.department[i]!]!));
    services.put(serviceName[batch.serviceName[i]!]!);
    services.put(legalBasis[batch.legalBasis[i]!]!);
    services.put(g < 0 ? null : goal[g]!);
    services.put((columns.caseworker[k] = caseworker[batch.caseworker[i]!]!));
    services.put((columns.startDay[k] = batch.startDay[i]!));
    services.put(end);
    services.put(cost);
    columns.endDay[k] = end ?? -1;
    columns.cost[k] = cost ?? 0;
    if (onRows && k % 50_000 === 0) onRows(k);
  }
  services.finish();
  own.loadedSource(columns);
  own.refersToFor(sector, [department, serviceName, legalBasis, goal], caseworker);
  // Called without a cache, this load is the whole import: swept and indexed before it ends.
  if (!cache) own.finish();
}

/**
 * The batch's rows in the order they go in: by their persons' database ids, each person's rows in
 * the file's order (a counting sort over the ids, which are small and dense). The index of services
 * by person then takes a file's entries in its own order, in one pass from its start to its end:
 * at the end itself for persons new to the workspace, and in order between the entries already
 * there for the others. Kept up to date this way, it costs the load less than dropping it and
 * building it again when the import ends: measured at copenhagen scale with the app's import of
 * the seven files (four runs each, alternating), 11.6–12.6 s against 12.2–13.7 s to the first
 * preview, and with one file of 390,000 services into a workspace with few, 0.11 s more for the
 * inserts against 0.25–0.3 s to build the index. In the file's order, the same entries went into
 * the index at random and cost 0.7 to 2.2 s more.
 */
function rowsByPersonId(batch: ServiceBatch, personId: Int32Array): Int32Array {
  let top = 0;
  for (let p = 0; p < personId.length; p++) top = Math.max(top, personId[p]!);
  const personWithId = new Int32Array(top + 1).fill(-1);
  for (let p = 0; p < personId.length; p++) personWithId[personId[p]!] = p;
  const rowCount = new Int32Array(personId.length);
  for (let r = 0; r < batch.length; r++) rowCount[batch.person[r]!]!++;
  // Where each person's rows start, the persons taken in the order of their ids.
  const next = new Int32Array(personId.length);
  for (let id = 0, at = 0; id <= top; id++) {
    const p = personWithId[id]!;
    if (p < 0) continue;
    next[p] = at;
    at += rowCount[p]!;
  }
  const order = new Int32Array(batch.length);
  for (let r = 0; r < batch.length; r++) order[next[batch.person[r]!]!++] = r;
  return order;
}

/** Person ids up to this are ordered by counting; beyond it (no unit has that many persons) by comparison. */
const COUNTING_SORT_UP_TO = 1 << 24;

/**
 * The links' positions in key order (parent, then child), stably: two counting passes, by child
 * and then by parent, over the person ids (which lie close together, from 1 up), with no call per
 * comparison. For copenhagen's 82,000 links, at the very end of an import (relations are loaded
 * last): 3 ms against 30 ms for the comparison sort once both are compiled; run once, as an import
 * runs it, 25 ms against 31.
 */
export function keyOrder(parent: Int32Array, child: Int32Array): Int32Array {
  let min = 0;
  let max = 0;
  for (let i = 0; i < parent.length; i++) {
    const p = parent[i]!;
    const c = child[i]!;
    if (p < min || c < min) min = Math.min(p, c);
    if (p > max || c > max) max = Math.max(p, c, max);
  }
  if (min < 0 || max > COUNTING_SORT_UP_TO) {
    return Int32Array.from(Array.from(parent.keys()).sort((a, b) => parent[a]! - parent[b]! || child[a]! - child[b]!));
  }
  const count = new Int32Array(max + 2);
  const byChild = new Int32Array(parent.length);
  for (let i = 0; i < child.length; i++) count[child[i]! + 1]!++;
  for (let v = 0; v <= max; v++) count[v + 1]! += count[v]!;
  for (let i = 0; i < child.length; i++) byChild[count[child[i]!]!++] = i;
  count.fill(0);
  for (let i = 0; i < parent.length; i++) count[parent[i]! + 1]!++;
  for (let v = 0; v <= max; v++) count[v + 1]! += count[v]!;
  const order = new Int32Array(parent.length);
  for (let k = 0; k < byChild.length; k++) order[count[parent[byChild[k]!]!]!++] = byChild[k]!;
  return order;
}

export function loadRelations(db: Database, relations: RelationBatch, receiptId: number, cache?: LoadCache): void {
  const own = cache ?? new LoadCache(db);
  own.replacing({ persons: idsOf(db, 'SELECT parent_id FROM relation UNION SELECT child_id FROM relation'), texts: [], caseworkers: [] });
  db.run('DELETE FROM relation');
  const people = peopleOf(db, own);
  // Each person once and in CPR order already (RelationBatch): met in one merging pass.
  const ids = people.resolve(relations.persons, () => '', own.personCprIndex());
  const parent = renumber(relations.parent, ids);
  const child = renumber(relations.child, ids);
  // In key order, so the table (keyed by parent and child) grows at its end instead of splitting
  // pages at random. The sort is stable: of two links between the same persons the first in the
  // file is still the one kept (OR IGNORE), as in file order.
  const order = keyOrder(parent, child);
  own.relationChildIndex().beforeInsert(order.length);
  // The receipt is the same for every row: a number from the database, written into the statement.
  const batch = new Batcher(db, 'INSERT OR IGNORE INTO relation (parent_id, child_id, household, receipt_id)', `(?,?,?,${Number(receiptId)})`);
  // The rows as the table keeps them, for screening's families (loaded-services.ts): a link that
  // repeats the one before it (the same parent and child) is the one OR IGNORE leaves out.
  const kept: LoadedRelations = { receiptId, parent: new Int32Array(order.length), child: new Int32Array(order.length), household: [] };
  let n = 0;
  for (const i of order) {
    batch.put(parent[i]!);
    batch.put(child[i]!);
    batch.put(relations.household[i] || null);
    if (n > 0 && kept.parent[n - 1] === parent[i] && kept.child[n - 1] === child[i]) continue;
    kept.parent[n] = parent[i]!;
    kept.child[n++] = child[i]!;
    kept.household.push(relations.household[i] ?? '');
  }
  batch.finish();
  own.loadedRelations({ ...kept, parent: kept.parent.slice(0, n), child: kept.child.slice(0, n) });
  if (!cache) own.finish();
}
