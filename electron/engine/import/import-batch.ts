/**
 * A batch of extracts imported as one: whole or nothing, one progress stream, and the phases of
 * consecutive files overlapped. While the engine's thread loads file i into sql.js, workers
 * decrypt, parse and validate files i+1 and i+2 (the engine's thread only reads their bytes): the
 * two cores each do one of the two large jobs (parse ≈ load in time) instead of taking turns.
 *
 * The largest file is read and parsed first: its parse is the longest of the batch, so begun first
 * it runs while the other files load instead of keeping the engine waiting for it later (at
 * copenhagen scale the elders' extract, a third of the rows, was parsed while the engine had
 * nothing left to load).
 *
 * Files are judged and loaded strictly in the order given, with the same rules as one file at a
 * time (import-extract.ts), so the rows are the ones importing them one by one would give.
 * One savepoint holds every load: a file that fails, is held back for a decision or a cancel
 * rolls the whole batch back, and the answer says what each file needs.
 */
import type { Receipt, RejectionRow } from '../../../shared/schemas';
import type { EngineErrorData } from '../../../shared/errors';
import { EngineError, toErrorData } from '../base/errors';
import { judgeExtract, loadReady, openFor, rememberLoad, roomFor, type ImportContext, type ImportDecisions, type PreparedExtract } from './import-extract';
import { LoadCache } from './load';
import type { LoadedServices } from './loaded-services';

export interface BatchFile {
  name: string;
  /** Reads the file's bytes; called only when the pipeline is ready for it (bounded memory). */
  read: () => Promise<Uint8Array>;
  decisions: ImportDecisions;
  /** The file as an earlier attempt decrypted and parsed it (held back for this decision): not read again. */
  prepared?: PreparedExtract | undefined;
  /** Its size in bytes, if known: the largest file is read and parsed first. */
  size?: number | undefined;
}

export type BatchFileStatus = 'imported' | 'ready' | 'needs-decision' | 'needs-empty-confirmation' | 'duplicate' | 'failed';

export interface BatchFileOutcome {
  fileName: string;
  /** 'ready': valid and decided, but not loaded because another file of the batch was not. */
  status: BatchFileStatus;
  receipt: Receipt | null;
  rejections: RejectionRow[];
  error: EngineErrorData | null;
}

export interface BatchOutcome {
  /** 'held-back': at least one file failed or waits for a decision, so nothing was loaded. */
  status: 'imported' | 'held-back';
  files: BatchFileOutcome[];
  /** CPR numbers whose data the batch stored (empty unless imported), for the access log. */
  stored: string[];
  /** Each file as decrypted and parsed (undefined where that failed), to keep for a decision. */
  prepared: (PreparedExtract | undefined)[];
  /** The services the batch loaded, for the screening index (unless held back or nothing was loaded). */
  loaded: LoadedServices | undefined;
}

/**
 * How far reading runs ahead of loading: while file i loads, files i+1 and i+2 are decrypted and
 * parsed. Enough to keep the parsers busy; more would only hold more files and batches in memory.
 */
const READ_AHEAD = 2;

/**
 * Parsers at once. Two, even on two cores: while the engine's thread is idle (before the first
 * load, while a parse it waits for runs) a second parse uses the core, and a large file later in
 * the batch starts early instead of leaving its whole load to the end.
 */
const PARSERS = 2;

/** Runs at most `n` jobs at once, in the order they asked. */
function slots(n: number) {
  let free = n;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (free > 0) free--;
    else await new Promise<void>((r) => waiting.push(r));
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

type Prepared = PreparedExtract | { error: unknown };

const cancelled = () => new EngineError('CANCELLED', 'The import was cancelled');

export async function importBatch(c: ImportContext, files: readonly BatchFile[]): Promise<BatchOutcome> {
  // Room in the database file for the whole batch at once, before the first load grows it.
  c.reserve?.(files.reduce((n, f) => n + roomFor(f), 0));
  try {
    return await importAll(c, files);
  } finally {
    c.reserve?.(0);
  }
}

async function importAll(c: ImportContext, files: readonly BatchFile[]): Promise<BatchOutcome> {
  // Per-file byte and row counts would mix units in the batch's one stream: it counts files.
  const quiet: ImportContext = { ...c, progress: () => undefined };
  let parsedFiles = 0;
  let loadedFiles = 0;
  // Half a file for its parse, half for its load: the bar moves while either core works.
  const report = (loading = 0) => c.progress((parsedFiles + loadedFiles + loading) / 2, files.length, 'files');

  const parser = slots(PARSERS);
  const prepare = (f: BatchFile) => {
    if (f.prepared) {
      parsedFiles++;
      return { read: Promise.resolve(), done: Promise.resolve<Prepared>(f.prepared) };
    }
    const read = f.read();
    const done: Promise<Prepared> = read
      .then((bytes) =>
        parser(async () => {
          if (c.cancelled()) throw cancelled();
          const opened = await openFor(quiet, bytes);
          parsedFiles++;
          report();
          return opened;
        }),
      )
      .catch((error: unknown) => ({ error }));
    return { read: read.then(() => undefined, () => undefined), done };
  };

  // The parsers start while the first files are read, not after.
  c.warm?.(Math.min(PARSERS, files.filter((f) => !f.prepared).length));
  const pending = new Map<number, ReturnType<typeof prepare>>();
  const prepareAt = (i: number) => {
    let p = pending.get(i);
    if (!p) pending.set(i, (p = prepare(files[i]!)));
    return p;
  };
  // The largest file (if it is not among the first anyway) and the first to load are read at once,
  // so both parsers start as early as they can; then the next files, each read before the next is.
  const largest = largestToRead(files);
  const first = [...(largest === undefined ? [] : [largest]), ...files.keys()].slice(0, READ_AHEAD + 1);
  await Promise.all(first.slice(0, PARSERS).map((i) => prepareAt(i).read));
  for (const i of first.slice(PARSERS)) await prepareAt(i).read;
  const results: BatchFileOutcome[] = [];
  const prepared: (PreparedExtract | undefined)[] = [];
  const hashes = new Map<string, number | null>(); // what this batch loads for a source (sameContentKey): the duplicate check
  let holding = false; // a file failed or waits: nothing more is loaded, and what was is rolled back
  const cache = new LoadCache(c.db); // the persons table between files, and the deferred indexes built once at the end
  /**
   * A file failed or waits for the user: what the batch loaded so far is undone at once (those
   * files are ready for the next attempt, without an id), nothing more is loaded, and the rest is
   * still read, so the answer says what every file needs.
   */
  const hold = () => {
    if (holding) return;
    holding = true;
    c.db.exec('ROLLBACK TO batch');
    cache.rolledBack();
    for (const [i, r] of results.entries()) if (r.status === 'imported') results[i] = { ...r, status: 'ready', receipt: { ...r.receipt!, id: null } };
    for (const h of hashes.keys()) hashes.set(h, null);
  };
  report();
  c.db.exec('SAVEPOINT batch');
  try {
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      const got = await prepareAt(i).done;
      prepared.push('error' in got ? undefined : got);
      if (i + READ_AHEAD < files.length && !pending.has(i + READ_AHEAD)) {
        // Read the file after next before this load blocks the thread, so its parser never waits for it.
        await prepareAt(i + READ_AHEAD).read;
      }
      if (c.cancelled()) throw cancelled();
      const judged = 'error' in got ? got : judgeOrFail(quiet, f, got, hashes);
      if ('error' in judged) {
        // A programming error is not a file's fault: it ends the batch as an error.
        if (!(judged.error instanceof EngineError) || judged.error.code === 'CANCELLED') throw judged.error;
        hold();
        results.push({ fileName: f.name, status: 'failed', receipt: null, rejections: [], error: toErrorData(judged.error) });
        continue;
      }
      if (judged.status === 'ready') rememberLoad(hashes, judged.receipt, null);
      if (judged.status !== 'ready' && judged.status !== 'duplicate') hold();
      if (judged.status !== 'ready' || holding) {
        results.push({ fileName: f.name, status: judged.status, receipt: judged.receipt, rejections: judged.rejections, error: null });
        continue;
      }
      const out = loadReady(quiet, judged, (n, of) => report(of ? n / of : 0), cache);
      loadedFiles++;
      report();
      rememberLoad(hashes, out.receipt, out.receipt.id);
      results.push({ fileName: f.name, status: 'imported', receipt: out.receipt, rejections: out.rejections, error: null });
    }
  } catch (err) {
    c.db.exec('ROLLBACK TO batch; RELEASE batch');
    // Workers still parsing end with the operation's signal; their results are dropped (and
    // their plaintext zeroed by the parser).
    await Promise.all([...pending.values()].map((p) => p.done));
    throw err;
  }
  try {
    cache.finish(); // the index the loads deferred, built once for the whole batch
  } catch (err) {
    c.db.exec('ROLLBACK TO batch; RELEASE batch');
    throw err;
  }
  c.db.exec('RELEASE batch');
  // Whom the batch stored, each once (a person in several files is named by each).
  const stored = holding ? [] : cache.stored();
  return { status: holding ? 'held-back' : 'imported', files: results, stored, prepared, loaded: holding ? undefined : cache.loaded() };
}

/** The largest file still to be read, if its size is known and it lies beyond the first files read anyway. */
function largestToRead(files: readonly BatchFile[]): number | undefined {
  let best: number | undefined;
  for (const [i, f] of files.entries()) if (!f.prepared && f.size !== undefined && (best === undefined || f.size > files[best]!.size!)) best = i;
  return best !== undefined && best >= READ_AHEAD ? best : undefined;
}

function judgeOrFail(c: ImportContext, f: BatchFile, got: PreparedExtract, hashes: ReadonlyMap<string, number | null>) {
  try {
    return judgeExtract(c, f.name, got, f.decisions, hashes);
  } catch (error) {
    return { error };
  }
}
