/**
 * The command bar above the candidates: one decision, with a reason code and a comment, for every
 * candidate ticked (one or many). The reasons offered follow the decision; "other" asks for a
 * comment, said beside the field before the engine would refuse it.
 */
import { useState, type FormEvent } from 'react';
import { DECISION_REASONS, type Decision, type ReasonCode } from '../../../shared/rounds';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { Field, RadioGroup, SelectField } from '../../ui';

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
      <RadioGroup segmented label={t('review.decision')} name={idPrefix ? `${idPrefix}-decision` : 'decision'} value={decision} onChange={choose} options={(['include', 'exclude'] as const).map((d) => ({ value: d, label: t(`review.${d}`), className: d }))} />
      <SelectField id={`${ids}-reason`} label={t('review.reason')} value={reason} onChange={setReason} options={DECISION_REASONS[decision].map((r) => ({ value: r, label: t(`round.reason.${r}`) }))} />
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
