/**
 * CPR numbers decode as the CPR office's table says: the 7th digit and the two-digit year give
 * the century, for every birth date from 1858 to 2057, fictitious (day + 60) ones included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centuryOf, cprNumbersIn, formatCpr, normaliseCpr, parseCpr, readCpr } from '../../shared/cpr';
import { cprBytes, subjectsOf } from '../../electron/engine/base/audit-log/chain';
import { createHash } from 'node:crypto';

/** The CPR office's table: may a number with this 7th digit belong to someone born in this year? */
function digitFits(digit7: number, year: number): boolean {
  if (digit7 <= 3) return year >= 1900 && year <= 1999;
  if (digit7 === 4 || digit7 === 9) return (year >= 2000 && year <= 2036) || (year >= 1937 && year <= 1999);
  return (year >= 2000 && year <= 2057) || (year >= 1858 && year <= 1899);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const DAY = 86_400_000;
const FIRST = Date.UTC(1858, 0, 1);
const LAST = Date.UTC(2057, 11, 31);


/**
 * The reading as first written, in regular expressions and Dates (the CPR office's rules as they
 * read): the character-by-character reader the import uses must agree with it on any ASCII text.
 */
function regexReading(raw: string) {
  const s = raw.trim().toUpperCase().replace(/^(\d{6})-([0-9A-Z]{4})$/, '$1$2');
  const replacement = /^\d{6}[0-9A-Z]{4}$/.test(s) && /[A-Z]/.test(s.slice(-4));
  if (!replacement && !/^\d{10}$/.test(s)) return { ok: false, reason: 'format' };
  let day = Number(s.slice(0, 2));
  const month = Number(s.slice(2, 4));
  const yy = Number(s.slice(4, 6));
  const fictitious = day > 60 && day <= 91;
  if (fictitious) day -= 60;
  const year = replacement ? (yy <= new Date().getUTCFullYear() % 100 ? 2000 : 1900) + yy : centuryOf(Number(s[6]), yy) + yy;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || day < 1 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return { ok: false, reason: 'date' };
  const digits = s.split('').map(Number);
  const mod11 = !replacement && [4, 3, 2, 7, 6, 5, 4, 3, 2, 1].reduce((sum, w, i) => sum + w * digits[i]!, 0) % 11 === 0;
  const kind = fictitious ? 'fictitious' : replacement ? 'replacement' : 'ordinary';
  const sex = (replacement ? s.charCodeAt(9) : digits[9]!) % 2 === 1 ? 'M' : 'F';
  return { ok: true, info: { cpr: s, kind, birthDate: date.toISOString().slice(0, 10), sex, mod11 } };
}

describe('CPR numbers', () => {
  it('every birth date from 1858 to 2057 decodes from each 7th digit the table allows for its year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: (LAST - FIRST) / DAY }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 999 }), fc.boolean(), (offset, digit7, serial, fictitious) => {
        const born = new Date(FIRST + offset * DAY);
        const year = born.getUTCFullYear();
        fc.pre(digitFits(digit7, year));
        const dd = born.getUTCDate() + (fictitious ? 60 : 0);
        const text = `${pad(dd)}${pad(born.getUTCMonth() + 1)}${pad(year % 100)}-${digit7}${pad(serial, 3)}`;
        const r = parseCpr(text);
        expect(r.ok, text).toBe(true);
        if (!r.ok) return;
        expect(r.info.birthDate, text).toBe(born.toISOString().slice(0, 10));
        expect(r.info.kind).toBe(fictitious ? 'fictitious' : 'ordinary');
        expect(r.info.sex).toBe(serial % 2 === 1 ? 'M' : 'F');
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the examples of the table the same way', () => {
    const born = (cpr: string) => {
      const r = parseCpr(cpr);
      return r.ok ? r.info.birthDate : r.reason;
    };
    expect(born('010150-4123')).toBe('1950-01-01'); // 4: 37–99 are 1900s
    expect(born('010120-4123')).toBe('2020-01-01'); // 4: 00–36 are 2000s
    expect(born('010160-5123')).toBe('1860-01-01'); // 5–8: 58–99 are 1800s
    expect(born('010157-8123')).toBe('2057-01-01'); // 5–8: 00–57 are 2000s
    expect(born('010199-2123')).toBe('1999-01-01'); // 0–3: always 1900s
    expect(born('290200-4123')).toBe('2000-02-29'); // 2000 was a leap year
    expect(born('290200-2123')).toBe('date'); // 1900 was not
    expect(born('320190-1234')).toBe('date');
    expect(born('0101901234')).toBe('1990-01-01'); // without the hyphen
    expect(born('010190-12345')).toBe('format');
  });
  it('the fast reader agrees with the regular-expression reading on any ASCII text shaped like a CPR number, and its day number is the ISO date', () => {
    const shaped = fc.stringMatching(/^ ?[0-9]{6}-?[0-9A-Za-z-]{4,5} ?$/);
    const anyText = fc.string({ unit: fc.constantFrom(...'0123456789-aAzZ '.split('')), maxLength: 13 });
    fc.assert(
      fc.property(fc.oneof(shaped, anyText), (raw) => {
        const fast = parseCpr(raw);
        expect(fast, JSON.stringify(raw)).toEqual(regexReading(raw));
        const days = readCpr(raw);
        if (fast.ok && days.ok) expect(new Date(days.info.birthDay * DAY).toISOString().slice(0, 10)).toBe(fast.info.birthDate);
        else expect(days.ok).toBe(false);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('the one form CPR numbers are logged in', () => {
  const chars = fc.constantFrom(...'0123456789aAbZz- \t');
  const raw = fc.oneof(fc.stringMatching(/^\d{6}-?[0-9A-Za-z]{4}$/), fc.array(chars, { maxLength: 13 }).map((c) => c.join('')));

  it('is ten characters without hyphen or spaces, letters upper-case, or nothing (those already so, unchanged)', () => {
    fc.assert(
      fc.property(raw, (r) => {
        const plain = r.replace(/[\s-]/g, '').toUpperCase();
        expect(normaliseCpr(r)).toBe(/^\d{6}[0-9A-Z]{4}$/.test(plain) ? plain : null);
      }),
      { numRuns: 2000 },
    );
  });

  it('names an entry’s citizens sorted and once each, with the digest of that list, however they were given', () => {
    // Numbers in normal form, and as a log may be given numbers it cannot read (kept as given).
    const cpr = fc.constantFrom('0101801234', '0101801235', '0202902345', '3112999999', '010180AB12', '010180ab12', '0101-801234', 'Å10180123', '');
    fc.assert(
      fc.property(fc.array(cpr, { maxLength: 12 }), fc.boolean(), (list, sorted) => {
        const given = sorted ? [...new Set(list)].sort() : list;
        const expected = [...new Set(list)].sort();
        const out = subjectsOf(given);
        expect(out.cprs).toEqual(expected);
        expect(out.digest).toBe(expected.length ? createHash('sha256').update(expected.join('\n')).digest('hex') : '');
        expect(subjectsOf(new Set(given))).toEqual(out);
      }),
      { numRuns: 500 },
    );
  });

  it('writes numbers in normal form as the bytes of their join, and refuses a list with any other', () => {
    const normal = fc.stringMatching(/^\d{6}[0-9A-Z]{4}$/);
    fc.assert(
      fc.property(fc.array(normal, { maxLength: 40 }), fc.option(fc.constantFrom(0x0a, 0x2c), { nil: undefined }), (list, separator) => {
        const joined = list.join(separator === undefined ? '' : String.fromCharCode(separator));
        expect(Buffer.from(cprBytes(list, separator)!).toString('latin1')).toBe(joined);
      }),
      { numRuns: 300 },
    );
    for (const odd of ['010180ab12', '0101-80123', '010180123', '01018012345', '010180123\u00c5']) expect(cprBytes(['0101801234', odd, '0202902345'], 0x0a)).toBeNull();
  });

  it('finds the CPR numbers written in a text, however they are written, and nothing that only looks like one', () => {
    // Any number that reads as a CPR number, hyphenated, spaced or not, anywhere in words.
    const cpr = fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9999 }), fc.boolean()).map(([d, m, y, serial, fictitious]) => `${pad(fictitious ? d + 60 : d)}${pad(m)}${pad(y)}${pad(serial, 4)}`);
    const words = fc.array(fc.constantFrom('ring', 'til', 'naboen', '(', ')', ',', 'sag', 'P-KBKWTFHZ', '33 10 20 30', '2026-03-01'), { maxLength: 4 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(words, cpr, fc.constantFrom('', '-', ' '), words, (before, n, gap, after) => {
        const written = `${n.slice(0, 6)}${gap}${n.slice(6)}`;
        expect(cprNumbersIn(`${before} ${written} ${after}`)).toEqual([n]);
        expect(cprNumbersIn(`${before} ${after}`)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect(cprNumbersIn('skift 010190-1a23 ud')).toEqual(['0101901A23']); // a replacement number, letters in any case
    expect(cprNumbersIn(`${formatCpr('0101901234')},${formatCpr('0202802345')}`)).toEqual(['0101901234', '0202802345']);
    // Ten digits that are no possible date, a phone number, a date, a longer number: none.
    for (const none of ['sag 2026123456', 'tlf. 33102030', '2026-03-01', '01019012345', 'x0101901234']) expect(cprNumbersIn(none), none).toEqual([]);
  });
});
