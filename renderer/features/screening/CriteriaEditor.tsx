/** The criteria fields: numbers, services, age, cost, timing and family mode. */
import type { UnresolvedRef } from '../../../shared/codes';
import { CRITERIA_PROBLEMS } from '../../../shared/criteria';
import type { EngineErrorData } from '../../../shared/errors';
import { Checkbox, Field, RadioGroup } from '../../ui';
import { useT, type MessageKey } from '../../i18n';
import type { CriteriaForm } from './criteria-form';
import type { CatalogueEntry } from '../../../shared/schemas';
import { ServicePicker } from './ServicePicker';

export function CriteriaEditor({
  form,
  onChange,
  problems = {},
  catalogue,
}: {
  form: CriteriaForm;
  onChange: (f: CriteriaForm) => void;
  problems?: Partial<Record<keyof CriteriaForm, string>>;
  catalogue: readonly CatalogueEntry[];
}) {
  const t = useT();
  const services = (name: 'allOf' | 'anyOf' | 'noneOf' | 'recentServices', label: Parameters<typeof t>[0], groups = false) => (
    <ServicePicker name={name} label={t(label)} value={form[name]} groups={groups} catalogue={catalogue} error={problems[name]} onChange={(v) => onChange({ ...form, [name]: v })} />
  );
  const field = (name: keyof CriteriaForm, label: Parameters<typeof t>[0], hint?: string) => (
    <Field name={name} label={t(label)} value={String(form[name])} hint={hint} error={problems[name]} onChange={(v) => onChange({ ...form, [name]: v })} />
  );
  const check = (name: 'countUniversal' | 'requireChildAndAdult', label: Parameters<typeof t>[0], disabled = false) => (
    <Checkbox name={name} checked={form[name]} disabled={disabled} onChange={(checked) => onChange({ ...form, [name]: checked })}>
      {t(label)}
    </Checkbox>
  );
  return (
    <div className="criteria">
      <fieldset>
        <legend id="criteria-unit">{t('screen.unit')}</legend>
        <RadioGroup labelledBy="criteria-unit" name="unit" value={form.unit} onChange={(unit) => onChange({ ...form, unit })} options={(['person', 'family'] as const).map((u) => ({ value: u, label: t(`screen.unit.${u}`) }))} />
        {check('requireChildAndAdult', 'screen.requireChildAndAdult', form.unit !== 'family')}
      </fieldset>
      <fieldset>
        <legend>{t('screen.counts')}</legend>
        <div className="row compact">
          {field('minServices', 'screen.minServices')}
          {field('minSectors', 'screen.minSectors')}
          {field('minDepartments', 'screen.minDepartments')}
          {field('minCaseworkers', 'screen.minCaseworkers')}
        </div>
        {check('countUniversal', 'screen.countUniversal')}
      </fieldset>
      <fieldset>
        <legend>{t('screen.services')}</legend>
        <p className="muted small">{t('screen.servicesHint')}</p>
        {services('allOf', 'screen.allOf', true)}
        {services('anyOf', 'screen.anyOf')}
        {services('noneOf', 'screen.noneOf')}
        <div className="row compact">
          {field('ageMin', 'screen.ageMin')}
          {field('ageMax', 'screen.ageMax')}
          {field('minYearlyCost', 'screen.minYearlyCost')}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('screen.timing')}</legend>
        <div className="row compact">
          {field('recentDays', 'screen.recentDays')}
          {services('recentServices', 'screen.recentServices')}
        </div>
        {field('endingDays', 'screen.endingDays')}
      </fieldset>
    </div>
  );
}

/** The form field each part of the criteria comes from, for marking the field a refusal concerns. */
const FIELD_OF_PATH: Record<string, keyof CriteriaForm> = {
  allOf: 'allOf',
  anyOf: 'anyOf',
  noneOf: 'noneOf',
  excludeRecentStart: 'recentServices',
  'excludeRecentStart.days': 'recentDays',
  'excludeRecentStart.services': 'recentServices',
  'excludeEndingWithin.days': 'endingDays',
  minServices: 'minServices',
  minSectors: 'minSectors',
  minDepartments: 'minDepartments',
  minCaseworkers: 'minCaseworkers',
  minYearlyCost: 'minYearlyCost',
  'age.min': 'ageMin',
  'age.max': 'ageMax',
};

/** What to write in each field, said where the engine refused a value there. */
const FIELD_PROBLEM: Partial<Record<keyof CriteriaForm, MessageKey>> = {
  minServices: 'screen.problem.count',
  minDepartments: 'screen.problem.count',
  minCaseworkers: 'screen.problem.count',
  minSectors: 'screen.problem.sectors',
  ageMin: 'screen.problem.age',
  ageMax: 'screen.problem.age',
  minYearlyCost: 'screen.problem.cost',
  recentDays: 'screen.problem.days',
  endingDays: 'screen.problem.days',
  recentServices: 'screen.problem.recentServices',
};

/** The criteria field a path inside the input names: the longest known prefix, after `criteria.`. */
function fieldOf(path: string): keyof CriteriaForm | undefined {
  const parts = path.replace(/^criteria\./, '').split('.');
  for (let n = parts.length; n > 0; n--) {
    const f = FIELD_OF_PATH[parts.slice(0, n).join('.')];
    if (f) return f;
  }
  return undefined;
}

/**
 * Field problems from the engine's refusal: unknown references, each in the field that names it,
 * and values out of range or contradicting each other, each in its own field with what to write.
 */
export function criteriaProblems(t: ReturnType<typeof useT>, error: EngineErrorData | null): Partial<Record<keyof CriteriaForm, string>> {
  const problems: Partial<Record<keyof CriteriaForm, string>> = {};
  if (error?.code === 'UNKNOWN_REFERENCE' && Array.isArray(error.details?.references)) {
    const byField = new Map<keyof CriteriaForm, string[]>();
    for (const r of error.details.references as UnresolvedRef[]) {
      const field = fieldOf(r.path);
      if (field) byField.set(field, [...(byField.get(field) ?? []), `«${r.text}»`]);
    }
    for (const [f, texts] of byField) problems[f] = t('screen.unknownRef', { refs: texts.join(', ') });
  }
  if (error?.code === 'VALIDATION' && Array.isArray(error.details?.issues)) {
    for (const i of error.details.issues as { path: string; message: string }[]) {
      const field = fieldOf(i.path);
      if (!field || problems[field]) continue;
      const key = i.message === CRITERIA_PROBLEMS.ageOrder ? 'screen.problem.ageOrder' : FIELD_PROBLEM[field];
      if (key) problems[field] = t(key);
    }
  }
  return problems;
}
