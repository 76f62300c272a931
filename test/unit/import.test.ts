import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { all, openDatabase, setMeta } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { importExtract } from '../../electron/engine/import/import-extract';
import { extractParser } from '../../electron/engine/import/parse';
import { SCHEMA } from '../../electron/engine/schema';
import { DICTIONARY_IDS } from '../../electron/engine/import/schema';
import { DROP_RULES, normaliseHeader, RELATION_COLUMNS, SERVICE_COLUMNS } from '../../shared/extract-format';
import { addStaff, call, expectError, newEngine, withWorkspace } from '../support/engine';
import { csv, encryptedFile, HEADER_DA, row } from '../support/extracts';
import { generateMunicipality } from '../../electron/engine/demo/generate';
import { testDeps } from '../support/engine';
import { SARA, screenerInDemo } from '../support/screener';
import { dayOfIso } from '../../shared/dates';

const run = promisify(execFile);
/** A demo workspace (fictitious CPR numbers are allowed), logged in as a screener. */
async function screenerWorkspace(now?: Date) {
  const { dir, engine, recipient } = await screenerInDemo(now);
  return { dir, engine, recipient };
}

/** Reads the in-memory database through a fresh login, the way the app would. */
async function databaseOf(dir: string) {
  const { loadSqlJs } = await import('../../electron/engine/base/node-host');
  const { openWorkspace } = await import('../../electron/engine/base/workspace/store');
  const ws = await openWorkspace(await testDeps(dir), 'demo.admin', 'demo-administrator-fiktiv');
  void loadSqlJs;
  return ws.db;
}

describe('import of encrypted extracts', () => {
  it('imports a file encrypted with Debian’s age CLI', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    await writeFile(join(dir, 'plain.csv'), csv([row(), row({ 'CPR-nr': '720285-4321', Ydelseskode: 'LAS_KH', Ydelse: 'Kontanthjælp', Sektor: 'Jobcenter' })]));
    await run('age', ['-r', recipient, '-o', join(dir, 'jobcenter.csv.age'), join(dir, 'plain.csv')]);
    const r = await call(engine, 'import.file', { path: join(dir, 'jobcenter.csv.age') });
    expect(r).toMatchObject({ status: 'imported', receipt: { sector: 'jobcenter', rowsRead: 2, rowsKept: 2 } });
    // The receipt's digests: of the file as received, and of its content (taken in the reading worker).
    const sha256 = async (name: string) => createHash('sha256').update(await readFile(join(dir, name))).digest('hex');
    expect(r.receipt).toMatchObject({ fileSha256: await sha256('jobcenter.csv.age'), contentSha256: await sha256('plain.csv') });
    const snap = (await call(engine, 'import.snapshots', {})).find((s) => s.sector === 'jobcenter');
    expect(snap).toMatchObject({ services: 2, persons: 2, fileName: 'jobcenter.csv.age' });
  });

  it('refuses an unencrypted file and says how to encrypt it', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    await writeFile(join(dir, 'plain.csv'), csv([row()]));
    const err = await expectError(engine.invoke('import.file', { path: join(dir, 'plain.csv') }), 'NOT_ENCRYPTED');
    expect(err.message).toContain(`age -r ${recipient}`);
  });

  it('drops every excluded service and every non-ongoing row, counting each rule in the receipt', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    const excluded = ['EX_BOLIGSIKRING', 'EX_TANDTILSKUD', 'EX_ENKELT', 'EX_MEDICIN'];
    const rows = [
      row(),
      ...excluded.map((code, i) => row({ 'CPR-nr': `7101${90 + i}-1111`, Ydelseskode: code, Sektor: 'Jobcenter' })),
      row({ 'CPR-nr': '720190-2222', Status: 'Afsluttet' }),
      row({ 'CPR-nr': '720190-2223', Status: 'Afslået' }),
      row({ 'CPR-nr': '720190-2224', Status: 'Afventer' }),
      row({ 'CPR-nr': '720190-2225', Status: 'Tidligere' }),
      row({ 'CPR-nr': '720190-2226', Slutdato: '01-01-2025', Startdato: '01-01-2024' }),
      row({ 'CPR-nr': '720190-2227', Startdato: '01-01-2099' }),
    ];
    const r = await call(engine, 'import.file', { path: await encryptedFile(dir, 'jc.age', csv(rows), recipient) });
    expect(r.status).toBe('imported');
    expect(Object.fromEntries(r.receipt.dropped)).toEqual({
      'excluded-service': 4,
      'status-ended': 1,
      'status-rejected': 1,
      'status-pending': 1,
      'status-earlier': 1,
      'ended-by-date': 1,
      'not-started': 1,
    });
    expect(new Set(r.receipt.dropped.map(([k]) => k))).toEqual(new Set(DROP_RULES));
    expect(r.receipt.rowsKept).toBe(1);
    await engine.dispose();
    const db = await databaseOf(dir);
    const codes = all(db, 'SELECT c.code FROM service s JOIN catalogue c ON c.id = s.catalogue_id JOIN source o ON o.id = s.source_id WHERE o.sector = ?', ['jobcenter']).map((x) => x.code);
    expect(codes).toEqual(['LAB_MENTOR']);
  });

  it('never lets a column outside the allowed set into the database (schema and data)', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    const header = [...HEADER_DA, 'Journalnotat', 'Adresse', '__proto__', 'constructor'];
    const secret = 'Hemmeligt journalnotat om borgeren';
    const body = csv([[...row(), secret, 'Fiktivvej 99', 'x', 'y']], header);
    const r = await call(engine, 'import.file', { path: await encryptedFile(dir, 'jc.age', body, recipient) });
    expect(r.receipt.columnsDropped).toEqual(['Journalnotat', 'Adresse', '__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    await engine.dispose();
    const db = await databaseOf(dir);
    const columns = all(db, "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'").map((x) => `${x.t}.${x.c}`);
    expect(columns.some((c) => /journal|adresse|address|note/i.test(c))).toBe(false);
    const dump = Buffer.from(db.export()).toString('utf8');
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain('Fiktivvej 99');
    expect(dump).toContain('Test Testesen'); // the allowed data is there
    void SERVICE_COLUMNS;
  });

  it('the import day is the date in Copenhagen: at 00:30 on 26 November, a service starting on the 26th has started', async () => {
    // docs/extract-format.md: "the import day in Europe/Copenhagen"
    const { dir, engine, recipient } = await screenerWorkspace(new Date('2026-11-25T23:30:00Z'));
    const body = csv([row({ Startdato: '26-11-2026' }), row({ 'CPR-nr': '710190-1242', Slutdato: '25-11-2026' })]);
    const r = await call(engine, 'import.file', { path: await encryptedFile(dir, 'jc.age', body, recipient) });
    expect(r.receipt.rowsKept).toBe(1); // the one starting today; the one that ended yesterday is dropped
    expect((await call(engine, 'import.snapshots', {})).find((x) => x.sector === 'jobcenter')!.snapshotDate).toBe('2026-11-26');
  });

  it('names a dropped column by its position when its header could be personal data', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    // A producer's mistake: a data row's values ended up as extra header cells.
    const header = [...HEADER_DA, 'Noter', '120190-1234', 'Karla Holm karla@example.dk', 'x'.repeat(41)];
    const body = csv([[...row(), 'a', 'b', 'c', 'd']], header);
    const r = await call(engine, 'import.file', { path: await encryptedFile(dir, 'jc.age', body, recipient) });
    const at = (i: number) => `#${i + 1}`;
    expect(r.receipt.columnsDropped).toEqual(['Noter', at(HEADER_DA.length + 1), at(HEADER_DA.length + 2), at(HEADER_DA.length + 3)]);
    expect(JSON.stringify(await call(engine, 'import.receipts', {}))).not.toMatch(/120190|Karla|karla@/);
  });

  it('holds back a file with rejected rows until the rest is explicitly accepted, and logs the decision', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    const rows = [row(), row({ 'CPR-nr': '719990-1234' }), row({ 'CPR-nr': '720190-1111', Startdato: '31-02-2026' }), row({ 'CPR-nr': '720190-1112', Ydelseskode: 'NOPE' }), row(), row({ 'CPR-nr': '720190-1113', 'Årlig udgift': '-500' }), row({ 'CPR-nr': '010130-4123' })];
    const path = await encryptedFile(dir, 'jc.age', csv(rows), recipient);
    const held = await call(engine, 'import.file', { path });
    expect(held.status).toBe('needs-decision');
    expect(held.rejections).toEqual([
      { row: 3, column: 'CPR-nr', reason: 'cpr-invalid' },
      { row: 4, column: 'Startdato', reason: 'date-invalid' },
      { row: 5, column: 'Ydelseskode', reason: 'service-code-unknown' },
      { row: 6, column: 'Ydelseskode', reason: 'duplicate' },
      { row: 7, column: 'Årlig udgift', reason: 'cost-invalid' }, // a yearly cost is not negative
      { row: 8, column: 'CPR-nr', reason: 'cpr-invalid' }, // born 1 January 2030, after the import day
    ]);
    expect((await call(engine, 'import.snapshots', {})).find((s) => s.sector === 'jobcenter')?.fileName).not.toBe('jc.age');
    const done = await call(engine, 'import.file', { path, acceptRejected: true });
    expect(done).toMatchObject({ status: 'imported', receipt: { rowsKept: 1, acceptedWithRejections: true } });
    await call(engine, 'session.login', { username: 'demo.dpo', passphrase: 'demo-dpo-fiktiv-adgang' });
    const log = (await call(engine, 'audit.list', { limit: 10 })).entries.filter((e) => e.action === 'import.file').map((e) => e.subject.split(':').slice(0, 3).join(':'));
    expect(log.slice(0, 2)).toEqual(['jobcenter:jc.age:imported-accepting-6-rejected', 'jobcenter:jc.age:needs-decision']);
  });

  it('can be cancelled: nothing is imported, and the next import runs normally', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    const before = await call(engine, 'import.snapshots', {});
    const path = await encryptedFile(dir, 'jc.age', csv([row()]), recipient);
    const running = engine.invoke('import.file', { path, operationId: 'import-one' });
    expect(await call(engine, 'operations.cancel', { id: 'import-one' })).toEqual({ cancelled: true });
    await expectError(running, 'CANCELLED');
    expect(await call(engine, 'import.snapshots', {})).toEqual(before);
    expect((await call(engine, 'import.file', { path, operationId: 'import-two' })).status).toBe('imported');
  });

  it('a stray cancel (nothing running, or another id) does not touch the next import', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    const path = await encryptedFile(dir, 'jc.age', csv([row()]), recipient);
    expect(await call(engine, 'operations.cancel', { id: 'nothing-runs' })).toEqual({ cancelled: false });
    const running = engine.invoke('import.file', { path, operationId: 'import-real' });
    expect(await call(engine, 'operations.cancel', { id: 'import-other' })).toEqual({ cancelled: false });
    const r = await running;
    expect(r.ok && (r.value as { status: string }).status).toBe('imported');
  });

  it('two operations report progress separately, each under its own id', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    const a = await encryptedFile(dir, 'a.age', csv([row()]), recipient);
    const b = await encryptedFile(dir, 'b.age', csv([row({ Sektor: 'Jobcenter' }), row()]), recipient);
    const seen: { operationId: string; kind: string; done: number }[] = [];
    engine.onEvent((e) => {
      if (e.type === 'progress') seen.push(e.payload);
    });
    // The second is queued behind the first; cancelling it leaves the first alone.
    const first = engine.invoke('import.file', { path: a, operationId: 'import-a' });
    const second = engine.invoke('import.file', { path: b, operationId: 'import-b' });
    expect(await call(engine, 'operations.cancel', { id: 'import-b' })).toEqual({ cancelled: true });
    expect((await first).ok).toBe(true);
    await expectError(second, 'CANCELLED');
    const ids = new Set(seen.map((p) => p.operationId));
    expect(ids).toEqual(new Set(['import-a']));
    expect(seen.every((p) => p.kind === 'import.file')).toBe(true);
    // An id already running is refused rather than mixing two progress streams.
    const third = engine.invoke('import.file', { path: a, operationId: 'import-c' });
    await expectError(engine.invoke('import.file', { path: b, operationId: 'import-c' }), 'VALIDATION');
    await third;
  });

  it('detects the same content imported twice, even re-encrypted', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    const body = csv([row()]);
    expect((await call(engine, 'import.file', { path: await encryptedFile(dir, 'a.age', body, recipient) })).status).toBe('imported');
    expect((await call(engine, 'import.file', { path: await encryptedFile(dir, 'b.age', body, recipient) })).status).toBe('duplicate');
  });

  it('counts a file as a duplicate only of what its source holds now', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    const file = (name: string, rows: string[][]) => encryptedFile(dir, name, csv(rows), recipient);
    const jobcentre = async () => (await call(engine, 'import.snapshots', {})).find((s) => s.sector === 'jobcenter');
    const right = await file('right.age', [row()]);
    expect((await call(engine, 'import.file', { path: right })).status).toBe('imported');
    expect((await call(engine, 'import.file', { path: await file('wrong.age', [row({ Navn: 'Forkert Navn' }), row({ 'CPR-nr': '720190-2222' })]) })).status).toBe('imported');
    // The source sends its right extract again to undo the wrong one: it replaces it.
    expect((await call(engine, 'import.file', { path: right })).status).toBe('imported');
    expect(await jobcentre()).toMatchObject({ fileName: 'right.age', services: 1 });
    expect((await call(engine, 'import.file', { path: await file('right-again.age', [row()]) })).status).toBe('duplicate');
    // One header-only file empties two sources, and is a duplicate only for a source it emptied.
    const empty = await file('empty.age', []);
    expect((await call(engine, 'import.file', { path: empty, confirmEmpty: true, sector: 'jobcenter' })).status).toBe('imported');
    expect((await call(engine, 'import.file', { path: empty, confirmEmpty: true, sector: 'voksen' })).status).toBe('imported');
    expect((await call(engine, 'import.file', { path: empty, confirmEmpty: true, sector: 'jobcenter' })).status).toBe('duplicate');
    expect(await jobcentre()).toMatchObject({ fileName: 'empty.age', services: 0 });
  });

  it('holds back a relations file without relations until the user confirms that every family link goes', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    const links = async () => (await databaseOf(dir)).exec('SELECT count(*) FROM relation')[0]!.values[0]![0];
    const before = await links();
    expect(before).toBeGreaterThan(0); // the demo's families
    const empty = await encryptedFile(dir, 'familierelationer.age', csv([], ['Forælder_CPR', 'Barn_CPR', 'Husstand']), recipient);
    const held = await call(engine, 'import.file', { path: empty });
    expect(held).toMatchObject({ status: 'needs-empty-confirmation', receipt: { kind: 'relations', sector: null } });
    expect(await links()).toBe(before);
    const done = await call(engine, 'import.file', { path: empty, confirmEmpty: true });
    expect(done).toMatchObject({ status: 'imported', receipt: { kind: 'relations', confirmedEmpty: true } });
    expect(await links()).toBe(0);
  });

  it('replaces a source’s snapshot with its new extract', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    await call(engine, 'import.file', { path: await encryptedFile(dir, 'a.age', csv([row(), row({ 'CPR-nr': '720190-1111' })]), recipient) });
    await call(engine, 'import.file', { path: await encryptedFile(dir, 'b.age', csv([row({ 'CPR-nr': '730190-1111' })]), recipient) });
    const snap = (await call(engine, 'import.snapshots', {})).find((s) => s.sector === 'jobcenter');
    expect(snap).toMatchObject({ fileName: 'b.age', services: 1, persons: 1 });
  });

  describe('a bad file gives a clear error and leaves the previous snapshot untouched', () => {
    async function withSnapshot() {
      const ctx = await screenerWorkspace();
      await call(ctx.engine, 'import.file', { path: await encryptedFile(ctx.dir, 'good.age', csv([row()]), ctx.recipient) });
      const before = await call(ctx.engine, 'import.snapshots', {});
      return { ...ctx, before };
    }
    const cases: [string, (b: Buffer) => Buffer, string][] = [
      ['a flipped byte', (b) => Buffer.from(b.map((x, i) => (i === b.length - 20 ? x ^ 1 : x))), 'EXTRACT_DAMAGED'],
      ['a truncated file', (b) => b.subarray(0, b.length - 10), 'EXTRACT_DAMAGED'],
    ];
    for (const [name, mutate, code] of cases) {
      it(name, async () => {
        const { dir, engine, recipient, before } = await withSnapshot();
        const path = await encryptedFile(dir, 'bad.age', csv([row({ 'CPR-nr': '740190-1111' })]), recipient);
        await writeFile(path, mutate(await readFile(path)));
        await expectError(engine.invoke('import.file', { path }), code);
        expect(await call(engine, 'import.snapshots', {})).toEqual(before);
      });
    }
    it('a file encrypted to another key', async () => {
      const { dir, engine, before } = await withSnapshot();
      const { newIdentity } = await import('../../electron/engine/base/crypto/age');
      const other = await newIdentity();
      const path = await encryptedFile(dir, 'other.age', csv([row()]), other.recipient);
      await expectError(engine.invoke('import.file', { path }), 'EXTRACT_WRONG_KEY');
      expect(await call(engine, 'import.snapshots', {})).toEqual(before);
    });
    it('a broken CSV names the row and column', async () => {
      const { dir, engine, recipient, before } = await withSnapshot();
      const text = `${HEADER_DA.join(';')}\r\n${row().join(';')}\r\n710190-1234;"Test;Jobcenter\r\n`;
      const path = await encryptedFile(dir, 'broken.age', new TextEncoder().encode(text), recipient);
      const err = await expectError(engine.invoke('import.file', { path }), 'EXTRACT_INVALID');
      expect(err.details).toMatchObject({ row: 3, column: '2' });
      expect(await call(engine, 'import.snapshots', {})).toEqual(before);
    });
  });

  it('accepts fictitious CPR numbers only in a demo workspace; a modulus-11 failure is only a warning', async () => {
    const { engine, dir } = await withWorkspace();
    const { recipient } = await call(engine, 'unit.recipient', {});
    await addStaff(engine, [SARA]);
    await call(engine, 'session.login', { username: SARA.username, passphrase: SARA.passphrase });
    // 0101901234 fails modulus 11; 7101901234 is fictitious (day + 60)
    const r = await call(engine, 'import.file', { path: await encryptedFile(dir, 'a.age', csv([row({ 'CPR-nr': '010190-1234' }), row({ 'CPR-nr': '710190-1234' })]), recipient), acceptRejected: true });
    expect(r.receipt.warnings).toEqual([['cpr-mod11', 1]]);
    expect(r.rejections).toEqual([{ row: 3, column: 'CPR-nr', reason: 'cpr-fictitious' }]);
  });

  it('a fictitious replacement number (day + 60 with letters) is fictitious: a demo workspace takes it, a real one refuses it', async () => {
    // docs/extract-format.md: "cpr-fictitious (day + 60: only a demo workspace accepts these)"
    const demo = await screenerWorkspace();
    const body = csv([row({ 'CPR-nr': '710190-1A23' })]);
    expect((await call(demo.engine, 'import.file', { path: await encryptedFile(demo.dir, 'a.age', body, demo.recipient) })).receipt.rowsKept).toBe(1);
    const { engine, dir } = await withWorkspace();
    const { recipient } = await call(engine, 'unit.recipient', {});
    await addStaff(engine, [SARA]);
    await call(engine, 'session.login', { username: SARA.username, passphrase: SARA.passphrase });
    const real = await call(engine, 'import.file', { path: await encryptedFile(dir, 'a.age', csv([row({ 'CPR-nr': '010190-1234' }), row({ 'CPR-nr': '710190-1A23' })]), recipient) });
    expect(real.rejections).toEqual([{ row: 3, column: 'CPR-nr', reason: 'cpr-fictitious' }]);
  });

  it('an end date before a future start is a date-order error, not a service yet to start', async () => {
    // docs/extract-format.md: "date-order (end before start)"
    const { dir, engine, recipient } = await screenerWorkspace(new Date('2026-11-16T10:00:00Z'));
    const r = await call(engine, 'import.file', { path: await encryptedFile(dir, 'a.age', csv([row(), row({ 'CPR-nr': '710190-1242', Startdato: '01-03-2027', Slutdato: '01-02-2027' })]), recipient) });
    expect(r.rejections).toEqual([{ row: 3, column: 'Slutdato', reason: 'date-order' }]);
    expect(r.receipt.dropped).toEqual([]);
  });

  it('reads a header name whatever its case, spaces, hyphens, underscores and dots, and no two columns share one', () => {
    const keyOf = (h: string) => SERVICE_COLUMNS.find((c) => c.aliases.some((a) => normaliseHeader(a) === normaliseHeader(h)))?.key;
    expect(['Start dato', 'Ydelses-kode', 'CPR-nr.', 'CPR NR', 'cpr_nr', 'Tlf.', 'E mail', 'årlig-udgift'].map(keyOf)).toEqual([
      'start_date', 'service_code', 'cpr', 'cpr', 'cpr', 'caseworker_phone', 'caseworker_email', 'yearly_cost',
    ]);
    for (const columns of [SERVICE_COLUMNS, RELATION_COLUMNS]) {
      const owner = new Map<string, string>();
      for (const c of columns) {
        for (const a of c.aliases) {
          const name = normaliseHeader(a);
          expect(owner.get(name) ?? c.key, `"${a}" would name two columns`).toBe(c.key);
          owner.set(name, c.key);
        }
      }
    }
  });

  it('columns may be headed in English, as the app names them ("Citizen name", "Start date")', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    const english = HEADER_DA.map((h) => SERVICE_COLUMNS.find((c) => c.aliases.some((a) => normaliseHeader(a) === normaliseHeader(h)))!.en);
    expect(english).toContain('Citizen name');
    const r = await call(engine, 'import.file', { path: await encryptedFile(dir, 'en.age', csv([row()], english), recipient) });
    expect(r.receipt).toMatchObject({ rowsKept: 1, columnsDropped: [] });
  });

  it('a sector may be written as the product names it, in Danish or English ("Adult social services")', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    for (const [name, sector] of [['Adult social services', 'voksen'], ['Voksen social', 'voksen'], ['Children and family', 'boern']] as const) {
      const code = sector === 'voksen' ? 'SEL85' : 'BL46';
      const r = await call(engine, 'import.file', { path: await encryptedFile(dir, `${sector}-${name}.age`, csv([row({ Sektor: name, Ydelseskode: code, 'CPR-nr': name === 'Voksen social' ? '710190-1242' : '710190-1234' })]), recipient) });
      expect(r.receipt, name).toMatchObject({ sector, rowsKept: 1 });
    }
  });

  it('imports the whole demo municipality, including families', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    const m = generateMunicipality('small', 99, new Date());
    for (const f of m.files) {
      const r = await call(engine, 'import.file', { path: await encryptedFile(dir, `${f.name}.age`, f.bytes, recipient), acceptRejected: true });
      expect(r.status).toBe('imported');
      expect(r.receipt.rowsRead).toBe(f.rows);
    }
    const snaps = await call(engine, 'import.snapshots', {});
    expect(snaps.map((s) => s.sector).sort()).toEqual(['aeldre_sundhed', 'boern', 'jobcenter', 'skole_dagtilbud', 'voksen', 'ydelse']);
    expect(snaps.reduce((n, s) => n + s.services, 0)).toBeGreaterThan(m.serviceRows * 0.95);
    await engine.dispose();
    const db = await databaseOf(dir);
    expect(Number(all(db, 'SELECT count(*) AS n FROM relation')[0]!.n)).toBeGreaterThan(100);
  });

  /** A one-sheet workbook; a cell given as { n } is a number cell, any other a shared text. */
  const workbook = async (cells: (string | { n: string })[][], workbookPr = '') => {
    const { strToU8, zipSync } = await import('fflate');
    const shared: string[] = [];
    const xml = cells
      .map((r, i) => `<row r="${i + 1}">${r.map((v, j) => {
        const ref = `${String.fromCharCode(65 + j)}${i + 1}`;
        if (typeof v !== 'string') return `<c r="${ref}"><v>${v.n}</v></c>`;
        shared.push(v);
        return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
      }).join('')}</row>`)
      .join('');
    return zipSync({
      'xl/workbook.xml': strToU8(`<workbook>${workbookPr}<sheets><sheet name="Ark1" r:id="rId1"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
      'xl/sharedStrings.xml': strToU8(`<sst>${shared.map((x) => `<si><t>${x.replace(/&/g, '&amp;')}</t></si>`).join('')}</sst>`),
      'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${xml}</sheetData></worksheet>`),
    });
  };
  const costColumn = HEADER_DA.indexOf('Årlig udgift');

  it('imports an XLSX extract (first sheet), CPR numbers stored as numbers included', async () => {
    const { dir, engine, recipient } = await screenerWorkspace();
    const book = await workbook([
      HEADER_DA,
      // A yearly cost stored as a number is that number (in Danish text 999.125 would be 999,125 kr.).
      row({ 'CPR-nr': '7101901234' }).map((v, j) => (j === costColumn ? { n: '999.125' } : v)),
      // A CPR number Excel stored as a number, losing its leading zero: 0710190123 → 710190123.
      row({ 'CPR-nr': '0' }).map((v, j) => (j === 0 ? { n: '710190123' } : v)),
    ]);
    const r = await call(engine, 'import.file', { path: await encryptedFile(dir, 'jobcenter.xlsx.age', book, recipient), acceptRejected: true });
    expect(r.receipt).toMatchObject({ format: 'xlsx', sector: 'jobcenter', rowsRead: 2 });
    expect(r.rejections).toEqual([]);
    expect(r.receipt.rowsKept).toBe(2);
    await engine.dispose();
    const db = await databaseOf(dir);
    expect(all(db, "SELECT cpr FROM person WHERE cpr IN ('7101901234', '0710190123') ORDER BY cpr").map((x) => x.cpr)).toEqual(['0710190123', '7101901234']);
    const costs = "SELECT s.yearly_cost AS c FROM service s JOIN person p ON p.id = s.person_id WHERE p.cpr IN ('7101901234', '0710190123') ORDER BY c";
    expect(all(db, costs).map((x) => x.c)).toEqual([999, 40000]);
  });

  it('reads an XLSX date cell in the workbook’s date system, 1900 or 1904', async () => {
    const start = dayOfIso('2026-03-01');
    const serial1900 = start + 25569; // Excel's serial of 1970-01-01 in the 1900 system
    for (const [workbookPr, serial] of [['', serial1900], ['<workbookPr date1904="1"/>', serial1900 - 1462]] as const) {
      const { dir, engine, recipient } = await screenerWorkspace();
      const startColumn = HEADER_DA.indexOf('Startdato');
      const book = await workbook([HEADER_DA, row({ 'CPR-nr': '7101901234' }).map((v, j) => (j === startColumn ? { n: `${serial}` } : v))], workbookPr);
      const r = await call(engine, 'import.file', { path: await encryptedFile(dir, 'jobcenter.xlsx.age', book, recipient) });
      expect(r.status).toBe('imported');
      await engine.dispose();
      const db = await databaseOf(dir);
      expect(all(db, "SELECT s.start_day AS d FROM service s JOIN person p ON p.id = s.person_id WHERE p.cpr = '7101901234'").map((x) => x.d)).toEqual([start]);
    }
  });

  it('is refused to roles other than screener', async () => {
    const { engine, dir } = await withWorkspace();
    await expectError(engine.invoke('import.file', { path: join(dir, 'x.age') }), 'FORBIDDEN');
    void newEngine;
  });

  it('points every service at its legal basis and goal, and repairs the ids an earlier version cut to 32 bits (migration 10)', async () => {
    // The schema up to and including the repair: later migrations would otherwise run twice below.
    const upToRepair = SCHEMA.slice(0, SCHEMA.indexOf(DICTIONARY_IDS) + 1);
    const db = openDatabase(await loadSqlJs(), upToRepair);
    const { identity, recipient } = await newIdentity();
    setMeta(db, 'unit_identity', identity);
    setMeta(db, 'unit_recipient', recipient);
    const c = { db, demo: false, user: 'test', now: new Date(), progress: () => undefined, cancelled: () => false, parse: extractParser('same-thread') };
    const plain = csv([row({ 'CPR-nr': '010185-1234' }), row({ 'CPR-nr': '020185-1234', Mål: 'Et andet mål' })]);
    expect((await importExtract(c, 'jc.csv.age', await encryptTo([recipient], plain), { acceptRejected: false, confirmEmpty: false })).status).toBe('imported');
    const texts = `SELECT s.id, l.value AS legal_basis, g.value AS goal FROM service s
                   JOIN dict l ON l.id = s.legal_basis_id JOIN dict g ON g.id = s.goal_id ORDER BY s.id`;
    const before = all(db, texts);
    expect(before.map((r) => r.goal)).toEqual(['Fastholdelse i uddannelse', 'Et andet mål']);
    // As the earlier version stored them, at the schema version before the repair.
    db.exec(`UPDATE service SET legal_basis_id = legal_basis_id - 4294967296, goal_id = goal_id - 4294967296; PRAGMA user_version = ${upToRepair.length - 1}`);
    expect(all(db, texts)).toEqual([]);
    const again = openDatabase(await loadSqlJs(), upToRepair, db.export());
    expect(all(again, texts)).toEqual(before);
    again.close();
    db.close();
  });
});
