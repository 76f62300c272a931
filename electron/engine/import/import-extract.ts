/** One extract, from received bytes to a loaded snapshot and its receipt. */
import type { Database } from 'sql.js';
import type { Receipt, RejectionRow } from '../../../shared/schemas';
import { getMeta, one } from '../base/database';
import { EngineError } from '../base/errors';
import { loadCatalogue } from '../catalogue/catalogue';
import { dayInCopenhagen } from '../../../shared/dates';
import { loadRelations, loadServices } from './load';
import type { ExtractParser } from './parse';
import { decryptExtract, type ReadProgress } from './read-extract';
import { tallyCounts, type Tally } from './validate';

export interface ImportContext {
  db: Database;
  demo: boolean;
  user: string;
  now: Date;
  progress: ReadProgress;
  cancelled: () => boolean;
  /** Parses and validates the plaintext: in a worker (extractParser in parse.ts). */
  parse: ExtractParser;
  /** Told how long each phase took (the benchmark's split); nothing else needs it. */
  phase?: (name: ImportPhase, ms: number) => void;
}

export type ImportPhase = 'decrypt' | 'parse-validate' | 'load';

export interface ImportOutcome {
  status: 'imported' | 'needs-decision' | 'duplicate';
  receipt: Receipt;
  rejections: RejectionRow[];
  /** CPR numbers whose data the import stored (empty unless imported), for the access log. */
  stored: string[];
}

const MAX_REJECTIONS_SHOWN = 1000;

export async function importExtract(c: ImportContext, fileName: string, bytes: Uint8Array, acceptRejected: boolean): Promise<ImportOutcome> {
  const identity = getMeta(c.db, 'unit_identity')!;
  const recipient = getMeta(c.db, 'unit_recipient')!;
  let lapStart = performance.now();
  const lap = (name: ImportPhase) => {
    const now = performance.now();
    c.phase?.(name, now - lapStart);
    lapStart = now;
  };
  const read = await decryptExtract(bytes, identity, recipient, c.progress, c.cancelled);
  lap('decrypt');
  c.progress(0, null, 'rows');
  const { validated, format } = await c.parse(read.plain, { catalogue: loadCatalogue(c.db), today: dayInCopenhagen(c.now), demo: c.demo }, (rows) => c.progress(rows, null, 'rows'));
  lap('parse-validate');
  c.progress(validated.tally.rowsRead, validated.tally.rowsRead, 'rows');
  const t: Tally = validated.tally;
  const receipt: Receipt = {
    id: null,
    kind: validated.kind,
    sector: validated.kind === 'services' ? validated.sector : null,
    fileName,
    fileSha256: read.fileSha256,
    contentSha256: read.contentSha256,
    importedBy: c.user,
    importedAt: c.now.toISOString(),
    format,
    ...tallyCounts(t),
    acceptedWithRejections: false,
  };
  const rejections = t.rejections.slice(0, MAX_REJECTIONS_SHOWN);
  const earlier = one(c.db, 'SELECT id FROM receipt WHERE file_sha256 = ?', [read.contentSha256]);
  if (earlier) return { status: 'duplicate', receipt: { ...receipt, id: Number(earlier.id) }, rejections: [], stored: [] };
  if (t.rejections.length && !acceptRejected) return { status: 'needs-decision', receipt, rejections, stored: [] };
  if (c.cancelled()) throw new EngineError('CANCELLED', 'The import was cancelled');

  const final = { ...receipt, acceptedWithRejections: t.rejections.length > 0 };
  c.db.exec('SAVEPOINT extract');
  try {
    c.db.run('INSERT INTO receipt (kind, sector, file_name, file_sha256, imported_by, imported_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      final.kind,
      final.sector,
      fileName,
      read.contentSha256,
      c.user,
      final.importedAt,
      JSON.stringify({ ...final, rejections: t.rejections.slice(0, MAX_REJECTIONS_SHOWN) }),
    ]);
    const receiptId = Number(one(c.db, 'SELECT last_insert_rowid() AS id')!.id);
    if (validated.kind === 'services') {
      loadServices(c.db, validated.sector, validated.batch, receiptId, dayInCopenhagen(c.now), (n) => c.progress(n, t.rowsKept, 'rows'));
    } else {
      loadRelations(c.db, validated.records, receiptId);
    }
    c.db.exec('RELEASE extract');
    lap('load');
    const stored = validated.kind === 'services' ? validated.batch.persons.map((p) => p.cpr) : validated.records.flatMap((r) => [r.parent.cpr, r.child.cpr]);
    return { status: 'imported', receipt: { ...final, id: receiptId }, rejections, stored };
  } catch (err) {
    c.db.exec('ROLLBACK TO extract; RELEASE extract');
    throw err;
  }
}
