/** The criteria fields: numbers, services, age, cost, timing and family mode. */
import type { UnresolvedRef } from '../../../shared/codes';
import type { EngineErrorData } from '../../../shared/errors';
import { Field } from '../../ui';
import { useT } from '../../i18n';
import type { CriteriaForm } from './criteria-form';

export function CriteriaEditor({ form, onChange, problems = {} }: { form: CriteriaForm; onChange: (f: CriteriaForm) => void; problems?: Partial<Record<keyof CriteriaForm, string>> }) {
  const t = useT();
  const field = (name: keyof CriteriaForm, label: Parameters<typeof t>[0], hint?: string) => (
    <Field name={name} label={t(label)} value={String(form[name])} hint={hint} error={problems[name]} onChange={(v) => onChange({ ...form, [name]: v })} />
  );
  const check = (name: 'countUniversal' | 'requireChildAndAdult', label: Parameters<typeof t>[0], disabled = false) => (
    <label className="check">
      <input type="checkbox" name={name} checked={form[name]} disabled={disabled} onChange={(e) => onChange({ ...form, [name]: e.target.checked })} />
      {t(label)}
    </label>
  );
  return (
    <div className="criteria">
      <fieldset>
        <legend>{t('screen.unit')}</legend>
        {(['person', 'family'] as const).map((u) => (
          <label key={u} className="check">
            <input type="radio" name="unit" value={u} checked={form.unit === u} onChange={() => onChange({ ...form, unit: u })} />
            {t(`screen.unit.${u}`)}
          </label>
        ))}
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
        {field('allOf', 'screen.allOf')}
        {field('anyOf', 'screen.anyOf')}
        {field('noneOf', 'screen.noneOf')}
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
          {field('recentServices', 'screen.recentServices')}
        </div>
        {field('endingDays', 'screen.endingDays')}
      </fieldset>
    </div>
  );
}

/** The form field each part of the criteria comes from, for marking a refused reference. */
const FIELD_OF_PATH: Record<string, keyof CriteriaForm> = { allOf: 'allOf', anyOf: 'anyOf', noneOf: 'noneOf', excludeRecentStart: 'recentServices' };

/** Field problems from the engine's refusal of unknown references: each field names its own. */
export function referenceProblems(t: ReturnType<typeof useT>, error: EngineErrorData | null): Partial<Record<keyof CriteriaForm, string>> {
  const refs = error?.code === 'UNKNOWN_REFERENCE' && Array.isArray(error.details?.references) ? (error.details.references as UnresolvedRef[]) : [];
  const byField = new Map<keyof CriteriaForm, string[]>();
  for (const r of refs) {
    const field = FIELD_OF_PATH[r.path.split('.')[0]!];
    if (field) byField.set(field, [...(byField.get(field) ?? []), `«${r.text}»`]);
  }
  return Object.fromEntries([...byField].map(([f, texts]) => [f, t('screen.unknownRef', { refs: texts.join(', ') })]));
}
