/**
 * The order a relations file's links are inserted in (load.ts keyOrder): by parent, then child,
 * and stable, so that of two links between the same persons the first in the file is the one the
 * table keeps. Counted for ids as persons have them, compared for any others; both must give what
 * a stable comparison sort gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyOrder } from '../../electron/engine/import/load';

const stableSort = (parent: Int32Array, child: Int32Array) =>
  Array.from(parent.keys()).sort((a, b) => parent[a]! - parent[b]! || child[a]! - child[b]! || a - b);

describe('keyOrder', () => {
  it('orders links by parent and child, ties in file order, for small and for very large ids', () => {
    const ids = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(ids, ids), { maxLength: 120 }), (links) => {
        const parent = Int32Array.from(links, ([p]) => p);
        const child = Int32Array.from(links, ([, c]) => c);
        expect(Array.from(keyOrder(parent, child))).toEqual(stableSort(parent, child));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the first of repeated links first', () => {
    const parent = Int32Array.from([7, 3, 7, 3, 7]);
    const child = Int32Array.from([2, 9, 2, 1, 1]);
    expect(Array.from(keyOrder(parent, child))).toEqual([3, 1, 4, 0, 2]);
  });
});
