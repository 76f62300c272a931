/**
 * The first sheet of an XLSX workbook as rows of text. Not npm `xlsx` (frozen, known CVEs):
 * fflate streams the zip and we read the few XML parts ourselves. Zip bombs are stopped while
 * inflating: every byte is counted against hard limits, whatever the zip's headers claim.
 */
import { Unzip, UnzipInflate } from 'fflate';

export class XlsxError extends Error {}

/**
 * Real workbooks inflate 5–30 times; a bomb a thousand times. Expansion is measured against the
 * whole file (entry headers may not state sizes), with a floor so small workbooks are never refused.
 */
const LIMITS = { entries: 2000, entryBytes: 256 * 1024 * 1024, totalBytes: 512 * 1024 * 1024, ratio: 60, floor: 16 * 1024 * 1024 };
const WANTED = /^(xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/sharedStrings\.xml|xl\/worksheets\/[^/]+\.xml)$/;

function unzipParts(bytes: Uint8Array, stats: ReadStats): Map<string, Uint8Array> {
  const parts = new Map<string, Uint8Array>();
  let entries = 0;
  let total = 0;
  let failure: XlsxError | null = null;
  const uz = new Unzip((file) => {
    if (failure) return;
    if (++entries > LIMITS.entries) failure = new XlsxError(`the workbook has more than ${LIMITS.entries} parts`);
    if (!WANTED.test(file.name) || failure) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = new XlsxError('the workbook is damaged');
        return;
      }
      size += chunk.length;
      total += chunk.length;
      stats.inflatedBytes = total;
      if (size > LIMITS.entryBytes || total > LIMITS.totalBytes || total > Math.max(bytes.length * LIMITS.ratio, LIMITS.floor)) {
        failure = new XlsxError('the workbook expands far beyond its size (a zip bomb?) and was refused');
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) parts.set(file.name, concat(chunks, size));
    };
    file.start();
  });
  uz.register(UnzipInflate);
  // Small steps: one step of a bomb can inflate ~1000× in a single chunk before the counter
  // sees it (64 KiB steps let 66 MB through); 4 KiB keeps any chunk to about 4 MB.
  const STEP = 4 * 1024;
  try {
    for (let i = 0; i < bytes.length && !failure; i += STEP) uz.push(bytes.subarray(i, i + STEP), i + STEP >= bytes.length);
  } catch {
    throw new XlsxError('the file is not a readable XLSX workbook');
  }
  if (failure) throw failure;
  return parts;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : '');
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

function firstSheetPath(parts: Map<string, Uint8Array>): string {
  const workbook = text(parts.get('xl/workbook.xml'));
  const sheet = /<(?:\w+:)?sheet\b[^>]*>/.exec(workbook)?.[0];
  const rid = sheet && (attr(sheet, 'r:id') ?? attr(sheet, '\\w+:id'));
  const rels = text(parts.get('xl/_rels/workbook.xml.rels'));
  for (const rel of rels.match(/<Relationship\b[^>]*>/g) ?? []) {
    if (attr(rel, 'Id') === rid) {
      const target = attr(rel, 'Target') ?? '';
      return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    }
  }
  if (parts.has('xl/worksheets/sheet1.xml')) return 'xl/worksheets/sheet1.xml';
  throw new XlsxError('the workbook has no sheet');
}

/** Column letters to a zero-based index: A → 0, Z → 25, AA → 26. */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.replace(/\d+$/, '')) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export interface XlsxCell {
  value: string;
  /** True when Excel stored a number (dates and CPR numbers may then need care). */
  numeric: boolean;
}

/** What reading cost: how many bytes were inflated before the sheet was read or refused. */
export interface ReadStats {
  inflatedBytes: number;
}

export function readFirstSheet(bytes: Uint8Array, stats: ReadStats = { inflatedBytes: 0 }): XlsxCell[][] {
  const parts = unzipParts(bytes, stats);
  const shared = (text(parts.get('xl/sharedStrings.xml')).match(/<si>[\s\S]*?<\/si>/g) ?? []).map((si) =>
    unescapeXml((si.match(/<t\b[^>]*>([\s\S]*?)<\/t>/g) ?? []).map((t) => t.replace(/<t\b[^>]*>|<\/t>/g, '')).join('')),
  );
  const sheet = text(parts.get(firstSheetPath(parts)));
  if (!sheet) throw new XlsxError('the first sheet is missing');
  const rows: XlsxCell[][] = [];
  for (const rowMatch of sheet.matchAll(/<row\b([^>]*)>([\s\S]*?)<\/row>/g)) {
    const rowIndex = Number(attr(rowMatch[1]!, 'r') ?? rows.length + 1) - 1;
    if (!Number.isInteger(rowIndex) || rowIndex < 0 || rowIndex > 2_000_000) throw new XlsxError('the sheet has an impossible row number');
    const cells: XlsxCell[] = [];
    for (const c of rowMatch[2]!.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1]!;
      const body = c[2] ?? '';
      const type = attr(attrs, 't');
      const ref = attr(attrs, 'r');
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let cell: XlsxCell;
      if (type === 's') cell = { value: shared[Number(v)] ?? '', numeric: false };
      else if (type === 'inlineStr') cell = { value: unescapeXml((body.match(/<t\b[^>]*>([\s\S]*?)<\/t>/g) ?? []).map((t) => t.replace(/<t\b[^>]*>|<\/t>/g, '')).join('')), numeric: false };
      else if (type === 'str' || type === 'b' || type === 'e') cell = { value: unescapeXml(v ?? ''), numeric: false };
      else cell = { value: v ?? '', numeric: v !== undefined };
      const at = ref ? columnIndex(ref) : cells.length;
      if (at < 0 || at > 16_384) throw new XlsxError('the sheet has an impossible column');
      while (cells.length < at) cells.push({ value: '', numeric: false });
      cells[at] = cell;
    }
    while (rows.length < rowIndex) rows.push([]);
    rows[rowIndex] = cells;
  }
  return rows;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
