/**
 * A worker's answer crosses as JSON bytes the receiver zeroes, with its typed arrays moved beside
 * it: what arrives is what was sent, arrays in their place, and nothing of the JSON is left.
 */
import { describe, expect, it } from 'vitest';
import { seal, unseal } from '../../electron/engine/base/sealed-message';

describe('sealed worker messages', () => {
  it('arrive as sent: nested typed arrays in their place, texts of any script, the sender’s value untouched', () => {
    const birthDay = Int32Array.from([1, -2, 3]);
    const cost = Float64Array.from([0.5, Number.NaN]);
    const value = {
      kind: 'services',
      persons: { cpr: ['0101901234', '020290123A'], name: ['Åse Ørsted', 'Zoë “Z” \\ \u0000'], birthDay },
      columns: { cost, list: [birthDay, { deep: new Uint8Array([7]) }] },
      empty: [],
      nothing: null,
      count: 3,
    };
    const { sealed, transfer } = seal(value);
    expect(value.columns.list[0]).toBe(birthDay); // the sender's structure is not rewritten
    expect(transfer).toContain(sealed.json.buffer);
    expect(transfer).toContain(birthDay.buffer);
    const json = sealed.json;
    const back = unseal<typeof value>(sealed);
    expect(back).toEqual(value);
    expect(back.persons.birthDay).toBe(birthDay);
    expect(back.columns.list[0]).toBe(birthDay);
    expect(back.columns.cost).toBe(cost);
    expect(json.every((b) => b === 0)).toBe(true);
  });
});
