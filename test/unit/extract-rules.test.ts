/**
 * How docs/extract-format.md says a row is judged, checked against the reader and validation the
 * import runs (decodeTable, validateTable): the status values, the one reason a row gets, blank
 * rows, the CPR warnings, how a sector may be spelled and a relations link sent twice. Each test
 * quotes the rule it checks; the status test reads its list from the document itself.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledCatalogue } from '../../electron/engine/catalogue/catalogue';
import { toCsv } from '../../electron/engine/base/files/csv';
import { decodeTable } from '../../electron/engine/import/read-extract';
import { ExtractError, validateTable, type Validated } from '../../electron/engine/import/validate';
import { STATUS_ALIASES } from '../../shared/extract-format';
import { dayOfIso } from '../../shared/dates';
import { HEADER_DA, row } from '../support/extracts';

const DOC = readFileSync(new URL('../../docs/extract-format.md', import.meta.url), 'utf8');
/** The document's prose with its line breaks as spaces, for quoting a sentence wherever it wraps. */
const PROSE = DOC.replace(/\s+/g, ' ');
const TODAY = dayOfIso('2026-11-30');
const catalogue = bundledCatalogue().map((c, i) => ({ ...c, id: i + 1 }));

function validate(text: string, demo = true): Validated {
  return validateTable(decodeTable(new TextEncoder().encode(text)).table, { catalogue, today: TODAY, demo });
}
const services = (rows: string[][]) => validate(toCsv([HEADER_DA, ...rows], ';'));

/** What became of a file's one row: kept, or the rule that dropped it, or the reason that refused it. */
function fate(v: Validated): string {
  const t = v.tally;
  if (t.rowsKept === 1) return 'kept';
  return [...t.dropped.keys(), ...t.rejected.keys()].join(',');
}

describe('docs/extract-format.md: how a row is judged', () => {
  it('the status column: every value the table lists is read as it says, and the table lists every value read', () => {
    const cell = DOC.split('\n').find((l) => l.startsWith('| `status` |'))!;
    const [ongoing, dropped] = cell.split('Dropped and counted:') as [string, string];
    const listed = (s: string) => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((v) => !v.startsWith('status'));
    const groups: [string, string[]][] = [['kept', listed(ongoing)]];
    for (const m of dropped.matchAll(/((?:`[^`]+`,?\s*)+)\(`(status-[a-z]+)`\)/g)) groups.push([m[2]!, listed(m[1]!)]);
    expect(groups.map(([k]) => k)).toEqual(['kept', 'status-ended', 'status-rejected', 'status-pending', 'status-earlier']);
    for (const [expected, values] of groups) {
      // "Case and spaces do not matter"
      for (const v of values) for (const spelt of [v, v.toUpperCase(), ` ${v.replace(' ', '  ')} `]) expect(fate(services([row({ Status: spelt })])), spelt).toBe(expected);
    }
    // "æ, ø and å may be written ae, oe and aa": the only spellings read that the table does not list.
    const asciiOf = (v: string) => v.toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa');
    const docValues = groups.flatMap(([, values]) => values.map((v) => v.toLowerCase()));
    const read = Object.values(STATUS_ALIASES).flat() as string[];
    expect(read.filter((v) => !docValues.includes(v) && !docValues.map(asciiOf).includes(v))).toEqual([]);
    expect(docValues.filter((v) => !read.includes(v))).toEqual([]);
    expect(fate(services([row({ Status: 'Igangvaerende' })]))).toBe('kept');
    // "any other value is status-unknown"
    expect(fate(services([row({ Status: 'Pause' })]))).toBe('status-unknown');
  });

  it('"one reason per row, the first that applies": what the trial does not allow is dropped before anything wrong in it is looked at', () => {
    const cases: [Parameters<typeof row>[0], string][] = [
      [{ Status: 'Afsluttet', Startdato: '01-03-2026', Slutdato: '01-02-2026' }, 'status-ended'], // not ongoing, and end before start
      [{ Ydelseskode: 'EX_HJAELPEMIDLER', 'CPR-nr': '999999-9999' }, 'excluded-service'], // excluded, and no possible CPR number
      [{ Startdato: '01-01-2026', Slutdato: '01-06-2026', Ydelseskode: 'NO_SUCH' }, 'ended-by-date'], // ended, and an unknown code
      [{ Startdato: '01-06-2027', Slutdato: '01-01-2027' }, 'date-order'], // end before a future start
      [{ Startdato: '01-06-2027', Navn: '' }, 'not-started'], // not started, and no name
      [{ Navn: '', Ydelseskode: 'NO_SUCH' }, 'required-missing'],
      [{ Ydelseskode: 'NO_SUCH', Status: 'Pause' }, 'service-code-unknown'],
      [{ Status: 'Pause', Startdato: 'i går' }, 'status-unknown'],
      [{ Startdato: 'i går', Slutdato: 'i morgen' }, 'date-invalid'],
      [{ Sektor: 'Voksen-social', 'CPR-nr': '999999-9999' }, 'sector-unknown'],
      [{ 'CPR-nr': '999999-9999', 'Årlig udgift': '-5' }, 'cpr-invalid'],
    ];
    for (const [overrides, reason] of cases) {
      // A second, valid row names the file's sector, so each refused row is one among others.
      const v = services([row({ 'CPR-nr': '710190-0000', Ydelseskode: 'LAB_MENTOR' }), row(overrides)]);
      expect({ overrides, fate: [...v.tally.dropped.keys(), ...v.tally.rejected.keys()] }).toEqual({ overrides, fate: [reason] });
    }
    expect(PROSE).toContain('So a row that is both ended and wrong is dropped, not rejected');
  });

  it('"blank rows (nothing but separators, spaces and tabs) are skipped": not counted as read, and the next row keeps its number', () => {
    const header = HEADER_DA.join(';');
    const blank = ';'.repeat(HEADER_DA.length - 1);
    const bad = toCsv([row({ Startdato: 'i går' })], ';').trimEnd();
    const v = validate(`${header}\r\n${blank}\r\n \t ; ;\r\n${bad}\r\n\r\n`);
    expect(v.tally.rowsRead).toBe(1);
    // "a row after two blank lines below the header is row 4"
    expect(v.tally.rejections).toEqual([{ row: 4, column: 'Startdato', reason: 'date-invalid' }]);
  });

  it('"a fictitious number (day + 60) gets neither warning"; an ordinary one failing modulus 11 and a replacement number each get theirs', () => {
    const warnings = (cpr: string) => Object.fromEntries(services([row({ 'CPR-nr': cpr })]).tally.warnings);
    expect(warnings('710190-1235')).toEqual({}); // fictitious, and fails modulus 11
    expect(warnings('010190-1234')).toEqual({ 'cpr-mod11': 1 }); // before 2007: modulus 11 applied
    expect(warnings('010190-1A23')).toEqual({ 'cpr-replacement': 1 });
    expect(PROSE).toContain('Replacement numbers with letters are accepted and marked (the warning `cpr-replacement` counts them)');
  });

  it('a sector: "case and spaces do not matter; hyphens and dots do", and a file naming no known sector is refused whole', () => {
    const sectorOf = (text: string) => {
      const v = services([row({ Sektor: text })]);
      return v.kind === 'services' && v.tally.rowsKept === 1 ? v.sector : null;
    };
    expect(sectorOf(' børn  og FAMILIE ')).toBe('boern');
    expect(sectorOf('ADULT SOCIAL SERVICES')).toBe('voksen');
    expect(() => services([row({ Sektor: 'Voksen-social' })])).toThrow(ExtractError);
    expect(() => services([row({ Sektor: 'Voksen-social' })])).toThrow(/no row names a known sector/);
  });

  it('a relations link sent twice is a duplicate "whatever the household"', () => {
    const v = validate(toCsv([['Forælder_CPR', 'Barn_CPR', 'Husstand'], ['710180-1122', '710112-3344', 'H000123'], ['710180-1122', '710112-3344', 'H999'], ['710180-1122', '710112-3344', '']], ';'));
    expect(v.tally.rowsKept).toBe(1);
    expect(v.tally.rejections).toEqual([
      { row: 3, column: 'Barn_CPR', reason: 'duplicate' },
      { row: 4, column: 'Barn_CPR', reason: 'duplicate' },
    ]);
  });
});
