/**
 * Ages from day numbers (the screening index) agree with ages from ISO dates (ageOn), on every
 * kind of day a birthday can fall on: leap days, year ends, century years, and random days.
 */
import { describe, expect, it } from 'vitest';
import { ageOn } from '../../shared/cpr';
import { ageOnDay, civilOfDay, dayOfIso, isoOfDay } from '../../shared/dates';

describe('ageOnDay', () => {
  it('reads a day number as the same calendar date as its ISO form', () => {
    for (let day = dayOfIso('1858-01-01'); day <= dayOfIso('2100-12-31'); day += 7) {
      const [y, m, d] = civilOfDay(day);
      expect(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`).toBe(isoOfDay(day));
    }
  });

  it('gives ageOn’s age on boundary days and random pairs', () => {
    const edges = ['1900-02-28', '1900-03-01', '2000-02-29', '2000-03-01', '2004-02-29', '1999-12-31', '2000-01-01', '2026-06-01'].map(dayOfIso);
    const around = edges.flatMap((d) => [d - 1, d, d + 1]);
    for (const b of around) for (const t of around) if (t >= b) expect(ageOnDay(b, t)).toBe(ageOn(isoOfDay(b), isoOfDay(t)));
    let seed = 42;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const b = dayOfIso('1858-01-01') + Math.floor(rnd() * 80_000);
      const t = b + Math.floor(rnd() * 45_000);
      expect(ageOnDay(b, t)).toBe(ageOn(isoOfDay(b), isoOfDay(t)));
    }
  });
});
