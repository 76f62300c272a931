/**
 * `tvaerblik validate FILE [--identity KEY] [--json] [--demo]`: the producers' check before they send
 * a file. Same reader and rules as the app, with the bundled catalogue. An unencrypted file is read
 * as it is (the producer's own machine); an encrypted one needs the identity.
 */
import { SCHEMA } from '../../engine/schema';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Receipt, RejectionRow } from '../../../shared/schemas';
import { decryptWith, isAgeFile, parseIdentityFile } from '../../engine/base/crypto/age';
import { openDatabase } from '../../engine/base/database';
import { EngineError } from '../../engine/base/errors';
import { loadCatalogue, } from '../../engine/catalogue/catalogue';
import { dayInCopenhagen } from '../../../shared/dates';
import { extractParser } from '../../engine/import/parse';
import { receiptFacts } from '../../engine/import/validate';
import type { WorkerHost } from '../../engine/base/worker-run';
import { loadSqlJs } from '../../engine/base/node-host';

export interface ValidateReport {
  importable: boolean;
  /**
   * Importable, and nothing in it is kept: the importer holds it back until the screening unit
   * confirms that it empties its source (or, for relations, removes every family relation).
   */
  empty: boolean;
  receipt: Omit<Receipt, 'id' | 'importedBy' | 'fileSha256' | 'contentSha256' | 'importedAt'> | null;
  rejections: RejectionRow[];
  /**
   * Why the file cannot be read at all: the row (0 when the whole file is at fault) and the column,
   * or for a file refused for its encoding the byte (from 0) where it goes wrong.
   */
  error: { code: 'EXTRACT_INVALID' | 'EXTRACT_ENCODING'; row: number; column: string; byte?: number; reason: string } | null;
}

export async function validateFile(path: string, opts: { identityFile?: string; demo: boolean; today: Date; workers: WorkerHost }): Promise<ValidateReport> {
  let bytes: Uint8Array = await readFile(path);
  if (isAgeFile(bytes)) {
    if (!opts.identityFile) throw new EngineError('EXTRACT_WRONG_KEY', 'the file is encrypted: give --identity KEYFILE');
    bytes = await decryptWith({ identities: parseIdentityFile(await readFile(opts.identityFile, 'utf8')) }, bytes);
  }
  const db = openDatabase(await loadSqlJs(), SCHEMA);
  try {
    // The same worker as the app: a producer's file is untrusted input here too.
    const { validated: v, format } = await extractParser(opts.workers)(bytes, { catalogue: loadCatalogue(db), today: dayInCopenhagen(opts.today), demo: opts.demo });
    const t = v.tally;
    return {
      importable: t.rejections.length === 0,
      empty: t.rejections.length === 0 && t.rowsKept === 0,
      receipt: {
        kind: v.kind,
        sector: v.kind === 'services' ? v.sector : null,
        fileName: basename(path),
        format,
        ...receiptFacts(v),
        acceptedWithRejections: false,
      },
      rejections: t.rejections,
      error: null,
    };
  } catch (err) {
    if (err instanceof EngineError && (err.code === 'EXTRACT_INVALID' || err.code === 'EXTRACT_ENCODING')) {
      const d = err.details as { row: number; column?: string; byte?: number; reason: string };
      const error = { code: err.code, row: d.row, column: d.column ?? '', ...(err.code === 'EXTRACT_ENCODING' && d.row > 0 ? { byte: d.byte } : {}), reason: d.reason };
      return { importable: false, empty: false, receipt: null, rejections: [], error };
    }
    throw err;
  } finally {
    db.close();
  }
}

/** Rejected rows printed in the text report; --json gives every row the receipt holds. */
const SHOWN = 50;

/** Where the file went wrong, as the app says it: "row 3, byte 274", "row 1, column Status", or nothing for the whole file. */
function errorPlace(e: NonNullable<ValidateReport['error']>): string {
  const at = e.byte !== undefined ? `byte ${e.byte}` : e.column ? `column ${e.column}` : '';
  return [e.row > 0 ? `row ${e.row}` : '', at].filter(Boolean).join(', ');
}

export function formatReport(r: ValidateReport): string {
  if (r.error) {
    const place = errorPlace(r.error);
    return `NOT IMPORTABLE: ${place ? `${place}: ` : ''}${r.error.reason}`;
  }
  const rc = r.receipt!;
  const rejected = rc.rejected.reduce((n, [, k]) => n + k, 0);
  const lines = [
    `${rc.fileName}: ${rc.kind}${rc.sector ? ` from ${rc.sector}` : ''} (${rc.format})`,
    `rows read ${rc.rowsRead}, kept ${rc.rowsKept}${rc.snapshotDate ? `, judged as of ${rc.snapshotDate}` : ''}`,
    ...(rc.distinct ? [`distinct: ${rc.distinct.persons} citizens, ${rc.distinct.departments} departments, ${rc.distinct.caseworkers} caseworkers`] : []),
    ...rc.dropped.map(([k, n]) => `  dropped (${k}): ${n}`),
    ...rc.rejected.map(([k, n]) => `  rejected (${k}): ${n}`),
    ...rc.warnings.map(([k, n]) => `  warning (${k}): ${n}`),
    ...(rc.columnsDropped.length ? [`  columns dropped (not allowed by the trial): ${rc.columnsDropped.join(', ')}`] : []),
    ...r.rejections.slice(0, SHOWN).map((x) => `  row ${x.row}, column ${x.column}: ${x.reason}`),
    ...(rejected > SHOWN ? [`  … and ${rejected - SHOWN} more rejected rows (--json lists ${r.rejections.length === rejected ? 'them all' : `the first ${r.rejections.length}`})`] : []),
    r.empty
      ? rc.kind === 'services'
        ? 'IMPORTABLE AS AN EMPTY EXTRACT: nothing is ongoing; the screening unit must confirm that it empties the source'
        : 'IMPORTABLE AS AN EMPTY RELATIONS FILE: no relation is kept; the screening unit must confirm that it removes every family relation'
      : r.importable ? 'IMPORTABLE' : `NOT IMPORTABLE as it is: ${r.rejections.length} rejected rows (fix them, or the importer must accept leaving them out)`,
  ];
  return lines.join('\n');
}
