/**
 * Sektorvurdering (sector assessment), the step after a frozen list: choose an approved round,
 * send its suitability packets, follow per sector what came back, load the answer sheets, and read
 * per candidate the sectors' answers side by side. Screeners do all of it; supervisors read the
 * state (`packets.status`) and see no controls they may not use.
 */
import { useQuery } from '../../api/client';
import { useCan } from '../../app/permissions';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { RoundError } from '../rounds/round-words';
import { ApprovedRound } from '../rounds/ApprovedRound';
import { AnswerImport } from './AnswerImport';
import { AskAgainList } from './AskAgainList';
import { CandidateAnswers } from './CandidateAnswers';
import { ExportPanel } from './ExportPanel';
import { SectorStatus } from './SectorStatus';
import { sectorList } from './words';

export function AssessmentScreen() {
  const t = useT();
  const can = useCan();
  return (
    <section>
      <h1>{t('nav.assessment')}</h1>
      <p className="muted">{t(can('packets.export') ? 'assess.intro' : 'assess.introRead')}</p>
      <ApprovedRound id="assess-round" label={t('assess.round')} none={t('assess.noRounds')}>
        {(roundId) => <RoundAssessment roundId={roundId} />}
      </ApprovedRound>
    </section>
  );
}

function RoundAssessment({ roundId }: { roundId: number }) {
  const t = useT();
  const can = useCan();
  const lang = useUi((s) => s.lang);
  const status = useQuery('packets.status', { roundId });
  const s = status.data;
  const sent = !!s && s.sectors.length > 0;
  const overdue = s?.sectors.filter((x) => x.overdue).map((x) => x.sector) ?? [];
  const next = !s
    ? null
    : !sent
      ? can('packets.export')
        ? t('assess.next.send')
        : t('assess.notSentRead')
      : overdue.length
        ? t('assess.next.overdue', { sectors: sectorList(lang, overdue) })
        : s.sectors.every((x) => x.missing === 0)
          ? t('assess.next.done')
          : t(can('packets.importAnswers') ? 'assess.next.wait' : 'assess.next.waitRead');
  return (
    <div data-testid="assessment">
      <RoundError error={status.error} />
      {next && (
        <p className={overdue.length ? 'message warn' : 'message info'} role="status">
          {next}
        </p>
      )}
      {/* Always at this place in the tree, so its result and passphrases outlive the status reload it causes. */}
      {can('packets.export') && s && <ExportPanel roundId={roundId} sent={sent} />}
      {sent && <SectorStatus sectors={s.sectors} />}
      {sent && can('packets.importAnswers') && <AnswerImport />}
      {sent && <CandidateAnswers status={s} />}
      {sent && <AskAgainList key={s.candidates.map((c) => `${c.pseudonym}:${c.outcome}:${c.askAgain ?? ''}`).join()} status={s} />}
    </div>
  );
}
