/**
 * The supervisor's open round: what the list rests on (criteria version and why it was saved, the
 * run and its data), who prepared it, the decisions, the difference from the last approved list,
 * and, while it is submitted, approve or return.
 */
import { useState } from 'react';
import { useQuery } from '../../api/client';
import { useStaffNames } from '../../app/StaffName';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { Notice } from '../../ui';
import { ComparisonView } from '../runs/ComparisonView';
import { RevealForm } from '../runs/RevealForm';
import { ApproveForm } from './ApproveForm';
import { ListCharts } from './ListCharts';
import { ReasonSummary } from './ReasonSummary';
import { RoundError } from './round-words';
import { RoundHeader } from './RoundHeader';
import { CandidatePanel } from './CandidatePanel';
import { RoundTable } from './RoundTable';
import { useDetailPanel } from './useDetailPanel';
import { useRound } from './useRound';

export function RoundApproval({ id, onClose }: { id: number; onClose: () => void }) {
  const t = useT();
  const staffName = useStaffNames();
  const f = useFormat();
  const username = useUi((s) => s.status?.session?.username ?? '');
  const { round, error, updated, revealed, reveal } = useRound(id);
  const diff = useQuery('rounds.diff', { id });
  const sets = useQuery('criteria.list', {});
  const [asking, setAsking] = useState<string | null>(null);
  const [done, setDone] = useState<'approval.approved' | 'approval.returned' | null>(null);
  // The same detail panel as in the review, read-only: the supervisor sees, never decides, here.
  const { detailOf, openDetails, closeDetails } = useDetailPanel();
  if (!round) return <RoundError error={error} />;
  const inPanel = detailOf === null ? undefined : round.candidates.find((c) => c.pseudonym === detailOf);
  const version = sets.data?.find((s) => s.id === round.run.setId)?.versions.find((v) => v.version === round.run.version);
  return (
    <div className="card round" data-testid="round">
      <RoundHeader round={round} onClose={onClose} />
      {done && <Notice kind="ok">{t(done)}</Notice>}
      <RoundError error={diff.error ?? sets.error} />
      <div className="two-col">
        <div>
          <h3>{t('approval.criteria')}</h3>
          {version && (
            <p>
              {t('approval.criteriaVersion', { name: round.run.name, version: round.run.version, who: staffName(version.savedBy), when: f.moment(version.savedAt) })}
              {version.comment && (
                <>
                  {' '}
                  {t('approval.criteriaWhy')} «<span data-raw>{version.comment}</span>»
                </>
              )}
            </p>
          )}
          <p>{t('approval.run', { who: staffName(round.run.createdBy), when: f.moment(round.run.createdAt), date: f.day(round.run.snapshot.referenceDate) })}</p>
          {round.submittedAt && <p>{t('approval.submittedBy', { who: round.submittedBy ? staffName(round.submittedBy) : '', when: f.moment(round.submittedAt) })}</p>}
          <p className="muted">{t('approval.preparedBy', { who: round.preparedBy.map(staffName).join(', ') })}</p>
        </div>
        {round.state === 'submitted' && (
          <ApproveForm
            round={round}
            mine={round.preparedBy.includes(username)}
            onDone={(s, message) => {
              updated(s);
              setDone(message);
            }}
          />
        )}
      </div>
      <h3>{t('approval.charts')}</h3>
      <ListCharts round={round} />
      <h3>{t('approval.decisions')}</h3>
      <ReasonSummary candidates={round.candidates} />
      <RoundTable
        candidates={round.candidates}
        label={t('round.candidates', { id: round.id })}
        columnsKey="approval"
        revealed={revealed}
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
          busy={false}
          onReveal={() => setAsking(inPanel.pseudonym)}
          onClose={closeDetails}
        />
      )}
      <h3>{t('approval.diff')}</h3>
      {diff.data && !diff.data.against && <p>{t('approval.diffNone')}</p>}
      {diff.data?.against && (
        <p>{t('approval.diffAgainst', { id: diff.data.against.roundId, when: diff.data.against.decidedAt ? f.moment(diff.data.against.decidedAt) : '' })}</p>
      )}
      {diff.data?.comparison && <ComparisonView comparison={diff.data.comparison} />}
      {asking && (
        <RevealForm
          runId={round.run.id}
          pseudonym={asking}
          initialPurpose="approval"
          onDone={(r) => {
            setAsking(null);
            if (r) reveal(r);
          }}
        />
      )}
    </div>
  );
}
