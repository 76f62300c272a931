/**
 * A receipt's format reaches the screen in words, not as the engine's machine text: each format
 * the reader writes today (read from real bytes by decodeTable) has a description in both
 * languages, and none of it is the raw text.
 */
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { decodeTable } from '../../electron/engine/import/read-extract';
import { describeFormat } from '../../renderer/features/import/file-format';
import { translate, type T } from '../../renderer/i18n';

const t = (lang: 'da' | 'en'): T => (key, params) => translate(lang, key, params);
const ascii = (s: string) => strToU8(s);
const utf16le = (s: string) => new Uint8Array([0xff, 0xfe, ...new Uint8Array(Uint16Array.from(s, (c) => c.charCodeAt(0)).buffer)]);
const formatOf = (bytes: Uint8Array) => decodeTable(bytes).format;

const files: [string, Uint8Array, string, string][] = [
  ['UTF-8, semicolons', ascii('CPR-nr;Ydelseskode\n0101900000;X\n'), 'CSV, tegnsæt UTF-8, semikolon mellem felterne', 'CSV, UTF-8 encoding, fields separated by semicolons'],
  ['UTF-8 with BOM, commas', new Uint8Array([0xef, 0xbb, 0xbf, ...ascii('CPR-nr,Ydelseskode\n0101900000,Æ\n')]), 'CSV, tegnsæt UTF-8 (BOM), komma mellem felterne', 'CSV, UTF-8 (BOM) encoding, fields separated by commas'],
  ['Windows-1252 (a lone æ byte), semicolons', new Uint8Array([...ascii('CPR-nr;Afdeling\n0101900000;'), 0xe6, 0x0a]), 'CSV, tegnsæt Windows-1252, semikolon mellem felterne', 'CSV, Windows-1252 encoding, fields separated by semicolons'],
  ['UTF-16 with BOM, tabs', utf16le('CPR-nr\tYdelseskode\n0101900000\tX\n'), 'CSV, tegnsæt UTF-16, tabulator mellem felterne', 'CSV, UTF-16 encoding, fields separated by tabs'],
  [
    'an XLSX workbook',
    zipSync({
      'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="Ark1" r:id="rId1"/></sheets></workbook>'),
      'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
      'xl/worksheets/sheet1.xml': strToU8('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>CPR-nr</t></is></c></row></sheetData></worksheet>'),
    }),
    'Excel-regneark (XLSX)',
    'Excel workbook (XLSX)',
  ],
];

describe('the format line of an import receipt', () => {
  it.each(files)('names %s in words, in Danish and in English', (_, bytes, da, en) => {
    const format = formatOf(bytes);
    expect(describeFormat(t('da'), format)).toBe(da);
    expect(describeFormat(t('en'), format)).toBe(en);
    for (const text of [da, en]) expect(text).not.toContain(format);
  });

  it('shows a format it does not know as it is, rather than hiding it', () => {
    expect(describeFormat(t('da'), 'ods')).toBe('ods');
  });
});
