/** Dates and times on screen (renderer/i18n/format.ts): Danish time whatever zone the workstation is set to. */
import { describe, expect, it } from 'vitest';
import { formatFor } from '../../renderer/i18n/format';

describe('moments on screen', () => {
  it('are shown on Danish time, so an import at 00.30 is on the day it was in Denmark', () => {
    // 23:30 UTC on 25 November is 00:30 on 26 November in Copenhagen (winter time, UTC+1).
    expect(formatFor('da').moment('2026-11-25T23:30:00.000Z')).toBe('26. nov. 2026, 00.30');
    expect(formatFor('en').moment('2026-11-25T23:30:00.000Z')).toBe('26 Nov 2026, 00:30');
    // Summer time is UTC+2.
    expect(formatFor('da').moment('2026-06-30T22:15:00.000Z')).toBe('1. jul. 2026, 00.15');
  });

  it('write a calendar day as the day it names, without a shift', () => {
    expect(formatFor('da').day('2026-11-26')).toBe('26. nov. 2026');
  });
});
