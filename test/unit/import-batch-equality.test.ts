/**
 * The batch pipeline in worker threads gives the same database, byte for byte, as the same batch
 * parsed on the engine's thread; and both hold exactly the rows, and give exactly the screening
 * results, of importing the same files one by one. (One by one is not byte-identical: a batch
 * builds the index of services by person once, where each large file on its own rebuilds it, so
 * the pages lie differently.) Equality only: no timing is asserted here (that is the benchmark's
 * business).
 */
import { describe, expect, it } from 'vitest';
import { encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { openDatabase, setMeta } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { generateMunicipality } from '../../electron/engine/demo/generate';
import { importBatch } from '../../electron/engine/import/import-batch';
import { importExtract, type ImportContext } from '../../electron/engine/import/import-extract';
import { extractParser, type ExtractParser } from '../../electron/engine/import/parse';
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
    const fresh = (parse: ExtractParser): ImportContext => {
      const db = openDatabase(sql, SCHEMA);
      setMeta(db, 'unit_identity', identity);
      setMeta(db, 'unit_recipient', recipient);
      setMeta(db, 'pseudonym_key', 'the same in both, so only the imports can differ'); // random per database otherwise
      return { db, demo: true, user: 'test', now: NOW, progress: () => undefined, cancelled: () => false, parse };
    };
    const decisions = { acceptRejected: true, confirmEmpty: false };

    const single = fresh(extractParser('same-thread'));
    const threadBatch = fresh(extractParser('same-thread'));
    for (const f of files) expect((await importExtract(single, f.name, f.bytes.slice(), decisions)).status).toBe('imported');
    const batch = fresh(extractParser(sourceWorkers()));
    const asBatch = (list: { name: string; bytes: Uint8Array }[]) => list.map((f) => ({ name: f.name, read: async () => f.bytes.slice(), decisions }));
    const out = await importBatch(batch, asBatch(files));
    expect(out.files.map((f) => f.status)).toEqual(files.map(() => 'imported'));
    expect((await importBatch(threadBatch, asBatch(files))).status).toBe('imported');

    /** Every table's rows, in a fixed order, and the schema (tables and indexes) as written. */
    const rowsOf = (c: ImportContext) =>
      c.db
        .exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0]!
        .values.map(([t]) => [t, c.db.exec(`SELECT * FROM "${String(t)}"`)[0]?.values.map((r) => JSON.stringify(r)).sort() ?? []]);
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
    // A citizen whose only service goes with a replaced snapshot is deleted, then comes back in a
    // later file of the same batch: a new person, exactly as one file at a time makes them.
    const enc = async (name: string, rows: string[][]) => ({ name, bytes: await encryptTo([recipient], csv(rows)) });
    const before = [await enc('jc1', [row({ 'CPR-nr': '710190-1111' }), row({ 'CPR-nr': '720190-2222' })]), await enc('yd1', [row({ 'CPR-nr': '730190-3333', Sektor: 'Ydelse' })])];
    const crafted = [await enc('jc2', [row({ 'CPR-nr': '740190-4444' })]), await enc('yd2', [row({ 'CPR-nr': '710190-1111', Sektor: 'Ydelse', Navn: 'Nyt Navn' })])];
    for (const c of [single, batch, threadBatch]) for (const f of before) await importExtract(c, f.name, f.bytes.slice(), decisions);
    for (const f of crafted) expect((await importExtract(single, f.name, f.bytes.slice(), decisions)).status).toBe('imported');
    for (const c of [batch, threadBatch]) expect((await importBatch(c, asBatch(crafted))).status).toBe('imported');
    same();

    const sa = currentSnapshot(single.db, null);
    const sb = currentSnapshot(batch.db, null);
    expect(sb.info).toEqual(sa.info);
    for (const p of PRESETS) {
      const c = CriteriaSchema.parse(p.criteria);
      expect(screen(sb, c)).toEqual(screen(sa, c));
    }
  });

  it('the index of services by person, deferred during a large load, is there again after the batch, after a held-back batch and after one file', async () => {
    const sql = await loadSqlJs();
    const { identity, recipient } = await newIdentity();
    const fresh = (): ImportContext => {
      const db = openDatabase(sql, SCHEMA);
      setMeta(db, 'unit_identity', identity);
      setMeta(db, 'unit_recipient', recipient);
      return { db, demo: true, user: 'test', now: NOW, progress: () => undefined, cancelled: () => false, parse: extractParser('same-thread') };
    };
    const decisions = { acceptRejected: true, confirmEmpty: false };
    const indexed = (c: ImportContext) => c.db.exec("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'service_person'")[0]!.values[0]![0];
    const services = (c: ImportContext) => c.db.exec('SELECT count(*) FROM service')[0]!.values[0]![0];
    const good = { name: 'jc.age', bytes: await encryptTo([recipient], csv([row({ 'CPR-nr': '710190-1111' }), row({ 'CPR-nr': '720190-2222' })])) };
    const plain = { name: 'plain.csv', bytes: csv([row({ 'CPR-nr': '730190-3333', Sektor: 'Ydelse' })]) };

    // The first file is loaded (the index dropped for it), the second cannot be read: all undone.
    const held = fresh();
    const out = await importBatch(held, [good, plain].map((f) => ({ name: f.name, read: async () => f.bytes.slice(), decisions })));
    expect(out.files.map((f) => f.status)).toEqual(['ready', 'failed']);
    expect([indexed(held), services(held)]).toEqual([1, 0]);

    const whole = fresh();
    expect((await importBatch(whole, [{ name: good.name, read: async () => good.bytes.slice(), decisions }])).status).toBe('imported');
    expect([indexed(whole), services(whole)]).toEqual([1, 2]);

    const one = fresh();
    expect((await importExtract(one, good.name, good.bytes.slice(), decisions)).status).toBe('imported');
    expect([indexed(one), services(one)]).toEqual([1, 2]);
  });
});
