/**
 * A file the user was asked about is decided on without reading it again: the decision imports
 * the content that was judged and shown, from this session's memory. The file is deleted between
 * the question and the answer to prove it. A call without a decision reads afresh, and a lock
 * forgets what was held.
 */
import { unlink } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { call, expectError } from '../support/engine';
import { row } from '../support/extracts';
import { SARA, SARA_OWN, screenerInDemo } from '../support/screener';

const screener = () => screenerInDemo();

/** Two good rows and one with an impossible date: held back for a decision. */
const withOneBad = () => [row(), row({ 'CPR-nr': '710190-2222' }), row({ 'CPR-nr': '710190-3333', Startdato: '31-02-2026' })];

describe('deciding on a held-back file', () => {
  it('imports the rows the user was shown, though the file is gone by then (import.file)', async () => {
    const { engine, file } = await screener();
    const path = await file('jc.age', withOneBad());
    const held = await call(engine, 'import.file', { path });
    expect(held.status).toBe('needs-decision');
    await unlink(path);
    const done = await call(engine, 'import.file', { path, acceptRejected: true });
    expect(done).toMatchObject({ status: 'imported', receipt: { rowsKept: 2, acceptedWithRejections: true, contentSha256: held.receipt.contentSha256 } });
    expect((await call(engine, 'import.snapshots', {})).find((s) => s.sector === 'jobcenter')).toMatchObject({ services: 2, fileName: 'jc.age' });
  });

  it('a batch held back for one file is imported whole on the decision, no file read again (import.files)', async () => {
    const { engine, file } = await screener();
    const good = await file('boern.age', [row({ Sektor: 'Børn og familie', Ydelseskode: 'BL46', Paragraf: 'BL §46', Ydelse: 'Anbringelse', 'CPR-nr': '710110-1111' })]);
    const bad = await file('jc.age', withOneBad());
    const first = await call(engine, 'import.files', { files: [{ path: good }, { path: bad }] });
    expect(first.status).toBe('held-back');
    expect(first.files.map((f) => f.status)).toEqual(['ready', 'needs-decision']);
    await unlink(good);
    await unlink(bad);
    const again = await call(engine, 'import.files', { files: [{ path: good }, { path: bad, acceptRejected: true }] });
    expect(again.status).toBe('imported');
    expect(again.files.map((f) => [f.fileName, f.status])).toEqual([
      ['boern.age', 'imported'],
      ['jc.age', 'imported'],
    ]);
  });

  it('a call without a decision reads the file afresh, and a lock forgets what was held', async () => {
    const { engine, file } = await screener();
    const path = await file('jc.age', withOneBad());
    expect((await call(engine, 'import.file', { path })).status).toBe('needs-decision');
    await unlink(path);
    // No decision: a fresh attempt, which must read the (now missing) file.
    await expectError(engine.invoke('import.file', { path }), 'FILE_UNREADABLE');

    const path2 = await file('jc2.age', withOneBad());
    expect((await call(engine, 'import.file', { path: path2 })).status).toBe('needs-decision');
    await call(engine, 'session.lock', {});
    await call(engine, 'session.login', { username: SARA.username, passphrase: SARA_OWN });
    await unlink(path2);
    await expectError(engine.invoke('import.file', { path: path2, acceptRejected: true }), 'FILE_UNREADABLE');
  });
});
