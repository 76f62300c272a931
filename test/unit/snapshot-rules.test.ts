/**
 * What the screening index counts. Sources are judged on their own snapshot dates, screening on
 * the latest of them (the reference date): a service of an older extract whose end date has passed
 * by the reference date has ended on that day, and is not counted. A department is its name within
 * its sector whatever the case or spacing, as a caseworker is.
 */
import type { Database } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { loadCatalogue } from '../../electron/engine/catalogue/catalogue';
import { loadServices } from '../../electron/engine/import/load';
import { ServiceBatch } from '../../electron/engine/import/service-batch';
import type { ServiceRecord } from '../../electron/engine/import/validate';
import { evaluate } from '../../electron/engine/screening/evaluate';
import { buildSnapshot } from '../../electron/engine/screening/snapshot';
import { SCHEMA } from '../../electron/engine/schema';
import { CriteriaSchema } from '../../shared/criteria';
import { readCpr } from '../../shared/cpr';
import { dayOfIso } from '../../shared/dates';

/** One ongoing service of Test Testesen since 1 January 2026. */
function service(db: Database, code: string, endDay: number | null, department = 'Afdeling'): ServiceRecord {
  const cpr = readCpr('010180-1234');
  if (!cpr.ok) throw new Error('test CPR number');
  const entry = loadCatalogue(db).find((c) => c.code === code)!;
  const caseworker = { name: `Sagsbehandler ${code}`, phone: '', email: '', unit: '' };
  return { ...cpr.info, name: 'Test Testesen', catalogueId: entry.id, department, serviceName: entry.nameDa, legalBasis: entry.paragraphNew, startDay: dayOfIso('2026-01-01'), endDay, goal: '', caseworker, yearlyCost: 1000 };
}

describe('a service of an older extract', () => {
  it('counts on the reference date only if it has not ended by then', async () => {
    const criteria = CriteriaSchema.parse({ version: 1, minServices: 2, minSectors: 2 });
    const found = async (mentorEnds: string) => {
      const db = openDatabase(await loadSqlJs(), SCHEMA);
      // The jobcentre's extract is of 1 November, adult social services' of 23 November: the reference date.
      loadServices(db, 'jobcenter', ServiceBatch.from([service(db, 'LAB_MENTOR', dayOfIso(mentorEnds))]), 1, dayOfIso('2026-11-01'));
      loadServices(db, 'voksen', ServiceBatch.from([service(db, 'SEL85', null)]), 2, dayOfIso('2026-11-23'));
      const snap = buildSnapshot(db, dayOfIso('2026-11-23'));
      db.close();
      return evaluate(snap, criteria).count;
    };
    expect(await found('2026-11-10')).toBe(0); // the mentor ended on 10 November
    expect(await found('2026-11-23')).toBe(1); // it ends on the reference date: still ongoing that day
  });
});

describe('a department', () => {
  it('is its name within its sector whatever the case or spacing, on the receipt and in screening', async () => {
    const criteria = CriteriaSchema.parse({ version: 1, minDepartments: 2 });
    const departments = async (names: [string, string]) => {
      const db = openDatabase(await loadSqlJs(), SCHEMA);
      const batch = ServiceBatch.from([service(db, 'LAB_MENTOR', null, names[0]), service(db, 'LAB_PRAKTIK', null, names[1])]);
      const onReceipt = batch.distinct().departments;
      loadServices(db, 'jobcenter', batch, 1, dayOfIso('2026-11-23'));
      const found = evaluate(buildSnapshot(db, dayOfIso('2026-11-23')), criteria).count;
      db.close();
      return { onReceipt, found };
    };
    expect(await departments(['Myndighed Nord', 'myndighed  NORD'])).toEqual({ onReceipt: 1, found: 0 });
    expect(await departments(['Myndighed Nord', 'Myndighed Syd'])).toEqual({ onReceipt: 2, found: 1 });
  });
});
