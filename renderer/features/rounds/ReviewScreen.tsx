/**
 * Gennemgang (review), the screener's step after a saved list: the rounds and whose turn each is,
 * a round started from a saved list that has none, and the open round to decide on and submit.
 */
import { useState, type FormEvent } from 'react';
import { invoke, useQuery } from '../../api/client';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { SelectField, useAction } from '../../ui';
import { RoundError } from './round-words';
import { RoundList } from './RoundList';
import { RoundReview } from './RoundReview';

export function ReviewScreen() {
  const t = useT();
  const f = useFormat();
  const rounds = useQuery('rounds.list', {});
  const runs = useQuery('runs.list', {});
  const action = useAction();
  const [openId, setOpenId] = useState<number | null>(null);
  const [runId, setRunId] = useState('');
  const taken = new Set((rounds.data ?? []).map((r) => r.run.id));
  const free = (runs.data ?? []).filter((r) => !taken.has(r.id));
  const chosen = free.some((r) => String(r.id) === runId) ? runId : String(free[0]?.id ?? '');
  const create = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(() => invoke('rounds.create', { runId: Number(chosen) }));
    if (!r) return;
    setOpenId(r.id);
  };
  return (
    <section>
      <h1>{t('nav.review')}</h1>
      <p className="muted">{t('review.intro')}</p>
      <RoundError error={rounds.error ?? runs.error ?? action.error} />
      {rounds.data?.length === 0 && !!runs.data?.length && <p>{t('review.none')}</p>}
      {!!rounds.data?.length && <RoundList rounds={rounds.data} label={t('round.rounds')} open={(id) => setOpenId(openId === id ? null : id)} openId={openId} />}
      {openId !== null && <RoundReview key={openId} id={openId} onClose={() => setOpenId(null)} />}
      {runs.data && (
        <form className="row" aria-label={t('review.start')} onSubmit={(e) => void create(e)}>
          <h2 className="full">{t('review.start')}</h2>
          {free.length === 0 ? (
            <p className="muted">{t(runs.data.length === 0 ? 'review.noRunsYet' : 'review.noRuns')}</p>
          ) : (
            <>
              <SelectField
                id="round-run"
                label={t('review.run')}
                value={chosen}
                onChange={setRunId}
                options={free.map((r) => ({ value: String(r.id), label: t('review.runOption', { id: r.id, name: r.name, version: r.version, count: f.number(r.count) }) }))}
              />
              <button type="submit" disabled={action.busy}>
                {t('review.create')}
              </button>
            </>
          )}
        </form>
      )}
    </section>
  );
}
