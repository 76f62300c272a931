/** Import of extracts, the loaded snapshots and receipts. */
import { basename } from 'node:path';
import { ReceiptSchema, type Receipt } from '../../../shared/schemas';
import { all } from '../base/database';
import { readRegularFile } from '../base/files/open-file';
import { isoOfDay } from '../../../shared/dates';
import { importExtract } from './import-extract';
import { extractParser } from './parse';
import type { Handlers } from '../base/context';
import { unitOf } from '../base/workspace/store';

export const importHandlers = {
  'import.file': async (ctx, input) => {
    const s = ctx.session();
    s.memory.clear(); // the screening index: its memory is better spent on the import; it is rebuilt on next use
    const fileName = basename(input.path);
    ctx.subject('extract', fileName);
    const op = ctx.operation();
    // Only an ordinary local file up to the size limit; never blocks the queue (see open-file.ts).
    const bytes = await readRegularFile(ctx.deps.fs, input.path, fileName, { platform: ctx.deps.platform ?? process.platform, signal: op.signal });
    const out = await importExtract(
      {
        db: s.ws.db,
        demo: unitOf(s.ws).demo, // from the authenticated database: a header edit cannot let fictitious CPR numbers in
        user: s.user.username,
        now: ctx.deps.now(),
        progress: op.progress,
        cancelled: () => op.signal.aborted,
        parse: extractParser(ctx.deps.workers, { signal: op.signal, ...(ctx.deps.extractLimits ? { limits: ctx.deps.extractLimits } : {}) }),
      },
      fileName,
      bytes,
      { acceptRejected: input.acceptRejected, confirmEmpty: input.confirmEmpty, sector: input.sector },
    );
    // The log says what was decided: held back, imported (accepting N refused rows), or a repeat.
    const refused = out.receipt.rejected.reduce((n, [, k]) => n + k, 0);
    const decision =
      out.status !== 'imported' ? out.status : out.receipt.confirmedEmpty ? 'imported-confirmed-empty' : refused ? `imported-accepting-${refused}-rejected` : out.status;
    ctx.subject('extract', `${out.receipt.sector ?? 'relations'}:${fileName}:${decision}:${out.receipt.contentSha256.slice(0, 16)}`);
    if (out.status !== 'imported') ctx.markClean();
    // Every citizen whose data this extract brought into the unit can find the import in the log.
    ctx.disclose(out.stored);
    const { stored: _s, ...answer } = out;
    return answer;
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
