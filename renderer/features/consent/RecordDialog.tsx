/**
 * Recording one step of the register: the day it happened and how (letter, phone, meeting,
 * Digital Post). There is deliberately no free text. A step out of order, or a date in the future
 * or before the last step, is refused by the engine and said in words here.
 */
import { useState, type FormEvent } from 'react';
import { CONTACT_MEANS, type ConsentEvent } from '../../../shared/consent';
import { invoke } from '../../api/client';
import type { EngineErrorData } from '../../../shared/errors';
import { useT, type T } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { Dialog, ErrorBox, Field, fieldIssue, issuesOf, RadioGroup, useAction } from '../../ui';
import { today } from './words';

type Means = (typeof CONTACT_MEANS)[number];

export function RecordDialog(props: { roundId: number; pseudonym: string; event: ConsentEvent; last: string | null; notBefore?: string | null; onClose: () => void; onRecorded: () => void }) {
  const t = useT();
  const f = useFormat();
  const action = useAction();
  const [date, setDate] = useState(today());
  const [means, setMeans] = useState<Means>('phone');
  const title = t('record.title', { event: t(`consent.event.${props.event}`), pseudonym: props.pseudonym });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const out = await action.run(() => invoke('consent.record', { roundId: props.roundId, pseudonym: props.pseudonym, event: props.event, means, ...(date ? { date } : {}) }));
    if (out) props.onRecorded();
  };

  return (
    <Dialog label={title} onClose={props.onClose}>
      <form onSubmit={(e) => void save(e)}>
        <h3>{title}</h3>
        {props.notBefore && (
          <p className="message warn" role="note">
            {t('record.notBefore', { date: f.day(props.notBefore) })}
          </p>
        )}
        <Field label={t('record.date')} name="record-date" type="date" value={date} onChange={setDate} hint={t('record.dateHint')} error={dateProblem(t, action.error)} />
        <RadioGroup segmented label={t('record.means')} name="record-means" value={means} onChange={setMeans} options={CONTACT_MEANS.map((m) => ({ value: m, label: t(`consent.means.${m}`) }))} />
        <ErrorBox error={action.error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={props.onClose}>
            {t('record.cancel')}
          </button>
          <button type="submit" disabled={action.busy}>
            {t('record.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The engine's two reasons a day is refused, in words; any other issue at the field in general words. */
function dateProblem(t: T, error: EngineErrorData | string | null): string | undefined {
  const issue = issuesOf(error).find((i) => i.path === 'date');
  if (issue?.message === 'in the future') return t('record.dateFuture');
  if (issue?.message === 'before the step before it') return t('record.dateBefore');
  return fieldIssue(t, error, 'date');
}
