/**
 * The screener's decision on a candidate a sector was unsure about: include in the final selection
 * or exclude, a reason from the short list, and a comment (needed only with "other"). The engine
 * checks it again: a candidate that needs no decision, or one decided already, is refused there.
 */
import { useState, type FormEvent } from 'react';
import { UNSURE_DECISIONS, UNSURE_REASONS, UNSURE_COMMENT_MAX } from '../../../shared/packets';
import { invoke } from '../../api/client';
import { useT } from '../../i18n';
import { Dialog, ErrorBox, RadioGroup, SelectField, useAction } from '../../ui';

type Decision = (typeof UNSURE_DECISIONS)[number];
type Reason = (typeof UNSURE_REASONS)[number];

export function UnsureDialog(props: { roundId: number; pseudonym: string; onClose: () => void; onDecided: (decision: Decision) => void }) {
  const t = useT();
  const action = useAction();
  // Nothing chosen beforehand: the decision cannot be changed once made, so it is the user's own.
  const [decision, setDecision] = useState<Decision | ''>('');
  const [reason, setReason] = useState<Reason | ''>('');
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const needComment = reason === 'other' && comment.trim() === '';
  const title = t('unsure.title', { pseudonym: props.pseudonym });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (needComment || !decision || !reason) return;
    const out = await action.run(() => invoke('packets.decideUnsure', { roundId: props.roundId, pseudonym: props.pseudonym, decision, reason, comment: comment.trim() }));
    if (out) props.onDecided(decision);
  };

  return (
    <Dialog label={title} onClose={props.onClose}>
      <form onSubmit={(e) => void save(e)} noValidate>
        <h3>{title}</h3>
        <p className="muted">{t('unsure.intro')}</p>
        <RadioGroup<Decision | ''>
          segmented
          label={t('unsure.decision')}
          name="unsure-decision"
          value={decision}
          onChange={setDecision}
          options={UNSURE_DECISIONS.map((d) => ({ value: d, label: t(`unsure.decision.${d}`) }))}
        />
        {tried && !decision && <p className="field-error small">{t('unsure.decisionMissing')}</p>}
        <SelectField<Reason | ''>
          id="unsure-reason"
          label={t('unsure.reason')}
          value={reason}
          onChange={setReason}
          options={[{ value: '', label: t('unsure.chooseReason') }, ...UNSURE_REASONS.map((r) => ({ value: r, label: t(`unsure.reason.${r}`) }))]}
        />
        {tried && !reason && <p className="field-error small">{t('unsure.reasonMissing')}</p>}
        <div className={tried && needComment ? 'field invalid' : 'field'}>
          <label htmlFor="unsure-comment">{t(reason === 'other' ? 'unsure.commentNeeded' : 'unsure.comment')}</label>
          <textarea
            id="unsure-comment"
            rows={3}
            maxLength={UNSURE_COMMENT_MAX}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            aria-invalid={tried && needComment ? true : undefined}
            aria-describedby={tried && needComment ? 'unsure-comment-error unsure-comment-hint' : 'unsure-comment-hint'}
          />
          {tried && needComment && (
            <small id="unsure-comment-error" className="field-error">
              {t('unsure.commentMissing')}
            </small>
          )}
          <small id="unsure-comment-hint">{t('unsure.commentHint')}</small>
        </div>
        <p className="small">{t('unsure.final')}</p>
        <ErrorBox error={action.error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" disabled={action.busy}>
            {decision ? t(`unsure.save.${decision}`) : t('unsure.save.none')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
