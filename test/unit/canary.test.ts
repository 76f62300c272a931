/**
 * Plaintext never on disk: seed canary names and CPR numbers, run a session that touches them,
 * then search every file the engine wrote for them as UTF-8, UTF-16LE and base64.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { encryptedFile, HEADER_DA, row, csv } from '../support/extracts';
import { describe, expect, it } from 'vitest';
import { addStaff, call, newEngine, tempDir } from '../support/engine';

const CANARIES = ['Kanarie Qvistgaard-Bjørnsdóttir', 'kanarie.qvist', '0101709999', '010170-9999', 'Udsøgning Kanariekommune'];

function encodings(s: string): Buffer[] {
  const utf8 = Buffer.from(s, 'utf8');
  const out = [utf8, Buffer.from(s, 'utf16le')];
  // base64 of the text at each of the three byte alignments it can have inside a longer
  // string: only the 4-character groups made wholly of the text's own bytes are fixed.
  for (let shift = 0; shift < 3; shift++) {
    const full = Buffer.concat([Buffer.alloc(shift), utf8]).toString('base64');
    const b64 = full.slice(shift ? 4 : 0, 4 * Math.floor((shift + utf8.length) / 3));
    if (b64.length >= 8) out.push(Buffer.from(b64));
  }
  return out;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function hitsIn(bytes: Buffer, canaries: string[]): string[] {
  return canaries.filter((c) => encodings(c).some((enc) => bytes.includes(enc)));
}

describe('canary sweep', () => {
  it('the sweep itself finds a canary hidden in base64 or UTF-16 at any offset', () => {
    for (const prefix of ['', 'x', 'xy', 'navn: ']) {
      const text = `${prefix}Kanarie Qvistgaard-Bjørnsdóttir;0101709999;`;
      expect(hitsIn(Buffer.from(Buffer.from(text).toString('base64')), CANARIES)).toContain('Kanarie Qvistgaard-Bjørnsdóttir');
      expect(hitsIn(Buffer.from(text, 'utf16le'), CANARIES)).toContain('0101709999');
    }
  });

  it('no file the engine wrote contains a canary in any encoding', async () => {
    const dir = await tempDir();
    const engine = await newEngine(dir);
    await call(engine, 'workspace.create', {
      unitName: 'Udsøgning Kanariekommune',
      admin: { username: 'kanarie.qvist', displayName: 'Kanarie Qvistgaard-Bjørnsdóttir', passphrase: 'en lang og hemmelig sætning' },
    });
    await addStaff(engine, [{ username: 'dora.dpo', displayName: 'Kanarie Qvistgaard-Bjørnsdóttir', roles: ['dpo'], passphrase: 'tilsynets lange sætning' }], {
      username: 'kanarie.qvist',
      passphrase: 'en lang og hemmelig sætning',
    });
    await call(engine, 'session.login', { username: 'dora.dpo', passphrase: 'tilsynets lange sætning' });
    await call(engine, 'audit.list', { subject: '0101709999' }); // a CPR number into the log and journal
    await call(engine, 'audit.list', { subject: '010170-9999' });
    await call(engine, 'session.lock', {});
    await call(engine, 'session.login', { username: 'dora.dpo', passphrase: 'tilsynets lange sætning' });
    await call(engine, 'audit.list', { subject: '0101709999' }); // left only in the journal
    // the unit name is deliberately in the header (it is no personal data): check it separately
    const files = await filesUnder(dir);
    expect(files.length).toBeGreaterThanOrEqual(2);
    const hits: string[] = [];
    for (const f of files) {
      const bytes = await readFile(f);
      for (const c of hitsIn(bytes, CANARIES.filter((x) => !x.startsWith('Udsøgning')))) hits.push(`${f}: ${c}`);
    }
    expect(hits).toEqual([]);
  });

  it('an import parsed in the worker leaves no canary in any file, in the workspace or the temp folder', async () => {
    const start = Date.now() - 1000;
    const dir = await tempDir();
    const engine = await newEngine(dir);
    await call(engine, 'workspace.create', { unitName: 'Udsøgning Kanariekommune', admin: { username: 'anna.admin', displayName: 'Anna', passphrase: 'en lang og hemmelig sætning' } });
    const { recipient } = await call(engine, 'unit.recipient', {});
    await call(engine, 'users.add', { username: 'sara', displayName: 'Sara', roles: ['screener'], passphrase: 'hun har en lang sætning' });
    await call(engine, 'session.login', { username: 'sara', passphrase: 'hun har en lang sætning' });
    await call(engine, 'session.changePassphrase', { current: 'hun har en lang sætning', next: 'min egen lange hemmelige sætning' });
    const canaryRow = row({ 'CPR-nr': '010170-9999', Navn: 'Kanarie Qvistgaard-Bjørnsdóttir' });
    const r = await call(engine, 'import.file', { path: await encryptedFile(dir, 'jc.csv.age', csv([canaryRow]), recipient), acceptRejected: true });
    expect(r.status).toBe('imported');
    const cell = (v: string, i: number) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${v}</t></is></c>`;
    const book = zipSync({
      'xl/workbook.xml': strToU8('<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>'),
      'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData><row r="1">${HEADER_DA.map(cell).join('')}</row><row r="2">${canaryRow.map((v, i) => cell(v, i).replace('1"', '2"')).join('')}</row></sheetData></worksheet>`),
    });
    await call(engine, 'import.file', { path: await encryptedFile(dir, 'jc.xlsx.age', book, recipient), acceptRejected: true });
    await engine.dispose();
    const files = [...(await filesUnder(dir))];
    for (const e of await readdir(tmpdir(), { withFileTypes: true })) {
      const p = join(tmpdir(), e.name);
      const st = await stat(p).catch(() => null);
      // Other test files run alongside this one and write their own fixtures (with these very
      // numbers) under tempDir()'s prefix, which the engine never uses: those are not the engine's.
      if (!st || st.mtimeMs < start || p === dir || e.name.startsWith('tvaerblik-test-')) continue;
      if (e.isFile()) files.push(p);
      else if (e.isDirectory()) files.push(...(await filesUnder(p).catch(() => [])));
    }
    const hits: string[] = [];
    for (const f of files) {
      const bytes = await readFile(f).catch(() => null);
      if (bytes) for (const c of hitsIn(bytes, CANARIES.filter((x) => !x.startsWith('Udsøgning')))) hits.push(`${f}: ${c}`);
    }
    expect(hits).toEqual([]);
  });
});
