/**
 * A replaced snapshot leaves nothing behind, though the importer checks only the rows the
 * replaced snapshot referred to: after replacing every source of one municipality with another's,
 * a sweep of every row (migration 11's) finds nothing left to delete. And migration 11 sweeps
 * what workspaces of older versions kept.
 */
import { describe, expect, it } from 'vitest';
import { encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { openDatabase, setMeta } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { generateMunicipality } from '../../electron/engine/demo/generate';
import { importExtract } from '../../electron/engine/import/import-extract';
import { extractParser } from '../../electron/engine/import/parse';
import { ORPHANS_SWEPT } from '../../electron/engine/import/schema';
import { SCHEMA } from '../../electron/engine/schema';

const NOW = new Date(Date.UTC(2026, 5, 1, 10));
const TABLES = ['person', 'dict', 'caseworker'];

describe('rows a replaced snapshot leaves behind', { timeout: 120_000 }, () => {
  it('are all removed at once, as a sweep of every row would', async () => {
    const db = openDatabase(await loadSqlJs(), SCHEMA);
    const { identity, recipient } = await newIdentity();
    setMeta(db, 'unit_identity', identity);
    setMeta(db, 'unit_recipient', recipient);
    const c = { db, demo: true, user: 'test', now: NOW, progress: () => undefined, cancelled: () => false, parse: extractParser('same-thread') };
    const counts = () => TABLES.map((t) => Number(db.exec(`SELECT count(*) FROM ${t}`)[0]!.values[0]![0]));
    // Three municipalities one after the other: every source replaced twice.
    for (const seed of [1, 2, 3]) {
      for (const f of generateMunicipality('small', seed, NOW).files) {
        expect((await importExtract(c, `${seed}-${f.name}`, await encryptTo([recipient], f.bytes), { acceptRejected: true, confirmEmpty: false })).status).toBe('imported');
        const before = counts();
        db.exec(ORPHANS_SWEPT.sql);
        expect(counts()).toEqual(before);
      }
    }
    db.close();
  });

  it('an older workspace’s leftovers are swept by migration 11', async () => {
    const sql = await loadSqlJs();
    const db = openDatabase(sql, SCHEMA);
    db.exec(`INSERT INTO dict (id, kind, value) VALUES (1000000001, 1, 'Afdeling ingen ydelse peger på');
             INSERT INTO caseworker (id, name, phone, email, unit) VALUES (1, 'Sagsbehandler uden sager', '', '', '');
             PRAGMA user_version = ${SCHEMA.indexOf(ORPHANS_SWEPT)}`);
    // Only the migrations up to the sweep: later ones (consent, 14) already ran when the database was made.
    const again = openDatabase(sql, SCHEMA.slice(0, SCHEMA.indexOf(ORPHANS_SWEPT) + 1), db.export());
    expect(TABLES.map((t) => again.exec(`SELECT count(*) FROM ${t}`)[0]!.values[0]![0])).toEqual([0, 0, 0]);
    again.close();
    db.close();
  });
});
