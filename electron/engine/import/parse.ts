/**
 * Parsing and validating an extract's decrypted bytes: untrusted input, so it runs in a worker
 * thread with a capped heap and a wall-clock limit (extract-worker.ts), never on the engine's
 * thread. The same function runs in both places; `workers: 'same-thread'` is for tests that
 * compare the two.
 *
 * Across the thread boundary the plaintext goes in (or the received file and the unit's key, to
 * be decrypted there too: fileParser) and the validated batch comes out as moved typed arrays; the
 * worker zeroes the plaintext and the key when it is done and writes nothing anywhere.
 */
import { createHash } from 'node:crypto';
import { getHeapStatistics } from 'node:v8';
import { EngineError } from '../base/errors';
import type { EngineErrorData } from '../../../shared/errors';
import { seal, unseal, type Sealed } from '../base/sealed-message';
import { runInWorker, WorkerFailure, workerPool, type WorkerHost, type WorkerLimits, type WorkerPool } from '../base/worker-run';
import { asExtractInvalid, decodeTable, decryptExtract } from './read-extract';
import { personsTransfer, ServiceBatch, type PackedBatch, type PackedPersons } from './service-batch';
import { isZip } from './xlsx';
import { validateTable, type RelationBatch, type Rejection, type Table, type Tally, type Validated, type ValidateOptions } from './validate';

export interface ParsedExtract {
  validated: Validated;
  /** How the file was read, for the receipt: `xlsx` or `csv <encoding> "<separator>"`. */
  format: string;
  /**
   * SHA-256 of the plaintext (hex): what tells a repeated extract. Taken where the plaintext is
   * parsed, in the worker, rather than on the engine's thread (a quarter of a gigabyte per import
   * at copenhagen scale).
   */
  contentSha256: string;
}

/** Parses and validates the plaintext (which it zeroes when done). `onRows` hears every 50,000 rows. */
export type ExtractParser = (plain: Uint8Array, opts: ValidateOptions, onRows?: (rows: number) => void) => Promise<ParsedExtract>;

/** The unit's key pair, as the workspace holds it: the identity decrypts, the recipient is named in a refusal. */
export interface UnitKey {
  identity: string;
  recipient: string;
}

/** A received file decrypted and parsed, with the digest of the file as received. */
export interface OpenedExtract {
  fileSha256: string;
  parsed: ParsedExtract;
}

/**
 * Decrypts a received file with the unit's key and parses the plaintext, both in one worker: the
 * engine's thread only moves the file's bytes (decryption and the file's digest were most of a
 * second of its time per copenhagen-scale import).
 */
export type FileParser = (file: Uint8Array, key: UnitKey, opts: ValidateOptions) => Promise<OpenedExtract>;

/**
 * The limits of the worker that reads one extract. Measured here (.tmp measurement, demo
 * generator): the largest copenhagen-scale sector file (389,216 rows, 107 MB of CSV) parses and
 * validates in a worker capped at 256 MB of old generation, its heap peaking about 165 MB above
 * the start; a 1,048,576-row × 16-column XLSX streams through the reader in 35–60 s on this
 * 2-core machine. The cap is 2 GiB because a CSV in UTF-16 is decoded into one string and the
 * reader only does so when the string fits in half of the free heap: 2 GiB admits any CSV V8 can
 * hold as a string (about 512 million characters), and the reader stops itself at three quarters
 * of the heap, long before a hostile file takes the machine down. Five minutes leaves a slow laptop three
 * to five times what the largest sheet takes here.
 *
 * The young generation is small (8 MB) because a worker starts with memory that is all fresh to
 * the process, and the first touch of a fresh page costs far more than a copy within
 * memory already in use (on the 2-core machine the benchmark runs on, about 11 µs a page). What a
 * parse makes is mostly short-lived (pieces of text, cells), so a small young generation is
 * collected more often but reuses the same few pages. The copenhagen-scale batch import took
 * 10.1–10.6 s with 64 MB against 9.2–9.8 s with 16 MB (four runs each, alternating), and 8.9–9.2 s
 * with 8 MB against 9.4–9.8 s with 16 MB (three each); its workers' page faults fell from 190,000
 * at 64 MB to 136,000 at 16 MB. 4 MB measured the same as 8.
 */
export const EXTRACT_WORKER_LIMITS: WorkerLimits = { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 8, timeoutMs: 300_000 };

const ROW_NOTE_EVERY = 50_000;
const CHECK_EVERY = 4096;

/**
 * A worker that reaches its heap limit is ended with an error we catch, but only if it grows
 * there gradually: Node grants 16 MB of grace, and one larger allocation past the limit (a
 * table doubling, a long text) aborts the whole process. So the reader stops itself, as
 * EXTRACT_TOO_COMPLEX, while a quarter of the heap is still free, and reads a CSV only when its
 * text would take at most half of what is left.
 */
export const HEAP_SHARE = 0.75;

function tooComplex(reason: 'memory' | 'size'): EngineError {
  return new EngineError('EXTRACT_TOO_COMPLEX', 'Reading the file needed more memory than any real extract; it was refused', { reason });
}

function heapCheck(): void {
  const h = getHeapStatistics();
  if (h.used_heap_size > HEAP_SHARE * h.heap_size_limit) throw tooComplex('memory');
}

/** What the worker runs: the reader and the validation, errors as the engine's typed errors. */
export function parseExtract(plain: Uint8Array, opts: ValidateOptions, onRows?: (rows: number) => void): ParsedExtract {
  const contentSha256 = createHash('sha256').update(plain).digest('hex');
  try {
    if (!isZip(plain)) {
      const h = getHeapStatistics();
      // A CSV in UTF-16 becomes one string of up to two bytes a character; one in UTF-8 or
      // Windows-1252 is read a piece at a time (csv.ts openCsv), but the rows validation keeps
      // from it take about as much, so the same bound stands for both and refuses early.
      if (plain.length * 2 > (h.heap_size_limit - h.used_heap_size) / 2) throw tooComplex('size');
    }
    const { table, format } = decodeTable(plain, heapCheck);
    let rows = 0;
    const counted: Table = {
      ...table,
      eachRow: (fn: Parameters<typeof table.eachRow>[0]) =>
        table.eachRow((row, cells, numeric) => {
          if (++rows % CHECK_EVERY === 0) heapCheck();
          if (rows % ROW_NOTE_EVERY === 0) onRows?.(rows);
          fn(row, cells, numeric);
        }),
    };
    return { validated: validateTable(counted, opts), format, contentSha256 };
  } catch (err) {
    const e = asExtractInvalid(err);
    // V8's own refusals (a string or array past its maximum) mean the file is beyond any extract.
    if (e instanceof RangeError || (e as { code?: string } | null)?.code === 'ERR_STRING_TOO_LONG') throw tooComplex('size');
    throw e;
  }
}

/**
 * What the worker runs for a received file: decrypt (refusing anything unencrypted), then parse;
 * the plaintext zeroed. The file is decrypted in place: the worker owns the bytes moved to it, and
 * a second buffer of the file's size in each of two workers was most of the import's peak memory.
 * Once decrypted, the file's bytes are all zeroed, not only the plaintext's part of them: the worker
 * gives them back to be used again (SqlInstance.lend), as zeros.
 */
export async function openExtract(file: Uint8Array, key: UnitKey, opts: ValidateOptions, onRows?: (rows: number) => void): Promise<OpenedExtract> {
  const read = await decryptExtract(file, key.identity, key.recipient, { inPlace: true });
  try {
    return { fileSha256: read.fileSha256, parsed: parseExtract(read.plain, opts, onRows) };
  } finally {
    file.fill(0);
    // An armored (text) file is decrypted from a binary copy of it, so its plaintext lies there.
    if (read.plain.buffer !== file.buffer) read.plain.fill(0);
  }
}

interface PackedTally {
  rowsRead: number;
  rowsKept: number;
  dropped: [string, number][];
  rejected: [string, number][];
  warnings: [string, number][];
  columnsDropped: string[];
  /** Rejections column by column: row numbers moved as an array, columns and reasons as indexes. */
  rejections: { row: Int32Array; column: Uint16Array; reason: Uint16Array; columns: string[]; reasons: string[] };
}

export type PackedParse = { format: string; contentSha256: string } & (
  | { kind: 'services'; sector: string | null; snapshotDay: number; tally: PackedTally; batch: PackedBatch }
  | { kind: 'relations'; tally: PackedTally; relations: PackedRelations }
);

/**
 * Relations column by column: as objects, the JSON of a copenhagen-scale file was 14 MB, and
 * parsing it back took a quarter of a second on the engine's thread while it had nothing else to do.
 */
interface PackedRelations {
  persons: PackedPersons;
  parent: Int32Array;
  child: Int32Array;
  household: string[];
}

function packRelations(r: RelationBatch): { relations: PackedRelations; transfer: ArrayBuffer[] } {
  return {
    relations: { persons: r.persons, parent: r.parent, child: r.child, household: r.household },
    transfer: [...personsTransfer(r.persons), r.parent.buffer as ArrayBuffer, r.child.buffer as ArrayBuffer],
  };
}

function unpackRelations(p: PackedRelations): RelationBatch {
  return { persons: p.persons, parent: p.parent, child: p.child, household: p.household };
}

/** The packed parse travels sealed (base/sealed-message.ts): its bytes are zeroed once read. */
export type WorkerAnswer = { ok: true; value: Sealed; fileSha256?: string; spare?: ArrayBuffer } | { ok: false; error: EngineErrorData };

/** What the engine sends the extract worker for a received file: the key's identity as bytes the worker zeroes. */
export interface FileMessage {
  file: Uint8Array;
  identity: Uint8Array;
  recipient: string;
  opts: ValidateOptions;
}

function indexer() {
  const ids = new Map<string, number>();
  const values: string[] = [];
  return {
    values,
    id(s: string) {
      let i = ids.get(s);
      if (i === undefined) {
        i = values.length;
        ids.set(s, i);
        values.push(s);
      }
      return i;
    },
  };
}

function packTally(t: Tally): { tally: PackedTally; transfer: ArrayBuffer[] } {
  const columns = indexer();
  const reasons = indexer();
  const n = t.rejections.length;
  const row = new Int32Array(n);
  const column = new Uint16Array(n);
  const reason = new Uint16Array(n);
  t.rejections.forEach((r, i) => {
    row[i] = r.row;
    column[i] = columns.id(r.column);
    reason[i] = reasons.id(r.reason);
  });
  return {
    tally: {
      rowsRead: t.rowsRead,
      rowsKept: t.rowsKept,
      dropped: [...t.dropped],
      rejected: [...t.rejected],
      warnings: [...t.warnings],
      columnsDropped: t.columnsDropped,
      rejections: { row, column, reason, columns: columns.values, reasons: reasons.values },
    },
    transfer: [row.buffer, column.buffer, reason.buffer],
  };
}

function unpackTally(p: PackedTally): Tally {
  const r = p.rejections;
  const rejections: Rejection[] = Array.from(r.row, (row, i) => ({ row, column: r.columns[r.column[i]!]!, reason: r.reasons[r.reason[i]!]! as Rejection['reason'] }));
  return {
    rowsRead: p.rowsRead,
    rowsKept: p.rowsKept,
    dropped: new Map(p.dropped) as Tally['dropped'],
    rejected: new Map(p.rejected) as Tally['rejected'],
    warnings: new Map(p.warnings) as Tally['warnings'],
    columnsDropped: p.columnsDropped,
    rejections,
  };
}

export function packParsed(p: ParsedExtract): { message: Sealed; transfer: ArrayBuffer[] } {
  const v = p.validated;
  const { tally, transfer } = packTally(v.tally);
  const { format, contentSha256 } = p;
  if (v.kind === 'relations') {
    const packed = packRelations(v.relations);
    return sealedWith({ format, contentSha256, kind: 'relations', tally, relations: packed.relations }, [...transfer, ...packed.transfer]);
  }
  const batch = v.batch.pack();
  return sealedWith({ format, contentSha256, kind: 'services', sector: v.sector, snapshotDay: v.snapshotDay, tally, batch: batch.packed }, [...transfer, ...batch.transfer]);
}

function sealedWith(m: PackedParse, transfer: ArrayBuffer[]): { message: Sealed; transfer: ArrayBuffer[] } {
  const s = seal(m);
  // The typed arrays are in both lists; each buffer is moved once.
  return { message: s.sealed, transfer: [...new Set([...s.transfer, ...transfer])] };
}

export function unpackParsed(sealed: Sealed): ParsedExtract {
  const m = unseal<PackedParse>(sealed);
  const tally = unpackTally(m.tally);
  const validated: Validated =
    m.kind === 'relations'
      ? { kind: 'relations', relations: unpackRelations(m.relations), tally }
      : { kind: 'services', sector: m.sector as Extract<Validated, { kind: 'services' }>['sector'], snapshotDay: m.snapshotDay, batch: ServiceBatch.unpack(m.batch), tally };
  return { validated, format: m.format, contentSha256: m.contentSha256 };
}

/** A buffer that can be moved to a worker: the view must cover its whole ArrayBuffer. */
function ownBuffer(plain: Uint8Array): Uint8Array {
  if (plain.byteOffset === 0 && plain.byteLength === plain.buffer.byteLength && plain.buffer instanceof ArrayBuffer) return plain;
  const copy = new Uint8Array(plain);
  plain.fill(0);
  return copy;
}

/**
 * Where a parse runs: a worker of the pool (reused by the next file of the same call), a fresh
 * worker from the host for each file, or this thread (`'same-thread'`, which only tests ask for).
 */
export type ExtractWorkers = WorkerPool | WorkerHost | 'same-thread';

/**
 * The workers for one engine call's files: a pool, which the call closes when it ends; or this
 * thread, for tests that ask for it.
 */
export function callWorkers(host: WorkerHost | 'same-thread'): { workers: ExtractWorkers; close(): void } {
  if (host === 'same-thread') return { workers: host, close: () => undefined };
  const pool = workerPool(host);
  return { workers: pool, close: () => pool.close() };
}

/** Starts `count` extract workers under `limits` ahead of their files (WorkerPool.warm); nothing on this thread or without a pool. */
export function warmWorkers(workers: ExtractWorkers, count: number, opts: { limits?: Partial<WorkerLimits> } = {}): void {
  if (workers !== 'same-thread' && 'warm' in workers) workers.warm('extract', { ...EXTRACT_WORKER_LIMITS, ...opts.limits }, count);
}

/** The parser the engine uses: in a worker under `limits`, ended by `signal` (see ExtractWorkers). */
export function extractParser(workers: ExtractWorkers, opts: { limits?: Partial<WorkerLimits>; signal?: AbortSignal } = {}): ExtractParser {
  if (workers === 'same-thread') {
    return async (plain, validateOpts, onRows) => {
      try {
        return parseExtract(plain, validateOpts, onRows);
      } finally {
        plain.fill(0);
      }
    };
  }
  const run = workerRunner(workers, opts);
  return async (plain, validateOpts, onRows) => {
    const own = ownBuffer(plain);
    try {
      return unpackParsed((await run({ plain: own, opts: validateOpts }, [own.buffer as ArrayBuffer], onRows)).value);
    } finally {
      if (own.byteLength) own.fill(0); // still ours only if the transfer never happened
    }
  };
}

/**
 * As extractParser, for a received file: decrypted and parsed in one worker (or on this thread, for
 * tests). `spare` is given the file's buffer back from the worker, zeroed, to use again.
 */
export function fileParser(workers: ExtractWorkers, opts: { limits?: Partial<WorkerLimits>; signal?: AbortSignal; spare?: (buffer: ArrayBuffer) => void } = {}): FileParser {
  if (workers === 'same-thread') return (file, key, validateOpts) => openExtract(file, key, validateOpts);
  const run = workerRunner(workers, opts);
  return async (file, key, validateOpts) => {
    const own = ownBuffer(file);
    // Bytes, not a string: postMessage copies strings into memory that is freed uncleared, a
    // moved buffer it does not copy, and the worker zeroes it once read.
    const identity = new TextEncoder().encode(key.identity);
    try {
      const answer = await run({ file: own, identity, recipient: key.recipient, opts: validateOpts } satisfies FileMessage, [own.buffer as ArrayBuffer, identity.buffer as ArrayBuffer]);
      if (answer.spare) opts.spare?.(answer.spare);
      return { fileSha256: answer.fileSha256!, parsed: unpackParsed(answer.value) };
    } finally {
      if (identity.byteLength) identity.fill(0); // still ours only if the transfer never happened
    }
  };
}

/** One message to an extract worker under `limits`: its answer, or the engine's typed error. */
function workerRunner(workers: WorkerPool | WorkerHost, opts: { limits?: Partial<WorkerLimits>; signal?: AbortSignal }) {
  const limits = { ...EXTRACT_WORKER_LIMITS, ...opts.limits };
  return async (message: unknown, transfer: ArrayBuffer[], onRows?: (rows: number) => void): Promise<Extract<WorkerAnswer, { ok: true }>> => {
    let answer: WorkerAnswer;
    try {
      const job = { limits, ...(opts.signal ? { signal: opts.signal } : {}), onNote: (rows: unknown) => onRows?.(rows as number) };
      answer = await ('run' in workers ? workers.run<WorkerAnswer>('extract', message, transfer, job) : runInWorker<WorkerAnswer>(workers, 'extract', message, transfer, job));
    } catch (err) {
      if (!(err instanceof WorkerFailure)) throw err;
      if (err.kind === 'cancelled') throw new EngineError('CANCELLED', 'The import was cancelled');
      if (err.kind === 'memory') throw new EngineError('EXTRACT_TOO_COMPLEX', 'Reading the file needed more memory than any real extract; it was refused', { reason: 'memory', limitMb: limits.maxOldGenerationSizeMb });
      if (err.kind === 'time') throw new EngineError('EXTRACT_TOO_COMPLEX', 'Reading the file took longer than any real extract; it was refused', { reason: 'time', limitMs: limits.timeoutMs });
      throw new EngineError('INTERNAL', 'The extract reader failed');
    }
    if (!answer.ok) throw new EngineError(answer.error.code, answer.error.message, answer.error.details);
    return answer;
  };
}
