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
import { receiptFacts, type Tally } from './validate';
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
}

const MAX_REJECTIONS_SHOWN = 1000;

export async function importExtract(c: ImportContext, fileName: string, bytes: Uint8Array, decisions: ImportDecisions): Promise<ImportOutcome> {
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
  const empty = validated.kind === 'services' && t.rowsKept === 0;
  const sector = validated.kind === 'services' ? sourceOf(validated.sector, empty ? decisions.sector : undefined) : null;
  const receipt: Receipt = {
    id: null,
    kind: validated.kind,
    sector,
    fileName,
    fileSha256: read.fileSha256,
    contentSha256: read.contentSha256,
    importedBy: c.user,
    importedAt: c.now.toISOString(),
    format,
    ...receiptFacts(validated),
    acceptedWithRejections: false,
  };
  const rejections = t.rejections.slice(0, MAX_REJECTIONS_SHOWN);
  const earlier = one(c.db, 'SELECT id FROM receipt WHERE file_sha256 = ?', [read.contentSha256]);
  if (earlier) return { status: 'duplicate', receipt: { ...receipt, id: Number(earlier.id) }, rejections: [], stored: [] };
  if (t.rejections.length && !decisions.acceptRejected) return { status: 'needs-decision', receipt, rejections, stored: [] };
  // Nothing ongoing would empty the source's snapshot: only on purpose, and only for a named source.
  if (empty && (!decisions.confirmEmpty || !sector)) return { status: 'needs-empty-confirmation', receipt, rejections, stored: [] };
  if (c.cancelled()) throw new EngineError('CANCELLED', 'The import was cancelled');

  const final = { ...receipt, acceptedWithRejections: t.rejections.length > 0, ...(empty ? { confirmedEmpty: true } : {}) };
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
      loadServices(c.db, sector!, validated.batch, receiptId, validated.snapshotDay, (n) => c.progress(n, t.rowsKept, 'rows'));
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
