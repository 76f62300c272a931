/**
 * CPR numbers (DDMMYY-SSSS), per the CPR office's rules. Pure, so the engine, the CLI and the UI
 * agree. Modulus 11 is no validity rule (numbers failing it have been issued since 2007): it is
 * reported as a warning only.
 */
export type CprKind = 'ordinary' | 'fictitious' | 'replacement';

export interface CprInfo {
  /** Ten digits, no hyphen. */
  cpr: string;
  kind: CprKind;
  /** ISO date of birth (for fictitious numbers: day − 60). */
  birthDate: string;
  sex: 'M' | 'F';
  mod11: boolean;
}

export type CprResult = { ok: true; info: CprInfo } | { ok: false; reason: 'format' | 'date' };

const WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

/** The century from the 7th digit and the two-digit year (CPR office table). */
export function centuryOf(digit7: number, yy: number): number {
  if (digit7 <= 3) return 1900;
  if (digit7 === 4 || digit7 === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
}

/** A CPR number read for storage: its birth date as a day number (days since 1970-01-01, UTC). */
export interface CprDays extends Omit<CprInfo, 'birthDate'> {
  birthDay: number;
}

export type CprDaysResult = { ok: true; info: CprDays } | { ok: false; reason: 'format' | 'date' };

const DAY_MS = 86_400_000;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const daysIn = (y: number, m: number) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

/**
 * Reads a CPR number (DDMMYY-SSSS or DDMMYYSSSS, spaces around allowed) character by character:
 * the import reads a million of them, where regular expressions, a Date and an ISO string per
 * number cost a second. parseCpr gives the same reading with the birth date as an ISO date.
 */
export function readCpr(raw: string): CprDaysResult {
  let s = raw.trim();
  if (s.length === 11 && s.charCodeAt(6) === 45) s = s.slice(0, 6) + s.slice(7);
  if (s.length !== 10) return { ok: false, reason: 'format' };
  let letters = false;
  for (let i = 0; i < 10; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) continue;
    if (i < 6 || !isLetter(c)) return { ok: false, reason: 'format' };
    letters = true;
  }
  if (letters) return replacement(s.toUpperCase());
  const d = (i: number) => s.charCodeAt(i) - 48;
  let day = d(0) * 10 + d(1);
  const month = d(2) * 10 + d(3);
  const yy = d(4) * 10 + d(5);
  let kind: CprKind = 'ordinary';
  if (day > 60 && day <= 91) {
    day -= 60;
    kind = 'fictitious';
  }
  const year = centuryOf(d(6), yy) + yy;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return { ok: false, reason: 'date' };
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += WEIGHTS[i]! * d(i);
  return { ok: true, info: { cpr: s, kind, birthDay: Date.UTC(year, month - 1, day) / DAY_MS, sex: d(9) % 2 === 1 ? 'M' : 'F', mod11: sum % 11 === 0 } };
}

export function parseCpr(raw: string): CprResult {
  const r = readCpr(raw);
  if (!r.ok) return r;
  const { birthDay, ...rest } = r.info;
  return { ok: true, info: { ...rest, birthDate: new Date(birthDay * DAY_MS).toISOString().slice(0, 10) } };
}

function replacement(s: string): CprDaysResult {
  const d = (i: number) => s.charCodeAt(i) - 48;
  let day = d(0) * 10 + d(1);
  const month = d(2) * 10 + d(3);
  const yy = d(4) * 10 + d(5);
  // A fictitious replacement number (day + 60, as test and demo data use) is classified as
  // fictitious, so only a demo workspace accepts it, like any other fictitious number.
  const fictitious = day > 60 && day <= 91;
  if (fictitious) day -= 60;
  // No century digit: a replacement number's year is read as the most recent one that fits.
  const year = (yy <= new Date().getUTCFullYear() % 100 ? 2000 : 1900) + yy;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return { ok: false, reason: 'date' };
  const last = s.charCodeAt(9);
  return { ok: true, info: { cpr: s, kind: fictitious ? 'fictitious' : 'replacement', birthDay: Date.UTC(year, month - 1, day) / DAY_MS, sex: last % 2 === 1 ? 'M' : 'F', mod11: false } };
}

/** Replacement numbers use letters in the serial part (health sector practice): classify, never drop. */
export function isReplacementNumber(raw: string): boolean {
  return /^\d{6}-?[0-9A-Z]{4}$/i.test(raw.trim()) && /[A-Z]/i.test(raw.trim().slice(-4));
}

/** Age in whole years on a given ISO date. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function formatCpr(cpr: string): string {
  return `${cpr.slice(0, 6)}-${cpr.slice(6)}`;
}

/**
 * The one form a CPR number is stored, logged and searched in: ten characters, no hyphen or
 * spaces, letters upper-case (replacement numbers). Null when it cannot be a CPR number.
 */
export function normaliseCpr(raw: string): string | null {
  // Most are in that form already (an import logs a quarter of a million): no copies made of those.
  if (NORMAL_CPR.test(raw)) return raw;
  const s = raw.replace(/[\s-]/g, '').toUpperCase();
  return NORMAL_CPR.test(s) ? s : null;
}

const NORMAL_CPR = /^\d{6}[0-9A-Z]{4}$/;

/**
 * The CPR numbers written in a text (a hyphen, a space or nothing between the date and the serial
 * part), in normal form: those that read as one, with a possible date of birth, not any ten digits
 * (a ten-digit case number is none). For free text the log keeps, which must name no one: every
 * citizen it named would find it in the log about them (the reason for a reveal).
 */
export function cprNumbersIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?<![0-9A-Za-z])(\d{6})[-\s]?([0-9A-Za-z]{4})(?![0-9A-Za-z])/g)) {
    const r = readCpr(`${m[1]!}${m[2]!.toUpperCase()}`);
    if (r.ok) found.push(r.info.cpr);
  }
  return found;
}

/** Anything that looks like a CPR number, hyphenated or not (for sweeps of what leaves the engine). */
export const CPR_LIKE = /(?<![0-9A-Za-z])\d{6}-?[0-9A-Z]{4}(?![0-9A-Za-z])/;
