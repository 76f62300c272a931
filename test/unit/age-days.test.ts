/**
 * Ages from day numbers (the screening index) agree with ages from ISO dates (ageOn), on every
 * kind of day a birthday can fall on: leap days, year ends, century years, and random days; and the
 * screening index's ages, taken through a table by birth day, are those ages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn } from '../../shared/cpr';
import { ageOnDay, civilOfDay, dayOfIso, isoOfDay } from '../../shared/dates';
import { agesOn } from '../../electron/engine/screening/snapshot';

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

describe('agesOn (the screening index’s ages, through a table by birth day)', () => {
  const oneByOne = (birthDay: Int32Array, today: number) => Array.from(birthDay, (b) => Math.max(0, Math.min(255, ageOnDay(b, today))));

  it('gives each person ageOnDay’s age, clamped to 0–255, for any birth days and reference day', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: dayOfIso('1858-01-01'), max: dayOfIso('2099-12-31') }), { maxLength: 200 }),
        fc.integer({ min: dayOfIso('1990-01-01'), max: dayOfIso('2060-12-31') }),
        (days, today) => {
          const birthDay = Int32Array.from(days);
          expect(Array.from(agesOn(birthDay, today))).toEqual(oneByOne(birthDay, today));
        },
      ),
    );
  });

  it('ages leap-day births, births after the reference day and the very old as ageOnDay does', () => {
    const today = dayOfIso('2026-02-28');
    const births = ['2000-02-29', '2004-02-29', '2026-03-01', '2030-01-01', '1760-01-01', '1858-01-01', '2026-02-28'].map(dayOfIso);
    const birthDay = Int32Array.from(births);
    expect(Array.from(agesOn(birthDay, today))).toEqual(oneByOne(birthDay, today));
    expect(Array.from(agesOn(birthDay, today))).toEqual([25, 21, 0, 0, 255, 168, 0]);
  });

  it('is empty for no persons', () => {
    expect(agesOn(new Int32Array(0), dayOfIso('2026-11-30'))).toEqual(new Uint8Array(0));
  });
});
