/**
 * The texts of service rows (department, service name, legal basis, goal) are kept once each in
 * the dictionary, and a service row stores their ids. New texts of every kind are numbered from one
 * small range, so SQLite stores each id in a byte or two; a workspace from before keeps the ids it
 * gave each kind from its own billion, and they go on meaning the same texts. Real sql.js, real age.
 */
import { describe, expect, it } from 'vitest';
import { encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { openDatabase, setMeta } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { generateMunicipality } from '../../electron/engine/demo/generate';
import { importExtract, type ImportContext } from '../../electron/engine/import/import-extract';
import { extractParser } from '../../electron/engine/import/parse';
import { SCHEMA } from '../../electron/engine/schema';
import { csv, row } from '../support/extracts';

const NOW = new Date(Date.UTC(2026, 5, 1, 10));
const decisions = { acceptRejected: true, confirmEmpty: false };

async function fresh() {
  const db = openDatabase(await loadSqlJs(), SCHEMA);
  const { identity, recipient } = await newIdentity();
  setMeta(db, 'unit_identity', identity);
  setMeta(db, 'unit_recipient', recipient);
  const c: ImportContext = { db, demo: true, user: 'test', now: NOW, progress: () => undefined, cancelled: () => false, parse: extractParser('same-thread') };
  const load = async (name: string, bytes: Uint8Array) => expect((await importExtract(c, name, await encryptTo([recipient], bytes), decisions)).status).toBe('imported');
  const values = (sql: string) => db.exec(sql)[0]?.values ?? [];
  return { db, load, values };
}

describe('dictionary ids', { timeout: 60_000 }, () => {
  it('number the texts of every kind from one small range', async () => {
    const { db, load, values } = await fresh();
    for (const f of generateMunicipality('small', 2026, NOW).files) await load(f.name, f.bytes);
    const [kinds, count, min, max] = values('SELECT count(DISTINCT kind), count(*), min(id), max(id) FROM dict')[0]!.map(Number);
    expect(kinds).toBe(4);
    // One after another from 1, whatever the kind: nothing was replaced, so no id was freed.
    expect([min, max]).toEqual([1, count]);
    // Every id a service row holds is one of them.
    const column = (c: string) => Number(values(`SELECT count(*) FROM service WHERE ${c} IS NOT NULL AND ${c} NOT IN (SELECT id FROM dict)`)[0]![0]);
    for (const c of ['department_id', 'service_name_id', 'legal_basis_id', 'goal_id']) expect(column(c)).toBe(0);
    db.close();
  });

  it('in a workspace from before, a text it knows keeps its wide id and a new one is numbered from the small range', async () => {
    const { db, load, values } = await fresh();
    db.exec("INSERT INTO dict (id, kind, value) VALUES (1000000001, 1, 'Jobcenter Nord'), (4000000007, 4, 'Fastholdelse i uddannelse')");
    await load('jobcenter.csv', csv([row(), row({ 'CPR-nr': '720190-2222', Afdeling: 'Jobcenter Syd', Mål: 'Job på ordinære vilkår' })]));
    const byDepartment = values(
      `SELECT d.value, d.id, g.value, g.id FROM service s JOIN dict d ON d.id = s.department_id JOIN dict g ON g.id = s.goal_id ORDER BY d.value`,
    );
    expect(byDepartment.map(([d, , g]) => [d, g])).toEqual([
      ['Jobcenter Nord', 'Fastholdelse i uddannelse'],
      ['Jobcenter Syd', 'Job på ordinære vilkår'],
    ]);
    expect(byDepartment[0]![1]).toBe(1000000001);
    expect(byDepartment[0]![3]).toBe(4000000007);
    expect(Number(byDepartment[1]![1])).toBeLessThan(100);
    expect(Number(byDepartment[1]![3])).toBeLessThan(100);
    db.close();
  });
});
