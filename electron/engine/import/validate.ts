/**
 * Turns a table read from an extract into records, applying the trial's rules in this order:
 * columns outside the allowed set are dropped before any row is read; rows the trial does not
 * allow (excluded services, anything not ongoing) are dropped before they are validated; the
 * rest are validated, and every refused row is reported with its row, column and reason.
 * Only plain arrays and Maps are keyed by file content, so a header like `__proto__` is inert.
 */
import { parseCpr, type CprKind } from '../../../shared/cpr';
import {
  normaliseHeader,
  RELATION_COLUMNS,
  SECTOR_ALIASES,
  SECTORS,
  SERVICE_COLUMNS,
  STATUS_ALIASES,
  type ColumnSpec,
  type DropRule,
  type RejectReason,
  type Sector,
} from '../../../shared/extract-format';
import { normaliseCode, type CatalogueEntry } from './catalogue';
import { parseAmount, parseDate } from './dates';

export interface Table {
  header: string[];
  /** `row` is the row number a spreadsheet shows (the header is row 1). */
  rows: { row: number; cells: string[]; numeric?: boolean[] }[];
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
  | { kind: 'services'; sector: Sector; records: ServiceRecord[]; tally: Tally }
  | { kind: 'relations'; records: RelationRecord[]; tally: Tally };

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
  /** The snapshot date as a day number: services must be ongoing on it. */
  today: number;
  /** Fictitious CPR numbers (day + 60) are accepted only in a demo workspace. */
  demo: boolean;
}

const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

function mapColumns(header: string[], specs: readonly ColumnSpec[]): { index: Map<string, number>; dropped: string[] } {
  const index = new Map<string, number>();
  const dropped: string[] = [];
  header.forEach((h, i) => {
    const n = normaliseHeader(h);
    const spec = specs.find((s) => s.aliases.some((a) => normaliseHeader(a) === n));
    if (!spec) {
      if (h.trim()) dropped.push(h.trim());
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

const sectorOf = (raw: string): Sector | null => {
  const v = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  return SECTORS.find((s) => s === v || SECTOR_ALIASES[s].includes(v)) ?? null;
};

function newTally(rowsRead: number, columnsDropped: string[]): Tally {
  return { rowsRead, rowsKept: 0, dropped: new Map(), rejected: new Map(), warnings: new Map(), columnsDropped, rejections: [] };
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

export function validateTable(table: Table, opts: ValidateOptions): Validated {
  const rows = table.rows.filter((r) => !isBlank(r.cells));
  return detectKind(table.header) === 'relations' ? validateRelations(table.header, rows, opts) : validateServices(table.header, rows, opts);
}

function cprOf(raw: string, numeric: boolean, demo: boolean): CheckedPerson | RejectReason {
  // Excel drops the leading zero of a CPR number stored as a number.
  const r = parseCpr(numeric && /^\d{9}$/.test(raw.trim()) ? `0${raw.trim()}` : raw);
  if (!r.ok) return 'cpr-invalid';
  if (r.info.kind === 'fictitious' && !demo) return 'cpr-fictitious';
  const [y, m, d] = r.info.birthDate.split('-').map(Number) as [number, number, number];
  return { cpr: r.info.cpr, birthDay: Date.UTC(y, m - 1, d) / 86_400_000, sex: r.info.sex, kind: r.info.kind, mod11: r.info.mod11 };
}

/** Caches a pure lookup by its raw text: codes, statuses, sectors and dates repeat across rows. */
function memo<T>(fn: (raw: string) => T): (raw: string) => T {
  const cache = new Map<string, T>();
  return (raw) => {
    let v = cache.get(raw);
    if (v === undefined && !cache.has(raw)) {
      v = fn(raw);
      cache.set(raw, v);
    }
    return v as T;
  };
}

function validateServices(header: string[], rows: Table['rows'], opts: ValidateOptions): Validated {
  const { index, dropped } = mapColumns(header, SERVICE_COLUMNS);
  const tally = newTally(rows.length, dropped);
  const byCode = new Map(opts.catalogue.map((c) => [normaliseCode(c.code), c]));
  const codeOf = memo((raw) => byCode.get(normaliseCode(raw)));
  const statusMemo = memo(statusOf);
  const sectorMemo = memo(sectorOf);
  const dateMemo = memo((raw) => parseDate(raw));
  const cprMemo = memo((raw) => cprOf(raw, false, opts.demo));
  const records: ServiceRecord[] = [];
  const seen = new Set<string>();
  let fileSector: Sector | null = null;
  let seenSector: Sector | null = null; // also from rows that were refused, to name the source

  // Column positions, -1 where the file has no such (optional) column.
  const at = (key: string) => index.get(key) ?? -1;
  const C = {
    cpr: at('cpr'), name: at('name'), sector: at('sector'), department: at('department'), code: at('service_code'),
    serviceName: at('service_name'), legalBasis: at('legal_basis'), status: at('status'), start: at('start_date'),
    end: at('end_date'), goal: at('goal'), cwName: at('caseworker_name'), cwPhone: at('caseworker_phone'),
    cwEmail: at('caseworker_email'), cwUnit: at('caseworker_unit'), cost: at('yearly_cost'),
  };
  const required = SERVICE_COLUMNS.filter((c) => c.required).map((c) => [c.key, at(c.key)] as const);
  const columnName = (key: string) => header[at(key)]?.trim() ?? key;

  let row = 0;
  let cells: string[] = [];
  const get = (i: number) => (i < 0 ? '' : (cells[i] ?? '').trim());
  const reject = (key: string, reason: RejectReason) => {
    bump(tally.rejected, reason);
    tally.rejections.push({ row, column: columnName(key), reason });
  };
  const drop = (rule: DropRule) => bump(tally.dropped, rule);

  for (const r of rows) {
    row = r.row;
    cells = r.cells;
    const numeric = r.numeric;
    const isNum = (i: number) => i >= 0 && (numeric?.[i] ?? false);

    // 1. What the trial does not allow is dropped before anything else is looked at.
    const code = codeOf(get(C.code));
    if (code?.excluded) {
      drop('excluded-service');
      continue;
    }
    const status = statusMemo(get(C.status));
    if (status && status !== 'ongoing') {
      drop(`status-${status}`);
      continue;
    }
    const startRaw = get(C.start);
    const startDay = isNum(C.start) ? parseDate(startRaw, true) : dateMemo(startRaw);
    const endRaw = get(C.end);
    const endDay = !endRaw ? null : isNum(C.end) ? parseDate(endRaw, true) : dateMemo(endRaw);
    if (endDay !== null && endDay < opts.today && startDay !== null && endDay >= startDay) {
      drop('ended-by-date');
      continue;
    }
    if (startDay !== null && startDay > opts.today) {
      drop('not-started');
      continue;
    }

    // 2. The rest must be right.
    const missing = required.find(([, i]) => get(i) === '');
    if (missing) {
      reject(missing[0], 'required-missing');
      continue;
    }
    if (!code) {
      reject('service_code', 'service-code-unknown');
      continue;
    }
    if (!status) {
      reject('status', 'status-unknown');
      continue;
    }
    if (startDay === null) {
      reject('start_date', 'date-invalid');
      continue;
    }
    if (endRaw && endDay === null) {
      reject('end_date', 'date-invalid');
      continue;
    }
    if (endDay !== null && endDay < startDay) {
      reject('end_date', 'date-order');
      continue;
    }
    const sector = sectorMemo(get(C.sector));
    seenSector ??= sector;
    if (!sector) {
      reject('sector', 'sector-unknown');
      continue;
    }
    if (fileSector && sector !== fileSector) {
      reject('sector', 'sector-mixed');
      continue;
    }
    const person = isNum(C.cpr) ? cprOf(get(C.cpr), true, opts.demo) : cprMemo(get(C.cpr));
    if (typeof person === 'string') {
      reject('cpr', person);
      continue;
    }
    const costRaw = get(C.cost);
    const yearlyCost = costRaw ? parseAmount(costRaw) : null;
    if (costRaw && yearlyCost === null) {
      reject('yearly_cost', 'cost-invalid');
      continue;
    }
    const key = `${person.cpr}|${code.id}|${startDay}`;
    if (seen.has(key)) {
      reject('service_code', 'duplicate');
      continue;
    }
    seen.add(key);
    fileSector ??= sector;
    if (person.kind === 'ordinary' && !person.mod11) bump(tally.warnings, 'cpr-mod11');
    if (person.kind === 'replacement') bump(tally.warnings, 'cpr-replacement');
    records.push({
      cpr: person.cpr,
      birthDay: person.birthDay,
      sex: person.sex,
      kind: person.kind,
      name: get(C.name),
      catalogueId: code.id,
      department: get(C.department),
      serviceName: get(C.serviceName),
      legalBasis: get(C.legalBasis),
      startDay,
      endDay,
      goal: get(C.goal),
      caseworker: { name: get(C.cwName), phone: get(C.cwPhone), email: get(C.cwEmail), unit: get(C.cwUnit) },
      yearlyCost,
    });
  }
  tally.rowsKept = records.length;
  const sector = fileSector ?? seenSector;
  if (!sector) throw new ExtractError(2, 'sektor', 'the file has no ongoing service the trial allows: nothing to import');
  return { kind: 'services', sector, records, tally };
}

function validateRelations(header: string[], rows: Table['rows'], opts: ValidateOptions): Validated {
  const { index, dropped } = mapColumns(header, RELATION_COLUMNS);
  const tally = newTally(rows.length, dropped);
  const records: RelationRecord[] = [];
  const seen = new Set<string>();
  for (const { row, cells, numeric } of rows) {
    const get = (key: string) => (index.has(key) ? (cells[index.get(key)!] ?? '').trim() : '');
    const reject = (key: string, reason: RejectReason) => {
      bump(tally.rejected, reason);
      tally.rejections.push({ row, column: header[index.get(key)!]?.trim() ?? key, reason });
    };
    const missing = RELATION_COLUMNS.find((c) => c.required && get(c.key) === '');
    if (missing) {
      reject(missing.key, 'required-missing');
      continue;
    }
    const parent = cprOf(get('parent_cpr'), numeric?.[index.get('parent_cpr')!] ?? false, opts.demo);
    if (typeof parent === 'string') {
      reject('parent_cpr', parent);
      continue;
    }
    const child = cprOf(get('child_cpr'), numeric?.[index.get('child_cpr')!] ?? false, opts.demo);
    if (typeof child === 'string') {
      reject('child_cpr', child);
      continue;
    }
    const key = `${parent.cpr}|${child.cpr}`;
    if (seen.has(key)) {
      reject('child_cpr', 'duplicate');
      continue;
    }
    seen.add(key);
    const strip = ({ mod11: _m, ...p }: CheckedPerson): PersonFields => p;
    records.push({ parent: strip(parent), child: strip(child), household: get('household') });
  }
  tally.rowsKept = records.length;
  return { kind: 'relations', records, tally };
}
