/**
 * The speed targets, one row each, as the benchmark's closing table (and its --json): the
 * target, the figure measured, the ratios against the native baselines where a target asks for
 * them, and whether it is met. Only prints; nothing here is asserted.
 */
import { writeFileSync } from 'node:fs';
import { fmt } from './measure';

export interface TargetRow {
  scale: string;
  target: string;
  /** The limit in its unit: milliseconds, or megabytes for memory. */
  limit: number;
  unit: 'ms' | 'MB';
  /** null when the figure was not measured (the row says why in `note`). */
  figure: number | null;
  ratios?: { betterSqlite?: number | null; duckdb?: number | null };
  /** Also required: a ratio below this (faster than the naive better-sqlite3 build). */
  ratioLimit?: number;
  note?: string;
}

export function met(r: TargetRow): boolean | null {
  if (r.figure === null) return null;
  const ratioOk = r.ratioLimit === undefined || (r.ratios?.betterSqlite ?? Infinity) < r.ratioLimit;
  return r.figure <= r.limit && ratioOk;
}

const show = (v: number | null, unit: TargetRow['unit']) => (v === null ? '—' : unit === 'MB' ? `${v.toFixed(0)} MB` : fmt(v));
const ratio = (v: number | null | undefined) => (v === undefined ? '' : v === null ? 'n/a' : `${v.toFixed(2)}×`);

export function printTargets(rows: readonly TargetRow[]): void {
  const head = ['scale', 'target', 'limit', 'figure', 'vs better-sqlite3', 'vs DuckDB', 'met'];
  const body = rows.map((r) => {
    const m = met(r);
    return [
      r.scale,
      r.target,
      `≤ ${show(r.limit, r.unit)}${r.ratioLimit !== undefined ? `, ratio < ${r.ratioLimit}` : ''}`,
      show(r.figure, r.unit),
      ratio(r.ratios?.betterSqlite),
      ratio(r.ratios?.duckdb),
      m === null ? `not measured${r.note ? ` (${r.note})` : ''}` : m ? 'yes' : 'NO',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const fmtRow = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log('\nSpeed targets, this run:');
  console.log(fmtRow(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(fmtRow(b));
}

export function writeTargets(path: string, meta: Record<string, unknown>, rows: readonly TargetRow[]): void {
  writeFileSync(path, `${JSON.stringify({ ...meta, targets: rows.map((r) => ({ ...r, met: met(r) })) }, null, 2)}\n`);
}
