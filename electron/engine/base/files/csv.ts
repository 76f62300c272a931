/**
 * CSV as municipal systems write it: UTF-8 with or without BOM, or Windows-1252 (what Danish
 * Excel saves), separator `;` or `,`, CRLF or LF, RFC 4180 quoting. Errors name the row (as a
 * spreadsheet numbers it, header = row 1) and the column.
 */
export class CsvError extends Error {
  constructor(
    readonly row: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`row ${row}, column ${column}: ${reason}`);
  }
}

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'windows-1252';

/** UTF-8 if the bytes are valid UTF-8 (with or without BOM), else Windows-1252. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** The separator is whichever of `;` and `,` occurs more often outside quotes in the header line. */
export function detectSeparator(text: string): ';' | ',' {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) break;
    else if (!quoted && c === 59) semi++;
    else if (!quoted && c === 44) comma++;
  }
  return comma > semi ? ',' : ';';
}

/** Parses the whole text into records (small files: the catalogue, tests). */
export function parseCsv(text: string, separator: ';' | ','): string[][] {
  const rows: string[][] = [];
  eachCsvRecord(text, separator, (cells) => void rows.push(cells));
  return rows;
}

/**
 * Calls `fn` with each record in turn and its row number as a spreadsheet shows it, without
 * holding the records: a million-row extract is validated as it is read. Fields are never
 * trimmed here (that is validation's job), so what was written is what is read. Returning
 * false from `fn` stops the parse. `firstRow` numbers the first record (2 when the header was
 * read apart).
 */
export function eachCsvRecord(text: string, separator: ';' | ',', fn: (cells: string[], row: number) => boolean | void, firstRow = 1): void {
  const sep = separator.charCodeAt(0);
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  let rowNo = firstRow; // the record's number as a spreadsheet shows it: a quoted newline stays in its row
  while (i < n) {
    // one field
    let value: string;
    if (text.charCodeAt(i) === 34) {
      const startRow = rowNo;
      let out = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new CsvError(startRow, row.length + 1, 'a quoted field is never closed');
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
        throw new CsvError(startRow, row.length + 1, 'text after the closing quote of a quoted field');
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === sep || c === 10 || c === 13) break;
        if (c === 34) throw new CsvError(rowNo, row.length + 1, 'a quote inside an unquoted field');
        j++;
      }
      value = text.slice(i, j);
      i = j;
    }
    row.push(value);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === sep) {
      i++;
      if (i >= n) row.push('');
      continue;
    }
    // end of record: CRLF, LF or lone CR
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    if (fn(row, rowNo) === false) return;
    row = [];
    rowNo++;
  }
  if (row.length) fn(row, rowNo);
}

/** Writes records as CSV, quoting where needed. Used by the demo generator and tests. */
export function toCsv(rows: readonly (readonly string[])[], separator: ';' | ',' = ';', eol = '\r\n'): string {
  const needs = new RegExp(`["\\r\\n${separator}]`);
  return rows.map((r) => r.map((f) => (needs.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(separator)).join(eol) + eol;
}
