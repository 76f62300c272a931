/**
 * A changed criterion in words, for the comparison of two runs. The engine gives each side as the
 * criterion's JSON text (runs.ts: criteriaChanges), or `–` where it was not set; the screen says
 * what it means: "18–35 år", "250.000 kr.", "Ja", the references a rule names.
 */
import type { ServiceRef } from '../../../shared/criteria';
import type { T } from '../../i18n';
import type { Format } from '../../i18n/format';

const refText = (r: ServiceRef) => ('code' in r ? r.code : r.paragraph);
const refsText = (t: T, refs: readonly (ServiceRef | readonly ServiceRef[])[]) =>
  refs.length === 0 ? t('runs.change.none') : refs.map((r) => (Array.isArray(r) ? `(${r.map(refText).join(` ${t('runs.change.or')} `)})` : refText(r as ServiceRef))).join(', ');

export function criterionText(t: T, f: Format, field: string, json: string): string {
  if (json === '–') return t('runs.change.notSet');
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return json;
  }
  switch (field) {
    case 'unit':
      return v === 'family' ? t('screen.unit.family') : t('screen.unit.person');
    case 'countUniversal':
    case 'requireChildAndAdult':
      return t(v ? 'runs.change.yes' : 'runs.change.no');
    case 'age': {
      const a = v as { min?: number; max?: number };
      if (a.min !== undefined && a.max !== undefined) return t('runs.change.ageBetween', { min: f.number(a.min), max: f.number(a.max) });
      if (a.min !== undefined) return t('runs.change.ageFrom', { min: f.number(a.min) });
      if (a.max !== undefined) return t('runs.change.ageTo', { max: f.number(a.max) });
      return t('runs.change.notSet');
    }
    case 'minYearlyCost':
      return t('runs.change.kroner', { n: f.number(v as number) });
    case 'excludeEndingWithin':
      return t('runs.change.days', { n: f.number((v as { days: number }).days) });
    case 'excludeRecentStart': {
      const x = v as { days: number; services: ServiceRef[] };
      return `${t('runs.change.days', { n: f.number(x.days) })}: ${refsText(t, x.services)}`;
    }
    case 'allOf':
    case 'anyOf':
    case 'noneOf':
      return refsText(t, v as ServiceRef[]);
    default:
      return typeof v === 'number' ? f.number(v) : typeof v === 'string' ? v : json;
  }
}
