/**
 * The batch pipeline (worker threads, parsing overlapped with loading, one savepoint) gives the
 * same database, byte for byte, and the same screening results as importing the same files one
 * by one on the engine's thread. Equality only: no timing is asserted here (that is the
 * benchmark's business).
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
  it('gives a byte-identical database and identical screening results on the demo municipality, fresh and replacing another', async () => {
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
    for (const f of files) expect((await importExtract(single, f.name, f.bytes.slice(), decisions)).status).toBe('imported');
    const batch = fresh(extractParser(sourceWorkers()));
    const out = await importBatch(batch, files.map((f) => ({ name: f.name, read: async () => f.bytes.slice(), decisions })));
    expect(out.files.map((f) => f.status)).toEqual(files.map(() => 'imported'));

    const same = () => {
      const a = single.db.export();
      const b = batch.db.export();
      expect(b.length).toBe(a.length);
      expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    };
    same();
    // Another municipality over it: every source replaced, the rows left behind removed file by file.
    for (const f of other) expect((await importExtract(single, f.name, f.bytes.slice(), decisions)).status).toBe('imported');
    const again = await importBatch(batch, other.map((f) => ({ name: f.name, read: async () => f.bytes.slice(), decisions })));
    expect(again.files.map((f) => f.status)).toEqual(other.map(() => 'imported'));
    same();
    // A citizen whose only service goes with a replaced snapshot is deleted, then comes back in a
    // later file of the same batch: a new person, exactly as one file at a time makes them.
    const enc = async (name: string, rows: string[][]) => ({ name, bytes: await encryptTo([recipient], csv(rows)) });
    const before = [await enc('jc1', [row({ 'CPR-nr': '710190-1111' }), row({ 'CPR-nr': '720190-2222' })]), await enc('yd1', [row({ 'CPR-nr': '730190-3333', Sektor: 'Ydelse' })])];
    const crafted = [await enc('jc2', [row({ 'CPR-nr': '740190-4444' })]), await enc('yd2', [row({ 'CPR-nr': '710190-1111', Sektor: 'Ydelse', Navn: 'Nyt Navn' })])];
    for (const c of [single, batch]) for (const f of before) await importExtract(c, f.name, f.bytes.slice(), decisions);
    for (const f of crafted) expect((await importExtract(single, f.name, f.bytes.slice(), decisions)).status).toBe('imported');
    expect((await importBatch(batch, crafted.map((f) => ({ name: f.name, read: async () => f.bytes.slice(), decisions })))).status).toBe('imported');
    same();

    const sa = currentSnapshot(single.db, null);
    const sb = currentSnapshot(batch.db, null);
    expect(sb.info).toEqual(sa.info);
    for (const p of PRESETS) {
      const c = CriteriaSchema.parse(p.criteria);
      expect(screen(sb, c)).toEqual(screen(sa, c));
    }
  });
});
