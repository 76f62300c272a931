/** Dates and times on screen (renderer/i18n/format.ts): Danish time whatever zone the workstation is set to. */
import { describe, expect, it } from 'vitest';
import { formatFor } from '../../renderer/i18n/format';
import { fileStamp } from '../../electron/engine/base/documents/sealed';

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

describe('moments in file names', () => {
  it('are the minute on Danish time, as the user who sent the files read it on the clock', () => {
    expect(fileStamp('2026-03-01T09:30:12.000Z')).toBe('20260301-1030'); // winter time, UTC+1
    expect(fileStamp('2026-06-30T22:15:00.000Z')).toBe('20260701-0015'); // summer time, UTC+2: already the next day
  });
});

describe('moments to the second', () => {
  it('are on Danish time too (security events: failed logins seconds apart)', () => {
    expect(formatFor('da').exactMoment('2026-11-25T23:30:09.000Z')).toBe('26. nov. 2026, 00.30.09');
    expect(formatFor('en').exactMoment('2026-11-25T23:30:09.000Z')).toBe('26 Nov 2026, 00:30:09');
  });
});
