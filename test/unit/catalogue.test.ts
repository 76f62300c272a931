import { SCHEMA } from '../../electron/engine/schema';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_CSV } from '../../electron/engine/catalogue/catalogue-data';
import { loadCatalogue, } from '../../electron/engine/catalogue/catalogue';
import { openDatabase } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { addStaff, call, expectError, withWorkspace } from '../support/engine';

const DORA = { username: 'dora.dpo', displayName: 'Dora DPO', roles: ['dpo' as const], passphrase: 'tilsynets lange sætning' };

describe('service catalogue', () => {
  it('the embedded copy is the CSV in assets (run scripts/embed-catalogue.mjs after editing it)', () => {
    expect(CATALOGUE_CSV).toBe(readFileSync('assets/catalogue/services.csv', 'utf8'));
  });

  it('holds the trial’s excluded services and the universal daycare place', async () => {
    const db = openDatabase(await loadSqlJs(), SCHEMA);
    const cat = loadCatalogue(db);
    const excluded = cat.filter((c) => c.excluded).map((c) => c.code);
    for (const code of ['EX_BOLIGSIKRING', 'EX_BOLIGYDELSE', 'EX_VARMETILL', 'EX_FRIPLADS', 'EX_HJAELPEMIDLER', 'BL87', 'EX_TANDTILSKUD', 'EX_BOERNETAND', 'EX_SUNDHEDSPLEJE', 'EX_BEFORDRING', 'EX_HELBREDSTILL', 'EX_MEDICIN', 'EX_ENKELT', 'EX_FRIVILLIG']) {
      expect(excluded).toContain(code);
    }
    expect(cat.filter((c) => c.universal).map((c) => c.code)).toEqual(['DTL']);
    expect(cat.find((c) => c.code === 'BL46')).toMatchObject({ paragraphOld: 'SEL §52 stk.3 nr.7', paragraphNew: 'BL §46', sector: 'boern' });
  });

  it('administrators change it, and the change is logged', async () => {
    const { engine } = await withWorkspace();
    expect(await call(engine, 'catalogue.update', { code: 'sel110', excluded: true })).toMatchObject({ code: 'SEL110', excluded: true });
    await expectError(engine.invoke('catalogue.update', { code: 'NOPE', excluded: true }), 'VALIDATION');
    await addStaff(engine, [DORA]);
    await call(engine, 'session.login', { username: DORA.username, passphrase: DORA.passphrase });
    const { entries } = await call(engine, 'audit.list', { subject: 'SEL110 excluded=true' });
    expect(entries.find((e) => e.action === 'catalogue.update' && e.outcome === 'ok')?.subject).toBe('SEL110 excluded=true');
  });
});
