/**
 * The batch pipeline in worker threads (each file decrypted and parsed in a worker) gives the same database, byte for byte, as the same batch
 * parsed on the engine's thread; and both hold exactly the rows, and give exactly the screening
 * results, of importing the same files one by one. (One by one is not byte-identical: a batch
 * builds the index of services by person once, where each large file on its own rebuilds it, so
 * the pages lie differently; and a batch removes what replaced snapshots leave behind once, at its
 * end, so a person, text or caseworker one file drops and a later file names again keeps its id,
 * where one by one gives it a new one. So against one by one the rows are compared by what they
 * stand for: CPR numbers, texts and caseworkers instead of ids.) Equality only: no timing is
 * asserted here (that is the benchmark's business).
 */
import { describe, expect, it } from 'vitest';
import { encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { openDatabase, setMeta } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { generateMunicipality } from '../../electron/engine/demo/generate';
import { importBatch } from '../../electron/engine/import/import-batch';
import { importExtract, type ImportContext } from '../../electron/engine/import/import-extract';
import { extractParser, fileParser, type ExtractParser, type FileParser } from '../../electron/engine/import/parse';
import { currentSnapshot, screen } from '../../electron/engine/screening/current';
import { SCHEMA } from '../../electron/engine/schema';
import { CriteriaSchema } from '../../shared/criteria';
import { PRESETS } from '../../shared/presets';
import { sourceWorkers } from '../support/workers';
import { csv, row } from '../support/extracts';

const NOW = new Date(Date.UTC(2026, 5, 1, 10));

describe('the batch pipeline against one file at a time', { timeout: 180_000 }, () => {
  it('in workers gives the same bytes as on one thread, and the rows and screening results of one file at a time, fresh and replacing another', async () => {
    const sql = await loadSqlJs();
    const { identity, recipient } = await newIdentity();
    const encrypted = (seed: number) => Promise.all(generateMunicipality('small', seed, NOW).files.map(async (f) => ({ name: `${f.name}.age`, bytes: await encryptTo([recipient], f.bytes) })));
    const files = await encrypted(2026);
    const other = await encrypted(7);
    const fresh = (parse: ExtractParser, open?: FileParser): ImportContext => {
      const db = openDatabase(sql, SCHEMA);
      setMeta(db, 'unit_identity', identity);
      setMeta(db, 'unit_recipient', recipient);
      setMeta(db, 'pseudonym_key', 'the same in both, so only the imports can differ'); // random per database otherwise
      return { db, demo: true, user: 'test', now: NOW, progress: () => undefined, cancelled: () => false, parse, open };
    };
    const decisions = { acceptRejected: true, confirmEmpty: false };

    const single = fresh(extractParser('same-thread'));
    const threadBatch = fresh(extractParser('same-thread'));
    for (const f of files) expect((await importExtract(single, f.name, f.bytes.slice(), decisions)).status).toBe('imported');
    // As the app imports a batch: each file decrypted and parsed in a worker of its own.
    const batch = fresh(extractParser(sourceWorkers()), fileParser(sourceWorkers()));
    const asBatch = (list: { name: string; bytes: Uint8Array }[]) => list.map((f) => ({ name: f.name, read: async () => f.bytes.slice(), decisions }));
    const out = await importBatch(batch, asBatch(files));
    expect(out.files.map((f) => f.status)).toEqual(files.map(() => 'imported'));
    expect((await importBatch(threadBatch, asBatch(files))).status).toBe('imported');

    /** The rows of a query, in a fixed order. */
    const sorted = (c: ImportContext, query: string) => (c.db.exec(query)[0]?.values ?? []).map((r) => JSON.stringify(r)).sort();
    /** The import's tables with their ids replaced by what they stand for; every other table as it is. */
    const ofImport: Record<string, string> = {
      person: 'SELECT cpr, name, birth_day, sex, cpr_kind FROM person',
      service: `SELECT p.cpr, s.sector, v.catalogue_id, d.value, n.value, l.value, g.value, w.name, w.phone, w.email, w.unit, v.start_day, v.end_day, v.yearly_cost
        FROM service v JOIN person p ON p.id = v.person_id JOIN source s ON s.id = v.source_id JOIN dict d ON d.id = v.department_id
        JOIN dict n ON n.id = v.service_name_id JOIN dict l ON l.id = v.legal_basis_id LEFT JOIN dict g ON g.id = v.goal_id JOIN caseworker w ON w.id = v.caseworker_id`,
      relation: 'SELECT a.cpr, b.cpr, r.household, r.receipt_id FROM relation r JOIN person a ON a.id = r.parent_id JOIN person b ON b.id = r.child_id',
      dict: 'SELECT kind, value FROM dict',
      caseworker: 'SELECT name, phone, email, unit FROM caseworker',
      source: 'SELECT sector, receipt_id, snapshot_day FROM source',
    };
    const rowsOf = (c: ImportContext) =>
      c.db
        .exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0]!
        .values.map(([t]) => [t, sorted(c, ofImport[String(t)] ?? `SELECT * FROM "${String(t)}"`)]);
    const schemaOf = (c: ImportContext) => c.db.exec('SELECT type, name, sql FROM sqlite_master ORDER BY name')[0]!.values;
    const same = () => {
      const a = batch.db.export();
      const b = threadBatch.db.export();
      expect(b.length).toBe(a.length);
      expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
      expect(rowsOf(batch)).toEqual(rowsOf(single));
      expect(schemaOf(batch)).toEqual(schemaOf(single));
    };
    same();
    // Another municipality over it: every source replaced, the rows left behind removed file by file.
    for (const f of other) expect((await importExtract(single, f.name, f.bytes.slice(), decisions)).status).toBe('imported');
    const again = await importBatch(batch, asBatch(other));
    expect(again.files.map((f) => f.status)).toEqual(other.map(() => 'imported'));
    expect((await importBatch(threadBatch, asBatch(other))).status).toBe('imported');
    same();
    // A citizen whose only service goes with a replaced snapshot, and who comes back in a later
    // file: one file at a time deletes them and adds them again under a new id; the batch keeps
    // them, under their id, with the new name. The same rows stand either way.
    const enc = async (name: string, rows: string[][]) => ({ name, bytes: await encryptTo([recipient], csv(rows)) });
    const before = [await enc('jc1', [row({ 'CPR-nr': '710190-1111' }), row({ 'CPR-nr': '720190-2222' })]), await enc('yd1', [row({ 'CPR-nr': '730190-3333', Sektor: 'Ydelse' })])];
    const crafted = [await enc('jc2', [row({ 'CPR-nr': '740190-4444' })]), await enc('yd2', [row({ 'CPR-nr': '710190-1111', Sektor: 'Ydelse', Navn: 'Nyt Navn' })])];
    for (const c of [single, batch, threadBatch]) for (const f of before) await importExtract(c, f.name, f.bytes.slice(), decisions);
    for (const f of crafted) expect((await importExtract(single, f.name, f.bytes.slice(), decisions)).status).toBe('imported');
    const idOf = (c: ImportContext, cpr: string) => c.db.exec('SELECT id FROM person WHERE cpr = ?', [cpr.replace('-', '')])[0]?.values[0]?.[0];
    const kept = idOf(batch, '710190-1111');
    expect(kept).toBeDefined();
    for (const c of [batch, threadBatch]) expect((await importBatch(c, asBatch(crafted))).status).toBe('imported');
    expect(idOf(batch, '710190-1111')).toBe(kept);
    expect(idOf(single, '710190-1111')).not.toBe(kept);
    expect(idOf(batch, '720190-2222')).toBeUndefined(); // named by no file of the batch: removed at its end
    same();

    const sa = currentSnapshot(single.db, null);
    const sb = currentSnapshot(batch.db, null);
    expect(sb.info).toEqual(sa.info);
    for (const p of PRESETS) {
      const c = CriteriaSchema.parse(p.criteria);
      expect(screen(sb, c)).toEqual(screen(sa, c));
    }
  });

  it('parses the largest file first, then the files in the order they load, and loads them in the order given', async () => {
    const sql = await loadSqlJs();
    const { identity, recipient } = await newIdentity();
    const plain = generateMunicipality('small', 2026, NOW).files;
    const largest = plain.reduce((a, f) => (f.bytes.length > a.bytes.length ? f : a));
    expect(plain.indexOf(largest)).toBeGreaterThanOrEqual(2); // else it is among the first anyway and the test shows nothing
    // The received files' lengths, as each is handed to a parser (which decrypts and parses it):
    // the order the parsers take them in, whatever each then takes to decrypt.
    const parsedOrder: number[] = [];
    const inner = fileParser('same-thread');
    const db = openDatabase(sql, SCHEMA);
    setMeta(db, 'unit_identity', identity);
    setMeta(db, 'unit_recipient', recipient);
    const c: ImportContext = {
      db,
      demo: true,
      user: 'test',
      now: NOW,
      progress: () => undefined,
      cancelled: () => false,
      parse: extractParser('same-thread'),
      open: (file, key, opts) => {
        parsedOrder.push(file.length);
        return inner(file, key, opts);
      },
    };
    const files = await Promise.all(plain.map(async (f) => ({ name: f.name, bytes: await encryptTo([recipient], f.bytes) })));
    const out = await importBatch(
      c,
      files.map((f) => ({ name: f.name, read: async () => f.bytes.slice(), decisions: { acceptRejected: true, confirmEmpty: false }, size: f.bytes.length })),
    );
    expect(out.files.map((f) => f.fileName)).toEqual(plain.map((f) => f.name));
    expect(out.files.every((f) => f.status === 'imported')).toBe(true);
    const byLength = (f: { bytes: Uint8Array }) => f.bytes.length;
    const received = (f: (typeof plain)[number]) => files[plain.indexOf(f)]!;
    expect(parsedOrder.slice(0, 3)).toEqual([largest, plain[0]!, plain[1]!].map((f) => byLength(received(f))));
    expect([...parsedOrder].sort()).toEqual(files.map(byLength).sort());
    // Loaded in the order given: receipts are numbered as the files load.
    expect(db.exec('SELECT file_name FROM receipt ORDER BY id')[0]!.values.map(([n]) => n)).toEqual(plain.map((f) => f.name));
  });

  it('the index of CPR numbers, deferred during a large load, and the one of services by person, kept, are there after the batch, after a held-back batch and after one file', async () => {
    const sql = await loadSqlJs();
    const { identity, recipient } = await newIdentity();
    const fresh = (): ImportContext => {
      const db = openDatabase(sql, SCHEMA);
      setMeta(db, 'unit_identity', identity);
      setMeta(db, 'unit_recipient', recipient);
      return { db, demo: true, user: 'test', now: NOW, progress: () => undefined, cancelled: () => false, parse: extractParser('same-thread') };
    };
    const decisions = { acceptRejected: true, confirmEmpty: false };
    const indexed = (c: ImportContext) => c.db.exec("SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('service_person', 'person_cpr') ORDER BY name)")[0]!.values[0]![0];
    const services = (c: ImportContext) => c.db.exec('SELECT count(*) FROM service')[0]!.values[0]![0];
    const good = { name: 'jc.age', bytes: await encryptTo([recipient], csv([row({ 'CPR-nr': '710190-1111' }), row({ 'CPR-nr': '720190-2222' })])) };
    const plain = { name: 'plain.csv', bytes: csv([row({ 'CPR-nr': '730190-3333', Sektor: 'Ydelse' })]) };

    // The first file is loaded (the index of CPR numbers dropped for it), the second cannot be read: all undone.
    const held = fresh();
    const out = await importBatch(held, [good, plain].map((f) => ({ name: f.name, read: async () => f.bytes.slice(), decisions })));
    expect(out.files.map((f) => f.status)).toEqual(['ready', 'failed']);
    expect([indexed(held), services(held)]).toEqual(['person_cpr service_person', 0]);

    const whole = fresh();
    expect((await importBatch(whole, [{ name: good.name, read: async () => good.bytes.slice(), decisions }])).status).toBe('imported');
    expect([indexed(whole), services(whole)]).toEqual(['person_cpr service_person', 2]);

    const one = fresh();
    expect((await importExtract(one, good.name, good.bytes.slice(), decisions)).status).toBe('imported');
    expect([indexed(one), services(one)]).toEqual(['person_cpr service_person', 2]);
  });
});
