/**
 * Service references resolve exactly as docs/criteria.md says, in the one function the engine,
 * the criteria editor and the command line share (shared/codes.ts); a reference that names
 * nothing is refused with its name, never an empty match.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paragraphKeys, resolveRef, unresolvedRefs } from '../../shared/codes';
import { CriteriaSchema } from '../../shared/criteria';
import { bundledCatalogue } from '../../electron/engine/catalogue/catalogue';
import { createEngine } from '../../electron/engine/engine';
import { call, expectError, tempDir, testDeps } from '../support/engine';

const catalogue = bundledCatalogue();

/** A spelling of `s` with random case and, between characters, random spaces, dots and hyphens. */
const spelling = (s: string) =>
  fc.tuple(fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }), fc.array(fc.constantFrom('', '', '', ' ', '.', '-', '_'), { minLength: s.length, maxLength: s.length })).map(([upper, seps]) =>
    [...s].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase()) + seps[i]).join(''),
  );

describe('docs/criteria.md: "A service is named by catalogue code … (case, spaces, dots and hyphens do not matter)"', () => {
  it('any such spelling of every code names that service and no other', () => {
    for (const e of catalogue) {
      fc.assert(
        fc.property(spelling(e.code), (text) => {
          expect(resolveRef(catalogue, { code: text })).toEqual([e.code]);
        }),
        { numRuns: 30 },
      );
    }
  });

  it('the audit’s cases: SEL 85, SEL.85, SEL-85 and LAB MENTOR', () => {
    for (const text of ['SEL 85', 'SEL.85', 'SEL-85', 'sel85']) expect(resolveRef(catalogue, { code: text })).toEqual(['SEL85']);
    expect(resolveRef(catalogue, { code: 'LAB MENTOR' })).toEqual(['LAB_MENTOR']);
  });
});

describe('docs/criteria.md: "or by paragraph … (case and spaces do not matter, the law\'s name may be given or left out)"', () => {
  it('SEL §85 (the example in shared/criteria.ts), Serviceloven § 85 and §85 all name SEL85', () => {
    for (const text of ['SEL §85', 'Serviceloven § 85', '§85', 'sel§85', 'SEL §§85']) expect(resolveRef(catalogue, { paragraph: text }), text).toContain('SEL85');
  });

  it('"the § itself is needed: SEL 85 names nothing (an unknown reference)"', () => {
    expect(resolveRef(catalogue, { paragraph: 'SEL 85' })).toEqual([]);
    expect(unresolvedRefs(catalogue, CriteriaSchema.parse({ version: 1, anyOf: [{ paragraph: 'SEL 85' }] }))).toEqual([{ path: 'anyOf.0', text: 'SEL 85' }]);
  });

  it('"{ "paragraph": "SEL §52 stk.3 nr.7" } finds the same placements as BL §46"', () => {
    expect(resolveRef(catalogue, { paragraph: 'SEL §52 stk.3 nr.7' })).toEqual(resolveRef(catalogue, { paragraph: 'BL §46' }));
    expect(resolveRef(catalogue, { paragraph: 'BL §46' })).toEqual(['BL46']);
  });

  it('every paragraph an entry is keyed by, in any case and spacing, with or without the law, names that entry', () => {
    const withLaw = catalogue.flatMap((e) => [...paragraphKeys(e)].filter((k) => /^[a-zæøå]+§/.test(k)).map((k) => ({ e, k })));
    expect(withLaw.length).toBeGreaterThan(20);
    for (const { e, k } of withLaw) {
      const [, law, para] = /^([a-zæøå]+)(§.*)$/.exec(k)!;
      fc.assert(
        fc.property(fc.boolean(), fc.constantFrom('', ' ', '  '), fc.boolean(), (upper, gap, withName) => {
          const text = `${withName ? law : ''}${gap}${upper ? para!.toUpperCase() : para}`;
          expect(resolveRef(catalogue, { paragraph: text }), text).toContain(e.code);
        }),
        { numRuns: 8 },
      );
    }
  });
});

describe('a reference that names nothing is an error that names it', () => {
  it('lists every unresolved reference with where it stands', () => {
    const c = CriteriaSchema.parse({ version: 1, allOf: [[{ code: 'SEL85' }, { code: 'SEL 9999' }]], anyOf: [{ code: 'LAB MENTOR' }], noneOf: [{ paragraph: 'SEL §999' }], excludeRecentStart: { days: 30, services: [{ code: 'NOPE' }] } });
    expect(unresolvedRefs(catalogue, c)).toEqual([
      { path: 'allOf.0.1', text: 'SEL 9999' },
      { path: 'noneOf.0', text: 'SEL §999' },
      { path: 'excludeRecentStart.services.0', text: 'NOPE' },
    ]);
  });

  it('any reference that matches no catalogue entry is named, whatever it is', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0 && resolveRef(catalogue, { code: s }).length === 0), (text) => {
        expect(unresolvedRefs(catalogue, CriteriaSchema.parse({ version: 1, noneOf: [{ code: text }] }))).toEqual([{ path: 'noneOf.0', text: text.trim() }]);
      }),
    );
  });

  it('the engine refuses previews, lists and saved criteria with an unknown reference, naming it; spellings of one code count alike', async () => {
    const dir = await tempDir();
    const engine = createEngine(await testDeps(dir));
    await call(engine, 'workspace.createDemo', {});
    await call(engine, 'session.login', { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' });
    const typo = { version: 1 as const, noneOf: [{ code: 'SEL 58' }] };
    for (const method of ['screening.preview', 'screening.evaluate'] as const) {
      const e = await expectError(engine.invoke(method, { criteria: typo }), 'UNKNOWN_REFERENCE');
      expect(e.details).toEqual({ references: [{ path: 'noneOf.0', text: 'SEL 58' }] });
    }
    await expectError(engine.invoke('criteria.save', { name: 'Tastefejl', criteria: typo }), 'UNKNOWN_REFERENCE');
    const counts = await Promise.all(['SEL85', 'SEL 85', 'sel.85', 'SEL-85'].map(async (code) => (await call(engine, 'screening.preview', { criteria: { version: 1, anyOf: [{ code }] } })).count));
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeGreaterThan(0);
    const byParagraph = await call(engine, 'screening.preview', { criteria: { version: 1, anyOf: [{ paragraph: 'SEL §85' }] } });
    expect(byParagraph.count).toBe(counts[0]);
  });
});
