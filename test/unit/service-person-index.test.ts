/**
 * A file's services go in by person (ServiceBatch.sortRows), and the index of services by person
 * is kept while they go in when nearly all of them land at its end: a file of persons new to the
 * workspace, alone in its import. Otherwise it is dropped and built once the import ends
 * (load.ts DeferredIndex). Either way the index afterwards is the one the table gives, and every
 * person's services are found through it.
 */
import type { Database } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { loadCatalogue } from '../../electron/engine/catalogue/catalogue';
import { LoadCache, loadServices } from '../../electron/engine/import/load';
import { ServiceBatch } from '../../electron/engine/import/service-batch';
import type { ServiceRecord } from '../../electron/engine/import/validate';
import { SCHEMA } from '../../electron/engine/schema';
import { readCpr } from '../../shared/cpr';
import { dayOfIso } from '../../shared/dates';

/** `n` citizens born on the given day of January 1980 (their CPR numbers sort by that day), three services each, listed in no order. */
function services(db: Database, days: readonly number[], code = 'SUL138'): ServiceRecord[] {
  const entry = loadCatalogue(db).find((c) => c.code === code)!;
  const out: ServiceRecord[] = [];
  for (let k = 0; k < 3; k++) {
    for (const day of days) {
      const cpr = readCpr(`${String(day).padStart(2, '0')}0180-${String(1000 + day).padStart(4, '0')}`);
      if (!cpr.ok) throw new Error('test CPR number');
      out.push({
        ...cpr.info,
        name: `Borger ${day}`,
        catalogueId: entry.id,
        department: 'Hjemmepleje',
        serviceName: entry.nameDa,
        legalBasis: entry.paragraphNew,
        startDay: dayOfIso('2026-01-01') + k,
        endDay: null,
        goal: '',
        caseworker: { name: 'Helle Eriksen', phone: '', email: '', unit: '' },
        yearlyCost: null,
      });
    }
  }
  return out.reverse();
}

/** Whether the index is in the database now. */
const present = (db: Database) => db.exec("SELECT 1 FROM sqlite_master WHERE name = 'service_person'").length > 0;

/** The statements that dropped the index of services by person, as the loader runs them. */
function drops(db: Database): string[] {
  const seen: string[] = [];
  const exec = db.exec.bind(db);
  db.exec = (sql, params) => {
    if (/DROP INDEX.*service_person/i.test(sql)) seen.push(sql.trim());
    return exec(sql, params);
  };
  return seen;
}

/** Every service's person through the index, and by reading the table: the same when the index is whole. */
function agrees(db: Database) {
  const viaIndex = db.exec('SELECT person_id, id FROM service INDEXED BY service_person ORDER BY person_id, id')[0]!.values;
  const viaTable = db.exec('SELECT person_id, id FROM service NOT INDEXED ORDER BY person_id, id')[0]!.values;
  expect(viaIndex).toEqual(viaTable);
  expect(db.exec('PRAGMA integrity_check')[0]!.values).toEqual([['ok']]);
}

const ofDays = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the index of services by person during an import', () => {
  it('is kept while a file of persons new to the workspace goes in, each at its end, and rebuilt when the file names persons already there', async () => {
    const db = openDatabase(await loadSqlJs(), SCHEMA);
    loadServices(db, 'voksen', ServiceBatch.from(services(db, ofDays(1, 3), 'SEL85')), 1, dayOfIso('2026-11-23'));
    const dropped = drops(db);
    // Ten new citizens with three services each, far more rows than the table had: kept.
    loadServices(db, 'aeldre_sundhed', ServiceBatch.from(services(db, ofDays(4, 13))), 2, dayOfIso('2026-11-23'));
    expect(dropped).toEqual([]);
    agrees(db);
    // The same sector again, now naming first the three citizens the other sector has: a sixth of
    // the rows go into the middle of the index, so it is dropped and built once the load ends.
    loadServices(db, 'aeldre_sundhed', ServiceBatch.from(services(db, ofDays(1, 13))), 3, dayOfIso('2026-11-23'));
    expect(dropped).toEqual(['DROP INDEX IF EXISTS service_person']);
    expect(present(db)).toBe(true);
    agrees(db);
    db.close();
  });

  it('is not kept for a file when more files of its import follow, and is whole when the import ends', async () => {
    const db = openDatabase(await loadSqlJs(), SCHEMA);
    loadServices(db, 'voksen', ServiceBatch.from(services(db, ofDays(1, 3), 'SEL85')), 1, dayOfIso('2026-11-23'));
    const dropped = drops(db);
    const cache = new LoadCache(db);
    cache.moreFollow = true;
    loadServices(db, 'aeldre_sundhed', ServiceBatch.from(services(db, ofDays(4, 13))), 2, dayOfIso('2026-11-23'), undefined, cache);
    expect(dropped).toEqual(['DROP INDEX IF EXISTS service_person']);
    expect(present(db)).toBe(false); // until the import ends
    cache.moreFollow = false;
    loadServices(db, 'jobcenter', ServiceBatch.from(services(db, ofDays(14, 20), 'LAB_MENTOR')), 3, dayOfIso('2026-11-23'), undefined, cache);
    cache.finish();
    expect(present(db)).toBe(true);
    agrees(db);
    db.close();
  });
});
