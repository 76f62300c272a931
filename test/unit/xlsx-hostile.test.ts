/**
 * Hostile workbooks, as an extract's sender could craft them: each ends in a typed error (or, for
 * harmless padding, in a normal table) quickly and without the memory blowing up. Bounds, not
 * speed assertions: the vitest timeout is generous, and memory is the process's peak RSS against
 * its RSS after a collection before the read.
 */
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../electron/engine/base/errors';
import { parseExtract } from '../../electron/engine/import/parse';
import { readFirstSheet, XlsxError } from '../../electron/engine/import/xlsx';
import { bundledCatalogue } from '../../electron/engine/catalogue/catalogue';
import { HEADER_DA, row } from '../support/extracts';

const MB = 1024 * 1024;
const CATALOGUE = bundledCatalogue().map((c, i) => ({ ...c, id: i + 1 }));
const gc = (globalThis as { gc?: () => void }).gc!;

/** A workbook with the given sheet XML (inside <worksheet>) and shared-strings XML. */
function book(sheetData: string, sst = '<sst></sst>'): Uint8Array {
  return zipSync({
    'xl/workbook.xml': strToU8('<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/sharedStrings.xml': strToU8(sst),
    'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${sheetData}</sheetData></worksheet>`),
  });
}

const inline = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
const letters = (i: number) => String.fromCharCode(65 + i);
const headerRow = `<row r="1">${HEADER_DA.map((h, i) => inline(`${letters(i)}1`, h)).join('')}</row>`;
const dataRow = (r: number, pad = '') => `<row r="${r}">${row({ 'CPR-nr': `7101${String(r % 100).padStart(2, '0')}-1234` }).map((v, i) => inline(`${letters(i)}${r}`, v)).join('')}${pad}</row>`;

/** Reads and validates as the import does; returns the error (or null) with time and memory spent. */
function attempt(bytes: Uint8Array): { error: unknown; ms: number; peakGrowthMb: number; rows: number } {
  gc();
  const before = process.memoryUsage().rss;
  const t = performance.now();
  let error: unknown = null;
  let rows = 0;
  try {
    rows = parseExtract(bytes, { catalogue: CATALOGUE, today: 20_600, demo: true }).validated.tally.rowsRead;
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t;
  const peakGrowthMb = (process.resourceUsage().maxRSS * 1024 - before) / MB;
  return { error, ms, peakGrowthMb, rows };
}

function expectTyped(r: ReturnType<typeof attempt>, match: RegExp) {
  expect(r.error).toBeInstanceOf(EngineError);
  expect((r.error as EngineError).code).toBe('EXTRACT_INVALID');
  expect((r.error as EngineError).message).toMatch(match);
  expect(r.ms).toBeLessThan(5_000);
  expect(r.peakGrowthMb).toBeLessThan(300);
}

const report: string[] = [];
const note = (name: string, r: ReturnType<typeof attempt>, size: number) =>
  report.push(`${name.padEnd(34)} ${String(size).padStart(9)} B  ${r.ms.toFixed(0).padStart(6)} ms  peak RSS +${Math.max(0, r.peakGrowthMb).toFixed(0)} MB  ${r.error instanceof Error ? r.error.message.slice(0, 90) : `ok, ${r.rows} rows`}`);

describe('hostile XLSX files end in a typed error, quickly and in bounded memory', { timeout: 120_000 }, () => {
  it('rows padded with an empty cell at XFD read as ordinary rows (no 16,384 cells per row)', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => dataRow(i + 2, `<c r="XFD${i + 2}" s="1"/>`)).join('');
    const bytes = book(headerRow + rows);
    const r = attempt(bytes);
    note('padded to XFD (empty cells)', r, bytes.length);
    expect(r.error).toBeNull();
    expect(r.rows).toBe(20_000);
    expect(r.ms).toBeLessThan(5_000);
    expect(r.peakGrowthMb).toBeLessThan(300);
    const sheet = readFirstSheet(book(headerRow + dataRow(2, '<c r="XFD2" s="1"/>')));
    expect(sheet[1]!.length).toBe(16);
  });

  it('a value at XFD is refused with its cell named', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => dataRow(i + 2, `<c r="XFD${i + 2}"><v>1</v></c>`)).join('');
    const bytes = book(headerRow + rows);
    const r = attempt(bytes);
    note('padded to XFD (values)', r, bytes.length);
    expectTyped(r, /cell XFD2 holds data beyond column BL/);
    expect((r.error as EngineError).details).toMatchObject({ row: 2, column: 'XFD2' });
  });

  it('an unclosed <row> (repeated) is refused at once', () => {
    const bytes = book('<row>'.repeat(200_000));
    const r = attempt(bytes);
    note('unclosed <row> ×200,000', r, bytes.length);
    expectTyped(r, /row 1 is never closed/);
  });

  it('an unclosed <si> (repeated) is refused at once', () => {
    const bytes = book(headerRow, `<sst>${'<si><t>x</t>'.repeat(200_000)}</sst>`);
    const r = attempt(bytes);
    note('unclosed <si> ×200,000', r, bytes.length);
    expectTyped(r, /sharedStrings\.xml: shared string 0 is never closed/);
  });

  it('unclosed <c>, <v> and <t> are refused', () => {
    for (const [name, xml, match] of [
      ['unclosed <c>', `<row r="1"><c r="A1"><v>1</v>${'<c r="B1">'.repeat(100_000)}</row>`, /cell A1 is never closed/],
      ['unclosed <v>', `<row r="1"><c r="A1"><v>${'x'.repeat(2 * MB)}</row>`, /longer than 1048576 bytes/],
      ['unclosed <v> then </c>', `<row r="1"><c r="A1"><v>1</c></row>`, /cell A1 closes inside an unclosed value/],
      ['unclosed <t>', `<row r="1"><c r="A1" t="inlineStr"><is><t>${'y'.repeat(40_000)}</is></c></row>`, /cell A1 holds more than 32767 characters/],
    ] as const) {
      const bytes = book(xml);
      const r = attempt(bytes);
      note(name, r, bytes.length);
      expectTyped(r, match);
    }
  });

  it('a huge shared-string count costs only the strings there are; a reference past them is refused', () => {
    const sst = `<sst count="4294967295" uniqueCount="4294967295">${Array.from({ length: 300_000 }, (_, i) => `<si><t>${i}</t></si>`).join('')}</sst>`;
    const bytes = book('<row r="1"><c r="A1" t="s"><v>4294967294</v></c></row>', sst);
    const r = attempt(bytes);
    note('shared strings count 2^32-1', r, bytes.length);
    expectTyped(r, /cell A1 refers to shared text 4294967294/);
  });

  it('deep nesting costs nothing: a million open elements in a cell end in a typed error', () => {
    const bytes = book(`<row r="1"><c r="A1" t="inlineStr"><is>${'<r>'.repeat(1_000_000)}`);
    const r = attempt(bytes);
    note('nesting depth 1,000,000', r, bytes.length);
    expectTyped(r, /row 1 is never closed/);
  });

  it('out-of-range and invalid character references name the part', () => {
    for (const ref of ['&#x110000;', '&#0;', '&#xD800;', '&#99999999999;']) {
      const bytes = book(headerRow, `<sst><si><t>a${ref}b</t></si></sst>`);
      const r = attempt(bytes);
      note(`character reference ${ref}`, r, bytes.length);
      expectTyped(r, /^xl\/sharedStrings\.xml: the character reference .* (names no valid XML character|is malformed)/);
    }
    expect(() => readFirstSheet(book(`<row r="1"><c r="A1" t="str"><v>&#x110000;</v></c></row>`))).toThrow(/xl\/worksheets\/sheet1\.xml: the character reference &#x110000;/);
  });

  it('a DTD (entity expansion) is refused', () => {
    const bytes = zipSync({
      'xl/workbook.xml': strToU8('<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>'),
      'xl/sharedStrings.xml': strToU8('<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><sst><si><t>&b;</t></si></sst>'),
      'xl/worksheets/sheet1.xml': strToU8('<worksheet><sheetData/></worksheet>'),
    });
    const r = attempt(bytes);
    note('DTD with entities', r, bytes.length);
    expectTyped(r, /declaration \(DOCTYPE or ENTITY\) is not allowed/);
  });

  it('a bomb (a comment of 128 MiB of spaces, deflated a thousandfold) is refused while inflating', () => {
    const parts: Uint8Array[] = [];
    const zip = new Zip((err, chunk) => {
      if (err) throw err;
      parts.push(chunk);
    });
    const add = (name: string, text: string) => {
      const f = new ZipDeflate(name, { level: 9 });
      zip.add(f);
      f.push(strToU8(text), true);
    };
    add('xl/workbook.xml', '<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>');
    const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 9 });
    zip.add(sheet);
    sheet.push(strToU8(`<worksheet><sheetData>${headerRow}<!--`));
    const spaces = new Uint8Array(MB).fill(0x20);
    for (let i = 0; i < 128; i++) sheet.push(spaces);
    sheet.push(strToU8('--></sheetData></worksheet>'), true);
    zip.end();
    const bytes = new Uint8Array(Buffer.concat(parts));
    expect(bytes.length).toBeLessThan(MB);
    const r = attempt(bytes);
    note('bomb: 128 MiB comment in the sheet', r, bytes.length);
    expectTyped(r, /expands far beyond its size/);
  });

  it('well-formed XML tricks still read right: CDATA, comments, > in attributes, prefixes, phonetic runs', () => {
    const sst = '<x:sst xmlns:x="s"><!-- a comment with a > and \' --><x:si><x:r><x:t>Å</x:t></x:r><x:r><x:t xml:space="preserve"> &amp; </x:t></x:r><x:rPh><x:t>ignored</x:t></x:rPh><x:r><x:t><![CDATA[<ø>]]></x:t></x:r></x:si></x:sst>';
    const rows = readFirstSheet(book(`<row r="1" odd="a>b"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>12</v></c></row><?pi x?><row r="3"><c t="str"><v>x</v></c></row>`, sst));
    expect(rows.map((r) => r.map((c) => c.value))).toEqual([['Å & <ø>', '', '12'], [], ['x']]);
    expect(rows[0]![2]!.numeric).toBe(true);
  });

  it('prints what each cost', () => {
    process.stdout.write(`${report.join('\n')}\n`);
    expect(report.length).toBeGreaterThan(10);
  });
});

describe('refusals name the problem', () => {
  it('rows out of order and cells out of order are refused', () => {
    expect(() => readFirstSheet(book('<row r="2"/><row r="1"/>'))).toThrow(XlsxError);
    expect(() => readFirstSheet(book('<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>1</v></c></row>'))).toThrow(/out of order/);
  });
});
