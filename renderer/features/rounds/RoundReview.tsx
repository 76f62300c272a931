/**
 * The screener's open round: filter by decision state, tick candidates (one or many), decide with
 * a reason, reveal a candidate for a purpose, submit. While the round is submitted or approved the
 * controls are gone: the list cannot change then (and the engine would refuse it anyway).
 */
import { useState } from 'react';
import { OPEN_STATES } from '../../../shared/rounds';
import { invoke } from '../../api/client';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { Notice, RadioGroup, useAction } from '../../ui';
import { RevealForm } from '../runs/RevealForm';
import { CandidatePanel } from './CandidatePanel';
import { DecideForm, type DecisionInput } from './DecideForm';
import { RoundError } from './round-words';
import { RoundHeader } from './RoundHeader';
import { RoundTable, type RoundCandidate } from './RoundTable';
import { useDetailPanel } from './useDetailPanel';
import { useRound } from './useRound';

const FILTERS = ['all', 'undecided', 'include', 'exclude'] as const;
type Filter = (typeof FILTERS)[number];
const matches = (f: Filter, c: RoundCandidate) => f === 'all' || (f === 'undecided' ? c.review === null : c.review?.decision === f);

export function RoundReview({ id, onClose }: { id: number; onClose: () => void }) {
  const t = useT();
  const f = useFormat();
  const username = useUi((s) => s.status?.session?.username ?? '');
  const { round, error, updated, decided, revealed, reveal } = useRound(id);
  const action = useAction();
  const [filter, setFilter] = useState<Filter>('all');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [asking, setAsking] = useState<string | null>(null);
  // The candidate whose detail panel is open; focus goes back to its opener when it closes.
  const { detailOf, openDetails, closeDetails } = useDetailPanel();
  // What just happened, as a key (and count) so it follows a change of language.
  const [done, setDone] = useState<{ key: 'review.decided' | 'review.submitted'; n?: number } | null>(null);
  if (!round) return <RoundError error={error} />;
  const open = OPEN_STATES.includes(round.state);
  const shown = round.candidates.filter((c) => matches(filter, c));
  const count = (k: Filter) => f.number(round.candidates.filter((c) => matches(k, c)).length);
  const select = (ps: string[], on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      ps.forEach((p) => (on ? next.add(p) : next.delete(p)));
      return next;
    });
  /** One decision for the ticked candidates (the command bar) or for the one in the detail panel. */
  const decideOn = async (pseudonyms: string[], d: DecisionInput, clearSelection: boolean) => {
    const s = await action.run(() => invoke('rounds.decide', { roundId: round.id, pseudonyms, ...d }));
    if (!s) return false;
    decided(s, pseudonyms, { ...d, by: username });
    if (clearSelection) setSelected(new Set());
    setDone({ key: 'review.decided', n: pseudonyms.length });
    return true;
  };
  const decide = (d: DecisionInput) => decideOn([...selected], d, true);
  const inPanel = detailOf === null ? undefined : round.candidates.find((c) => c.pseudonym === detailOf);
  const submit = async () => {
    const s = await action.run(() => invoke('rounds.submit', { id: round.id }));
    if (!s) return;
    updated(s);
    setDone({ key: 'review.submitted' });
  };
  return (
    <div className="card round" data-testid="round">
      <RoundHeader round={round} onClose={onClose} />
      {open && <p className="muted">{t(round.state === 'returned' ? 'review.nextStep.fixes' : 'review.nextStep.review')}</p>}
      {round.state === 'submitted' && <Notice>{t('review.waiting')}</Notice>}
      {done && <Notice kind="ok">{t(done.key, { n: f.number(done.n ?? 0) })}</Notice>}
      <RoundError error={action.error} />
      {open && <DecideForm count={selected.size} busy={action.busy} onDecide={decide} />}
      {open && selected.size === 0 && <p className="muted small">{t('review.selectFirst')}</p>}
      <div className="row between">
        <div className="filter">
          <RadioGroup
            segmented
            label={t('review.filter')}
            name="round-filter"
            value={filter}
            onChange={setFilter}
            options={FILTERS.map((k) => ({ value: k, label: t(`review.filter.${k}`, { n: count(k) }) }))}
          />
        </div>
        {open && (
          <button onClick={() => void submit()} disabled={action.busy}>
            {t('review.submit')}
          </button>
        )}
      </div>
      <RoundTable
        candidates={shown}
        label={t('round.candidates', { id: round.id })}
        columnsKey="review"
        revealed={revealed}
        selected={open ? selected : undefined}
        onSelect={open ? select : undefined}
        onReveal={setAsking}
        onDetails={openDetails}
        detailOf={detailOf}
      />
      {inPanel && (
        <CandidatePanel
          key={inPanel.pseudonym}
          runId={round.run.id}
          candidate={inPanel}
          revealed={revealed[inPanel.pseudonym]}
          busy={action.busy}
          onDecide={open ? (d) => decideOn([inPanel.pseudonym], d, false) : undefined}
          onReveal={() => setAsking(inPanel.pseudonym)}
          onClose={closeDetails}
        />
      )}
      {asking && (
        <RevealForm
          runId={round.run.id}
          pseudonym={asking}
          onDone={(r) => {
            setAsking(null);
            if (r) reveal(r);
          }}
        />
      )}
    </div>
  );
}
