/** Dates as municipal extracts write them, to day numbers (days since 1970-01-01, UTC). */
const DAY_MS = 86_400_000;

export function dayNumber(y: number, m: number, d: number): number | null {
  const t = Date.UTC(y, m - 1, d);
  const dt = new Date(t);
  if (y < 1858 || y > 2099 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return t / DAY_MS;
}

export const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const dayOfIso = (iso: string) => Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
export const dayOfDate = (d: Date) => Math.floor(d.getTime() / DAY_MS);

/**
 * Year, month (1–12) and day of a day number, in integer arithmetic (the proleptic Gregorian
 * "civil from days" algorithm): the screening index computes 375,000 ages with it, where a Date
 * and an ISO string per person cost a third of the index's build.
 */
export function civilOfDay(day: number): [number, number, number] {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Age in whole years on day `on` of someone born on day `birth` (as ageOn does with ISO dates). */
export function ageOnDay(birth: number, on: number): number {
  const [by, bm, bd] = civilOfDay(birth);
  const [y, m, d] = civilOfDay(on);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The municipality's calendar: an import at 00:30 on 26 November in Denmark happens on the 26th. */
const COPENHAGEN = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The day number of the date it is in Copenhagen at that moment (not the UTC date). */
export const dayInCopenhagen = (d: Date) => dayOfIso(COPENHAGEN.format(d));

const COPENHAGEN_MINUTE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** A moment as `yyyymmdd-hhmm` on Danish time, for file names a user reads beside the clock on the wall. */
export function minuteStampInCopenhagen(d: Date): string {
  const part = Object.fromEntries(COPENHAGEN_MINUTE.formatToParts(d).map((p) => [p.type, p.value]));
  return `${part.year}${part.month}${part.day}-${part.hour}${part.minute}`;
}

/** Days between Excel's two date systems: serial 0 is 1899-12-30 in the 1900 system, 1904-01-01 in the 1904 system. */
export const EXCEL_1904_OFFSET = 1462;

/**
 * yyyy-mm-dd, dd-mm-yyyy and dd.mm.yyyy (also d.m.yyyy). Two-digit years are ambiguous and
 * refused. From XLSX, a number is an Excel serial date, in the workbook's date system (1900,
 * Excel's default, or 1904).
 */
export function parseDate(raw: string, excelNumber = false, dateSystem: 1900 | 1904 = 1900): number | null {
  const s = raw.trim();
  if (excelNumber && /^\d{5}(\.\d+)?$/.test(s)) {
    const serial = Math.floor(Number(s)) + (dateSystem === 1904 ? EXCEL_1904_OFFSET : 0);
    return serial > 0 ? serial - 25569 : null; // 25569 = 1970-01-01 in Excel's 1900 system
  }
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$/.exec(s);
  if (m) return dayNumber(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

/** Danish "12.345,50" or plain "12345.5"; whole kroner. */
export function parseAmount(raw: string): number | null {
  const s = raw.trim().replace(/\s|kr\.?$/gi, '');
  if (/^-?\d{1,3}(\.\d{3})*(,\d+)?$/.test(s) || /^-?\d+(,\d+)?$/.test(s)) return Math.round(Number(s.replace(/\./g, '').replace(',', '.')));
  if (/^-?\d+(\.\d+)?$/.test(s)) return Math.round(Number(s));
  return null;
}
