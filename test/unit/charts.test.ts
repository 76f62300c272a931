/** The charts' data preparation (renderer/ui/charts/prepare.ts): funnel steps and the UpSet view of sector combinations. */
import { describe, expect, it } from 'vitest';
import { SECTORS } from '../../shared/extract-format';
import { combinationsOf, funnelSteps, topCombinations } from '../../renderer/ui/charts/prepare';

describe('funnelSteps', () => {
  it('keeps the engine order and says what each rule took away', () => {
    const steps = funnelSteps([
      { rule: 'considered', remaining: 1000 },
      { rule: 'services', remaining: 400 },
      { rule: 'sectors', remaining: 400 },
      { rule: 'age', remaining: 25 },
    ]);
    expect(steps.map((s) => s.rule)).toEqual(['considered', 'services', 'sectors', 'age']);
    expect(steps.map((s) => s.dropped)).toEqual([0, 600, 0, 375]);
    expect(steps.map((s) => s.share)).toEqual([1, 0.4, 0.4, 0.025]);
  });

  it('draws no bar, and no NaN, when nobody is considered', () => {
    const steps = funnelSteps([
      { rule: 'considered', remaining: 0 },
      { rule: 'services', remaining: 0 },
    ]);
    expect(steps.map((s) => s.share)).toEqual([0, 0]);
    expect(funnelSteps([])).toEqual([]);
  });
});

describe('topCombinations', () => {
  const combos = {
    'jobcenter+ydelse': 40,
    'voksen+jobcenter': 40, // a key in another order is put in sector order
    jobcenter: 40,
    'boern+skole_dagtilbud': 12,
    'jobcenter+ydelse+voksen': 7,
    aeldre_sundhed: 3,
    'ydelse+aeldre_sundhed': 2,
  };

  it('orders by count, then fewer sectors, then sector order, and folds the rest into others', () => {
    const v = topCombinations(combos, 4, SECTORS);
    expect(v.shown).toEqual([
      { sectors: ['jobcenter'], count: 40 },
      { sectors: ['jobcenter', 'ydelse'], count: 40 },
      { sectors: ['jobcenter', 'voksen'], count: 40 },
      { sectors: ['boern', 'skole_dagtilbud'], count: 12 },
    ]);
    expect(v.others).toEqual({ combinations: 3, count: 12 });
    expect(v.total).toBe(144);
    expect(v.maxCount).toBe(40);
  });

  it('shows every combination when at most one would be folded', () => {
    const v = topCombinations(combos, 6, SECTORS);
    expect(v.shown).toHaveLength(7);
    expect(v.others).toBeNull();
    expect(v.shown.at(-1)).toEqual({ sectors: ['ydelse', 'aeldre_sundhed'], count: 2 });
  });

  it('scales to the folded bar when the others outnumber the largest shown', () => {
    const many = Object.fromEntries(SECTORS.map((s, i) => [s, 10 - i]));
    const v = topCombinations({ ...many, 'jobcenter+boern': 11 }, 1, SECTORS);
    expect(v.shown).toEqual([{ sectors: ['jobcenter', 'boern'], count: 11 }]);
    expect(v.others).toEqual({ combinations: 6, count: 45 });
    expect(v.maxCount).toBe(45);
  });

  it('gives every sector a set size, in sector order, equal to the sum of the combinations it is in', () => {
    const v = topCombinations(combos, 2, SECTORS);
    expect(v.sets).toEqual([
      { sector: 'jobcenter', count: 127 },
      { sector: 'ydelse', count: 49 },
      { sector: 'voksen', count: 47 },
      { sector: 'boern', count: 12 },
      { sector: 'aeldre_sundhed', count: 5 },
      { sector: 'skole_dagtilbud', count: 12 },
    ]);
    expect(v.maxSet).toBe(127);
    // folding does not change the set sizes or the total
    expect(topCombinations(combos, 20, SECTORS).sets).toEqual(v.sets);
    expect(topCombinations(combos, 20, SECTORS).total).toBe(v.total);
  });

  it('has an empty view for no one found, and ignores empty keys and zero counts', () => {
    const v = topCombinations({ '': 5, jobcenter: 0 }, 6, SECTORS);
    expect(v.shown).toEqual([]);
    expect(v.others).toBeNull();
    expect(v.total).toBe(0);
    expect(v.maxCount).toBe(0);
    expect(v.sets.every((s) => s.count === 0)).toBe(true);
  });

  it('is the same view whatever order the engine wrote the keys in', () => {
    const reversed = Object.fromEntries(Object.entries(combos).reverse());
    expect(topCombinations(reversed, 3, SECTORS)).toEqual(topCombinations(combos, 3, SECTORS));
  });
});

describe('combinationsOf', () => {
  it('counts a list by its sectors, keyed as the engine keys them', () => {
    const c = combinationsOf([{ sectors: ['ydelse', 'jobcenter'] }, { sectors: ['jobcenter', 'ydelse'] }, { sectors: ['boern'] }, { sectors: [] }], SECTORS);
    expect(c).toEqual({ 'jobcenter+ydelse': 2, boern: 1 });
  });
});
