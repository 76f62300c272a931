/**
 * The screening index after an import is built from the columns the import loaded
 * (import/loaded-services.ts) instead of reading every service back through SQL. It must be the
 * snapshot SQL gives, whatever the import did: every source fresh, one source replaced among
 * others read from SQL, a source loaded twice in one batch, persons removed and added again; and
 * columns that no longer describe the database (a later import) are not used at all.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { openDatabase, setMeta } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { generateMunicipality } from '../../electron/engine/demo/generate';
import { importBatch } from '../../electron/engine/import/import-batch';
import { importExtract, type ImportContext } from '../../electron/engine/import/import-extract';
import { keepLoaded, takeLoaded, type LoadedServices, type SourceColumns } from '../../electron/engine/import/loaded-services';
import type { Session } from '../../electron/engine/base/context';
import { extractParser } from '../../electron/engine/import/parse';
import { buildFamilies, buildSnapshot, loadedStill, numberDensely, type EachLink } from '../../electron/engine/screening/snapshot';
import { SCHEMA } from '../../electron/engine/schema';
import { csv, row } from '../support/extracts';

const NOW = new Date(Date.UTC(2026, 5, 1, 10));
const DAY = 20_600; // any reference day: both snapshots are built for the same one

describe('the screening index from what an import loaded', { timeout: 120_000 }, () => {
  it('is the snapshot read from SQL: fresh, one source replaced, a source twice in a batch, a person gone and back', async () => {
    const sql = await loadSqlJs();
    const { identity, recipient } = await newIdentity();
    const db = openDatabase(sql, SCHEMA);
    setMeta(db, 'unit_identity', identity);
    setMeta(db, 'unit_recipient', recipient);
    const c: ImportContext = { db, demo: true, user: 'test', now: NOW, progress: () => undefined, cancelled: () => false, parse: extractParser('same-thread') };
    const decisions = { acceptRejected: true, confirmEmpty: false };
    const encrypted = (seed: number) => Promise.all(generateMunicipality('small', seed, NOW).files.map(async (f) => ({ name: f.name, bytes: await encryptTo([recipient], f.bytes) })));
    const batch = async (files: { name: string; bytes: Uint8Array }[]) => {
      const out = await importBatch(c, files.map((f) => ({ name: f.name, read: async () => f.bytes.slice(), decisions })));
      expect(out.status).toBe('imported');
      return out.loaded!;
    };
    const fromSql = () => buildSnapshot(db, DAY);
    const expectSame = (loaded: LoadedServices) => {
      expect(loadedStill(db, loaded)).toBe(true); // built from memory, not from SQL again
      expect(loadedStill(db, loaded, { countServices: false })).toBe(true);
      const snap = fromSql();
      expect(snap.code.length).toBeGreaterThan(0);
      expect(buildSnapshot(db, DAY, loaded)).toEqual(snap);
      expect(buildSnapshot(db, DAY, loaded, { unchanged: true })).toEqual(snap);
    };

    const first = await encrypted(2026);
    const all = await batch(first);
    expect([...all.sources.values()].map((s) => s.sector).sort()).toEqual(['aeldre_sundhed', 'boern', 'jobcenter', 'skole_dagtilbud', 'voksen', 'ydelse']);
    expectSame(all);
    // Its families come from the relations it loaded (the same families SQL gives: expectSame).
    expect(all.relations?.parent.length).toBeGreaterThan(0);
    expect(fromSql().families.size).toBeGreaterThan(0);

    // A later relations file with the same links in other households (so no person is left
    // unreferenced): the services and persons are still as loaded, the relations are not, and the
    // families are read from SQL.
    const families = fromSql().families;
    const links = db.exec('SELECT p.cpr, c.cpr FROM relation r JOIN person p ON p.id = r.parent_id JOIN person c ON c.id = r.child_id')[0]!.values;
    const rehoused = links.map(([parent, child], i) => [String(parent), String(child), `H${i % 3}`]);
    const relations = await importBatch(c, [{ name: 'rel', read: async () => encryptTo([recipient], csv(rehoused, ['Forælder_CPR', 'Barn_CPR', 'Husstand'])), decisions }]);
    expect(relations.status).toBe('imported');
    expect(loadedStill(db, all)).toBe(true);
    expect(fromSql().families).not.toEqual(families);
    expect(buildSnapshot(db, DAY, all)).toEqual(fromSql());

    // One source replaced: by another municipality's file, then by a file for citizens who also have
    // services from other sources (theirs come from SQL, these from memory, and each citizen's
    // services must stay in the order of their ids).
    const enc = async (name: string, rows: string[][]) => ({ name, bytes: await encryptTo([recipient], csv(rows)) });
    const other = await encrypted(7);
    expectSame(await batch([other.find((f) => f.name.startsWith('jobcenter'))!]));
    const shared = db.exec("SELECT DISTINCT p.cpr FROM person p JOIN service s ON s.person_id = p.id JOIN source o ON o.id = s.source_id WHERE o.sector = 'voksen' ORDER BY p.id LIMIT 3")[0]!.values.map(([x]) => String(x));
    const dashed = (cpr: string) => `${cpr.slice(0, 6)}-${cpr.slice(6)}`;
    const one = await batch([await enc('jc', shared.map((cpr) => row({ 'CPR-nr': dashed(cpr) })))]);
    expect([...one.sources.values()].map((s) => [s.sector, s.length])).toEqual([['jobcenter', 3]]);
    expectSame(one);
    // The first import's columns no longer describe the jobcentre's rows: none of them is used.
    expect(loadedStill(db, all)).toBe(false);
    expect(loadedStill(db, all, { countServices: false })).toBe(false); // its receipt is no longer the source's
    expect(buildSnapshot(db, DAY, all)).toEqual(fromSql());
    expect(buildSnapshot(db, DAY, all, { unchanged: true })).toEqual(fromSql());

    // The same source twice in one batch, the second file dropping a citizen the first brought and
    // bringing back one a replaced snapshot had removed, under a new name.
    const twice = await batch([
      await enc('yd1', [row({ 'CPR-nr': '710190-1111', Sektor: 'Ydelse' }), row({ 'CPR-nr': '720190-2222', Sektor: 'Ydelse' })]),
      await enc('jc', [row({ 'CPR-nr': '730190-3333' }), row({ 'CPR-nr': '720190-2222' })]),
      await enc('yd2', [row({ 'CPR-nr': '720190-2222', Sektor: 'Ydelse', Navn: 'Nyt Navn' }), row({ 'CPR-nr': '740190-4444', Sektor: 'Ydelse' })]),
    ]);
    expect([...twice.sources.values()].map((s) => [s.sector, s.length])).toEqual([
      ['jobcenter', 2],
      ['ydelse', 2],
    ]);
    expectSame(twice);

    // One file at a time (import.file) hands over its columns the same way.
    const single = await importExtract(c, 'voksen', other.find((f) => f.name.startsWith('voksen'))!.bytes.slice(), decisions);
    expect(single.status).toBe('imported');
    expectSame(single.loaded!);
  });

  it('counts the loaded rows again only when a call has changed the workspace since the import', () => {
    const session = { memory: new Map(), changes: 3 } as unknown as Session;
    const services = { sources: new Map([[1, {} as SourceColumns]]), persons: { id: new Int32Array(0), cpr: [], birthDay: new Int32Array(0) } };
    keepLoaded(session, services);
    expect(takeLoaded(session)).toEqual({ services, unchanged: true });
    expect(takeLoaded(session)).toBeUndefined(); // used once
    keepLoaded(session, services);
    session.changes++; // a save or a journalled change after the import
    expect(takeLoaded(session)).toEqual({ services, unchanged: false });
  });

  it('numbers departments and caseworkers per sector in order of first appearance, ids close together or spread wide', () => {
    const reference = (sector: Uint8Array, id: number[]) => {
      const seen = new Map<string, number>();
      return id.map((v, i) => {
        const key = `${sector[i]}:${v}`;
        if (!seen.has(key)) seen.set(key, seen.size);
        return seen.get(key)!;
      });
    };
    const rows = (ids: fc.Arbitrary<number>) => fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), ids), { maxLength: 300 });
    // Dictionary ids lie together (1 + n, or 1e9 + n in a workspace from before); wider spreads take the other way.
    for (const ids of [fc.integer({ min: 1, max: 41 }), fc.integer({ min: 1e9, max: 1e9 + 40 }), fc.integer({ min: 0, max: 4e9 })]) {
      fc.assert(
        fc.property(rows(ids), (pairs) => {
          const sector = Uint8Array.from(pairs, ([s]) => s);
          const id = Float64Array.from(pairs, ([, v]) => v);
          const out = new Int32Array(pairs.length);
          const count = numberDensely(sector, id, out);
          const expected = reference(sector, [...id]);
          expect([...out]).toEqual(expected);
          expect(count).toBe(new Set(expected).size);
        }),
      );
    }
  });

  it('makes the families docs/criteria.md defines, named and ordered alike, from the links in any order', () => {
    // The definition, written plainly: a set per family under its name, every name sorted.
    const reference = (index: Int32Array, cpr: string[], eachLink: EachLink) => {
      const families = new Map<string, Set<number>>();
      const component = new Map<number, Set<number>>(); // person → the set of their component
      const add = (key: string, ...ps: number[]) => {
        if (!families.has(key)) families.set(key, new Set());
        for (const p of ps) families.get(key)!.add(p);
      };
      eachLink((parent, child, household) => {
        const a = index[parent] ?? -1;
        const b = index[child] ?? -1;
        if (a < 0 || b < 0) return;
        if (household) return add(`H:${household}`, a, b);
        const merged = new Set([...(component.get(a) ?? [a]), ...(component.get(b) ?? [b])]);
        for (const p of merged) component.set(p, merged);
      });
      for (const members of new Set(component.values())) add(`C:${[...members].map((p) => cpr[p]!).sort()[0]}`, ...members);
      return new Map([...families.keys()].sort().map((k) => [k, [...families.get(k)!].sort((x, y) => x - y)]));
    };
    const world = fc.record({
      cpr: fc.uniqueArray(fc.stringMatching(/^[0-9]{10}$/), { minLength: 1, maxLength: 30 }),
      links: fc.array(fc.tuple(fc.nat(34), fc.nat(34), fc.constantFrom(null, '', 'H1', 'H2', 'h1', 'Æble 3')), { maxLength: 60 }),
    });
    fc.assert(
      fc.property(world, ({ cpr, links }) => {
        // Database ids 1… for the persons, some ids beyond them (a link to no known person is left out).
        const index = new Int32Array(cpr.length + 6).fill(-1);
        cpr.forEach((_, i) => (index[i + 1] = i));
        const expected = [...reference(index, cpr, (fn) => links.forEach(([p, c, h]) => fn(p, c, h)))];
        for (const order of [links, [...links].reverse()]) {
          const eachLink: EachLink = (fn) => order.forEach(([p, c, h]) => fn(p, c, h));
          expect([...buildFamilies(index, cpr, eachLink)]).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  });
});
