/**
 * The criteria editor's fields as text, and the conversion to and from criteria JSON. The engine
 * validates the result; this only turns what the user typed into the shape it expects.
 */
import type { CriteriaInput, ServiceRef } from '../../../shared/criteria';

export interface CriteriaForm {
  unit: 'person' | 'family';
  countUniversal: boolean;
  requireChildAndAdult: boolean;
  minServices: string;
  minSectors: string;
  minDepartments: string;
  minCaseworkers: string;
  allOf: string;
  anyOf: string;
  noneOf: string;
  ageMin: string;
  ageMax: string;
  minYearlyCost: string;
  recentDays: string;
  recentServices: string;
  endingDays: string;
}

/** "SEL85" is a code; anything with "§" is a paragraph in old or new numbering. */
const ref = (s: string): ServiceRef => (s.includes('§') ? { paragraph: s } : { code: s });
const refText = (r: ServiceRef) => ('code' in r ? r.code : r.paragraph);
const items = (text: string) => text.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);

/** "LAS_KH|LAS_UH, SEL85": a group of which one is enough, then a single service. */
export function parseGroups(text: string): (ServiceRef | ServiceRef[])[] {
  return items(text).map((item) => {
    const alternatives = item.split('|').map((s) => s.trim()).filter(Boolean);
    return alternatives.length === 1 ? ref(alternatives[0]!) : alternatives.map(ref);
  });
}

export const parseRefs = (text: string): ServiceRef[] => items(text.replaceAll('|', ',')).map(ref);

export function formatGroups(list: readonly (ServiceRef | readonly ServiceRef[])[] | undefined): string {
  return (list ?? []).map((el) => (Array.isArray(el) ? el.map(refText).join('|') : refText(el as ServiceRef))).join(', ');
}

const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim().replace(/\./g, '').replace(',', '.')));
const text = (n: number | undefined) => (n === undefined || n === 0 ? '' : String(n));

export function toCriteria(f: CriteriaForm): CriteriaInput {
  const c: CriteriaInput = { version: 1, unit: f.unit, countUniversal: f.countUniversal };
  const set = <K extends 'minServices' | 'minSectors' | 'minDepartments' | 'minCaseworkers' | 'minYearlyCost'>(k: K, v: string) => {
    const n = num(v);
    if (n !== undefined) c[k] = n;
  };
  set('minServices', f.minServices);
  set('minSectors', f.minSectors);
  set('minDepartments', f.minDepartments);
  set('minCaseworkers', f.minCaseworkers);
  set('minYearlyCost', f.minYearlyCost);
  const allOf = parseGroups(f.allOf);
  if (allOf.length) c.allOf = allOf;
  const anyOf = parseRefs(f.anyOf);
  if (anyOf.length) c.anyOf = anyOf;
  const noneOf = parseRefs(f.noneOf);
  if (noneOf.length) c.noneOf = noneOf;
  const [min, max] = [num(f.ageMin), num(f.ageMax)];
  if (min !== undefined || max !== undefined) c.age = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  const recent = num(f.recentDays);
  if (recent !== undefined) c.excludeRecentStart = { days: recent, services: parseRefs(f.recentServices) };
  const ending = num(f.endingDays);
  if (ending !== undefined) c.excludeEndingWithin = { days: ending };
  if (f.unit === 'family' && f.requireChildAndAdult) c.requireChildAndAdult = true;
  return c;
}

export function fromCriteria(c: CriteriaInput): CriteriaForm {
  return {
    unit: c.unit ?? 'person',
    countUniversal: c.countUniversal ?? false,
    requireChildAndAdult: c.requireChildAndAdult ?? false,
    minServices: text(c.minServices),
    minSectors: text(c.minSectors),
    minDepartments: text(c.minDepartments),
    minCaseworkers: text(c.minCaseworkers),
    allOf: formatGroups(c.allOf),
    anyOf: formatGroups(c.anyOf),
    noneOf: formatGroups(c.noneOf),
    ageMin: c.age?.min === undefined ? '' : String(c.age.min),
    ageMax: c.age?.max === undefined ? '' : String(c.age.max),
    minYearlyCost: c.minYearlyCost === undefined ? '' : String(c.minYearlyCost),
    recentDays: c.excludeRecentStart ? String(c.excludeRecentStart.days) : '',
    recentServices: formatGroups(c.excludeRecentStart?.services),
    endingDays: c.excludeEndingWithin ? String(c.excludeEndingWithin.days) : '',
  };
}

export const EMPTY_FORM: CriteriaForm = fromCriteria({ version: 1, minServices: 3, minSectors: 2 });
