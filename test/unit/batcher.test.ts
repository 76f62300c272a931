/**
 * The loader's batched INSERT (import/batcher.ts) puts a statement's texts into one UTF-8 blob and
 * each text in as a slice of it. Whatever the texts (Danish letters, characters beyond the
 * Basic Multilingual Plane, empty ones, long ones that outgrow the blob's first size) and however
 * many rows (full statements and the rest), every row reads back exactly as it was put, as text.
 * The texts it held for a statement are zeroed once the statement has run, also when it failed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { Batcher } from '../../electron/engine/import/batcher';

// Texts as an extract's decoder gives them: whole characters (no lone surrogate), and no NUL, which
// SQLite keeps but sql.js reads back only up to.
const text = fc
  .oneof(fc.string({ unit: fc.constantFrom('æ', 'Ø', 'å', '§', '-', ' ', 'a', '😀'), maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }))
  .map((s) => s.replaceAll('\u0000', ''));
const row = fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), text, fc.option(fc.integer()), text);

describe('the loader’s batched insert', () => {
  it('reads every row back as it went in, its texts as text', async () => {
    const sql = await loadSqlJs();
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 450 }), fc.string({ unit: 'binary', minLength: 2000, maxLength: 3000 }), async (rows, long) => {
        const db = new sql.Database();
        db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT NOT NULL, c INTEGER, d TEXT NOT NULL) STRICT');
        const all = [...rows, [7, long.replaceAll('\u0000', ''), null, 'lang'] as const];
        const b = new Batcher(db, 'INSERT INTO t (k, a, b, c, d)', '(?,?,@,?,@)');
        all.forEach(([a, s, c, t], k) => b.add([k, a, s, c, t]));
        b.finish();
        const back = db.exec('SELECT a, b, c, d, typeof(b), typeof(d) FROM t ORDER BY k')[0]?.values ?? [];
        expect(back).toEqual(all.map(([a, s, c, t]) => [a, s, c, t, 'text', 'text']));
        db.close();
      }),
      { numRuns: 40 },
    );
  });

  it('zeroes the texts of a statement once it has run, also when the statement fails', async () => {
    const db = new (await loadSqlJs()).Database();
    db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, cpr TEXT NOT NULL UNIQUE) STRICT');
    const b = new Batcher(db, 'INSERT INTO t (k, cpr)', '(?,@)');
    // The blob is private; reading it here is the only way to see what a freed buffer would hold.
    const held = () => (b as unknown as { texts: Uint8Array }).texts;
    for (let k = 0; k < 200; k++) b.add([k, `0101801${String(k).padStart(3, '0')}`]);
    expect(held().every((x) => x === 0)).toBe(true); // a full statement has run
    b.add([200, '0101801000']); // the CPR number of row 0 again: the last statement fails
    expect(held().some((x) => x !== 0)).toBe(true);
    expect(() => b.finish()).toThrow(/UNIQUE/);
    expect(held().every((x) => x === 0)).toBe(true);
    db.close();
  });
});
