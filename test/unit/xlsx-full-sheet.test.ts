/**
 * A legitimate sheet as large as Excel allows (1,048,576 rows × 16 columns) is read, not refused
 * as a zip bomb: the old absolute caps (256 MiB per part, 512 MiB in all) refused it. Heavy (it
 * builds and reads about a gigabyte of XML), so its timeout is generous.
 */
import { strToU8, Zip, ZipDeflate } from 'fflate';
import { describe, expect, it } from 'vitest';
import { eachSheetRow, openWorkbook } from '../../electron/engine/import/xlsx';

const ROWS = 1_048_576;
const COLS = 16;
const MiB = 1024 * 1024;

function fullSheet(): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  const add = (name: string, text: string) => {
    const f = new ZipDeflate(name, { level: 1 });
    zip.add(f);
    f.push(strToU8(text), true);
  };
  add('xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>');
  add('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>');
  // 60,000 distinct texts (names, departments, caseworkers …) as Excel would share them.
  add('xl/sharedStrings.xml', `<sst count="${ROWS * 8}" uniqueCount="60000">${Array.from({ length: 60_000 }, (_, i) => `<si><t>Tekst nummer ${i} – Åse Ørsted</t></si>`).join('')}</sst>`);
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 1 });
  zip.add(sheet);
  sheet.push(strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:P1048576"/><sheetData>'));
  const letters = 'ABCDEFGHIJKLMNOP';
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let r = 1; r <= ROWS; ) {
    let xml = '';
    for (let k = 0; k < 2048 && r <= ROWS; k++, r++) {
      xml += `<row r="${r}" spans="1:16">`;
      for (let c = 0; c < COLS; c++) {
        const ref = `${letters[c]}${r}`;
        xml += c % 2 === 0 ? `<c r="${ref}" s="1" t="s"><v>${rnd() % 60_000}</v></c>` : `<c r="${ref}" s="2"><v>${rnd() % 10_000_000}</v></c>`;
      }
      xml += '</row>';
    }
    sheet.push(strToU8(xml));
  }
  sheet.push(strToU8('</sheetData></worksheet>'), true);
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('a full-size legitimate sheet', () => {
  it('1,048,576 rows × 16 columns are read, not refused as a bomb', { timeout: 900_000 }, () => {
    const bytes = fullSheet();
    const stats = { inflatedBytes: 0 };
    const t = performance.now();
    const book = openWorkbook(bytes, stats);
    let rows = 0;
    let last: string[] = [];
    eachSheetRow(
      bytes,
      book,
      (_row, cells) => {
        rows++;
        last = cells;
      },
      stats,
    );
    const ms = performance.now() - t;
    process.stdout.write(`full sheet: ${(bytes.length / MiB).toFixed(0)} MiB zipped, ${(stats.inflatedBytes / MiB).toFixed(0)} MiB inflated (ratio ${(stats.inflatedBytes / bytes.length).toFixed(1)}), read in ${ms.toFixed(0)} ms\n`);
    expect(rows).toBe(ROWS);
    expect(last).toHaveLength(COLS);
    expect(stats.inflatedBytes).toBeGreaterThan(512 * MiB); // past the old total cap
  });
});
