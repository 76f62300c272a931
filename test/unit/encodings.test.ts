/**
 * Encodings are decided, never guessed into mojibake: UTF-16 with its BOM (Excel's "Unicode
 * text", tab-separated) is read; UTF-8 is UTF-8; bytes with no valid UTF-8 sequence are
 * Windows-1252; a mix is refused at its row and byte. Through the real import as well.
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../electron/engine/base/errors';
import { decodeText, detectSeparator } from '../../electron/engine/base/files/csv';
import { decodeTable } from '../../electron/engine/import/read-extract';
import { call, expectError, newEngine, tempDir } from '../support/engine';
import { encryptedFile, HEADER_DA, row } from '../support/extracts';

const lines = (sep: string, rows: string[][]) => rows.map((r) => r.join(sep)).join('\r\n') + '\r\n';
const utf16le = (s: string) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]));
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), le]));
};

function thrown(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected an error');
}

describe('text encodings of a CSV extract', () => {
  it('reads Excel’s “Unicode text”: UTF-16LE with BOM, tab-separated', () => {
    const { table, format } = decodeTable(utf16le(lines('\t', [HEADER_DA, row({ Navn: 'Åse Ørsted' })])));
    expect(format).toBe('csv utf-16le tab');
    expect(table.header).toEqual(HEADER_DA);
    const rows: string[][] = [];
    table.eachRow((_, cells) => rows.push(cells));
    expect(rows[0]![1]).toBe('Åse Ørsted');
  });

  it('reads UTF-16BE with BOM', () => {
    expect(decodeText(utf16be('CPR-nr;Navn\r\nx;Ærø\r\n'))).toEqual({ text: 'CPR-nr;Navn\r\nx;Ærø\r\n', encoding: 'utf-16be' });
  });

  it('refuses UTF-16 without its byte-order mark, saying how to save the file', () => {
    const e = thrown(() => decodeTable(Buffer.from('CPR-nr;Navn\r\n', 'utf16le')));
    expect(e.code).toBe('EXTRACT_ENCODING');
    expect(e.message).toMatch(/UTF-16 without its byte-order mark; save it again as UTF-8/);
  });

  it('finds tab as the separator', () => {
    expect(detectSeparator('CPR-nr\tNavn\tSektor\n')).toBe('\t');
    expect(detectSeparator('CPR-nr;Navn\t(x);Sektor\n')).toBe(';');
  });

  it('a Windows-1252 file (no valid UTF-8 sequence at all) is Windows-1252', () => {
    expect(decodeText(new Uint8Array(Buffer.from('CPR-nr;Navn\r\nx;Søren Æblegård\r\n', 'latin1')))).toMatchObject({ encoding: 'windows-1252', text: 'CPR-nr;Navn\r\nx;Søren Æblegård\r\n' });
  });

  it('a Windows-1252 file reads its own characters in 0x80–0x9F (€, –, “ ”), not Latin-1’s control codes', () => {
    // "Pris: 100 € – “Søren”" as Windows-1252 writes it: € 0x80, – 0x96, “ 0x93, ” 0x94.
    const bytes = new Uint8Array([...Buffer.from('Navn;Pris\r\nS', 'latin1'), 0xf8, ...Buffer.from('ren;100 ', 'latin1'), 0x80, 0x20, 0x96, 0x20, 0x93, 0x78, 0x94, 0x0d, 0x0a]);
    expect(decodeText(bytes)).toEqual({ encoding: 'windows-1252', text: 'Navn;Pris\r\nSøren;100 € – “x”\r\n' });
  });

  it('docs/extract-format.md: Windows-1252 is “read as the WHATWG Encoding Standard defines it: the bytes 80–9F are the characters Excel wrote there”', () => {
    const c1 = Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const index = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
    expect(decodeText(new Uint8Array([...Buffer.from('Navn\r\n', 'latin1'), ...c1, 0xe6, 0x0d, 0x0a]))).toEqual({ encoding: 'windows-1252', text: `Navn\r\n${index}æ\r\n` });
  });

  it('a UTF-8 file with one Windows-1252 byte is refused at that row and byte, not read as mojibake', () => {
    const good = Buffer.from('CPR-nr;Navn\r\n1;Søren\r\n"2\r\nb";x\r\n3;', 'utf8');
    const bytes = new Uint8Array(Buffer.concat([good, Buffer.from([0xf8]), Buffer.from('rn\r\n')]));
    const e = thrown(() => decodeTable(bytes));
    expect(e.code).toBe('EXTRACT_ENCODING');
    // Row 4 as a spreadsheet counts (the quoted line break stays in row 3); the byte from 0.
    expect(e.details).toMatchObject({ row: 4, byte: good.length });
    expect(e.message).toMatch(/mixes UTF-8 with another encoding/);
  });

  it('a file that says UTF-8 (BOM) but is not is refused, not patched with replacement characters', () => {
    const e = thrown(() => decodeTable(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('a;b\r\nx;'), 0xe6, 0x0d, 0x0a])));
    expect(e).toMatchObject({ code: 'EXTRACT_ENCODING', details: { row: 2, byte: 10 } });
  });

  it('ignores empty fields past column 64, refuses a value there', () => {
    const header = `${HEADER_DA.join(';')}${';'.repeat(100)}\r\n`;
    expect(decodeTable(new TextEncoder().encode(header)).table.header).toHaveLength(64);
    const e = thrown(() => {
      const { table } = decodeTable(new TextEncoder().encode(`${HEADER_DA.join(';')}\r\n${row().join(';')}${';'.repeat(60)}x\r\n`));
      table.eachRow(() => undefined);
    });
    expect(e.message).toMatch(/column 76: data beyond column 64/);
  });
});

describe('through the import', () => {
  it('imports a UTF-16LE tab-separated extract and refuses a mixed one with EXTRACT_ENCODING', async () => {
    const dir = await tempDir();
    const engine = await newEngine(dir);
    await call(engine, 'workspace.createDemo', {});
    await call(engine, 'session.login', { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' });
    const { recipient } = await call(engine, 'unit.recipient', {});
    await call(engine, 'session.login', { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' });
    const r = await call(engine, 'import.file', { path: await encryptedFile(dir, 'u16.age', utf16le(lines('\t', [HEADER_DA, row({ 'CPR-nr': '700101-1111' })])), recipient) });
    expect(r).toMatchObject({ status: 'imported', receipt: { format: 'csv utf-16le tab', rowsKept: 1 } });
    const mixed = new Uint8Array(Buffer.concat([Buffer.from(lines(';', [HEADER_DA, row({ Navn: 'Søren' })])), Buffer.from([0xe6]), Buffer.from('\r\n')]));
    const err = await expectError(engine.invoke('import.file', { path: await encryptedFile(dir, 'mixed.age', mixed, recipient) }), 'EXTRACT_ENCODING');
    expect(err.details).toMatchObject({ row: 3 });
  });
});
