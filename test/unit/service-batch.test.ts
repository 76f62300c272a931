/**
 * The validated batch numbers texts and caseworkers in order of first appearance, persons in CPR
 * order (the order the loader keeps them in), and checks the row above before its maps
 * (service-batch.ts). Whatever the order of the rows (runs of one citizen, values coming back after
 * others, a caseworker differing in one field only), each row reads back as it went in, and the
 * numbering is the one a plain map (or a sort) gives. A relations file's links likewise name each
 * person once, in CPR order (validate.ts, RelationBatch).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceBatch, unpackPerson } from '../../electron/engine/import/service-batch';
import { relationBatch, tableOf, validateTable, type PersonFields, type RelationRecord, type ServiceRecord } from '../../electron/engine/import/validate';
import { readCpr } from '../../shared/cpr';
import { dayOfIso } from '../../shared/dates';

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const persons = [
  { cpr: '0101801234', birthDay: 3653, sex: 'F', kind: 'ordinary' },
  { cpr: '0202902345', birthDay: 7338, sex: 'M', kind: 'ordinary' },
  { cpr: '0303703456', birthDay: 62, sex: 'F', kind: 'fictitious' },
] as const;
// Caseworkers that differ in a single field each, so a comparison that skips one is caught.
const caseworkers = [
  { name: 'Helle Olesen', phone: '33 18 21 60', email: 'ho@kommune.example', unit: 'Team Nord' },
  { name: 'Helle Olesen', phone: '33 18 21 60', email: '', unit: 'Team Nord' },
  { name: 'Helle Olesen', phone: '33 18 21 61', email: 'ho@kommune.example', unit: 'Team Nord' },
  { name: 'Helle Olesen', phone: '33 18 21 60', email: 'ho@kommune.example', unit: 'Team Syd' },
  { name: 'Helle olesen', phone: '33 18 21 60', email: 'ho@kommune.example', unit: 'Team Nord' },
];

const record: fc.Arbitrary<ServiceRecord> = fc.record({
  person: pick(persons),
  name: pick(['Lene Andersen', '', 'Lene B. Andersen']),
  catalogueId: fc.integer({ min: 1, max: 4 }),
  department: pick(['Myndighed', 'Udfører', 'Myndighed ']),
  serviceName: pick(['Mentor', 'Bostøtte']),
  legalBasis: pick(['SEL §85', 'LAB §31']),
  goal: pick(['', 'Job', 'Bolig']),
  caseworker: pick(caseworkers),
  startDay: fc.integer({ min: 19_000, max: 20_000 }),
  endDay: fc.option(fc.integer({ min: 20_000, max: 21_000 })),
  yearlyCost: fc.option(fc.integer({ min: 0, max: 100_000 })),
}).map(({ person, ...rest }) => ({ ...person, ...rest }));

/** Runs of the same record, as extracts list a citizen's services together. */
const rows = fc.array(fc.tuple(record, fc.integer({ min: 1, max: 3 })), { maxLength: 40 }).map((runs) => runs.flatMap(([r, n]) => Array<ServiceRecord>(n).fill(r)));

const firstAppearance = <T>(values: readonly T[], key: (v: T) => string) => {
  const ids = new Map<string, number>();
  return values.map((v) => {
    if (!ids.has(key(v))) ids.set(key(v), ids.size);
    return ids.get(key(v))!;
  });
};

describe('the validated batch', () => {
  it('reads every row back as it went in, each text and caseworker numbered in order of first appearance, each person in CPR order', () => {
    fc.assert(
      fc.property(rows, (input) => {
        const batch = ServiceBatch.from(input);
        // A person's name is the last non-empty one the rows give them.
        const lastName = new Map<string, string>();
        for (const r of input) if (r.name) lastName.set(r.cpr, r.name);
        expect(batch.records()).toEqual(input.map((r) => ({ ...r, name: lastName.get(r.cpr) ?? '' })));
        const cprs = [...new Set(input.map((r) => r.cpr))].sort();
        expect(batch.persons.map((p) => p.cpr)).toEqual(cprs);
        expect(Array.from(batch.person.subarray(0, input.length))).toEqual(input.map((r) => cprs.indexOf(r.cpr)));
        expect(Array.from(batch.department.subarray(0, input.length))).toEqual(firstAppearance(input, (r) => r.department));
        expect(Array.from(batch.caseworker.subarray(0, input.length))).toEqual(firstAppearance(input, (r) => JSON.stringify(r.caseworker)));
        expect(batch.caseworkers).toHaveLength(new Set(input.map((r) => JSON.stringify(r.caseworker))).size);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a batch as it crosses from the worker', () => {
  it('gives the loader its persons as the columns that crossed, and reads back as it went in', () => {
    fc.assert(
      fc.property(rows, (input) => {
        const made = ServiceBatch.from(input);
        const columns = made.personColumns();
        expect(columns.cpr).toEqual(made.persons.map((p) => p.cpr));
        expect(columns.name).toEqual(made.persons.map((p) => p.name));
        expect(Array.from(columns.birthDay)).toEqual(made.persons.map((p) => p.birthDay));
        const before = { records: made.records(), distinct: made.distinct(), persons: made.persons.map((p) => ({ ...p })) };
        const crossed = ServiceBatch.unpack(structuredClone(made.pack().packed));
        expect(crossed.personColumns()).toEqual(columns);
        expect(crossed.distinct()).toEqual(before.distinct);
        expect(crossed.records()).toEqual(before.records);
        expect(crossed.persons).toEqual(before.persons);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the room a batch is made with (Table.rowsHint)', () => {
  it('changes nothing it reads back, and it packs views of exactly its rows, their buffers moved whole', () => {
    fc.assert(
      fc.property(rows, fc.constantFrom(0, 1, 7, 50, 3_000_000), (input, hint) => {
        const batch = ServiceBatch.from(input, hint);
        expect(batch.records()).toEqual(ServiceBatch.from(input).records());
        const { packed, transfer } = batch.pack();
        for (const column of Object.values(packed.columns)) {
          expect(column.length).toBe(input.length);
          expect(transfer).toContain(column.buffer);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is made as large as the hint says, unless the hint is past any real extract', () => {
    expect(new ServiceBatch(50).person.length).toBe(50);
    expect(new ServiceBatch(50).cost.length).toBe(50);
    expect(new ServiceBatch(3_000_000).person.length).toBe(1024);
    expect(new ServiceBatch().person.length).toBe(1024);
  });
});

describe('the validated relations', () => {
  it('name each person once, in CPR order, and every link reads back as it went in', () => {
    const link = fc.record({ parent: pick(persons), child: pick(persons), household: pick(['', 'H1', 'H2']) });
    fc.assert(
      fc.property(fc.array(link, { maxLength: 30 }), (links) => {
        const r = relationBatch(links);
        expect(r.persons.cpr).toEqual([...new Set(links.flatMap((l) => [l.parent.cpr, l.child.cpr]))].sort());
        const person = (k: number) => unpackPerson(r.persons, k);
        expect(links.map((_, i) => ({ parent: person(r.parent[i]!), child: person(r.child[i]!), household: r.household[i] }))).toEqual(links);
      }),
      { numRuns: 200 },
    );
  });

  it('keep, from a file, the links and persons a record per row would, and refuse the same rows', () => {
    // Valid numbers (one also hyphenated), a fictitious one (a demo accepts it), impossible dates,
    // text and blanks; households blank or not; rows repeated.
    const cell = pick(['0101801234', '010180-1234', '0202902345', '6101801234', '1512124321', '3213801234', 'abc', '', ' 0202902345 ']);
    const row = fc.tuple(cell, cell, pick(['', 'H1', 'H2']));
    const today = dayOfIso('2026-12-01');
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const got = validateTable(
          tableOf(['Forælder_CPR', 'Barn_CPR', 'Husstand'], rows.map((cells, k) => ({ row: k + 2, cells: [...cells] }))),
          { catalogue: [], today, demo: true },
        );
        // The plain reading: one record per kept row, pairs told apart by their numbers as read.
        const records: RelationRecord[] = [];
        const rejections: { row: number; column: string; reason: string }[] = [];
        const seen = new Set<string>();
        const person = (raw: string): PersonFields | null => {
          const r = readCpr(raw.trim());
          return r.ok ? { cpr: r.info.cpr, birthDay: r.info.birthDay, sex: r.info.sex, kind: r.info.kind } : null;
        };
        rows.forEach(([p, c, h], k) => {
          const at = (column: string, reason: string) => void rejections.push({ row: k + 2, column, reason });
          if (!p.trim() && !c.trim() && !h) return; // a blank row is skipped, not counted
          if (!p.trim()) return at('Forælder_CPR', 'required-missing');
          if (!c.trim()) return at('Barn_CPR', 'required-missing');
          const parent = person(p);
          if (!parent) return at('Forælder_CPR', 'cpr-invalid');
          const child = person(c);
          if (!child) return at('Barn_CPR', 'cpr-invalid');
          if (seen.has(`${parent.cpr}|${child.cpr}`)) return at('Barn_CPR', 'duplicate');
          seen.add(`${parent.cpr}|${child.cpr}`);
          records.push({ parent, child, household: h });
        });
        expect(got.kind).toBe('relations');
        if (got.kind !== 'relations') return;
        expect(got.tally.rejections).toEqual(rejections);
        expect(got.tally.rowsKept).toBe(records.length);
        // Only persons a kept link names: not the valid parent of a row refused for its child.
        expect(got.relations.persons.cpr).toEqual([...new Set(records.flatMap((r) => [r.parent.cpr, r.child.cpr]))].sort());
        expect(got.relations).toEqual(relationBatch(records));
      }),
      { numRuns: 300 },
    );
  });
});
