/**
 * import.files: a batch of extracts imported as one (whole or nothing, one log entry, one save),
 * with parsing overlapped with loading. Real engine, real age, real sql.js, real worker threads.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { all } from '../../electron/engine/base/database';
import { openWorkspace, closeWorkspace } from '../../electron/engine/base/workspace/store';
import { generateMunicipality } from '../../electron/engine/demo/generate';
import type { Engine } from '../../electron/engine/engine';
import { call, expectError, newEngine, tempDir, testDeps } from '../support/engine';
import { newSqlInstance, type SqlInstance } from '../../electron/engine/base/sql-instance';
import { csv, encryptedFile, row } from '../support/extracts';
import { countingWorkers } from '../support/workers';

const NOW = new Date(Date.UTC(2026, 5, 1, 10));
const SCREENER = { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' };

/** The demo workspace (its own municipality already imported), logged in as its screener. */
async function demoScreener() {
  const dir = await tempDir();
  const engine = await newEngine(dir, { now: () => NOW });
  await call(engine, 'workspace.createDemo', {});
  await call(engine, 'session.login', { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' });
  const { recipient } = await call(engine, 'unit.recipient', {});
  await call(engine, 'session.login', SCREENER);
  return { dir, engine, recipient };
}

/** Another municipality's extracts (seed 7), encrypted to the unit and written beside the workspace. */
async function otherMunicipality(dir: string, recipient: string): Promise<string[]> {
  const m = generateMunicipality('small', 7, NOW);
  const paths: string[] = [];
  for (const f of m.files) {
    const path = join(dir, `${f.name}.age`);
    await writeFile(path, await encryptTo([recipient], f.bytes));
    paths.push(path);
  }
  return paths;
}

/** Every table of the saved workspace that holds imported data, as rows. */
async function savedData(dir: string) {
  const ws = await openWorkspace(await testDeps(dir), 'demo.admin', 'demo-administrator-fiktiv');
  try {
    const tables = ['person', 'service', 'source', 'receipt', 'dict', 'caseworker', 'relation'];
    // Sorted as text: some tables have no rowid to order by.
    return Object.fromEntries(tables.map((t) => [t, all(ws.db, `SELECT * FROM ${t}`).map((r) => JSON.stringify(r)).sort()]));
  } finally {
    closeWorkspace(ws);
  }
}

async function logSubjects(engine: Engine, action: string) {
  await call(engine, 'session.login', { username: 'demo.dpo', passphrase: 'demo-dpo-fiktiv-adgang' });
  return (await call(engine, 'audit.list', { limit: 50 })).entries.filter((e) => e.action === action);
}

describe('import.files: a batch of extracts as one', { timeout: 120_000 }, () => {
  it('imports every file, logs one entry naming each file and its decision, and the citizens find it', async () => {
    const { dir, engine, recipient } = await demoScreener();
    const paths = await otherMunicipality(dir, recipient);
    const progress: { done: number; total: number | null; unit: string }[] = [];
    engine.onEvent((e) => void (e.type === 'progress' && progress.push(e.payload)));
    const out = await call(engine, 'import.files', { files: paths.map((path) => ({ path, acceptRejected: true })), operationId: 'batch-all-files' });
    expect(out.status).toBe('imported');
    expect(out.files.map((f) => f.status)).toEqual(paths.map(() => 'imported'));
    expect(out.files.every((f) => typeof f.receipt?.id === 'number')).toBe(true);
    const snapshots = await call(engine, 'import.snapshots', {});
    for (const f of out.files.filter((x) => x.receipt?.sector)) expect(snapshots.find((s) => s.sector === f.receipt!.sector)?.fileName).toBe(f.fileName);
    // One progress stream, counted in files, ending at all of them.
    expect(progress.every((p) => p.unit === 'files' && p.total === paths.length)).toBe(true);
    expect(progress.at(-1)?.done).toBe(paths.length);
    const entries = await logSubjects(engine, 'import.files');
    expect(entries).toHaveLength(1);
    // docs/access-log.md: each file's source, name, what was decided and the first 16 hex digits of its content's SHA-256.
    const said = entries[0]!.subject.split(' | ');
    expect(said).toHaveLength(out.files.length);
    for (const [i, f] of out.files.entries()) expect(said[i]).toMatch(new RegExp(`^${f.receipt!.sector ?? 'relations'}:${f.fileName.replace(/\./g, '\\.')}:imported(-accepting-\\d+-rejected)?:${f.receipt!.contentSha256.slice(0, 16)}$`));
    expect(entries[0]!.subjectCount).toBeGreaterThan(100);
  });

  it('parses the batch in at most two workers, which end with the call', async () => {
    const counter = countingWorkers();
    const dir = await tempDir();
    const engine = await newEngine(dir, { now: () => NOW, workers: counter.host });
    await call(engine, 'workspace.createDemo', {});
    await call(engine, 'session.login', { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' });
    const { recipient } = await call(engine, 'unit.recipient', {});
    await call(engine, 'session.login', SCREENER);
    const paths = await otherMunicipality(dir, recipient);
    await vi.waitFor(() => expect(counter.live).toBe(0));
    const before = counter.spawned;
    expect((await call(engine, 'import.files', { files: paths.map((path) => ({ path, acceptRejected: true })) })).status).toBe('imported');
    expect(paths.length).toBeGreaterThan(2);
    expect(counter.spawned - before).toBeLessThanOrEqual(2);
    await vi.waitFor(() => expect(counter.live).toBe(0));
  });

  it('saves into the buffer a worker decrypted one of its files in, not into new memory', async () => {
    // The session's sql.js, watched: what the import lends it (SqlInstance.lend) and where each save's image lies.
    const lent: (ArrayBuffer | null)[] = [];
    const images: ArrayBufferLike[] = [];
    const newSql = async (): Promise<SqlInstance> => {
      const inner = await newSqlInstance();
      class Watched extends inner.sql.Database {
        override export(): Uint8Array {
          const image = super.export();
          images.push(image.buffer);
          return image;
        }
      }
      return { ...inner, sql: { ...inner.sql, Database: Watched }, lend: (b) => (lent.push(b), inner.lend(b)), reserve: (n) => inner.reserve(n), wipe: () => inner.wipe() };
    };
    const dir = await tempDir();
    const engine = await newEngine(dir, { now: () => NOW, newSql });
    await call(engine, 'workspace.createDemo', {});
    await call(engine, 'session.login', { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' });
    const { recipient } = await call(engine, 'unit.recipient', {});
    await call(engine, 'session.login', SCREENER);
    // The instance uses a lent buffer for an image that fills at least half of it: as at
    // copenhagen scale, one file (here with a column of notes, which the import drops) is larger
    // than the whole database (about 1.8 MB here).
    const files = generateMunicipality('small', 7, NOW).files;
    const largest = files.reduce((a, f) => (f.bytes.length > a.bytes.length ? f : a));
    const lines = new TextDecoder().decode(largest.bytes).split('\r\n');
    const pad = ';' + 'x'.repeat(Math.ceil((2_600_000 - largest.bytes.length) / lines.length));
    const padded = new TextEncoder().encode(lines.map((l, i) => (!l ? l : i === 0 ? `${l};Notat` : l + pad)).join('\r\n'));
    const paths: string[] = [];
    for (const f of files) {
      paths.push(join(dir, `${f.name}.age`));
      await writeFile(paths.at(-1)!, await encryptTo([recipient], f === largest ? padded : f.bytes));
    }
    lent.length = 0;
    images.length = 0;
    const out = await call(engine, 'import.files', { files: paths.map((path) => ({ path, acceptRejected: true })) });
    expect(out.status).toBe('imported');
    expect(out.files.find((f) => f.fileName === `${largest.name}.age`)?.receipt?.columnsDropped).toEqual(['Notat']);
    const given = lent.filter((b): b is ArrayBuffer => b !== null);
    expect(given).toHaveLength(paths.length); // each file's buffer, back from its worker
    expect(images).toHaveLength(1); // the batch's one save ...
    expect(given).toContain(images[0]); // ... exported into one of them
    expect(lent.at(-1)).toBeNull(); // and it let go of whatever it was lent
  });

  it('keeps every citizen the entry names, however many, as one list, and the chain still verifies', async () => {
    const { dir, engine, recipient } = await demoScreener();
    const paths = await otherMunicipality(dir, recipient);
    expect((await call(engine, 'import.files', { files: paths.map((path) => ({ path, acceptRejected: true })) })).status).toBe('imported');
    const [entry] = await logSubjects(engine, 'import.files');
    expect((await call(engine, 'audit.verify', {})).ok).toBe(true);
    const ws = await openWorkspace(await testDeps(dir), 'demo.admin', 'demo-administrator-fiktiv');
    try {
      const named = ws.audit.subjectsOf(entry!.seq);
      // A list of ten bytes a citizen, not a row each (log.ts LIST_FROM).
      expect(all(ws.db, 'SELECT length(cprs) AS n FROM audit_subject_list WHERE seq = ?', [entry!.seq])).toEqual([{ n: named.length * 10 }]);
      expect(all(ws.db, 'SELECT count(*) AS n FROM audit_subject WHERE seq = ?', [entry!.seq])).toEqual([{ n: 0 }]);
      // Every file of the batch replaced its source: everyone left in the workspace came from it.
      const persons = all(ws.db, 'SELECT cpr FROM person ORDER BY cpr').map((r) => String(r.cpr));
      expect(named.length).toBeGreaterThan(1000);
      expect(named).toEqual(persons);
      expect(entry!.subjectCount).toBe(named.length);
    } finally {
      closeWorkspace(ws);
    }
  });

  // docs/access-log.md: "everyone with a row any file of the batch stored, each once (also one whose
  // rows a later file of the same source replaced)".
  it('names each citizen whose data it stored once, also one a later file of the same source left out', async () => {
    const { dir, engine, recipient } = await demoScreener();
    const [a, b, c] = ['710190-1111', '720190-2222', '730190-3333'];
    const files = [
      await encryptedFile(dir, 'jc1.age', csv([row({ 'CPR-nr': a }), row({ 'CPR-nr': b })]), recipient),
      // Replaces jc1 within the batch: b is then in no snapshot and is removed, but was stored.
      await encryptedFile(dir, 'jc2.age', csv([row({ 'CPR-nr': c })]), recipient),
      await encryptedFile(dir, 'yd.age', csv([row({ 'CPR-nr': a, Sektor: 'Ydelse' }), row({ 'CPR-nr': c, Sektor: 'Ydelse' })]), recipient),
    ];
    expect((await call(engine, 'import.files', { files: files.map((path) => ({ path })) })).status).toBe('imported');
    const [entry, ...more] = await logSubjects(engine, 'import.files');
    expect(more).toEqual([]);
    expect(entry!.subjectCount).toBe(3); // a is in two files, named once
    for (const cpr of [a, b, c]) expect((await call(engine, 'audit.list', { subject: cpr, limit: 50 })).entries.map((e) => e.seq)).toContain(entry!.seq);
  });

  it('holds the whole batch back when one file waits for a decision, and loads it all once decided', async () => {
    const { dir, engine, recipient } = await demoScreener();
    const before = await call(engine, 'import.snapshots', {});
    const good = await encryptedFile(dir, 'good.age', csv([row()]), recipient);
    const mixed = await encryptedFile(dir, 'mixed.age', csv([row({ 'CPR-nr': '720190-1111', Sektor: 'Jobcenter' }), row({ 'CPR-nr': '720190-1112', Ydelseskode: 'NOPE' })]), recipient);
    const held = await call(engine, 'import.files', { files: [{ path: good }, { path: mixed }] });
    expect(held.status).toBe('held-back');
    expect(held.files.map((f) => [f.fileName, f.status, f.receipt?.id ?? null])).toEqual([
      ['good.age', 'ready', null],
      ['mixed.age', 'needs-decision', null],
    ]);
    expect(held.files[1]!.rejections).toEqual([{ row: 3, column: 'Ydelseskode', reason: 'service-code-unknown' }]);
    expect(await call(engine, 'import.snapshots', {})).toEqual(before);
    // Both are jobcentre files: in the order given, the second replaces the first.
    const done = await call(engine, 'import.files', { files: [{ path: good }, { path: mixed, acceptRejected: true }] });
    expect(done.files.map((f) => f.status)).toEqual(['imported', 'imported']);
    expect((await call(engine, 'import.snapshots', {})).find((s) => s.sector === 'jobcenter')).toMatchObject({ fileName: 'mixed.age', services: 1 });
    const log = (await logSubjects(engine, 'import.files')).map((e) => e.subject.replace(/:[0-9a-f]{16}/g, ''));
    expect(log.slice(0, 2)).toEqual(['jobcenter:good.age:imported | jobcenter:mixed.age:imported-accepting-1-rejected', 'jobcenter:good.age:ready | jobcenter:mixed.age:needs-decision']);
  });

  it('a file that cannot be read fails alone in the answer, and nothing of the batch is loaded', async () => {
    const { dir, engine, recipient } = await demoScreener();
    const before = await call(engine, 'import.receipts', {});
    const good = await encryptedFile(dir, 'good.age', csv([row()]), recipient);
    await writeFile(join(dir, 'plain.csv'), csv([row()]));
    // Decrypted where they are parsed, in a worker: its refusals are the engine's, file by file.
    const other = await encryptedFile(dir, 'other-key.age', csv([row()]), (await newIdentity()).recipient);
    const flipped = join(dir, 'flipped.age');
    const bytes = await encryptTo([recipient], csv([row({ Navn: 'Anden' })]));
    bytes[bytes.length - 20]! ^= 1;
    await writeFile(flipped, bytes);
    const out = await call(engine, 'import.files', { files: [{ path: good }, { path: join(dir, 'plain.csv') }, { path: good }, { path: other }, { path: flipped }] });
    expect(out.status).toBe('held-back');
    expect(out.files.map((f) => [f.status, f.error?.code ?? null])).toEqual([
      ['ready', null],
      ['failed', 'NOT_ENCRYPTED'],
      ['duplicate', null], // the same content earlier in the batch
      ['failed', 'EXTRACT_WRONG_KEY'],
      ['failed', 'EXTRACT_DAMAGED'],
    ]);
    expect(out.files[1]!.error?.details).toMatchObject({ recipient }); // the refusal says how to encrypt it
    expect(out.files[2]!.receipt?.id).toBeNull(); // the earlier file was not loaded after all: no receipt to point at
    expect(await call(engine, 'import.receipts', {})).toEqual(before);
  });

  it('cancelled during the second file, it leaves the previous data exactly as it was', async () => {
    const { dir, engine, recipient } = await demoScreener();
    const paths = await otherMunicipality(dir, recipient);
    const snapshots = await call(engine, 'import.snapshots', {});
    const receipts = await call(engine, 'import.receipts', {});
    const saved = await savedData(dir);
    let loadedBeforeCancel = false;
    engine.onEvent((e) => {
      // Past 1: the first file is loaded (half a file per parse, half per load), the second under way.
      if (e.type === 'progress' && e.payload.operationId === 'batch-cancelled' && e.payload.done > 1 && !loadedBeforeCancel) {
        loadedBeforeCancel = true;
        void engine.invoke('operations.cancel', { id: 'batch-cancelled' });
      }
    });
    await expectError(engine.invoke('import.files', { files: paths.map((path) => ({ path, acceptRejected: true })), operationId: 'batch-cancelled' }), 'CANCELLED');
    expect(loadedBeforeCancel).toBe(true);
    expect(await call(engine, 'import.snapshots', {})).toEqual(snapshots);
    expect(await call(engine, 'import.receipts', {})).toEqual(receipts);
    await engine.dispose(); // logging out saves: the database itself is compared, table by table
    expect(await savedData(dir)).toEqual(saved);
  });
});
