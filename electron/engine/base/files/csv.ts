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
 * The text of a CSV file, decoded only when its encoding is certain:
 *  - a byte-order mark says UTF-8, UTF-16LE or UTF-16BE, and the bytes must then be valid;
 *  - without one, valid UTF-8 is UTF-8; bytes with no valid multi-byte UTF-8 sequence at all are
 *    Windows-1252; a file that mixes valid UTF-8 with invalid bytes is refused at the first
 *    invalid byte (one stray byte must not turn the whole file into mojibake);
 *  - NUL bytes in alternate places without a mark are UTF-16 without its BOM: refused.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const strict = (label: string, body: Uint8Array, name: TextEncodingName, offset: number) => {
    if (label === 'utf-8') {
      const text = utf8(body);
      if (text !== null) return { text, encoding: name };
      const at = scanUtf8(body).firstInvalid + offset;
      throw new EncodingError(rowAt(bytes, at), at, `the file says it is UTF-8 (byte-order mark) but this byte is not UTF-8; ${HOW_TO_SAVE}`);
    }
    try {
      return { text: new TextDecoder(label, { fatal: true }).decode(body), encoding: name };
    } catch {
      throw new EncodingError(0, 0, `the file says it is ${name.toUpperCase()} (byte-order mark) but is not valid ${name.toUpperCase()}; ${HOW_TO_SAVE}`);
    }
  };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return strict('utf-8', bytes.subarray(3), 'utf-8-bom', 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return strict('utf-16le', bytes.subarray(2), 'utf-16le', 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return strict('utf-16be', bytes.subarray(2), 'utf-16be', 2);
  if (looksLikeUtf16(bytes)) throw new EncodingError(0, 0, `the file looks like UTF-16 without its byte-order mark; ${HOW_TO_SAVE}`);
  const text = utf8(bytes);
  if (text !== null) return { text, encoding: 'utf-8' };
  const { firstInvalid, multibyte, c1 } = scanUtf8(bytes);
  if (multibyte) {
    throw new EncodingError(rowAt(bytes, firstInvalid), firstInvalid, `the file mixes UTF-8 with another encoding: this byte is not UTF-8; ${HOW_TO_SAVE}`);
  }
  // Windows-1252 is Latin-1 but for the bytes 0x80–0x9F. V8 copies Latin-1 into a string (a 40 MB
  // extract: 0.02 s, where the TextDecoder took 0.12 s); those bytes, where any, are mapped after.
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return { text: c1 ? latin1.replace(/[\x80-\x9f]/g, (ch) => CP1252_C1[ch.charCodeAt(0) - 0x80]!) : latin1, encoding: 'windows-1252' };
}

/**
 * Valid UTF-8 as text, null when the bytes are not valid UTF-8: Node's own check (simdutf) and
 * decoder, faster than the fatal TextDecoder on a 100 MB extract. As with the TextDecoder, a
 * byte-order mark at the start is not part of the text. Text too long for a string throws.
 */
function utf8(b: Uint8Array): string | null {
  if (!isUtf8(b)) return null;
  const text = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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

/** Writes records as CSV, quoting where needed. Used by the demo generator and tests. */
export function toCsv(rows: readonly (readonly string[])[], separator: ';' | ',' = ';', eol = '\r\n'): string {
  const needs = new RegExp(`["\\r\\n${separator}]`);
  return rows.map((r) => r.map((f) => (needs.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(separator)).join(eol) + eol;
}
