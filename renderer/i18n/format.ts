/**
 * Numbers and dates as the user's language writes them (da-DK, en-GB), through Intl: one place,
 * so no screen mixes `1234`, `1.234` and `1,234`, or ISO dates with local ones.
 */
import { useUi } from '../app/store';

export interface Format {
  number: (n: number) => string;
  /** A number shortened for a narrow label (1,2 t / 1.2k); the exact one must be shown beside it or in a table. */
  compact: (n: number) => string;
  /** A calendar day given as `yyyy-mm-dd`, written as a date (no time zone shift). */
  day: (iso: string) => string;
  /**
   * A moment given as an ISO timestamp, as date and time (1. dec. 2026, 06.47 / 1 Dec 2026, 06:47)
   * on Danish time, the clock the import day and every date in the workspace are judged by: a
   * workstation set to another zone would otherwise show an import at 00.30 as the day before.
   */
  moment: (iso: string) => string;
  /** The same to the second (1. dec. 2026, 06.47.09), where events a few seconds apart must be told apart: security events. */
  exactMoment: (iso: string) => string;
}

export function formatFor(lang: 'da' | 'en'): Format {
  const locale = lang === 'da' ? 'da-DK' : 'en-GB';
  const number = new Intl.NumberFormat(locale);
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Copenhagen' });
  const exactMoment = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Copenhagen' });
  return {
    number: (n) => number.format(n),
    compact: (n) => compact.format(n),
    day: (iso) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? day.format(new Date(`${iso}T00:00:00Z`)) : iso),
    moment: (iso) => moment.format(new Date(iso)),
    exactMoment: (iso) => exactMoment.format(new Date(iso)),
  };
}

export function useFormat(): Format {
  return formatFor(useUi((s) => s.lang));
}
