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

const NOW = new Date(Date.UTC(2026, 5, 1, 10));

describe('the batch pipeline against one file at a time', { timeout: 180_000 }, () => {
  it('gives a byte-identical database and identical screening results on the demo municipality', async () => {
    const sql = await loadSqlJs();
    const { identity, recipient } = await newIdentity();
    const m = generateMunicipality('small', 2026, NOW);
    const files = await Promise.all(m.files.map(async (f) => ({ name: `${f.name}.age`, bytes: await encryptTo([recipient], f.bytes) })));
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

    const a = single.db.export();
    const b = batch.db.export();
    expect(b.length).toBe(a.length);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);

    const sa = currentSnapshot(single.db, null);
    const sb = currentSnapshot(batch.db, null);
    expect(sb.info).toEqual(sa.info);
    for (const p of PRESETS) {
      const c = CriteriaSchema.parse(p.criteria);
      expect(screen(sb, c)).toEqual(screen(sa, c));
    }
  });
});
