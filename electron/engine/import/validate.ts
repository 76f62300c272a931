/**
 * Turns a table read from an extract into records, applying the trial's rules in this order:
 * columns outside the allowed set are dropped before any row is read; rows the trial does not
 * allow (excluded services, anything not ongoing) are dropped before they are validated; the
 * rest are validated, and every refused row is reported with its row, column and reason.
 * Only plain arrays and Maps are keyed by file content, so a header like `__proto__` is inert.
 */
import { readCpr, type CprKind } from '../../../shared/cpr';
import {
  normaliseHeader,
  RELATION_COLUMNS,
  SECTOR_ALIASES,
  SECTOR_NAMES,
  SECTORS,
  SERVICE_COLUMNS,
  STATUS_ALIASES,
  type ColumnSpec,
  type DropRule,
  type RejectReason,
  type Sector,
} from '../../../shared/extract-format';
import { type CatalogueEntry } from '../catalogue/catalogue';
import { normaliseCode } from '../../../shared/codes';
import { isoOfDay, parseAmount, parseDate } from '../../../shared/dates';
import { packPersons, ServiceBatch, type PackedPersons } from './service-batch';

/**
 * An extract's rows, read once, in order, as validation asks for them: a CSV is parsed as it is
 * validated, so its rows are never all held at once. `row` is the row number a spreadsheet shows
 * (the header is row 1); `numeric` marks XLSX cells stored as numbers.
 */
export interface Table {
  header: string[];
  eachRow(fn: (row: number, cells: string[], numeric?: boolean[]) => void): void;
  /** A workbook's date system, for its number cells that hold dates (1900 when not said). */
  dateSystem?: 1900 | 1904;
  /** About how many rows there are (csv.ts recordsHint), to make room for them once; 0 or absent when not known. */
  rowsHint?: number;
}

/** A table over rows already in memory (XLSX, tests). */
export function tableOf(header: string[], rows: readonly { row: number; cells: string[]; numeric?: boolean[] }[]): Table {
  return { header, eachRow: (fn) => rows.forEach((r) => fn(r.row, r.cells, r.numeric)) };
}

export interface Rejection {
  row: number;
  column: string;
  reason: RejectReason;
}

export interface PersonFields {
  cpr: string;
  birthDay: number;
  sex: 'M' | 'F';
  kind: CprKind;
}

interface CheckedPerson extends PersonFields {
  mod11: boolean;
}

export interface ServiceRecord extends PersonFields {
  name: string;
  catalogueId: number;
  department: string;
  serviceName: string;
  legalBasis: string;
  startDay: number;
  endDay: number | null;
  goal: string;
  caseworker: { name: string; phone: string; email: string; unit: string };
  yearlyCost: number | null;
}

export interface RelationRecord {
  parent: PersonFields;
  child: PersonFields;
  household: string;
}

/**
 * A relations file's kept links, column by column: each person once, in CPR order (the order the
 * loader meets persons in, load.ts People), and per link the indexes of its parent and child in
 * `persons`. Made where the file is validated (the worker), so the engine's thread neither sorts
 * the links' CPR numbers (0.15 s at copenhagen scale) nor makes objects per link.
 */
export interface RelationBatch {
  persons: PackedPersons;
  parent: Int32Array;
  child: Int32Array;
  household: string[];
}

/** The links as a RelationBatch, in the file's order. */
export function relationBatch(records: readonly RelationRecord[]): RelationBatch {
  const links = new RelationLinks();
  for (const r of records) links.add(links.personOf(r.parent), links.personOf(r.child), r.household);
  return links.batch();
}

/** Each number through `to`, as a typed array: a plain loop (Int32Array.from goes through an iterator and a call per element). */
export function renumber(from: ArrayLike<number>, to: ArrayLike<number>): Int32Array {
  const out = new Int32Array(from.length);
  for (let k = 0; k < from.length; k++) out[k] = to[from[k]!]!;
  return out;
}

/**
 * A relations file's links as validation keeps them: each person numbered the first time a link
 * names them, the links as pairs of those numbers, renumbered in CPR order at the end (batch). No
 * object per link and no string per pair, and each CPR text looked up once straight to its person:
 * at copenhagen scale (82,000 links) the file is read in about a fifth less time than with a
 * record per link and a key per pair.
 */
class RelationLinks {
  private readonly numberOf = new Map<string, number>();
  private readonly persons: PersonFields[] = [];
  /** Each link's persons by their numbers (small integers: a plain array holds them unboxed). */
  private readonly parent: number[] = [];
  private readonly child: number[] = [];
  private readonly household: string[] = [];
  /** Per parent: the children linked so far. */
  private readonly childrenOf = new SeenPerOwner();

  /** The person's number, adding them the first time (their fields follow from the CPR number alone). */
  personOf(p: PersonFields): number {
    let i = this.numberOf.get(p.cpr);
    if (i === undefined) {
      i = this.persons.length;
      this.numberOf.set(p.cpr, i);
      this.persons.push({ cpr: p.cpr, birthDay: p.birthDay, sex: p.sex, kind: p.kind });
    }
    return i;
  }

  /** False when the file has linked these two before; otherwise remembers the pair. */
  isNew(parent: number, child: number): boolean {
    return this.childrenOf.add(parent, child);
  }

  add(parent: number, child: number, household: string): void {
    this.parent.push(parent);
    this.child.push(child);
    this.household.push(household);
  }

  /**
   * The links in the file's order, and the persons they name in CPR order (as the loader meets
   * them). A person numbered for a row that was then refused (its other number was wrong) is not
   * among them unless a kept link names them too.
   */
  batch(): RelationBatch {
    const named = new Uint8Array(this.persons.length);
    for (let k = 0; k < this.parent.length; k++) named[this.parent[k]!] = named[this.child[k]!] = 1;
    // The default sort orders strings as `<` does, without a call into JavaScript per comparison.
    const cprs = this.persons.filter((_, i) => named[i]).map((p) => p.cpr).sort();
    const renumbered = new Int32Array(this.persons.length); // number on first sight → number in CPR order
    const persons = cprs.map((cpr, k) => {
      const i = this.numberOf.get(cpr)!;
      renumbered[i] = k;
      return this.persons[i]!;
    });
    return {
      persons: packPersons(persons),
      parent: renumber(this.parent, renumbered),
      child: renumber(this.child, renumbered),
      household: this.household,
    };
  }
}

export interface Tally {
  rowsRead: number;
  rowsKept: number;
  dropped: Map<DropRule, number>;
  rejected: Map<RejectReason, number>;
  warnings: Map<'cpr-mod11' | 'cpr-replacement', number>;
  columnsDropped: string[];
  rejections: Rejection[];
}

export type Validated =
  /**
   * `sector` is null only for a file with a header and no rows at all (a source with nothing
   * ongoing); the importer then needs the user to name the source. `snapshotDay` is the file's
   * extraction date when it carries one, else the import day.
   */
  | { kind: 'services'; sector: Sector | null; snapshotDay: number; batch: ServiceBatch; tally: Tally }
  | { kind: 'relations'; relations: RelationBatch; tally: Tally };

/** The counting part of a receipt, the same in the app and in `tvaerblik validate`. Largest first. */
export function tallyCounts(t: Tally) {
  const counts = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]) as [string, number][];
  return {
    rowsRead: t.rowsRead,
    rowsKept: t.rowsKept,
    dropped: counts(t.dropped),
    rejected: counts(t.rejected),
    warnings: counts(t.warnings),
    columnsDropped: t.columnsDropped,
  };
}

/**
 * Everything a receipt says about the content, the same in the app and in `tvaerblik validate`:
 * the counts, the snapshot date the file was judged on, and the distinct citizens, departments and
 * caseworkers it brings.
 */
export function receiptFacts(v: Validated) {
  return {
    ...tallyCounts(v.tally),
    snapshotDate: v.kind === 'services' ? isoOfDay(v.snapshotDay) : null,
    distinct: v.kind === 'services' ? v.batch.distinct() : null,
  };
}

export class ExtractError extends Error {
  constructor(
    readonly row: number,
    readonly column: string,
    reason: string,
  ) {
    super(reason);
  }
}

export interface ValidateOptions {
  catalogue: readonly CatalogueEntry[];
  /**
   * The import day in Denmark as a day number: services must be ongoing on it, unless the file
   * carries its own extraction date (not after this day), which then takes its place.
   */
  today: number;
  /** Fictitious CPR numbers (day + 60) are accepted only in a demo workspace. */
  demo: boolean;
}

const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

/**
 * How a dropped column is named in the receipt. A header cell is the producer's text and could
 * hold anything (a misplaced data row puts a CPR number or a name there), while receipts are
 * kept as non-personal: a header with digits in a row, an @ or more than 40 characters is named
 * by its position instead ("#7").
 */
export function receiptColumnName(header: string, index: number): string {
  const h = header.trim();
  return h.length > 40 || /\d{3,}|@/.test(h) ? `#${index + 1}` : h;
}

function mapColumns(header: string[], specs: readonly ColumnSpec[]): { index: Map<string, number>; dropped: string[] } {
  const index = new Map<string, number>();
  const dropped: string[] = [];
  header.forEach((h, i) => {
    const n = normaliseHeader(h);
    const spec = specs.find((s) => s.aliases.some((a) => normaliseHeader(a) === n));
    if (!spec) {
      if (h.trim()) dropped.push(receiptColumnName(h, i));
      return;
    }
    if (index.has(spec.key)) throw new ExtractError(1, h, `two columns mean "${spec.key}": ${header[index.get(spec.key)!]} and ${h}`);
    index.set(spec.key, i);
  });
  const missing = specs.filter((s) => s.required && !index.has(s.key));
  if (missing.length) {
    throw new ExtractError(1, missing[0]!.da, `required column missing: ${missing.map((m) => `${m.key} (${m.da})`).join(', ')}`);
  }
  return { index, dropped };
}

export function detectKind(header: string[]): 'services' | 'relations' {
  const keys = new Set(header.map(normaliseHeader));
  const isRelations = RELATION_COLUMNS.filter((c) => c.required).every((c) => c.aliases.some((a) => keys.has(normaliseHeader(a))));
  return isRelations ? 'relations' : 'services';
}

const statusOf = (raw: string): keyof typeof STATUS_ALIASES | null => {
  const v = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const [k, aliases] of Object.entries(STATUS_ALIASES)) if ((aliases as readonly string[]).includes(v)) return k as keyof typeof STATUS_ALIASES;
  return null;
};

/** A sector by its code, an alias, or its own Danish or English name (e.g. "Adult social services"). */
const sectorOf = (raw: string): Sector | null => {
  const v = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  return SECTORS.find((s) => s === v || SECTOR_ALIASES[s].includes(v) || SECTOR_NAMES[s].da.toLowerCase() === v || SECTOR_NAMES[s].en.toLowerCase() === v) ?? null;
};

function newTally(rowsRead: number, columnsDropped: string[]): Tally {
  return { rowsRead, rowsKept: 0, dropped: new Map(), rejected: new Map(), warnings: new Map(), columnsDropped, rejections: [] };
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

export function validateTable(table: Table, opts: ValidateOptions): Validated {
  return detectKind(table.header) === 'relations' ? validateRelations(table, opts) : validateServices(table, opts);
}

function cprOf(raw: string, numeric: boolean, demo: boolean, today: number): CheckedPerson | RejectReason {
  // Excel drops the leading zero of a CPR number stored as a number.
  const r = readCpr(numeric && /^\d{9}$/.test(raw.trim()) ? `0${raw.trim()}` : raw);
  // A birth date after the import day is no possible date of birth (its age would be negative).
  if (!r.ok || r.info.birthDay > today) return 'cpr-invalid';
  if (r.info.kind === 'fictitious' && !demo) return 'cpr-fictitious';
  return r.info;
}

/** A number cell's value in whole kroner, halves up; null if it is no number. */
function wholeKroner(raw: string): number | null {
  const n = Number(raw);
  return Number.isFinite(n) ? Math.round(n) : null;
}

/**
 * Caches a pure lookup by its raw text: codes, statuses, sectors and dates repeat across rows. The
 * last text is checked first: extracts list a citizen's services together, so a column often
 * repeats the row above, and comparing with it is cheaper than hashing a fresh string for the map
 * (the lookups were the largest single cost of validating a file).
 */
function memo<T>(fn: (raw: string) => T): (raw: string) => T {
  const cache = new Map<string, T>();
  let lastRaw: string | undefined;
  let last: T;
  return (raw) => {
    if (raw === lastRaw) return last;
    let v = cache.get(raw);
    if (v === undefined && !cache.has(raw)) {
      v = fn(raw);
      cache.set(raw, v);
    }
    lastRaw = raw;
    return (last = v as T);
  };
}

/** As memo, remembering only the last text: for a column whose texts repeat only row after row. */
function memoLast<T>(fn: (raw: string) => T): (raw: string) => T {
  let lastRaw: string | undefined;
  let last: T;
  return (raw) => {
    if (raw !== lastRaw) {
      last = fn(raw);
      lastRaw = raw;
    }
    return last;
  };
}

/**
 * A copy of a cell's text that does not keep the piece of the file it was read from alive. V8 makes
 * a longer slice of a string a view into it, so one name kept per person kept every piece of the
 * CSV text (csv.ts openCsv) until the file was read, each copied to the old generation on the way.
 * Joining makes a new string of the text alone, and the slice is then a view into that.
 */
const detached = (s: string) => (s.length < 13 ? s : ` ${s}`.slice(1));

function validateServices(table: Table, opts: ValidateOptions): Validated {
  const header = table.header;
  const { index, dropped } = mapColumns(header, SERVICE_COLUMNS);
  const tally = newTally(0, dropped);
  const byCode = new Map(opts.catalogue.map((c) => [normaliseCode(c.code), c]));
  const codeOf = memo((raw) => byCode.get(normaliseCode(raw)));
  const statusMemo = memo(statusOf);
  const sectorMemo = memo(sectorOf);
  // A cache per date column, so that each remembers its own last date.
  const dates = { extracted: memo((raw) => parseDate(raw)), start: memo((raw) => parseDate(raw)), end: memo((raw) => parseDate(raw)) };
  // Only the last CPR number is remembered: a citizen's rows come together, and a map of every
  // number of the file (a quarter of a million at copenhagen scale, almost none of them met again
  // out of turn) cost more than reading the few repeats again.
  const cprMemo = memoLast((raw) => cprOf(raw, false, opts.demo, opts.today));
  const amountMemo = memo(parseAmount); // amounts repeat: a service's yearly cost is often its rate
  const batch = new ServiceBatch(table.rowsHint);
  // A service is a duplicate when the same person has the same service from the same day
  // (SeenPerOwner: per batch person, small integers, not a string per row).
  const seen = new SeenPerOwner();
  let fileSector: Sector | null = null;
  let seenSector: Sector | null = null; // also from rows that were refused or dropped, to name the source
  // The day services must be ongoing on: the file's extraction date if it has one, else the import day.
  let today = opts.today;
  let extractionDay: number | null = null;

  // Column positions, -1 where the file has no such (optional) column.
  const at = (key: string) => index.get(key) ?? -1;
  const C = {
    cpr: at('cpr'), name: at('name'), sector: at('sector'), department: at('department'), code: at('service_code'),
    serviceName: at('service_name'), legalBasis: at('legal_basis'), status: at('status'), start: at('start_date'),
    end: at('end_date'), goal: at('goal'), cwName: at('caseworker_name'), cwPhone: at('caseworker_phone'),
    cwEmail: at('caseworker_email'), cwUnit: at('caseworker_unit'), cost: at('yearly_cost'), extracted: at('extraction_date'),
  };
  const required = SERVICE_COLUMNS.filter((c) => c.required).map((c) => [c.key, at(c.key)] as const);
  const columnName = (key: string) => header[at(key)]?.trim() ?? key;

  let row = 0;
  let cells: string[] = [];
  const get = (i: number) => (i < 0 ? '' : (cells[i] ?? '').trim());
  const reject = (key: string, reason: RejectReason) => {
    bump(tally.rejected, reason);
    tally.rejections.push({ row, column: columnName(key), reason });
    // A file whose rows were all refused still names its source, so its rejections are what is shown.
    seenSector ??= sectorMemo(get(C.sector));
  };
  const drop = (rule: DropRule) => {
    bump(tally.dropped, rule);
    seenSector ??= sectorMemo(get(C.sector)); // a file whose rows all ended still names its source
  };
  const dateAt = (column: keyof typeof dates) => {
    const raw = get(C[column]);
    return !raw ? null : isNum(C[column]) ? parseDate(raw, true, table.dateSystem) : dates[column](raw);
  };

  let numeric: boolean[] | undefined;
  const isNum = (i: number) => i >= 0 && (numeric?.[i] ?? false);
  table.eachRow((rowNo, rowCells, rowNumeric) => {
    if (isBlank(rowCells)) return;
    tally.rowsRead++;
    row = rowNo;
    cells = rowCells;
    numeric = rowNumeric;
    validateRow();
  });
  // (validateRow reads the row through `get`, `row` and `numeric` above)
  function validateRow(): void {
    // 0. The extraction date, where the file has the column: one date for the whole file, set by
    //    its first row, and never after the import day (a file cannot describe tomorrow).
    if (C.extracted >= 0) {
      const day = dateAt('extracted');
      if (day === null) {
        reject('extraction_date', get(C.extracted) ? 'date-invalid' : 'required-missing');
        return;
      }
      if (extractionDay === null) {
        if (day > opts.today) throw new ExtractError(row, columnName('extraction_date'), `the extraction date ${isoOfDay(day)} lies after the import day ${isoOfDay(opts.today)}`);
        extractionDay = today = day;
      } else if (day !== extractionDay) {
        reject('extraction_date', 'extraction-date-mixed');
        return;
      }
    }
    // 1. What the trial does not allow is dropped before anything else is looked at.
    const code = codeOf(get(C.code));
    if (code?.excluded) {
      drop('excluded-service');
      return;
    }
    const status = statusMemo(get(C.status));
    if (status && status !== 'ongoing') {
      drop(`status-${status}`);
      return;
    }
    const startDay = dateAt('start');
    const endRaw = get(C.end);
    const endDay = dateAt('end');
    if (endDay !== null && endDay < today && startDay !== null && endDay >= startDay) {
      drop('ended-by-date');
      return;
    }
    // An end before the start is an error in the data, not a service that has yet to start.
    if (endDay !== null && startDay !== null && endDay < startDay) {
      reject('end_date', 'date-order');
      return;
    }
    if (startDay !== null && startDay > today) {
      drop('not-started');
      return;
    }

    // 2. The rest must be right.
    const missing = required.find(([, i]) => get(i) === '');
    if (missing) {
      reject(missing[0], 'required-missing');
      return;
    }
    if (!code) {
      reject('service_code', 'service-code-unknown');
      return;
    }
    if (!status) {
      reject('status', 'status-unknown');
      return;
    }
    if (startDay === null) {
      reject('start_date', 'date-invalid');
      return;
    }
    if (endRaw && endDay === null) {
      reject('end_date', 'date-invalid');
      return;
    }
    if (endDay !== null && endDay < startDay) {
      reject('end_date', 'date-order');
      return;
    }
    const sector = sectorMemo(get(C.sector));
    seenSector ??= sector;
    if (!sector) {
      reject('sector', 'sector-unknown');
      return;
    }
    if (fileSector && sector !== fileSector) {
      reject('sector', 'sector-mixed');
      return;
    }
    const person = isNum(C.cpr) ? cprOf(get(C.cpr), true, opts.demo, opts.today) : cprMemo(get(C.cpr));
    if (typeof person === 'string') {
      reject('cpr', person);
      return;
    }
    const costRaw = get(C.cost);
    // A workbook's number cell is the number itself (written with a dot), not Danish text to read:
    // 999.125 there is 999 kr., not 999,125.
    const yearlyCost = !costRaw ? null : isNum(C.cost) ? wholeKroner(costRaw) : amountMemo(costRaw);
    if (costRaw && (yearlyCost === null || yearlyCost < 0)) {
      reject('yearly_cost', 'cost-invalid');
      return;
    }
    const p = batch.personOf(person, detached(get(C.name)));
    if (!seen.add(p, serviceKey(code.id, startDay))) {
      reject('service_code', 'duplicate');
      return;
    }
    fileSector ??= sector;
    if (person.kind === 'ordinary' && !person.mod11) bump(tally.warnings, 'cpr-mod11');
    if (person.kind === 'replacement') bump(tally.warnings, 'cpr-replacement');
    const worker = batch.caseworkerOf(get(C.cwName), get(C.cwPhone), get(C.cwEmail), get(C.cwUnit));
    batch.push(p, code.id, get(C.department), get(C.serviceName), get(C.legalBasis), get(C.goal), worker, startDay, endDay, yearlyCost);
  }
  tally.rowsKept = batch.length;
  batch.sortPersons();
  const sector = fileSector ?? seenSector;
  // Rows, but none that names a known source: nothing says whose snapshot this would replace.
  if (!sector && tally.rowsRead > 0) throw new ExtractError(2, columnName('sector'), 'no row names a known sector: nothing says which source this file replaces');
  return { kind: 'services', sector, snapshotDay: today, batch, tally };
}

/**
 * Numbers seen so far per owner, owners being small integers (a batch's dense person numbers): to
 * find a file's same service twice (the same catalogue entry starting the same day for the same
 * person) or the same link twice (the same child for the same parent). A Set of one number per
 * service held numbers beyond the small-integer range, each a heap object: 0.11 s for the elders'
 * 390,000 rows at copenhagen scale; a list per person of small integers 0.03 s.
 */
class SeenPerOwner {
  /** Per owner: the one number seen, or the list of them (most owners have a few). */
  private readonly byOwner: (number | number[] | undefined)[] = [];
  /** False when the owner has had this number before; otherwise remembers it. */
  add(owner: number, key: number): boolean {
    const seen = this.byOwner[owner];
    if (seen === undefined) this.byOwner[owner] = key;
    else if (typeof seen === 'number') {
      if (seen === key) return false;
      this.byOwner[owner] = [seen, key];
    } else {
      if (seen.includes(key)) return false;
      seen.push(key);
    }
    return true;
  }
}

/** A service as one number: exact and unique, since dates are read from 1858 to 2099 (days −40,000 to 47,000) and catalogue ids are small. */
const serviceKey = (catalogueId: number, startDay: number) => catalogueId * 262_144 + (startDay + 100_000);

function validateRelations(table: Table, opts: ValidateOptions): Validated {
  const header = table.header;
  const { index, dropped } = mapColumns(header, RELATION_COLUMNS);
  const tally = newTally(0, dropped);
  const links = new RelationLinks();
  const at = (key: string) => index.get(key) ?? -1;
  const C = { parent: at('parent_cpr'), child: at('child_cpr'), household: at('household') };
  const required = RELATION_COLUMNS.filter((c) => c.required).map((c) => [c.key, at(c.key)] as const);
  // A parent's links come together and a child has two parents: most numbers repeat, so each text
  // is looked up once, straight to the person's number (or why it is refused).
  const numbered = (p: CheckedPerson | RejectReason) => (typeof p === 'string' ? p : links.personOf(p));
  const numberMemo = memo((raw) => numbered(cprOf(raw, false, opts.demo, opts.today)));
  let row = 0;
  let cells: string[] = [];
  let numeric: boolean[] | undefined;
  const get = (i: number) => (i < 0 ? '' : (cells[i] ?? '').trim());
  const person = (i: number) => (numeric?.[i] ? numbered(cprOf(get(i), true, opts.demo, opts.today)) : numberMemo(get(i)));
  const reject = (key: string, reason: RejectReason) => {
    bump(tally.rejected, reason);
    tally.rejections.push({ row, column: header[at(key)]?.trim() ?? key, reason });
  };
  table.eachRow((rowNo, rowCells, rowNumeric) => {
    if (isBlank(rowCells)) return;
    tally.rowsRead++;
    row = rowNo;
    cells = rowCells;
    numeric = rowNumeric;
    const missing = required.find(([, i]) => get(i) === '');
    if (missing) {
      reject(missing[0], 'required-missing');
      return;
    }
    const parent = person(C.parent);
    if (typeof parent === 'string') {
      reject('parent_cpr', parent);
      return;
    }
    const child = person(C.child);
    if (typeof child === 'string') {
      reject('child_cpr', child);
      return;
    }
    if (!links.isNew(parent, child)) {
      reject('child_cpr', 'duplicate');
      return;
    }
    links.add(parent, child, get(C.household));
  });
  const relations = links.batch();
  tally.rowsKept = relations.parent.length;
  return { kind: 'relations', relations, tally };
}
