/**
 * docs/extract-format.md: a row for the same citizen, service code and start date as a row
 * before it in the file is rejected as `duplicate` (validate.ts, ServicesSeen). Whatever the order
 * and mix of rows, the rows rejected are exactly those whose citizen, code and start an earlier
 * kept row already had, and every other row is kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledCatalogue } from '../../electron/engine/catalogue/catalogue';
import { parseExtract } from '../../electron/engine/import/parse';
import { dayOfIso } from '../../shared/dates';
import { csv, row } from '../support/extracts';

const catalogue = bundledCatalogue().map((c, i) => ({ ...c, id: i + 1 }));
const opts = { catalogue, today: dayOfIso('2026-06-01'), demo: true };

const CPRS = ['710190-1234', '720190-2222', '730190-3333'];
const CODES = ['LAB_MENTOR', 'LAB_PRAKTIK', 'LAB_FLEKSJOB'];
const STARTS = ['01-03-2026', '02-03-2026', '15-01-1990'];

describe('the same service twice in one file', () => {
  it('rejects exactly the rows whose citizen, code and start date an earlier row already had', () => {
    const line = fc.record({ cpr: fc.constantFrom(...CPRS), code: fc.constantFrom(...CODES), start: fc.constantFrom(...STARTS) });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), (lines) => {
        const { validated } = parseExtract(csv(lines.map((l) => row({ 'CPR-nr': l.cpr, Ydelseskode: l.code, Startdato: l.start }))), opts);
        const seen = new Set<string>();
        const expected: number[] = [];
        lines.forEach((l, i) => {
          const key = `${l.cpr}|${l.code}|${l.start}`;
          if (seen.has(key)) expected.push(i + 2); // the header is row 1
          seen.add(key);
        });
        expect(validated.tally.rejections.filter((r) => r.reason === 'duplicate').map((r) => r.row)).toEqual(expected);
        expect(validated.tally.rejections.every((r) => r.reason === 'duplicate')).toBe(true);
        expect(validated.tally.rowsKept).toBe(seen.size);
      }),
      { numRuns: 200 },
    );
  });
});
