/**
 * The supervisor's two answers to a submitted list: approve (asked once, since it freezes the list
 * for good) or return with a comment the screener will read (at least five characters, said
 * beside the field before the engine would refuse it).
 */
import { useState, type FormEvent } from 'react';
import type { RoundSummary } from '../../../shared/rounds';
import { invoke } from '../../api/client';
import { useT } from '../../i18n';
import { Notice, useAction } from '../../ui';
import { RoundError } from './round-words';

export function ApproveForm({ round, mine, onDone }: { round: RoundSummary; mine: boolean; onDone: (s: RoundSummary, message: 'approval.approved' | 'approval.returned') => void }) {
  const t = useT();
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const short = comment.trim().length < 5;
  const approve = async () => {
    const s = await action.run(() => invoke('rounds.approve', { id: round.id }));
    setConfirming(false);
    if (s) onDone(s, 'approval.approved');
  };
  const sendBack = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (short) return;
    const s = await action.run(() => invoke('rounds.return', { id: round.id, comment: comment.trim() }));
    if (s) onDone(s, 'approval.returned');
  };
  return (
    <div className="decide-panel">
      {mine && (
        <div id="approve-not-yours">
          <Notice>{t('approval.notYours')}</Notice>
        </div>
      )}
      <RoundError error={action.error} />
      <div className="approve">
        {!confirming ? (
          // Disabled with the reason beside it when this user helped make the list (the engine
          // refuses it too, whatever the screen shows).
          <button onClick={() => setConfirming(true)} disabled={action.busy || mine} {...(mine ? { 'aria-describedby': 'approve-not-yours' } : {})}>
            {t('approval.approve')}
          </button>
        ) : (
          <div className="confirm" role="group" aria-label={t('approval.approve')}>
            <p>{t('approval.confirm')}</p>
            <button autoFocus onClick={() => void approve()} disabled={action.busy}>
              {t('approval.confirmYes')}
            </button>{' '}
            <button className="secondary" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        )}
      </div>
      <form className="return" aria-label={t('approval.return')} onSubmit={(e) => void sendBack(e)}>
        <div className={tried && short ? 'field invalid' : 'field'}>
          <label htmlFor="return-comment">{t('approval.returnComment')}</label>
          <textarea
            id="return-comment"
            rows={2}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            aria-invalid={tried && short ? true : undefined}
            aria-describedby={tried && short ? 'return-comment-error' : 'return-comment-hint'}
          />
          {tried && short && (
            <small id="return-comment-error" className="field-error">
              {t('approval.returnTooShort')}
            </small>
          )}
          <small id="return-comment-hint">{t('approval.returnHint')}</small>
        </div>
        <button type="submit" className="secondary" disabled={action.busy}>
          {t('approval.return')}
        </button>
      </form>
    </div>
  );
}
