/**
 * The first sheet of an XLSX workbook, row by row. Not npm `xlsx` (frozen, known CVEs): fflate
 * streams the zip and a small tokenizer (base/files/xml-scan.ts) reads the few XML parts as they
 * inflate, so neither the sheet nor its rows are ever held whole.
 *
 * Hostile workbooks are stopped by construction, not by luck:
 *  - zip bombs while inflating: every inflated byte counts against the file's size (a real
 *    workbook inflates 5–30 times, a bomb a thousand) and against what the cells read so far can
 *    honestly take, whatever the zip's headers claim;
 *  - the XML is read in one linear pass, with caps on a tag, a text and a cell's characters;
 *  - rows are stored densely only up to MAX_COLUMNS: an empty cell at XFD costs nothing, a value
 *    beyond the cap is refused with its cell named;
 *  - numeric character references must name a valid XML character; a DTD is refused.
 */
import { Unzip, UnzipInflate } from 'fflate';
import { MAX_COLUMNS } from '../../../shared/extract-format';
import { XmlError, XmlScanner, type XmlHandler, type XmlTag } from '../base/files/xml-scan';

/** Why a workbook cannot be read; `row` and `column` (e.g. "XFD") where a cell is to blame. */
export class XlsxError extends Error {
  constructor(
    message: string,
    readonly row = 0,
    readonly column = '',
  ) {
    super(message);
  }
}

const MiB = 1024 * 1024;
export const XLSX_LIMITS = {
  entries: 2000,
  /** Inflated bytes per byte of the whole file, with a floor so small workbooks are never refused. */
  ratio: 60,
  floor: 16 * MiB,
  /**
   * The most any one pass inflates. A full sheet of 1,048,576 rows × 16 columns of ordinary
   * cells is about 1 GB of XML (shared strings included); this leaves room for four times that.
   */
  totalBytes: 4096 * MiB,
  /** Bytes of markup an honest sheet needs per cell or row, besides the text it holds. */
  bytesPerCell: 256,
  /** workbook.xml and its relationships: a few kilobytes in a real workbook. */
  smallPart: 16 * MiB,
  rows: 1_048_576,
  /** Excel's own limit on the characters in a cell. */
  cellChars: 32_767,
  /** More distinct texts than a full sheet of 1,048,576 × 16 cells could use. */
  sharedStrings: 16 * 1_048_576,
};

const WORKBOOK = 'xl/workbook.xml';
const RELS = 'xl/_rels/workbook.xml.rels';
const SHARED = 'xl/sharedStrings.xml';

/** What reading cost: how many bytes were inflated before the sheet was read or refused. */
export interface ReadStats {
  inflatedBytes: number;
}

class Stop extends Error {}

/**
 * Streams the zip's entries through `sinkFor(name)` (undefined skips the entry) in 4 KiB steps:
 * one step of a bomb can inflate ~1000× before the counter sees it (64 KiB steps let 66 MB
 * through); 4 KiB keeps any chunk to about 4 MB.
 */
function inflate(bytes: Uint8Array, stats: ReadStats, check: (() => void) | undefined, sinkFor: (name: string) => ((chunk: Uint8Array, final: boolean) => void) | undefined): string[] {
  const names: string[] = [];
  const limit = Math.min(XLSX_LIMITS.totalBytes, Math.max(bytes.length * XLSX_LIMITS.ratio, XLSX_LIMITS.floor));
  let total = 0;
  let failure: unknown = null;
  const uz = new Unzip((file) => {
    if (failure) return;
    names.push(file.name);
    if (names.length > XLSX_LIMITS.entries) {
      failure = new XlsxError(`the workbook has more than ${XLSX_LIMITS.entries} parts`);
      return;
    }
    const sink = sinkFor(file.name);
    if (!sink) return;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = new XlsxError('the workbook is damaged');
        return;
      }
      total += chunk.length;
      stats.inflatedBytes += chunk.length;
      if (total > limit) {
        failure = new XlsxError('the workbook expands far beyond its size (a zip bomb?) and was refused');
        file.terminate();
        return;
      }
      try {
        sink(chunk, final);
        check?.();
      } catch (e) {
        failure = e;
        file.terminate();
      }
    };
    file.start();
  });
  uz.register(UnzipInflate);
  const STEP = 4 * 1024;
  try {
    for (let i = 0; i < bytes.length && !failure; i += STEP) uz.push(bytes.subarray(i, i + STEP), i + STEP >= bytes.length);
  } catch {
    if (!failure) failure = new XlsxError('the file is not a readable XLSX workbook');
  }
  if (failure instanceof Stop) return names;
  if (failure) throw failure;
  return names;
}

/** Feeds a part's chunks to a tokenizer, naming the part in any complaint. */
function scanInto(part: string, handler: XmlHandler & { scanner: XmlScanner; end?(): void }, maxBytes = Infinity) {
  let size = 0;
  return (chunk: Uint8Array, final: boolean) => {
    size += chunk.length;
    if (size > maxBytes) throw new XlsxError(`${part} is far larger than a workbook needs`);
    try {
      handler.scanner.push(chunk);
      if (final) {
        handler.scanner.end();
        handler.end?.();
      }
    } catch (e) {
      throw e instanceof XmlError ? new XlsxError(`${part}: ${e.message}`) : e;
    }
  };
}

/** The first `<sheet>` of workbook.xml: its relationship id; and the workbook's date system. */
class WorkbookPart implements XmlHandler {
  readonly scanner = new XmlScanner(this);
  rid: string | undefined;
  found = false;
  dateSystem: 1900 | 1904 = 1900;
  open(name: string, tag: XmlTag) {
    // <workbookPr date1904="1"/>: serial dates count from 1904 (once the default of Excel for Mac).
    if (name === 'workbookPr' && /^(1|true)$/i.test(tag.attr('date1904') ?? '')) this.dateSystem = 1904;
    if (name === 'sheet' && !this.found) {
      this.found = true;
      this.rid = tag.attr('*:id');
    }
  }
  close() {}
  text() {}
}

class RelsPart implements XmlHandler {
  readonly scanner = new XmlScanner(this);
  readonly targets = new Map<string, string>();
  open(name: string, tag: XmlTag) {
    if (name !== 'Relationship') return;
    const id = tag.attr('Id');
    const target = tag.attr('Target');
    if (id !== undefined && target !== undefined && !this.targets.has(id)) this.targets.set(id, target);
  }
  close() {}
  text() {}
}

/** xl/sharedStrings.xml: each `<si>` is its `<t>` runs joined (phonetic `<rPh>` runs left out). */
class SharedStringsPart implements XmlHandler {
  readonly scanner = new XmlScanner(this);
  readonly values: string[] = [];
  private inSi = false;
  private phonetic = 0;
  private current = '';
  open(name: string, _tag: XmlTag, selfClosing: boolean) {
    if (name === 'si') {
      if (this.inSi) throw new XmlError(`shared string ${this.values.length} is never closed`);
      if (selfClosing) this.add('');
      else {
        this.inSi = true;
        this.current = '';
      }
    } else if (name === 'rPh' && !selfClosing) this.phonetic++;
    else if (name === 't' && !selfClosing && this.inSi && !this.phonetic) this.scanner.capture = true;
  }
  close(name: string) {
    if (name === 't') this.scanner.capture = false;
    else if (name === 'rPh') this.phonetic = Math.max(0, this.phonetic - 1);
    else if (name === 'si') {
      if (!this.inSi) throw new XmlError('a shared string closes that never opened');
      if (this.scanner.capture) throw new XmlError(`shared string ${this.values.length} closes inside an unclosed text`);
      this.inSi = false;
      this.add(this.current);
    }
  }
  text(value: string) {
    if (!this.inSi || this.phonetic) return;
    this.current += value;
    if (this.current.length > XLSX_LIMITS.cellChars) throw new XmlError(`shared string ${this.values.length} is longer than ${XLSX_LIMITS.cellChars} characters`);
  }
  end() {
    if (this.inSi) throw new XmlError(`shared string ${this.values.length} is never closed`);
  }
  private add(s: string) {
    if (this.values.length >= XLSX_LIMITS.sharedStrings) throw new XmlError(`the workbook has more than ${XLSX_LIMITS.sharedStrings} distinct texts`);
    this.values.push(s);
  }
}

/** A zero-based column index as Excel names it: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The zero-based column of a cell reference (A1 → 0, XFD7 → 16383), or -1 if it is none. */
function columnOf(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  if (i === 0 || i > 3 || !/^[1-9][0-9]{0,6}$/.test(ref.slice(i))) return -1;
  return n - 1;
}

export type RowFn = (row: number, cells: string[], numeric: boolean[]) => void | false;

/** A worksheet's `<sheetData>`: rows in order, each cell placed by its reference. */
class SheetPart implements XmlHandler {
  readonly scanner = new XmlScanner(this);
  /** Cells and rows read so far and the characters of their text: what the sheet's bytes may cost. */
  cellsAndRows = 0;
  textChars = 0;
  private row = 0;
  private inRow = false;
  private cells: string[] = [];
  private numeric: boolean[] = [];
  private lastCol = -1;
  private inCell = false;
  private col = 0;
  private ref = '';
  private type = 'n';
  private v: string | null = null;
  private inV = false;
  private inline: string | null = null;
  private inIs = false;
  private phonetic = 0;

  constructor(
    private readonly shared: readonly string[],
    private readonly onRow: RowFn,
  ) {}

  private fail(message: string, column = ''): never {
    throw new XlsxError(message, this.row, column);
  }

  open(name: string, tag: XmlTag, selfClosing: boolean) {
    switch (name) {
      case 'row': {
        if (this.inRow) this.fail(`row ${this.row} is never closed`);
        const r = tag.attr('r');
        const n = r === undefined ? this.row + 1 : /^[1-9][0-9]{0,6}$/.test(r) ? Number(r) : NaN;
        if (!(n <= XLSX_LIMITS.rows)) this.fail(`the sheet has an impossible row number (${String(r).slice(0, 20)})`);
        if (n <= this.row) this.fail(`row ${n} comes after row ${this.row}: the sheet is out of order`);
        this.row = n;
        this.cellsAndRows++;
        this.cells = [];
        this.numeric = [];
        this.lastCol = -1;
        if (selfClosing) this.emit();
        else this.inRow = true;
        return;
      }
      case 'c': {
        if (!this.inRow) throw new XlsxError('a cell outside a row', this.row);
        if (this.inCell) this.fail(`cell ${this.ref} is never closed`, this.ref);
        const r = tag.attr('r');
        const col = r === undefined ? this.lastCol + 1 : columnOf(r);
        this.ref = r ?? `${columnName(col)}${this.row}`;
        if (col < 0 || col >= 16_384) this.fail(`the sheet has an impossible cell reference (${this.ref.slice(0, 20)})`, this.ref.slice(0, 20));
        if (col <= this.lastCol) this.fail(`cell ${this.ref} comes after column ${columnName(this.lastCol)}: the row is out of order`, this.ref);
        this.lastCol = col;
        this.col = col;
        this.type = tag.attr('t') ?? 'n';
        this.v = null;
        this.inline = null;
        this.cellsAndRows++;
        if (selfClosing) this.endCell();
        else this.inCell = true;
        return;
      }
      case 'v':
        if (this.inCell && !selfClosing) {
          this.inV = true;
          this.v = '';
          this.scanner.capture = true;
        }
        return;
      case 'is':
        if (this.inCell && !selfClosing) {
          this.inIs = true;
          this.inline = '';
        }
        return;
      case 'rPh':
        if (this.inIs && !selfClosing) this.phonetic++;
        return;
      case 't':
        if (this.inIs && !this.phonetic && !selfClosing) this.scanner.capture = true;
        return;
    }
  }

  close(name: string) {
    switch (name) {
      case 'v':
        this.inV = false;
        this.scanner.capture = false;
        return;
      case 't':
        this.scanner.capture = false;
        return;
      case 'rPh':
        this.phonetic = Math.max(0, this.phonetic - 1);
        return;
      case 'is':
        this.inIs = false;
        return;
      case 'c':
        if (!this.inCell) this.fail('a cell closes that never opened');
        if (this.inV || this.scanner.capture) this.fail(`cell ${this.ref} closes inside an unclosed value`, this.ref);
        if (this.inIs) this.fail(`cell ${this.ref} closes inside an unclosed inline string`, this.ref);
        this.inCell = false;
        this.endCell();
        return;
      case 'row':
        if (this.inCell) this.fail(`cell ${this.ref} is never closed`, this.ref);
        if (!this.inRow) this.fail('a row closes that never opened');
        this.inRow = false;
        this.emit();
        return;
      case 'sheetData':
        if (this.inRow) this.fail(`row ${this.row} is never closed`);
        return;
    }
  }

  text(value: string) {
    this.textChars += value.length;
    if (this.inV) this.v += value;
    else if (this.inIs && !this.phonetic) this.inline += value;
    else return;
    if ((this.inV ? this.v!.length : this.inline!.length) > XLSX_LIMITS.cellChars) {
      this.fail(`cell ${this.ref} holds more than ${XLSX_LIMITS.cellChars} characters`, this.ref);
    }
  }

  end() {
    if (this.inRow) this.fail(`row ${this.row} is never closed`);
  }

  private endCell() {
    let value: string;
    let numeric = false;
    if (this.type === 's') {
      if (this.v === null || this.v === '') value = '';
      else {
        const i = /^[0-9]{1,9}$/.test(this.v.trim()) ? Number(this.v.trim()) : -1;
        if (i < 0 || i >= this.shared.length) this.fail(`cell ${this.ref} refers to shared text ${this.v.slice(0, 12)}, which the workbook does not have`, this.ref);
        value = this.shared[i]!;
      }
    } else if (this.type === 'inlineStr') value = this.inline ?? this.v ?? '';
    else if (this.type === 'str' || this.type === 'b' || this.type === 'e' || this.type === 'd') value = this.v ?? '';
    else {
      value = this.v ?? '';
      numeric = this.v !== null && this.v !== '';
    }
    if (this.col >= MAX_COLUMNS) {
      // Formatting padded out to XFD is harmless and ignored; data out there is refused.
      if (value.trim() !== '') this.fail(`cell ${this.ref} holds data beyond column ${columnName(MAX_COLUMNS - 1)}: an extract has at most ${MAX_COLUMNS} columns`, this.ref);
      return;
    }
    while (this.cells.length < this.col) {
      this.cells.push('');
      this.numeric.push(false);
    }
    this.cells[this.col] = value;
    this.numeric[this.col] = numeric;
  }

  private emit() {
    if (this.onRow(this.row, this.cells, this.numeric) === false) throw new Stop();
  }
}

/** What the first pass learns: which part is the first sheet, and the shared texts. */
export interface Workbook {
  sheet: string;
  shared: readonly string[];
  /** How its number cells count dates (workbookPr date1904). */
  dateSystem: 1900 | 1904;
}

/** First pass: the workbook, its relationships and the shared texts (the sheet is not inflated). */
export function openWorkbook(bytes: Uint8Array, stats: ReadStats = { inflatedBytes: 0 }, check?: () => void): Workbook {
  const workbook = new WorkbookPart();
  const rels = new RelsPart();
  const shared = new SharedStringsPart();
  const names = inflate(bytes, stats, check, (name) => {
    if (name === WORKBOOK) return scanInto(name, workbook, XLSX_LIMITS.smallPart);
    if (name === RELS) return scanInto(name, rels, XLSX_LIMITS.smallPart);
    if (name === SHARED) return scanInto(name, shared);
    return undefined;
  });
  const target = workbook.rid === undefined ? undefined : rels.targets.get(workbook.rid);
  let sheet: string | undefined;
  if (target !== undefined) {
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    if (names.includes(path)) sheet = path;
  }
  sheet ??= names.includes('xl/worksheets/sheet1.xml') ? 'xl/worksheets/sheet1.xml' : undefined;
  if (!sheet) throw new XlsxError(names.includes(WORKBOOK) ? 'the workbook has no sheet' : 'the file is not a readable XLSX workbook');
  return { sheet, shared: shared.values, dateSystem: workbook.dateSystem };
}

/**
 * Second pass: the sheet's rows in order, each with its row number, its cells (dense up to the
 * last filled column) and which of them Excel stored as numbers. `fn` returning false stops.
 */
export function eachSheetRow(bytes: Uint8Array, book: Workbook, fn: RowFn, stats: ReadStats = { inflatedBytes: 0 }, check?: () => void): void {
  const sheet = new SheetPart(book.shared, fn);
  const feed = scanInto(book.sheet, sheet);
  let size = 0;
  inflate(bytes, stats, check, (name) => {
    if (name !== book.sheet) return undefined;
    return (chunk, final) => {
      feed(chunk, final);
      size += chunk.length;
      if (size > XLSX_LIMITS.floor + XLSX_LIMITS.bytesPerCell * sheet.cellsAndRows + 4 * sheet.textChars) {
        throw new XlsxError('the sheet is far larger than its cells (padding, or a zip bomb?) and was refused');
      }
    };
  });
}

export interface XlsxCell {
  value: string;
  /** True when Excel stored a number (dates and CPR numbers may then need care). */
  numeric: boolean;
}

/** The whole first sheet in memory, rows by index (row 1 at 0). For tests and small workbooks. */
export function readFirstSheet(bytes: Uint8Array, stats: ReadStats = { inflatedBytes: 0 }): XlsxCell[][] {
  const book = openWorkbook(bytes, stats);
  const rows: XlsxCell[][] = [];
  eachSheetRow(
    bytes,
    book,
    (row, cells, numeric) => {
      while (rows.length < row - 1) rows.push([]);
      rows[row - 1] = cells.map((value, i) => ({ value, numeric: numeric[i]! }));
    },
    stats,
  );
  return rows;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
