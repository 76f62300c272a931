/** One explanation line as a short sentence: what was found, against what was asked. */
import type { ExplainedRule, RuleResult } from '../../../shared/criteria';
import { ageBandOf } from '../../../shared/screening';
import type { T } from '../../i18n';

/** How the value stands to the threshold: signs read the same in both languages; "of" is a word, and an age range needs no sign. */
const OPERATOR: Record<ExplainedRule, string> = {
  minServices: '≥',
  minSectors: '≥',
  minDepartments: '≥',
  minCaseworkers: '≥',
  allOf: 'of',
  anyOf: '≥',
  noneOf: '=',
  age: '',
  minYearlyCost: '≥',
  requireChildAndAdult: '=',
  excludeRecentStart: '>',
  excludeEndingWithin: '>',
};

const bands = (value: number | string) =>
  [...new Set(String(value).split(',').map((v) => (Number(v) < 0 || v.trim() === '' ? '–' : ageBandOf(Number(v)))))].join(', ');

const operator = (t: T, rule: ExplainedRule) => {
  const op = OPERATOR[rule] ?? '';
  return op === 'of' ? `${t('why.of')} ` : op ? `${op} ` : '';
};

export function ruleText(t: T, r: RuleResult, lang: 'da' | 'en'): string {
  const rule = r.rule as ExplainedRule;
  const fmt = (v: number | string) => (typeof v === 'number' ? (v < 0 ? '–' : v.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB')) : v);
  // a yes/no rule that is met needs no numbers ("barn og voksen", not "barn+voksen (= barn+voksen)")
  if (typeof r.value === 'string' && r.value === r.threshold) return t(`why.${rule}`);
  // The list shows age bands, never ages: the age rule's value (a member's age, or a family's ages) as its bands too.
  if (rule === 'age') return `${t('why.age')}: ${bands(r.value)} (${fmt(r.threshold)})`;
  return `${t(`why.${rule}`)}: ${fmt(r.value)} (${operator(t, rule)}${fmt(r.threshold)})`;
}

/** A rule as the list asked for it, without a candidate's value ("sektorer ≥ 3"): a filter's name. */
export function ruleName(t: T, r: RuleResult, lang: 'da' | 'en'): string {
  const rule = r.rule as ExplainedRule;
  if (typeof r.value === 'string' && r.value === r.threshold) return t(`why.${rule}`);
  const threshold = typeof r.threshold === 'number' ? (r.threshold < 0 ? '–' : r.threshold.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB')) : r.threshold;
  return `${t(`why.${rule}`)} ${operator(t, rule)}${threshold}`;
}
