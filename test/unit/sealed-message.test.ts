/**
 * A worker's answer crosses as JSON bytes the receiver zeroes, with its typed arrays moved beside
 * it and its long string arrays as one text: what arrives is what was sent, arrays in their place,
 * and nothing of the JSON or the text is left.
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

  it('long string arrays cross as one text, cut back exactly: any script, empty strings, lone surrogates, a string alone', () => {
    const cpr = Array.from({ length: 5000 }, (_, i) => String(101_900_000 + i).padStart(10, '0'));
    const name = cpr.map((_, i) => ['Åse Ørsted', '', 'Zoë “Z” \\ \u0000', '李小龍', '\ud800 alone', 'x'.repeat(i % 40)][i % 6]!);
    const mixed = Array.from({ length: 100 }, (_, i) => (i === 50 ? 7 : `t${i}`)); // not all strings: stays JSON
    const value = { persons: { cpr, name }, texts: { short: ['a', 'b'], one: 'alone', mixed }, more: [name.slice(0, 64)] };
    const { sealed, transfer } = seal(value);
    expect(transfer).toContain(sealed.texts.buffer);
    expect(sealed.lengths.length).toBe(2 * 5000 + 64); // the three long columns, and no other
    expect(new TextDecoder().decode(sealed.json)).not.toContain('Ørsted'); // not in the JSON
    const texts = sealed.texts;
    const back = unseal<typeof value>(sealed);
    expect(back).toEqual(value);
    expect(back.persons.name[4]).toBe('\ud800 alone');
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((b) => b === 0)).toBe(true);
  });

  it('a column of Danish text crosses a byte a character, and comes back the same', () => {
    const name = Array.from({ length: 300 }, (_, i) => ['Åse Ørsted', 'Æbelø Ægidius', `Jens ${i}`, ''][i % 4]!);
    const { sealed } = seal({ name });
    expect(sealed.wide).toBe(false);
    expect(sealed.texts.length).toBe(name.join('').length);
    expect(unseal<{ name: string[] }>(sealed).name).toEqual(name);
  });
});
