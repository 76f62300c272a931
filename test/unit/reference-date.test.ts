/**
 * Sources are judged on their own snapshot dates, screening on the latest of them (the reference
 * date). A service of an older extract whose end date has passed by the reference date has ended
 * on that day: it is not counted, though it was ongoing when its source was extracted.
 */
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

describe('a service of an older extract', () => {
  it('counts on the reference date only if it has not ended by then', async () => {
    const criteria = CriteriaSchema.parse({ version: 1, minServices: 2, minSectors: 2 });
    const found = async (mentorEnds: string) => {
      const db = openDatabase(await loadSqlJs(), SCHEMA);
      const catalogue = loadCatalogue(db);
      const service = (code: string, endDay: number | null): ServiceRecord => {
        const cpr = readCpr('010180-1234');
        if (!cpr.ok) throw new Error('test CPR number');
        const entry = catalogue.find((c) => c.code === code)!;
        const caseworker = { name: `Sagsbehandler ${code}`, phone: '', email: '', unit: '' };
        return { ...cpr.info, name: 'Test Testesen', catalogueId: entry.id, department: 'Afdeling', serviceName: entry.nameDa, legalBasis: entry.paragraphNew, startDay: dayOfIso('2026-01-01'), endDay, goal: '', caseworker, yearlyCost: 1000 };
      };
      // The jobcentre's extract is of 1 November, adult social services' of 23 November: the reference date.
      loadServices(db, 'jobcenter', ServiceBatch.from([service('LAB_MENTOR', dayOfIso(mentorEnds))]), 1, dayOfIso('2026-11-01'));
      loadServices(db, 'voksen', ServiceBatch.from([service('SEL85', null)]), 2, dayOfIso('2026-11-23'));
      const snap = buildSnapshot(db, dayOfIso('2026-11-23'));
      db.close();
      return evaluate(snap, criteria).count;
    };
    expect(await found('2026-11-10')).toBe(0); // the mentor ended on 10 November
    expect(await found('2026-11-23')).toBe(1); // it ends on the reference date: still ongoing that day
  });
});
