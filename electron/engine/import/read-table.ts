/**
 * A small spreadsheet or CSV read as plain rows (a sector's returned answer sheet), with the same
 * streaming reader and in the same capped worker as extracts: the file comes from outside, so
 * it is parsed off the engine's thread, with a smaller heap and time limit than an extract gets.
 */
import { EngineError } from '../base/errors';
import { seal, unseal, type Sealed } from '../base/sealed-message';
import { runInWorker, WorkerFailure, type WorkerHost, type WorkerLimits } from '../base/worker-run';
import { asExtractInvalid, decodeTable } from './read-extract';

export interface RawTable {
  header: string[];
  rows: { row: number; cells: string[]; numeric: boolean[] }[];
}

export const TABLE_WORKER_LIMITS: WorkerLimits = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, timeoutMs: 60_000 };

/** What the worker runs: the rows of the first sheet, refused once there are more than `maxRows`. */
export function readRawTable(plain: Uint8Array, maxRows: number): RawTable {
  try {
    const { table } = decodeTable(plain);
    const rows: RawTable['rows'] = [];
    table.eachRow((row, cells, numeric) => {
      if (rows.length >= maxRows) throw new EngineError('EXTRACT_TOO_COMPLEX', `More than ${maxRows} rows`, { reason: 'size' });
      rows.push({ row, cells: [...cells], numeric: cells.map((_, i) => numeric?.[i] ?? false) });
    });
    return { header: table.header, rows };
  } catch (err) {
    throw asExtractInvalid(err);
  }
}

export type TableMessage = { table: { maxRows: number }; plain: Uint8Array };
export const isTableMessage = (m: unknown): m is TableMessage => typeof m === 'object' && m !== null && 'table' in m;

/** Reads the table in a fresh worker (or, for tests that ask, on this thread); the plaintext is zeroed either way. */
export async function readTable(workers: WorkerHost | 'same-thread', plain: Uint8Array, maxRows: number, signal?: AbortSignal): Promise<RawTable> {
  const own = new Uint8Array(plain); // a buffer of its own, to move to the worker
  plain.fill(0);
  if (workers === 'same-thread') {
    try {
      return readRawTable(own, maxRows);
    } finally {
      own.fill(0);
    }
  }
  let answer: { ok: true; value: Sealed } | { ok: false; error: { code: never; message: string; details?: Record<string, unknown> } };
  try {
    answer = await runInWorker(workers, 'extract', { table: { maxRows }, plain: own } satisfies TableMessage, [own.buffer], { limits: TABLE_WORKER_LIMITS, ...(signal ? { signal } : {}) });
  } catch (err) {
    if (!(err instanceof WorkerFailure)) throw err;
    if (err.kind === 'cancelled') throw new EngineError('CANCELLED', 'Cancelled');
    throw new EngineError('EXTRACT_TOO_COMPLEX', 'Reading the file needed more memory or time than any real answer sheet; it was refused', { reason: err.kind });
  } finally {
    if (own.byteLength) own.fill(0);
  }
  if (!answer.ok) throw new EngineError(answer.error.code, answer.error.message, answer.error.details);
  return unseal<RawTable>(answer.value);
}

/** The worker's side: the sealed rows, or the typed error. */
export function tableAnswer(m: TableMessage): { message: Sealed; transfer: ArrayBuffer[] } {
  const s = seal(readRawTable(m.plain, m.table.maxRows));
  return { message: s.sealed, transfer: s.transfer };
}
