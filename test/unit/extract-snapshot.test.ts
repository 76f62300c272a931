/**
 * The snapshot an extract describes, as docs/extract-format.md promises it: the extraction date a
 * file may carry, a source with nothing ongoing, and the distinct counts on the receipt. Each test
 * quotes the rule it checks, through the real engine, age and sql.js.
 */
import { describe, expect, it } from 'vitest';
import { call, expectError } from '../support/engine';
import { HEADER_DA, row } from '../support/extracts';
import { screenerInDemo } from '../support/screener';

const NOW = new Date('2026-11-30T10:00:00Z');
const HEADER_DATED = [...HEADER_DA, 'Udtræksdato'];
const screener = () => screenerInDemo(NOW);

const dated = (day: string, overrides: Parameters<typeof row>[0] = {}) => [...row(overrides), day];

describe('the extraction date (docs/extract-format.md, "Ongoing is judged on …")', () => {
  it('"a file that carries its extraction date is judged on that date": ongoing then, and the snapshot date', async () => {
    const { engine, file, snapshot } = await screener();
    const rows = [
      dated('20-11-2026', { 'CPR-nr': '710190-1111', Slutdato: '25-11-2026' }), // ended by the import day, ongoing on the 20th
      dated('20-11-2026', { 'CPR-nr': '710190-2222', Startdato: '22-11-2026' }), // started by the import day, not on the 20th
      dated('20-11-2026', { 'CPR-nr': '710190-3333' }),
    ];
    const r = await call(engine, 'import.file', { path: await file('jc.age', rows, HEADER_DATED) });
    expect(r.status).toBe('imported');
    expect(r.receipt).toMatchObject({ rowsKept: 2, snapshotDate: '2026-11-20' });
    expect(Object.fromEntries(r.receipt.dropped)).toEqual({ 'not-started': 1 });
    expect(await snapshot('jobcenter')).toMatchObject({ snapshotDate: '2026-11-20', services: 2 });
  });

  it('without the column, the import day in Denmark is the snapshot date', async () => {
    const { engine, file, snapshot } = await screener();
    const r = await call(engine, 'import.file', { path: await file('jc.age', [row()]) });
    expect(r.receipt.snapshotDate).toBe('2026-11-30');
    expect((await snapshot('jobcenter'))?.snapshotDate).toBe('2026-11-30');
  });

  it('"an extraction date after the import day refuses the file", naming the row and column', async () => {
    const { engine, file } = await screener();
    const err = await expectError(engine.invoke('import.file', { path: await file('jc.age', [dated('01-12-2026')], HEADER_DATED) }), 'EXTRACT_INVALID');
    expect(err.details).toMatchObject({ row: 2, column: 'Udtræksdato' });
  });

  it('"every row carries the same date": a row with another is rejected as extraction-date-mixed', async () => {
    const { engine, file } = await screener();
    const rows = [dated('2026-11-20'), dated('2026-11-21', { 'CPR-nr': '710190-2222' }), dated('', { 'CPR-nr': '710190-3333' })];
    const r = await call(engine, 'import.file', { path: await file('jc.age', rows, HEADER_DATED) });
    expect(r.status).toBe('needs-decision');
    expect(r.rejections).toEqual([
      { row: 3, column: 'Udtræksdato', reason: 'extraction-date-mixed' },
      { row: 4, column: 'Udtræksdato', reason: 'required-missing' },
    ]);
  });
});

describe('a source with nothing ongoing (docs/extract-format.md, "An empty extract")', () => {
  it('replaces its source’s snapshot with an empty one only when the user confirms, and the log says so', async () => {
    const { engine, file, snapshot } = await screener();
    await call(engine, 'import.file', { path: await file('jc1.age', [row()]) });
    expect((await snapshot('jobcenter'))?.services).toBe(1);

    const allEnded = await file('jc2.age', [row({ Status: 'Afsluttet' }), row({ 'CPR-nr': '710190-2222', Slutdato: '01-01-2026', Startdato: '01-01-2025' })]);
    const held = await call(engine, 'import.file', { path: allEnded });
    expect(held).toMatchObject({ status: 'needs-empty-confirmation', receipt: { sector: 'jobcenter', rowsKept: 0 } });
    expect((await snapshot('jobcenter'))?.services).toBe(1); // nothing changed yet

    const done = await call(engine, 'import.file', { path: allEnded, confirmEmpty: true });
    expect(done).toMatchObject({ status: 'imported', receipt: { sector: 'jobcenter', rowsKept: 0, confirmedEmpty: true } });
    expect(await snapshot('jobcenter')).toMatchObject({ services: 0, persons: 0, fileName: 'jc2.age' });
    await call(engine, 'session.login', { username: 'demo.dpo', passphrase: 'demo-dpo-fiktiv-adgang' });
    const log = (await call(engine, 'audit.list', { limit: 10 })).entries.filter((e) => e.action === 'import.file').map((e) => e.subject.split(':').slice(0, 3).join(':'));
    expect(log.slice(0, 2)).toEqual(['jobcenter:jc2.age:imported-confirmed-empty', 'jobcenter:jc2.age:needs-empty-confirmation']);
  });

  it('"when a row names the sector (also a dropped or rejected row), that is the source": a file of refused rows shows why each was refused', async () => {
    const { engine, file, snapshot } = await screener();
    await call(engine, 'import.file', { path: await file('jc1.age', [row()]) });
    // Each refused before its sector is read: an unknown status, an unknown code, an unreadable date, an end before the start.
    const rows = [
      row({ Status: 'Pause' }),
      row({ 'CPR-nr': '710190-2222', Ydelseskode: 'SEL58' }),
      row({ 'CPR-nr': '710190-3333', Startdato: '01/03/2026' }),
      row({ 'CPR-nr': '710190-4444', Startdato: '01-03-2026', Slutdato: '01-02-2026' }),
    ];
    const refused = await file('jc2.age', rows);
    const held = await call(engine, 'import.file', { path: refused });
    expect(held).toMatchObject({ status: 'needs-decision', receipt: { sector: 'jobcenter', rowsKept: 0 } });
    expect(held.rejections).toEqual([
      { row: 2, column: 'Status', reason: 'status-unknown' },
      { row: 3, column: 'Ydelseskode', reason: 'service-code-unknown' },
      { row: 4, column: 'Startdato', reason: 'date-invalid' },
      { row: 5, column: 'Slutdato', reason: 'date-order' },
    ]);
    // Leaving them all out leaves nothing ongoing: the source is emptied only when that is confirmed too.
    expect((await call(engine, 'import.file', { path: refused, acceptRejected: true })).status).toBe('needs-empty-confirmation');
    expect((await snapshot('jobcenter'))?.services).toBe(1);
    const done = await call(engine, 'import.file', { path: refused, acceptRejected: true, confirmEmpty: true });
    expect(done).toMatchObject({ status: 'imported', receipt: { sector: 'jobcenter', rowsKept: 0, confirmedEmpty: true } });
    expect(await snapshot('jobcenter')).toMatchObject({ services: 0, fileName: 'jc2.age' });
  });

  it('a file with a header and no rows names no source: the user must name it, and may not contradict the rows', async () => {
    const { engine, file, snapshot } = await screener();
    const headerOnly = await file('tom.age', []);
    expect(await call(engine, 'import.file', { path: headerOnly })).toMatchObject({ status: 'needs-empty-confirmation', receipt: { sector: null } });
    expect((await call(engine, 'import.file', { path: headerOnly, confirmEmpty: true })).status).toBe('needs-empty-confirmation');
    const r = await call(engine, 'import.file', { path: headerOnly, confirmEmpty: true, sector: 'boern' });
    expect(r).toMatchObject({ status: 'imported', receipt: { sector: 'boern', confirmedEmpty: true } });
    expect(await snapshot('boern')).toMatchObject({ services: 0 });

    const endedJobcentre = await file('jc.age', [row({ Status: 'Afsluttet' })]);
    const err = await expectError(engine.invoke('import.file', { path: endedJobcentre, confirmEmpty: true, sector: 'voksen' }), 'VALIDATION');
    expect(err.details).toMatchObject({ issues: [{ path: 'sector' }] });
  });
});

describe('distinct counts on the receipt (docs/extract-format.md, "A caseworker is …")', () => {
  it('counts a caseworker once whatever the case, spacing, e-mail or team, and departments by name', async () => {
    const { engine, file } = await screener();
    const rows = [
      row({ 'CPR-nr': '710190-1111' }),
      row({ 'CPR-nr': '710190-2222', Sagsbehandler: 'sagsbehandler  SØRENSEN', 'E-mail': '', Enhed: 'Voksenteamet' }),
      row({ 'CPR-nr': '710190-3333', Sagsbehandler: 'Kim Kofoed', Afdeling: 'Myndighed' }),
      row({ 'CPR-nr': '710190-3333', Ydelseskode: 'LAS_KH', Paragraf: 'LAS §11', Ydelse: 'Kontanthjælp' }),
    ];
    const r = await call(engine, 'import.file', { path: await file('jc.age', rows) });
    expect(r.receipt.distinct).toEqual({ persons: 3, departments: 2, caseworkers: 2 });
  });
});
