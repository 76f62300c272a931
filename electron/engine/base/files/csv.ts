/**
 * CSV as municipal systems write it: UTF-8 with or without BOM, Windows-1252 (what Danish Excel
 * saves), or UTF-16 with its BOM (Excel's "Unicode text"); separator `;`, `,` or tab; CRLF or LF;
 * RFC 4180 quoting. Errors name the row (as a spreadsheet numbers it, header = row 1) and the
 * column.
 */
import { Buffer, isUtf8 } from 'node:buffer';

export class CsvError extends Error {
  constructor(
    readonly row: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`row ${row}, column ${column}: ${reason}`);
  }
}

/** Text whose encoding cannot be told safely: the row and the byte (from 0) where it goes wrong. */
export class EncodingError extends Error {
  constructor(
    readonly row: number,
    readonly byte: number,
    readonly reason: string,
  ) {
    super(row ? `row ${row}, byte ${byte}: ${reason}` : reason);
  }
}

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export type Separator = ';' | ',' | '\t';

/**
 * Where UTF-8 goes wrong first (-1: nowhere), whether any valid multi-byte sequence occurs, and
 * whether a byte 0x80–0x9F stands on its own (outside a sequence): the only bytes Windows-1252 reads
 * differently from Latin-1 (€, –, “ and the like).
 */
function scanUtf8(b: Uint8Array): { firstInvalid: number; multibyte: boolean; c1: boolean } {
  let firstInvalid = -1;
  let multibyte = false;
  let c1 = false;
  const n = b.length;
  const cont = (i: number, lo = 0x80, hi = 0xbf) => i < n && b[i]! >= lo && b[i]! <= hi;
  for (let i = 0; i < n; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let len = 0;
    if (c >= 0xc2 && c <= 0xdf) len = cont(i + 1) ? 2 : 0;
    else if (c >= 0xe0 && c <= 0xef) len = cont(i + 1, c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf) && cont(i + 2) ? 3 : 0;
    else if (c >= 0xf0 && c <= 0xf4) len = cont(i + 1, c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (len) {
      multibyte = true;
      i += len;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      if (c <= 0x9f) c1 = true;
      i++;
    }
  }
  return { firstInvalid, multibyte, c1 };
}

/** The record (row as a spreadsheet numbers it) that byte `at` belongs to: quoted line breaks stay in their row. */
function rowAt(b: Uint8Array, at: number): number {
  let row = 1;
  let quoted = false;
  for (let i = 0; i < at; i++) {
    const c = b[i]!;
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && (c === 0x0a || (c === 0x0d && b[i + 1] !== 0x0a))) row++;
  }
  return row;
}

/**
 * What Windows-1252 reads for the bytes 0x80–0x9F, from the WHATWG Encoding Standard's
 * index-windows-1252: € · ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ · Ž · · ‘ ’ “ ” • – — ˜ ™ š › œ · ž Ÿ, where each ·
 * is one of the five bytes it leaves undefined, which read as themselves. Not Node's TextDecoder:
 * since Node 20.18.3 and 22.13.0 it reads these bytes as Latin-1's control codes
 * (nodejs/node#60888), so a "–" in a department's name became an invisible U+0096.
 */
const CP1252_C1 = String.fromCharCode(
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
);

const HOW_TO_SAVE = 'save it again as UTF-8 (Excel: "CSV UTF-8") or as "CSV (semicolon delimited)"';

/**
 * How a CSV file's bytes are read as text, decided only when the encoding is certain:
 *  - a byte-order mark says UTF-8, UTF-16LE or UTF-16BE, and the bytes must then be valid;
 *  - without one, valid UTF-8 is UTF-8; bytes with no valid multi-byte UTF-8 sequence at all are
 *    Windows-1252; a file that mixes valid UTF-8 with invalid bytes is refused at the first
 *    invalid byte (one stray byte must not turn the whole file into mojibake);
 *  - NUL bytes in alternate places without a mark are UTF-16 without its BOM: refused.
 * UTF-16 is decoded at once (`text`); UTF-8 and Windows-1252 are decoded a range at a time
 * (`decode`, from `start`, past any byte-order mark), since in them every byte below 0x80 is that
 * ASCII character and nothing else, so a range cut after a line feed never splits a character.
 */
type TextEncoding = { encoding: TextEncodingName } & ({ text: string } | { start: number; decode: (from: number, to: number) => string });

function textEncoding(bytes: Uint8Array): TextEncoding {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8Range = (from: number, to: number) => buf.toString('utf8', from, to);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    if (!isUtf8(body)) {
      const at = scanUtf8(body).firstInvalid + 3;
      throw new EncodingError(rowAt(bytes, at), at, `the file says it is UTF-8 (byte-order mark) but this byte is not UTF-8; ${HOW_TO_SAVE}`);
    }
    // A second mark right after the first is not part of the text either (as the TextDecoder reads it).
    return { encoding: 'utf-8-bom', start: body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 6 : 3, decode: utf8Range };
  }
  const utf16 = (label: 'utf-16le' | 'utf-16be'): TextEncoding => {
    try {
      return { encoding: label, text: new TextDecoder(label, { fatal: true }).decode(bytes.subarray(2)) };
    } catch {
      throw new EncodingError(0, 0, `the file says it is ${label.toUpperCase()} (byte-order mark) but is not valid ${label.toUpperCase()}; ${HOW_TO_SAVE}`);
    }
  };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16('utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16('utf-16be');
  if (looksLikeUtf16(bytes)) throw new EncodingError(0, 0, `the file looks like UTF-16 without its byte-order mark; ${HOW_TO_SAVE}`);
  if (isUtf8(bytes)) return { encoding: 'utf-8', start: 0, decode: utf8Range };
  const { firstInvalid, multibyte, c1 } = scanUtf8(bytes);
  if (multibyte) {
    throw new EncodingError(rowAt(bytes, firstInvalid), firstInvalid, `the file mixes UTF-8 with another encoding: this byte is not UTF-8; ${HOW_TO_SAVE}`);
  }
  // Windows-1252 is Latin-1 but for the bytes 0x80–0x9F. V8 copies Latin-1 into a string (a 40 MB
  // extract: 0.02 s, where the TextDecoder took 0.12 s); those bytes, where any, are mapped after.
  const decode = (from: number, to: number) => {
    const latin1 = buf.toString('latin1', from, to);
    return c1 ? latin1.replace(/[\x80-\x9f]/g, (ch) => CP1252_C1[ch.charCodeAt(0) - 0x80]!) : latin1;
  };
  return { encoding: 'windows-1252', start: 0, decode };
}

/** The text of a CSV file, decoded only when its encoding is certain (see textEncoding). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const t = textEncoding(bytes);
  return { text: 'text' in t ? t.text : t.decode(t.start, bytes.length), encoding: t.encoding };
}

/** NUL in every other byte of the start: UTF-16 text of mostly ASCII characters. */
function looksLikeUtf16(b: Uint8Array): boolean {
  const n = Math.min(b.length, 256) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  return even > n / 4 || odd > n / 4;
}

/** The separator is whichever of `;`, `,` and tab occurs most often outside quotes in the header line (`;` on a tie). */
export function detectSeparator(text: string): Separator {
  let semi = 0;
  let comma = 0;
  let tab = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) break;
    else if (!quoted && c === 59) semi++;
    else if (!quoted && c === 44) comma++;
    else if (!quoted && c === 9) tab++;
  }
  if (tab > semi && tab > comma) return '\t';
  return comma > semi ? ',' : ';';
}

/** Parses the whole text into records (small files: the catalogue, tests). */
export function parseCsv(text: string, separator: Separator): string[][] {
  const rows: string[][] = [];
  eachCsvRecord(text, separator, (cells) => void rows.push(cells));
  return rows;
}

/**
 * Calls `fn` with each record in turn and its row number as a spreadsheet shows it, without
 * holding the records: a million-row extract is validated as it is read. Fields are never
 * trimmed here (that is validation's job), so what was written is what is read. Returning
 * false from `fn` stops the parse. `firstRow` numbers the first record (2 when the header was
 * read apart). Past `maxColumns` empty fields are ignored and a value is an error, so a row of
 * a million separators costs no million fields.
 */
export function eachCsvRecord(text: string, separator: Separator, fn: (cells: string[], row: number) => boolean | void, firstRow = 1, maxColumns = Infinity): void {
  const sep = separator.charCodeAt(0);
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  // Where the next separator, line feed, carriage return and quote lie at or after i: each is
  // searched again (with indexOf, which scans far faster than a loop here) only once i has passed
  // it, so every character is looked at a bounded number of times whatever the file's shape.
  const next = (ch: string, from: number) => {
    const at = text.indexOf(ch, from);
    return at < 0 ? n : at;
  };
  let nextSep = -1;
  let nextLf = -1;
  let nextCr = -1;
  let nextQuote = -1;
  let rowNo = firstRow; // the record's number as a spreadsheet shows it: a quoted newline stays in its row
  let extra = 0; // empty fields past maxColumns in this row
  while (i < n) {
    // one field
    let value: string;
    if (text.charCodeAt(i) === 34) {
      const startRow = rowNo;
      let out = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new CsvError(startRow, row.length + extra + 1, 'a quoted field is never closed');
        out += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          out += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      value = out;
      const c = text.charCodeAt(i);
      if (i < n && c !== sep && c !== 10 && c !== 13) {
        throw new CsvError(startRow, row.length + extra + 1, 'text after the closing quote of a quoted field');
      }
    } else {
      if (nextSep < i) nextSep = next(separator, i);
      if (nextLf < i) nextLf = next('\n', i);
      if (nextCr < i) nextCr = next('\r', i);
      if (nextQuote < i) nextQuote = next('"', i);
      const j = Math.min(nextSep, nextLf, nextCr);
      if (nextQuote < j) throw new CsvError(rowNo, row.length + extra + 1, 'a quote inside an unquoted field');
      value = text.slice(i, j);
      i = j;
    }
    if (row.length < maxColumns) row.push(value);
    else if (value !== '') throw new CsvError(rowNo, maxColumns + 1 + extra, `data beyond column ${maxColumns}: an extract has at most ${maxColumns} columns`);
    else extra++;
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === sep) {
      i++;
      if (i >= n && row.length < maxColumns) row.push('');
      continue;
    }
    // end of record: CRLF, LF or lone CR
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    if (fn(row, rowNo) === false) return;
    row = [];
    extra = 0;
    rowNo++;
  }
  if (row.length) fn(row, rowNo);
}

/**
 * A CSV file opened for reading: its encoding and separator, its header, and its other records
 * read on demand. The text of UTF-8 and Windows-1252 files is decoded a piece of about PIECE bytes
 * at a time, each cut where a record ends: one string of a 100 MB extract is 100 MB of memory the
 * process has never touched, and touching fresh memory is what most of decoding it cost (112 MB
 * of UTF-8: 0.74 s as one string, 0.18 s in pieces, on the 2-core machine the benchmark runs on).
 * Records, row numbers and errors are exactly those of eachCsvRecord over the whole text.
 */
export interface CsvFile {
  encoding: TextEncodingName;
  separator: Separator;
  header: string[];
  /** Each record after the header, as eachCsvRecord gives them (the header is row 1). */
  eachBodyRecord(fn: (cells: string[], row: number) => void): void;
  /**
   * About how many records follow the header, never fewer for a file with one kind of line break:
   * its line breaks plus one (a quoted line break only makes it more); 0 when not known. For making
   * room for the records once, before reading them; not a count to report.
   */
  recordsHint(): number;
}

/** Line feeds from `from` on, or carriage returns if there are none (a native search per line). */
function lineBreaks(buf: Buffer, from: number): number {
  const count = (byte: number) => {
    let n = 0;
    for (let i = buf.indexOf(byte, from); i >= 0; i = buf.indexOf(byte, i + 1)) n++;
    return n;
  };
  return count(10) || count(13);
}

/** Bytes per piece of text: a string of it stays among V8's small objects, which reuse their memory. */
export const PIECE = 32 * 1024;

/** `piece` is for tests, which cut pieces a few bytes long to reach every way a cut can fall. */
export function openCsv(bytes: Uint8Array, maxColumns = Infinity, piece = PIECE): CsvFile {
  const t = textEncoding(bytes);
  const headerOf = (text: string, separator: Separator) => {
    let header: string[] = [];
    eachCsvRecord(
      text,
      separator,
      (cells) => {
        header = cells;
        return false;
      },
      1,
      maxColumns,
    );
    return header;
  };
  if ('text' in t) {
    const text = t.text;
    const separator = detectSeparator(text);
    const bodyStart = recordEnd((i) => text.charCodeAt(i), 0, text.length);
    return {
      encoding: t.encoding,
      separator,
      header: headerOf(text.slice(0, bodyStart), separator),
      eachBodyRecord: (fn) => eachCsvRecord(text.slice(bodyStart), separator, (cells, row) => void fn(cells, row), 2, maxColumns),
      recordsHint: () => 0, // (UTF-16 is rare: its records make room as they come)
    };
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength); // its indexOf is memchr
  const bodyStart = recordEnd((i) => bytes[i]!, t.start, bytes.length);
  const headText = t.decode(t.start, bodyStart);
  const separator = detectSeparator(headText);
  return {
    encoding: t.encoding,
    separator,
    header: headerOf(headText, separator),
    eachBodyRecord(fn) {
      let row = 2;
      for (let from = bodyStart; from < bytes.length; ) {
        const to = pieceEnd(buf, from, piece);
        eachCsvRecord(t.decode(from, to), separator, (cells, r) => {
          row = r + 1;
          fn(cells, r);
        }, row, maxColumns);
        from = to;
      }
    },
    recordsHint: () => (bytes.length > bodyStart ? lineBreaks(buf, bodyStart) + 1 : 0),
  };
}

/** Where the record starting at `from` ends (after its line break), minding quoted line breaks. */
function recordEnd(code: (i: number) => number, from: number, end: number): number {
  let quoted = false;
  for (let i = from; i < end; i++) {
    const c = code(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && c === 10) return i + 1;
    else if (!quoted && c === 13) return i + 1 < end && code(i + 1) === 10 ? i + 2 : i + 1;
  }
  return end;
}

/**
 * Where the piece of text starting at `from` (a record's start) ends: after the first line feed
 * at least `piece` bytes on that is outside quotes (an even number of quote bytes since `from`), so
 * the piece ends where a record does; else at the end. A piece that is not valid CSV throws in
 * eachCsvRecord at the same place the whole text would, before reaching its end.
 */
function pieceEnd(bytes: Buffer, from: number, piece: number): number {
  const n = bytes.length;
  if (n - from <= piece) return n;
  const quotesIn = (a: number, b: number) => {
    const part = bytes.subarray(a, b); // bounded: a search of the whole rest for a quote that is not there would be quadratic
    let k = 0;
    for (let q = part.indexOf(34); q >= 0; q = part.indexOf(34, q + 1)) k++;
    return k;
  };
  let at = from + piece;
  let odd = quotesIn(from, at) % 2 === 1;
  for (;;) {
    const lf = bytes.indexOf(10, at);
    if (lf < 0) return n;
    odd = odd !== (quotesIn(at, lf) % 2 === 1);
    if (!odd) return lf + 1;
    at = lf + 1;
  }
}

/** Writes records as CSV, quoting where needed. Used by the demo generator and tests. */
export function toCsv(rows: readonly (readonly string[])[], separator: ';' | ',' = ';', eol = '\r\n'): string {
  const needs = new RegExp(`["\\r\\n${separator}]`);
  return rows.map((r) => r.map((f) => (needs.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(separator)).join(eol) + eol;
}
