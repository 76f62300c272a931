/**
 * When an extract replaces its source's snapshot, the texts (departments, goals, …) and
 * caseworkers only the old snapshot named are removed, and those another source still names are
 * kept (load.ts removeOrphans). The other sources' services are read through the index by source
 * when they are the smaller part of the table, in one pass otherwise, and not at all when the
 * import loaded every source: the outcome is the same each way.
 */
import type { Database } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { loadCatalogue } from '../../electron/engine/catalogue/catalogue';
import { loadServices } from '../../electron/engine/import/load';
import { ServiceBatch } from '../../electron/engine/import/service-batch';
import type { ServiceRecord } from '../../electron/engine/import/validate';
import type { Sector } from '../../shared/extract-format';
import { SCHEMA } from '../../electron/engine/schema';
import { readCpr } from '../../shared/cpr';
import { dayOfIso } from '../../shared/dates';

const DAY = dayOfIso('2026-11-23');

/** `rows` services of one citizen each, all naming the given department, goal and caseworker. */
function extract(db: Database, code: string, rows: number, texts: { department: string; goal: string; caseworker: string }): ServiceBatch {
  const entry = loadCatalogue(db).find((c) => c.code === code)!;
  return ServiceBatch.from(
    Array.from({ length: rows }, (_, i): ServiceRecord => {
      const cpr = readCpr(`${String(1 + (i % 28)).padStart(2, '0')}${String(1 + Math.floor(i / 28)).padStart(2, '0')}80-${String(1000 + i).padStart(4, '0')}`);
      if (!cpr.ok) throw new Error('test CPR number');
      return {
        ...cpr.info,
        name: `Borger ${i}`,
        catalogueId: entry.id,
        department: texts.department,
        serviceName: entry.nameDa,
        legalBasis: entry.paragraphNew,
        startDay: DAY - 100,
        endDay: null,
        goal: texts.goal,
        caseworker: { name: texts.caseworker, phone: '', email: '', unit: '' },
        yearlyCost: null,
      };
    }),
  );
}

const texts = (db: Database) => (db.exec('SELECT value FROM dict WHERE kind IN (1, 4) ORDER BY value')[0]?.values ?? []).flat();
const caseworkers = (db: Database) => (db.exec('SELECT name FROM caseworker ORDER BY name')[0]?.values ?? []).flat();

describe('the texts and caseworkers of a replaced snapshot', () => {
  for (const [sizes, how] of [
    [{ other: 5, old: 300, replacing: 300 }, 'through the index by source'],
    [{ other: 300, old: 5, replacing: 5 }, 'in one pass over the table'],
  ] as const) {
    it(`go when no other source names them, and stay when one does (the other source read ${how})`, async () => {
      const db = openDatabase(await loadSqlJs(), SCHEMA);
      const load = (sector: Sector, code: string, rows: number, t: Parameters<typeof extract>[3], receipt: number) => loadServices(db, sector, extract(db, code, rows, t), receipt, DAY);
      load('voksen', 'SEL85', sizes.other, { department: 'Fælles afdeling', goal: 'Fælles mål', caseworker: 'Fælles sagsbehandler' }, 1);
      load('aeldre_sundhed', 'SUL138', sizes.old, { department: 'Fælles afdeling', goal: 'Kun det gamle mål', caseworker: 'Fælles sagsbehandler' }, 2);
      expect(texts(db)).toContain('Kun det gamle mål');
      load('aeldre_sundhed', 'SUL138', sizes.replacing, { department: 'Ny afdeling', goal: 'Nyt mål', caseworker: 'Ny sagsbehandler' }, 3);
      expect(texts(db)).toEqual(['Fælles afdeling', 'Fælles mål', 'Ny afdeling', 'Nyt mål']);
      expect(caseworkers(db)).toEqual(['Fælles sagsbehandler', 'Ny sagsbehandler']);
      db.close();
    });
  }

  it('go, every one, when the import replaced the only source there was', async () => {
    const db = openDatabase(await loadSqlJs(), SCHEMA);
    loadServices(db, 'aeldre_sundhed', extract(db, 'SUL138', 20, { department: 'Gammel afdeling', goal: 'Gammelt mål', caseworker: 'Gammel sagsbehandler' }), 1, DAY);
    loadServices(db, 'aeldre_sundhed', extract(db, 'SUL138', 20, { department: 'Ny afdeling', goal: 'Nyt mål', caseworker: 'Ny sagsbehandler' }), 2, DAY);
    expect(texts(db)).toEqual(['Ny afdeling', 'Nyt mål']);
    expect(caseworkers(db)).toEqual(['Ny sagsbehandler']);
    db.close();
  });
});
