/**
 * The command bar above the candidates: one decision, with a reason code and a comment, for every
 * candidate ticked (one or many). The reasons offered follow the decision; "other" asks for a
 * comment, said beside the field before the engine would refuse it.
 */
import { useState, type FormEvent } from 'react';
import { DECISION_REASONS, type Decision, type ReasonCode } from '../../../shared/rounds';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { Field } from '../../ui';

export interface DecisionInput {
  decision: Decision;
  reason: ReasonCode;
  comment: string;
}

interface Props {
  count: number;
  busy: boolean;
  onDecide: (d: DecisionInput) => Promise<boolean>;
  /** A second form on the same screen (the detail panel) needs ids of its own, and says whom it decides on. */
  idPrefix?: string;
  label?: string;
  submitLabel?: string;
}

export function DecideForm({ count, busy, onDecide, idPrefix, label, submitLabel }: Props) {
  const ids = idPrefix ?? 'decide';
  const t = useT();
  const f = useFormat();
  const [decision, setDecision] = useState<Decision>('include');
  const [reason, setReason] = useState<ReasonCode>('meets-criteria');
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const needsComment = reason === 'other' && comment.trim() === '';
  const choose = (d: Decision) => {
    setDecision(d);
    setReason(DECISION_REASONS[d][0]!);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (needsComment || count === 0) return;
    if (await onDecide({ decision, reason, comment: comment.trim() })) {
      setComment('');
      setTried(false);
    }
  };
  return (
    <form className="commandbar" aria-label={label ?? t('review.decide', { n: f.number(count) })} onSubmit={(e) => void submit(e)}>
      <fieldset className="segmented">
        <legend>{t('review.decision')}</legend>
        {(['include', 'exclude'] as const).map((d) => (
          <label key={d} className={decision === d ? `seg on ${d}` : 'seg'}>
            <input type="radio" name={idPrefix ? `${idPrefix}-decision` : 'decision'} value={d} checked={decision === d} onChange={() => choose(d)} />
            {t(`review.${d}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${ids}-reason`}>{t('review.reason')}</label>
        <select id={`${ids}-reason`} value={reason} onChange={(e) => setReason(e.target.value as ReasonCode)}>
          {DECISION_REASONS[decision].map((r) => (
            <option key={r} value={r}>
              {t(`round.reason.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="grow">
        <Field
          label={reason === 'other' ? t('review.comment') : t('review.commentOptional')}
          name={`${ids}-comment`}
          value={comment}
          onChange={setComment}
          error={tried && needsComment ? t('review.commentNeeded') : undefined}
        />
      </div>
      <button type="submit" disabled={busy || count === 0}>
        {submitLabel ?? t('review.apply', { n: f.number(count) })}
      </button>
    </form>
  );
}
