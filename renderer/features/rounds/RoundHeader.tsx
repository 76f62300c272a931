/**
 * The top of an open round, on both screens: which list, its state, the decisions so far, the
 * supervisor's comment after a return (prominent: it is what the screener must act on), and,
 * once approved, that the list is frozen and the SHA-256 it was frozen under.
 */
import type { RoundSummary } from '../../../shared/rounds';
import { useStaffNames } from '../../app/StaffName';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { groupHash, stateText } from './round-words';

export function RoundHeader({ round, onClose }: { round: RoundSummary; onClose: () => void }) {
  const t = useT();
  const staffName = useStaffNames();
  const f = useFormat();
  const c = round.counts;
  return (
    <>
      <div className="round-head">
        <h2>{t('round.title', { id: round.id, name: round.run.name, version: round.run.version })}</h2>
        <span className={`state ${round.state}`}>{stateText(t, round.state)}</span>
        <button className="small secondary" onClick={onClose}>
          {t('round.close')}
        </button>
      </div>
      <p data-testid="round-counts">
        {t('round.counts', { candidates: f.number(c.candidates), included: f.number(c.included), excluded: f.number(c.excluded), undecided: f.number(c.undecided) })}
      </p>
      {round.state === 'returned' && round.returnComment && (
        <div className="message warn" role="note" data-testid="return-comment">
          <strong>{t('round.returnedBy', { who: round.decidedBy ? staffName(round.decidedBy) : '', when: round.decidedAt ? f.moment(round.decidedAt) : '' })}</strong>
          <blockquote data-raw>{round.returnComment}</blockquote>
        </div>
      )}
      {round.state === 'approved' && round.hash && (
        <div className="message ok" data-testid="frozen">
          <p>{t('round.frozen', { when: round.decidedAt ? f.moment(round.decidedAt) : '', who: round.decidedBy ? staffName(round.decidedBy) : '' })}</p>
          <p className="small">{t('round.hash')}</p>
          <p className="fingerprint" aria-label={t('round.hash')}>
            {groupHash(round.hash)}
          </p>
          <p className="muted small">{t('round.hashHint')}</p>
        </div>
      )}
    </>
  );
}
