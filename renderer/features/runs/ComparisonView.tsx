/**
 * Two runs compared: changed criteria and data, who came in (with the rules that put them there)
 * and who left and why. The saved lists show it between runs; the approval shows it against the
 * last approved list.
 */
import type { Comparison } from '../../../shared/screening';
import { useUi } from '../../app/store';
import { useT, type MessageKey } from '../../i18n';
import { CandidateTable, sectorName } from '../screening/CandidateTable';
import { ruleText } from '../screening/rule-text';
import { useFormat } from '../../i18n/format';
import { criterionText } from './criteria-change';

/** Criteria fields by the label the editor gives them. */
const FIELD_LABELS: Partial<Record<string, MessageKey>> = {
  unit: 'screen.unit',
  countUniversal: 'screen.countUniversal',
  requireChildAndAdult: 'screen.requireChildAndAdult',
  minServices: 'screen.minServices',
  minSectors: 'screen.minSectors',
  minDepartments: 'screen.minDepartments',
  minCaseworkers: 'screen.minCaseworkers',
  allOf: 'screen.allOf',
  anyOf: 'screen.anyOf',
  noneOf: 'screen.noneOf',
  minYearlyCost: 'screen.minYearlyCost',
  excludeRecentStart: 'screen.recentDays',
  excludeEndingWithin: 'screen.endingDays',
  age: 'runs.change.age',
};

export function ComparisonView({ comparison }: { comparison: Comparison }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const f = useFormat();
  return (
    <>
      {comparison.criteriaChanges.length === 0 && comparison.dataChanges.length === 0 && <p>{t('runs.noChanges')}</p>}
      {comparison.criteriaChanges.length > 0 && (
        <>
          <h3>{t('runs.criteriaChanges')}</h3>
          <ul className="plain">
            {comparison.criteriaChanges.map((c) => (
              <li key={c.field}>
                {FIELD_LABELS[c.field] ? t(FIELD_LABELS[c.field]!) : c.field}: {criterionText(t, f, c.field, c.from)} → {criterionText(t, f, c.field, c.to)}
              </li>
            ))}
          </ul>
        </>
      )}
      {comparison.dataChanges.length > 0 && <p>{t('runs.dataChanges', { sectors: comparison.dataChanges.map((s) => sectorName(s, lang)).join(', ') })}</p>}
      <p>{t('runs.stayed', { n: comparison.stayed })}</p>
      <h3>{t('runs.entered', { n: comparison.entered.length })}</h3>
      {comparison.entered.length > 0 && <CandidateTable candidates={comparison.entered} caption={t('runs.entered', { n: comparison.entered.length })} />}
      <h3>{t('runs.left', { n: comparison.left.length })}</h3>
      <ul className="plain">
        {comparison.left.map((l) => (
          <li key={l.pseudonym}>
            <span className="mono">{l.pseudonym}</span> ({l.members.map((m) => m.ageBand).join(', ')}) — {t(`runs.why.${l.why}`)} {l.rules.map((r) => ruleText(t, r, lang)).join('; ')}
          </li>
        ))}
      </ul>
    </>
  );
}
