/**
 * The saved lists: the runs of screening criteria, each list with its candidates behind pseudonyms
 * (a candidate's CPR number and name only for a logged purpose), and the comparison of a run with
 * the one before it: who came in, who left and why. For screeners and supervisors alike.
 */
import { useState } from 'react';
import type { Comparison, Run } from '../../../shared/screening';
import { invoke, useQuery } from '../../api/client';
import { StaffName } from '../../app/StaffName';
import { ErrorBox, useAction } from '../../ui';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { CandidateTable } from '../screening/CandidateTable';
import { ComparisonView } from './ComparisonView';
import { RevealForm } from './RevealForm';

export function RunsScreen() {
  const t = useT();
  const f = useFormat();
  const runs = useQuery('runs.list', {});
  const action = useAction();
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [shown, setShown] = useState<Run | null>(null);
  const compare = async (fromId: number, toId: number) => setComparison(await action.run(() => invoke('runs.compare', { fromId, toId })));
  const show = async (id: number) => setShown(shown?.id === id ? null : await action.run(() => invoke('runs.get', { id })));
  return (
    <section>
      <h1>{t('runs.screenTitle')}</h1>
      <p className="muted">{t('runs.intro')}</p>
      <h2>{t('runs.title')}</h2>
      <ErrorBox error={runs.error ?? action.error} />
      {runs.data?.length === 0 && <p className="muted">{t('runs.none')}</p>}
      {!!runs.data?.length && (
        <table className="grid" aria-label={t('runs.title')}>
          <thead>
            <tr>
              <th>{t('runs.col.id')}</th>
              <th>{t('runs.col.set')}</th>
              <th>{t('runs.col.when')}</th>
              <th>{t('runs.col.who')}</th>
              <th className="num">{t('runs.col.count')}</th>
              <th>{t('runs.col.data')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.data.map((r) => (
              <tr key={r.id}>
                <td>{r.id}</td>
                <td>
                  {r.name} v{r.version}
                  {r.comment && <div className="muted small">{r.comment}</div>}
                </td>
                <td>{f.moment(r.createdAt)}</td>
                <td>
                  <StaffName username={r.createdBy} />
                </td>
                <td className="num">{f.number(r.count)}</td>
                <td>
                  {t('runs.dataUntil', { date: f.day(r.snapshot.referenceDate) })}
                  <div className="muted small">
                    {t('runs.checksum')}: <span className="mono">{r.snapshot.id}</span>
                  </div>
                </td>
                <td>
                  <button className="small secondary" disabled={action.busy} onClick={() => void show(r.id)}>
                    {shown?.id === r.id ? t('runs.hide') : t('runs.show')}
                  </button>{' '}
                  {r.previousRunId !== null && (
                    <button className="small secondary" disabled={action.busy} onClick={() => void compare(r.previousRunId!, r.id)}>
                      {t('runs.compare')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown && (
        <div className="card" data-testid="run-list">
          <h2>{t('runs.listTitle', { id: shown.id, name: shown.name, version: shown.version })}</h2>
          <CandidateTable
            key={shown.id}
            candidates={shown.candidates}
            caption={t('runs.listTitle', { id: shown.id, name: shown.name, version: shown.version })}
            reveal={(pseudonym, done) => <RevealForm runId={shown.id} pseudonym={pseudonym} onDone={done} />}
          />
        </div>
      )}
      {comparison && (
        <div className="card" data-testid="comparison">
          <h2>{t('runs.compareTitle', { from: comparison.from.id, to: comparison.to.id })}</h2>
          <ComparisonView comparison={comparison} />
        </div>
      )}
    </section>
  );
}
