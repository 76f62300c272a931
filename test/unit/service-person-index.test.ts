/**
 * A file's services go into the database in the order of their persons' ids, each person's in the
 * file's order (load.ts rowsByPersonId), so the index of services by person takes them in its own
 * order and is never dropped during an import, whether the file's persons are new to the workspace
 * or not, and whether more files of the import follow. Afterwards the index is the one the table
 * gives, and every person's services are found through it.
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

/** Each service's person, in the order of the services' ids (their insertion order). */
const insertedFor = (db: Database, receipt: number) =>
  (db.exec(`SELECT s.person_id FROM service s JOIN source o ON o.id = s.source_id WHERE o.receipt_id = ${receipt} ORDER BY s.id`)[0]?.values ?? []).flat();

const ascending = (ids: unknown[]) => ids.every((id, i) => i === 0 || Number(id) >= Number(ids[i - 1]));

describe('the index of services by person during an import', () => {
  it('is kept while a file goes in, its services in the order of their persons’ ids, new persons or known', async () => {
    const db = openDatabase(await loadSqlJs(), SCHEMA);
    // Citizens born on the 10th to 12th get the first ids; a file that then also names citizens born
    // on the 1st to 9th (earlier in CPR order, later ids) lists them first.
    loadServices(db, 'voksen', ServiceBatch.from(services(db, ofDays(10, 12), 'SEL85')), 1, dayOfIso('2026-11-23'));
    const dropped = drops(db);
    loadServices(db, 'aeldre_sundhed', ServiceBatch.from(services(db, ofDays(1, 12))), 2, dayOfIso('2026-11-23'));
    const persons = insertedFor(db, 2);
    expect(persons).toHaveLength(36);
    expect(ascending(persons)).toBe(true);
    // Replacing the sector with persons all known now.
    loadServices(db, 'aeldre_sundhed', ServiceBatch.from(services(db, ofDays(3, 12))), 3, dayOfIso('2026-11-23'));
    expect(ascending(insertedFor(db, 3))).toBe(true);
    expect(dropped).toEqual([]);
    agrees(db);
    db.close();
  });

  it('is kept through an import of several files, and whole when it ends', async () => {
    const db = openDatabase(await loadSqlJs(), SCHEMA);
    loadServices(db, 'voksen', ServiceBatch.from(services(db, ofDays(1, 3), 'SEL85')), 1, dayOfIso('2026-11-23'));
    const dropped = drops(db);
    const cache = new LoadCache(db);
    loadServices(db, 'aeldre_sundhed', ServiceBatch.from(services(db, ofDays(4, 13))), 2, dayOfIso('2026-11-23'), undefined, cache);
    loadServices(db, 'jobcenter', ServiceBatch.from(services(db, ofDays(2, 20), 'LAB_MENTOR')), 3, dayOfIso('2026-11-23'), undefined, cache);
    cache.finish();
    expect(dropped).toEqual([]);
    expect(present(db)).toBe(true);
    agrees(db);
    db.close();
  });
});
