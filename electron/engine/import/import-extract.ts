/**
 * One extract, from received bytes to a loaded snapshot and its receipt, in phases: decrypt,
 * parse + validate (in a worker), judge (receipt, duplicate check, the user's decisions) and load.
 * `importExtract` runs them one after another for one file; the batch (import-batch.ts) runs the
 * same phases overlapped across files, so both paths share every rule.
 */
import type { Database } from 'sql.js';
import type { Receipt, RejectionRow } from '../../../shared/schemas';
import { getMeta, one } from '../base/database';
import { EngineError } from '../base/errors';
import { loadCatalogue } from '../catalogue/catalogue';
import { dayInCopenhagen, dayOfIso } from '../../../shared/dates';
import { LoadCache, loadRelations, loadServices } from './load';
import type { LoadedServices } from './loaded-services';
import type { ExtractParser, FileParser, OpenedExtract, ParsedExtract } from './parse';
import { decryptExtract, type Decrypted, type ReadProgress } from './read-extract';
import { receiptFacts, type Validated } from './validate';
import type { Sector } from '../../../shared/extract-format';

export interface ImportContext {
  db: Database;
  demo: boolean;
  user: string;
  now: Date;
  progress: ReadProgress;
  cancelled: () => boolean;
  /** Parses and validates the plaintext: in a worker (extractParser in parse.ts). */
  parse: ExtractParser;
  /**
   * Decrypts and parses a received file in one worker (fileParser in parse.ts), which a batch
   * uses; without it a batch decrypts on this thread and then calls `parse`.
   */
  open?: FileParser | undefined;
  /** Starts this many workers for `open` ahead of the first file (see WorkerPool.warm); absent on this thread. */
  warm?: ((count: number) => void) | undefined;
  /** Makes room in the database file for about this many bytes more (SqlInstance.reserve); 0 takes it back. */
  reserve?: ((bytes: number) => void) | undefined;
  /** Told how long each phase took (the benchmark's split); nothing else needs it. */
  phase?: (name: ImportPhase, ms: number) => void;
}

export type ImportPhase = 'decrypt' | 'parse-validate' | 'load';

/** What the user has decided about a file the importer held back. */
export interface ImportDecisions {
  /** Import the valid rows of a file with rejected rows, leaving those out. */
  acceptRejected: boolean;
  /** Let a services file with nothing ongoing replace its source's snapshot with an empty one. */
  confirmEmpty: boolean;
  /** The source an empty file replaces, when no row of the file says (a header and nothing else). */
  sector?: Sector | undefined;
}

export interface ImportOutcome {
  status: 'imported' | 'needs-decision' | 'needs-empty-confirmation' | 'duplicate';
  receipt: Receipt;
  rejections: RejectionRow[];
  /** CPR numbers whose data the import stored (empty unless imported), for the access log. */
  stored: string[];
  /** The services it loaded, for the screening index (finishExtract; absent unless imported). */
  loaded?: LoadedServices | undefined;
}

/** A file judged fit to load: its final receipt and what to load. */
export interface ReadyExtract {
  status: 'ready';
  fileName: string;
  receipt: Receipt;
  rejections: RejectionRow[];
  validated: Validated;
}

const MAX_REJECTIONS_SHOWN = 1000;

async function timed<T>(c: ImportContext, name: ImportPhase, fn: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  const value = await fn();
  c.phase?.(name, performance.now() - t);
  return value;
}

/** Phase 1: refuses anything unencrypted and decrypts with the unit's identity. */
export function decryptFor(c: ImportContext, bytes: Uint8Array): Promise<Decrypted> {
  const identity = getMeta(c.db, 'unit_identity')!;
  const recipient = getMeta(c.db, 'unit_recipient')!;
  return timed(c, 'decrypt', () => decryptExtract(bytes, identity, recipient, { progress: c.progress, cancelled: c.cancelled }));
}

const validateOptions = (c: ImportContext) => ({ catalogue: loadCatalogue(c.db), today: dayInCopenhagen(c.now), demo: c.demo });

/** Phase 2: parses and validates the plaintext (zeroed afterwards) against the unit's catalogue. */
export function parseFor(c: ImportContext, plain: Uint8Array, onRows?: (rows: number) => void): Promise<ParsedExtract> {
  const opts = validateOptions(c);
  return timed(c, 'parse-validate', () => c.parse(plain, opts, onRows));
}

/** Phases 1 and 2 for a file of a batch: both in the worker where the context can (`open`), else decrypted here first. */
export async function openFor(c: ImportContext, bytes: Uint8Array): Promise<PreparedExtract> {
  const open = c.open;
  if (!open) {
    const read = await decryptFor(c, bytes);
    return { fileSha256: read.fileSha256, parsed: await parseFor(c, read.plain) };
  }
  const key = { identity: getMeta(c.db, 'unit_identity')!, recipient: getMeta(c.db, 'unit_recipient')! };
  const opts = validateOptions(c);
  return timed(c, 'parse-validate', () => open(bytes, key, opts));
}

/**
 * What makes two files the same import: the same content for the same source, giving the same
 * snapshot date (a file without an extraction date sent again on another day moves the snapshot
 * date, so it is imported). The key of `batchHashes`.
 */
export const sameContentKey = (r: Pick<Receipt, 'kind' | 'sector' | 'snapshotDate' | 'contentSha256'>): string =>
  `${r.sector ?? r.kind}|${r.snapshotDate ?? ''}|${r.contentSha256}`;

/** A file of a batch is (to be) loaded for its source: it replaces what an earlier file of the batch loaded for it. */
export function rememberLoad(batchHashes: Map<string, number | null>, r: Receipt, id: number | null): void {
  const source = `${r.sector ?? r.kind}|`;
  for (const k of batchHashes.keys()) if (k.startsWith(source)) batchHashes.delete(k);
  batchHashes.set(sameContentKey(r), id);
}

/**
 * The receipt of what is loaded now for the file's source, if it came from the same content with
 * the same snapshot date: importing the file would change nothing. Only what is loaded now counts:
 * an earlier extract sent again replaces the current one (as a source undoes a wrong file), and
 * two sources may send the same header-only file to empty their snapshots.
 */
function loadedNow(db: Database, r: Receipt): number | undefined {
  const row =
    r.kind === 'relations'
      ? one(db, "SELECT id FROM receipt WHERE id = (SELECT max(id) FROM receipt WHERE kind = 'relations') AND file_sha256 = ?", [r.contentSha256])
      : r.sector === null || r.snapshotDate == null
        ? undefined
        : one(db, 'SELECT r.id FROM source s JOIN receipt r ON r.id = s.receipt_id WHERE s.sector = ? AND s.snapshot_day = ? AND r.file_sha256 = ?', [
            r.sector,
            dayOfIso(r.snapshotDate),
            r.contentSha256,
          ]);
  return row ? Number(row.id) : undefined;
}

/**
 * Phase 3: the receipt, and whether the file may load: not what is loaded now for its source (in
 * the database, or earlier in the same batch: `batchHashes`), rejected rows only when accepted, an
 * empty snapshot only when confirmed for a named source. Changes nothing.
 */
export function judgeExtract(
  c: ImportContext,
  fileName: string,
  { fileSha256, parsed }: PreparedExtract,
  decisions: ImportDecisions,
  batchHashes: ReadonlyMap<string, number | null> = new Map(),
): ImportOutcome | ReadyExtract {
  const { validated, format } = parsed;
  const t = validated.tally;
  // No row kept empties what the file replaces: a source's snapshot, or every family relation.
  const empty = t.rowsKept === 0;
  const sector = validated.kind === 'services' ? sourceOf(validated.sector, empty ? decisions.sector : undefined) : null;
  const receipt: Receipt = {
    id: null,
    kind: validated.kind,
    sector,
    fileName,
    fileSha256,
    contentSha256: parsed.contentSha256,
    importedBy: c.user,
    importedAt: c.now.toISOString(),
    format,
    ...receiptFacts(validated),
    acceptedWithRejections: false,
  };
  const rejections = t.rejections.slice(0, MAX_REJECTIONS_SHOWN);
  // An earlier file of the same batch that is not loaded (yet) has no receipt id: null.
  const key = sameContentKey(receipt);
  const earlier = batchHashes.has(key) ? batchHashes.get(key) : loadedNow(c.db, receipt);
  if (earlier !== undefined) return { status: 'duplicate', receipt: { ...receipt, id: earlier === null ? null : Number(earlier) }, rejections: [], stored: [] };
  if (t.rejections.length && !decisions.acceptRejected) return { status: 'needs-decision', receipt, rejections, stored: [] };
  // Nothing kept would empty the source's snapshot (or all relations): only on purpose, and for services only for a named source.
  if (empty && (!decisions.confirmEmpty || (validated.kind === 'services' && !sector))) return { status: 'needs-empty-confirmation', receipt, rejections, stored: [] };
  const final = { ...receipt, acceptedWithRejections: t.rejections.length > 0, ...(empty ? { confirmedEmpty: true } : {}) };
  return { status: 'ready', fileName, receipt: final, rejections, validated };
}

/**
 * Phase 4: the receipt row and the snapshot. The caller holds a savepoint around it (one per
 * file, or one per batch), so a failure leaves the previous data exactly as it was, and finishes
 * `cache` when its loads are done; whom they stored, it asks the cache (LoadCache.stored).
 */
export function loadReady(c: ImportContext, r: ReadyExtract, onRows: (n: number, of: number) => void, cache: LoadCache): Omit<ImportOutcome, 'stored'> {
  const t0 = performance.now();
  const { receipt: final, validated } = r;
  const t = validated.tally;
  c.db.run('INSERT INTO receipt (kind, sector, file_name, file_sha256, imported_by, imported_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    final.kind,
    final.sector,
    r.fileName,
    final.contentSha256,
    c.user,
    final.importedAt,
    JSON.stringify({ ...final, rejections: t.rejections.slice(0, MAX_REJECTIONS_SHOWN) }),
  ]);
  const receiptId = Number(one(c.db, 'SELECT last_insert_rowid() AS id')!.id);
  if (validated.kind === 'services') {
    loadServices(c.db, final.sector as Sector, validated.batch, receiptId, validated.snapshotDay, (n) => onRows(n, t.rowsKept), cache);
  } else {
    loadRelations(c.db, validated.relations, receiptId, cache);
  }
  c.phase?.('load', performance.now() - t0);
  return { status: 'imported', receipt: { ...final, id: receiptId }, rejections: r.rejections };
}

/**
 * About how much loading a file adds to the database, for SqlInstance.reserve: measured on the
 * demo generator's files at copenhagen and stress scale, the database takes 0.37 bytes per byte of
 * CSV, about 100 bytes per service row. A little more is asked; too little only means the file
 * grows in steps again past it.
 */
const DB_BYTES_PER_FILE_BYTE = 0.4;
const DB_BYTES_PER_ROW = 110;

/** The room to make for a file: from its rows once parsed, else from its size if known (else none). */
export function roomFor(f: { prepared?: PreparedExtract | undefined; size?: number | undefined }): number {
  if (f.prepared) return f.prepared.parsed.validated.tally.rowsKept * DB_BYTES_PER_ROW;
  return Math.round((f.size ?? 0) * DB_BYTES_PER_FILE_BYTE);
}

/** A file decrypted, parsed and validated: what a decision about it is made on (the plaintext is gone). */
export type PreparedExtract = OpenedExtract;

/** Phases 1 and 2 for one file, with its progress in bytes and then rows. */
export async function prepareExtract(c: ImportContext, bytes: Uint8Array): Promise<PreparedExtract> {
  const read = await decryptFor(c, bytes);
  c.progress(0, null, 'rows');
  const parsed = await parseFor(c, read.plain, (rows) => c.progress(rows, null, 'rows'));
  c.progress(parsed.validated.tally.rowsRead, parsed.validated.tally.rowsRead, 'rows');
  return { fileSha256: read.fileSha256, parsed };
}

/** Phases 3 and 4 for one prepared file, inside its own savepoint. */
export function finishExtract(c: ImportContext, fileName: string, p: PreparedExtract, decisions: ImportDecisions): ImportOutcome {
  const judged = judgeExtract(c, fileName, p, decisions);
  if (judged.status !== 'ready') return judged;
  if (c.cancelled()) throw new EngineError('CANCELLED', 'The import was cancelled');
  c.db.exec('SAVEPOINT extract');
  c.reserve?.(roomFor({ prepared: p }));
  try {
    const cache = new LoadCache(c.db);
    const out = loadReady(c, judged, (n, of) => c.progress(n, of, 'rows'), cache);
    cache.finish();
    c.db.exec('RELEASE extract');
    return { ...out, stored: cache.stored(), loaded: cache.loaded() };
  } catch (err) {
    c.db.exec('ROLLBACK TO extract; RELEASE extract');
    throw err;
  } finally {
    c.reserve?.(0);
  }
}

export async function importExtract(c: ImportContext, fileName: string, bytes: Uint8Array, decisions: ImportDecisions): Promise<ImportOutcome> {
  return finishExtract(c, fileName, await prepareExtract(c, bytes), decisions);
}

/**
 * The source a services file replaces: the one its rows name. A file with a header and no rows
 * names none, and only then may the user say which (an empty file from the wrong source would
 * silently empty another source's snapshot, so a choice that contradicts the rows is refused).
 */
function sourceOf(fromRows: Sector | null, chosen: Sector | undefined): Sector | null {
  if (fromRows && chosen && chosen !== fromRows) {
    throw new EngineError('VALIDATION', `The file's rows name ${fromRows}, not ${chosen}`, { issues: [{ path: 'sector', message: 'differs-from-file' }] });
  }
  return fromRows ?? chosen ?? null;
}
