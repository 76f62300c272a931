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
import { ServiceBatch } from '../../electron/engine/import/service-batch';
import { relationBatch, type ServiceRecord } from '../../electron/engine/import/validate';

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

describe('the validated relations', () => {
  it('name each person once, in CPR order, and every link reads back as it went in', () => {
    const link = fc.record({ parent: pick(persons), child: pick(persons), household: pick(['', 'H1', 'H2']) });
    fc.assert(
      fc.property(fc.array(link, { maxLength: 30 }), (links) => {
        const r = relationBatch(links);
        expect(r.persons.map((p) => p.cpr)).toEqual([...new Set(links.flatMap((l) => [l.parent.cpr, l.child.cpr]))].sort());
        expect(links.map((_, i) => ({ parent: r.persons[r.parent[i]!], child: r.persons[r.child[i]!], household: r.household[i] }))).toEqual(links);
      }),
      { numRuns: 200 },
    );
  });
});
