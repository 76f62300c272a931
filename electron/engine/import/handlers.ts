/** Import of extracts, the loaded snapshots and receipts. */
import { basename } from 'node:path';
import { ReceiptSchema, type Receipt } from '../../../shared/schemas';
import { all } from '../base/database';
import { readRegularFile, sizeHint } from '../base/files/open-file';
import { isoOfDay } from '../../../shared/dates';
import { finishExtract, prepareExtract, type ImportContext, type PreparedExtract } from './import-extract';
import { keepHeld, takeHeld } from './held-back';
import { keepLoaded, type LoadedServices } from './loaded-services';
import { importBatch } from './import-batch';
import { callWorkers, extractParser, fileParser, warmWorkers, type ExtractWorkers } from './parse';
import type { Ctx, Handlers } from '../base/context';
import { unitOf } from '../base/workspace/store';

type CallImport = ImportContext & { read: (path: string) => Promise<Uint8Array>; size: (path: string) => Promise<number | undefined> };

/**
 * Runs `fn` with the import's view of the engine, whose extract workers serve this call's files
 * one after another and end when the call does.
 */
async function withImport<T>(ctx: Ctx, fn: (c: CallImport) => Promise<T>): Promise<T> {
  const { workers, close } = callWorkers(ctx.deps.workers);
  try {
    return await fn(importContext(ctx, workers));
  } finally {
    close();
  }
}

/** The import's view of the engine: this session's database and user, this operation's progress and cancel. */
function importContext(ctx: Ctx, workers: ExtractWorkers): CallImport {
  const s = ctx.session();
  s.memory.clear(); // the screening index: its memory is better spent on the import; it is rebuilt on next use
  const op = ctx.operation();
  const workerOptions = { signal: op.signal, ...(ctx.deps.extractLimits ? { limits: ctx.deps.extractLimits } : {}) };
  return {
    db: s.ws.db,
    demo: unitOf(s.ws).demo, // from the authenticated database: a header edit cannot let fictitious CPR numbers in
    user: s.user.username,
    now: ctx.deps.now(),
    progress: op.progress,
    cancelled: () => op.signal.aborted,
    reserve: (bytes) => s.ws.sql.reserve(bytes),
    parse: extractParser(workers, workerOptions),
    // Each file's buffer, back from its worker: the save after the import may export into it.
    open: fileParser(workers, { ...workerOptions, spare: (buffer) => s.ws.sql.lend(buffer) }),
    warm: (count) => warmWorkers(workers, count, workerOptions),
    // Only an ordinary local file up to the size limit; never blocks the queue (see open-file.ts).
    read: (path) => readRegularFile(ctx.deps.fs, path, basename(path), { platform: ctx.deps.platform ?? process.platform, signal: op.signal }),
    size: (path) => sizeHint(ctx.deps.fs, path, { platform: ctx.deps.platform ?? process.platform, signal: op.signal }),
  };
}

/** Nothing was loaded: no save follows, so none of the buffers the workers gave back is kept for one. */
function heldBack(ctx: Ctx): void {
  ctx.markClean();
  ctx.session().ws.sql.lend(null);
}

/** The loaded services, for the next screening, once the import and its log entry stand. */
function keepLoadedAfterCommit(ctx: Ctx, loaded: LoadedServices | undefined): void {
  const s = ctx.session();
  if (loaded) ctx.afterCommit(() => keepLoaded(s, loaded));
}

/** What the log says was decided about a file: held back, imported (accepting N refused rows), a repeat, or failed. */
function decisionOf(fileName: string, status: string, receipt: Receipt | null, errorCode?: string): string {
  if (!receipt) return `-:${fileName}:failed-${errorCode ?? 'INTERNAL'}`;
  const refused = receipt.rejected.reduce((n, [, k]) => n + k, 0);
  const decision = status !== 'imported' ? status : receipt.confirmedEmpty ? 'imported-confirmed-empty' : refused ? `imported-accepting-${refused}-rejected` : status;
  return `${receipt.sector ?? 'relations'}:${fileName}:${decision}:${receipt.contentSha256.slice(0, 16)}`;
}

export const importHandlers = {
  'import.file': async (ctx, input) => {
    const fileName = basename(input.path);
    ctx.subject('extract', fileName);
    const decisions = { acceptRejected: input.acceptRejected, confirmEmpty: input.confirmEmpty, sector: input.sector };
    // Taken before importContext clears the session's memory for the import.
    const [kept] = takeHeld(ctx.session(), [{ path: input.path, decisions }]);
    const { prepared, out } = await withImport(ctx, async (c) => {
      if (!kept) c.warm?.(1); // its parser starts while the file is read and decrypted
      const prepared = kept ?? (await prepareExtract(c, await c.read(input.path)));
      return { prepared, out: finishExtract(c, fileName, prepared, decisions) };
    });
    keepHeld(ctx.session(), out.status === 'needs-decision' || out.status === 'needs-empty-confirmation' ? [[input.path, prepared]] : []);
    ctx.subject('extract', decisionOf(fileName, out.status, out.receipt));
    if (out.status !== 'imported') heldBack(ctx);
    else keepLoadedAfterCommit(ctx, out.loaded);
    // Every citizen whose data this extract brought into the unit can find the import in the log.
    ctx.disclose(out.stored);
    const { stored: _s, loaded: _l, ...answer } = out;
    return answer;
  },

  /**
   * A batch: one operation, one log entry naming every file and what was decided about it, one
   * save (the dispatch's, after the call), and nothing loaded unless every file is.
   */
  'import.files': async (ctx, input) => {
    const names = input.files.map((f) => basename(f.path));
    ctx.subject('extract', names.join(' | '));
    const files = input.files.map((f) => ({ path: f.path, decisions: { acceptRejected: f.acceptRejected, confirmEmpty: f.confirmEmpty, sector: f.sector } }));
    const kept = takeHeld(ctx.session(), files);
    const out = await withImport(ctx, async (c) => {
      const sizes = await Promise.all(files.map((f, i) => (kept[i] ? undefined : c.size(f.path))));
      return importBatch(
        c,
        files.map((f, i) => ({ name: names[i]!, read: () => c.read(f.path), decisions: f.decisions, prepared: kept[i], size: sizes[i] })),
      );
    });
    // A held-back batch keeps every file it read for the user's next attempt (none is read again).
    keepHeld(ctx.session(), out.status === 'imported' ? [] : files.flatMap((f, i) => (out.prepared[i] ? [[f.path, out.prepared[i]!] as [string, PreparedExtract]] : [])));
    ctx.subject('extract', out.files.map((f) => decisionOf(f.fileName, f.status, f.receipt, f.error?.code)).join(' | '));
    if (out.status !== 'imported') heldBack(ctx);
    else keepLoadedAfterCommit(ctx, out.loaded);
    ctx.disclose(out.stored);
    return { status: out.status, files: out.files };
  },

  'import.snapshots': async (ctx) => {
    const { db } = ctx.session().ws;
    return all(
      db,
      `SELECT s.sector, s.receipt_id, s.snapshot_day, r.imported_at, r.imported_by, r.file_name,
              (SELECT count(*) FROM service v WHERE v.source_id = s.id) AS services,
              (SELECT count(DISTINCT person_id) FROM service v WHERE v.source_id = s.id) AS persons
       FROM source s JOIN receipt r ON r.id = s.receipt_id ORDER BY s.sector`,
    ).map((r) => ({
      sector: String(r.sector),
      receiptId: Number(r.receipt_id),
      snapshotDate: isoOfDay(Number(r.snapshot_day)),
      importedAt: String(r.imported_at),
      importedBy: String(r.imported_by),
      fileName: String(r.file_name),
      services: Number(r.services),
      persons: Number(r.persons),
    }));
  },

  'import.receipts': async (ctx) => {
    const { db } = ctx.session().ws;
    return all(db, 'SELECT id, body FROM receipt ORDER BY id DESC LIMIT 200').map((r) => {
      const { rejections: _r, ...body } = JSON.parse(String(r.body)) as Receipt & { rejections: unknown };
      return ReceiptSchema.parse({ ...body, id: Number(r.id) });
    });
  },

} satisfies Partial<Handlers>;
