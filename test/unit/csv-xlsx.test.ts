import fc from 'fast-check';
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvError, decodeText, detectSeparator, eachCsvRecord, EncodingError, openCsv, parseCsv, toCsv } from '../../electron/engine/base/files/csv';

const UTF8_SEQUENCE = /[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3}/;
import { decodeTable } from '../../electron/engine/import/read-extract';
import { readFirstSheet, XlsxError } from '../../electron/engine/import/xlsx';
import { EngineError } from '../../electron/engine/base/errors';

/** Characters Windows-1252 can hold (so a round trip through it is possible), plus the awkward ones. */
const cell = fc.stringMatching(/^[a-zA-Z0-9æøåÆØÅé ;,"\r\n'§._-]{0,12}$/);

function encode(text: string, enc: 'utf-8' | 'utf-8-bom' | 'windows-1252'): Uint8Array {
  if (enc === 'windows-1252') return new Uint8Array(Buffer.from(text, 'latin1'));
  const b = Buffer.from(text, 'utf8');
  return enc === 'utf-8-bom' ? new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b])) : new Uint8Array(b);
}

describe('CSV', () => {
  it('reads back exactly what was written: quotes, separators and newlines inside fields, BOM, CRLF, ; or , and two encodings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((w) => fc.tuple(fc.array(cell.filter((s) => s.trim() !== ''), { minLength: w, maxLength: w }), fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 8 }))),
        fc.constantFrom(';', ',') as fc.Arbitrary<';' | ','>,
        fc.constantFrom('\r\n', '\n'),
        fc.constantFrom('utf-8', 'utf-8-bom', 'windows-1252') as fc.Arbitrary<'utf-8' | 'utf-8-bom' | 'windows-1252'>,
        ([header, rows], sep, eol, enc) => {
          const bytes = encode(toCsv([header, ...rows], sep, eol), enc);
          // Windows-1252 text that happens to hold a valid UTF-8 sequence ("Æ§" is C6 A7) cannot be
          // told from UTF-8 with a stray byte: it is refused with its row and byte, never guessed.
          // Where every byte past ASCII is in such a sequence ("Ø§" alone, D8 A7), the file is
          // valid UTF-8, and valid UTF-8 is read as UTF-8 (docs/extract-format.md).
          if (enc === 'windows-1252' && UTF8_SEQUENCE.test(Buffer.from(bytes).toString('latin1'))) {
            if (isUtf8(bytes)) expect(decodeText(bytes).encoding).toBe('utf-8');
            else expect(() => decodeText(bytes)).toThrow(EncodingError);
            return;
          }
          const { text, encoding } = decodeText(bytes);
          if (enc !== 'windows-1252' || /[æøåÆØÅé§]/.test([header, ...rows].flat().join(''))) expect(encoding).toBe(enc);
          const parsed = parseCsv(text, sep);
          expect(parsed).toEqual([header, ...rows]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodes any valid UTF-8 exactly: ASCII, Latin-1 only (Danish text) and characters beyond Latin-1, with or without BOM', () => {
    // Danish letters, characters beyond Latin-1 and beyond the 16-bit plane, anywhere in the text.
    const char = fc.oneof(
      fc.constantFrom('a', 'Z', '7', ';', '\r', '\n', ' '),
      fc.constantFrom('æ', 'ø', 'å', 'Æ', 'Ø', 'Å', 'é', '§', 'ü', '\u00a0', 'ÿ'),
      fc.constantFrom('→', '–', '€', 'ł', '\ufeff', '😀', '?'),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }).map((cs) => cs.join('')), fc.boolean(), (text, bom) => {
        fc.pre(!text.startsWith('\ufeff')); // a leading U+FEFF is the byte-order mark, not text
        const { text: read } = decodeText(encode(text, bom ? 'utf-8-bom' : 'utf-8'));
        expect(read).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('finds the separator from the header line', () => {
    expect(detectSeparator('CPR;Navn;"a,b"\n1,2,3')).toBe(';');
    expect(detectSeparator('cpr,name,"a;b;c"\n')).toBe(',');
  });

  it('reads a file piece by piece exactly as its whole text: records, row numbers and errors, wherever a piece is cut', () => {
    type Outcome = { records: [number, string[]][] } | { error: string };
    const outcome = (read: (push: (row: number, cells: string[]) => void) => void): Outcome => {
      const records: [number, string[]][] = [];
      try {
        read((row, cells) => records.push([row, cells]));
        return { records };
      } catch (e) {
        if (e instanceof CsvError || e instanceof EncodingError) return { error: e.message };
        throw e;
      }
    };
    // Any text, valid CSV or not: quotes anywhere, every kind of line break, Danish letters, and
    // characters of one, two and three UTF-8 bytes (so a cut could fall inside one if it were wrong).
    const char = fc.constantFrom('a', '7', ' ', ';', ',', '"', '""', '\r', '\n', '\r\n', 'æ', 'Ø', '€', '–', '§');
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 120 }).map((cs) => cs.join('')),
        fc.constantFrom('utf-8', 'utf-8-bom', 'windows-1252') as fc.Arbitrary<'utf-8' | 'utf-8-bom' | 'windows-1252'>,
        fc.integer({ min: 1, max: 40 }),
        (text, enc, piece) => {
          const bytes = enc === 'windows-1252' ? new Uint8Array([...text].map((ch) => (ch === '€' ? 0x80 : ch === '–' ? 0x96 : ch.charCodeAt(0)))) : encode(text, enc);
          const whole = outcome((push) => {
            const t = decodeText(bytes).text;
            eachCsvRecord(t, detectSeparator(t), (cells, row) => void push(row, cells));
          });
          const pieces = outcome((push) => {
            const csv = openCsv(bytes, Infinity, piece);
            const empty = decodeText(bytes).text === '';
            if (!empty) push(1, csv.header);
            csv.eachBodyRecord((cells, row) => push(row, cells));
          });
          expect(pieces).toEqual(whole);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('hints at no fewer records than the body holds, whichever line break the file uses throughout', () => {
    const cell = fc.array(fc.constantFrom('a', '7', ' ', 'æ', 'Ø'), { maxLength: 6 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(cell, fc.boolean()), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.constantFrom('utf-8', 'utf-8-bom', 'windows-1252') as fc.Arbitrary<'utf-8' | 'utf-8-bom' | 'windows-1252'>,
        (table, nl, trailing, enc) => {
          // Some cells quoted, with the file's line break inside them: a record of two lines.
          const text = table.map((row) => row.map(([c, q]) => (q ? `"${c}${nl}${c}"` : c)).join(';')).join(nl) + (trailing ? nl : '');
          const csv = openCsv(encode(text, enc));
          let records = 0;
          csv.eachBodyRecord(() => records++);
          expect(csv.recordsHint()).toBeGreaterThanOrEqual(records);
          expect(csv.recordsHint()).toBeLessThanOrEqual(2 * text.length + 1);
        },
      ),
      { numRuns: 500 },
    );
    expect(openCsv(encode('a;b\n1;2\n3;4\n', 'utf-8')).recordsHint()).toBe(3);
    expect(openCsv(encode('a;b', 'utf-8')).recordsHint()).toBe(0);
  });

  it('a malformed file fails with the row and column named', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.stringMatching(/^[a-z0-9]{1,5}$/), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), fc.nat(), fc.nat(2), (rows, at, col) => {
        const r = at % rows.length;
        const broken = rows.map((x, i) => (i === r ? x.map((f, j) => (j === col ? `${f}"x` : f)) : x));
        const text = broken.map((x) => x.join(';')).join('\r\n');
        try {
          parseCsv(text, ';');
          expect.unreachable();
        } catch (e) {
          expect(e).toBeInstanceOf(CsvError);
          expect((e as CsvError).row).toBe(r + 1);
          expect((e as CsvError).column).toBe(col + 1);
        }
      }),
    );
  });

  it('a header named __proto__ or constructor pollutes nothing', () => {
    const { table } = decodeTable(strToU8('__proto__;constructor;prototype\r\n"{""polluted"":1}";x;y\r\n'));
    expect(table.header).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

/** A minimal real XLSX workbook: first sheet with shared and inline strings and numbers. */
function workbook(rows: (string | number)[][], sheetName = 'Udtræk'): Uint8Array {
  const shared: string[] = [];
  const cells = rows
    .map((r, i) => `<row r="${i + 1}">${r.map((v, j) => {
      const ref = `${String.fromCharCode(65 + j)}${i + 1}`;
      if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
      shared.push(v);
      return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
    }).join('')}</row>`)
    .join('');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(`<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId7"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId7" Type="worksheet" Target="worksheets/data.xml"/></Relationships>'),
    'xl/sharedStrings.xml': strToU8(`<sst>${shared.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`),
    'xl/worksheets/data.xml': strToU8(`<worksheet><sheetData>${cells}</sheetData></worksheet>`),
  });
}

describe('XLSX', () => {
  it('reads the first sheet (found through the workbook), with numbers flagged', () => {
    const rows = readFirstSheet(workbook([['CPR-nr', 'Navn & efternavn'], [101709999, 'Åse <Ø>'], ['0202709998', 'B']]));
    expect(rows.map((r) => r.map((c) => c.value))).toEqual([['CPR-nr', 'Navn & efternavn'], ['101709999', 'Åse <Ø>'], ['0202709998', 'B']]);
    expect(rows[1]![0]!.numeric).toBe(true);
  });

  it('refuses a zip bomb while inflating, without holding what it would expand to', () => {
    // 256 MiB of zeros deflated into a few hundred kilobytes, with no sizes in the entry header.
    const parts: Uint8Array[] = [];
    const zip = new Zip((err, chunk) => {
      if (err) throw err;
      parts.push(chunk);
    });
    const add = (name: string, data: Uint8Array) => {
      const f = new ZipDeflate(name, { level: 9 });
      zip.add(f);
      f.push(data, true);
    };
    add('xl/workbook.xml', strToU8('<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>'));
    const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 9 });
    zip.add(sheet);
    const zeros = new Uint8Array(1024 * 1024);
    for (let i = 0; i < 256; i++) sheet.push(zeros, i === 255);
    zip.end();
    const bomb = Buffer.concat(parts);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    // Collect what building the bomb left behind, so only the reader's own allocations count.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('run with --expose-gc (vitest.config.ts sets it)');
    gc();
    const before = process.memoryUsage().arrayBuffers;
    const stats = { inflatedBytes: 0 };
    expect(() => readFirstSheet(bomb, stats)).toThrow(XlsxError);
    // It stops near its 16 MiB floor, not after expanding the bomb.
    expect(stats.inflatedBytes).toBeLessThan(24 * 1024 * 1024);
    expect(() => decodeTable(bomb)).toThrow(EngineError);
    // Far below the 256 MiB it would expand to.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(128 * 1024 * 1024);
  });

  it('refuses a file that is no workbook', () => {
    expect(() => readFirstSheet(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toThrow(XlsxError);
  });

  it('does not use the frozen npm xlsx package anywhere', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, Record<string, string>>;
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('xlsx');
    const lock = readFileSync('package-lock.json', 'utf8');
    expect(lock).not.toMatch(/"node_modules\/xlsx"/);
  });
});
