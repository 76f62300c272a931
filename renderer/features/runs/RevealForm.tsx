/** Asks, in a dialog, why the user needs a candidate's CPR number and name, then asks the engine (which logs it). */
import { useState, type FormEvent } from 'react';
import { REVEAL_PURPOSES, type Reveal } from '../../../shared/screening';
import { cprNumbersIn } from '../../../shared/cpr';
import { invoke } from '../../api/client';
import { Dialog, ErrorBox, Field, SelectField, useAction } from '../../ui';
import { useT } from '../../i18n';

type Purpose = (typeof REVEAL_PURPOSES)[number];

export function RevealForm({ runId, pseudonym, onDone, initialPurpose = 'review' }: { runId: number; pseudonym: string; onDone: (r: Reveal | null) => void; initialPurpose?: Purpose }) {
  const t = useT();
  const action = useAction();
  const [purpose, setPurpose] = useState<Purpose>(initialPurpose);
  const [reason, setReason] = useState('');
  // The engine refuses it too: the log keeps the reason, and a CPR number in it would name another citizen.
  const namesSomeone = cprNumbersIn(reason).length > 0;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(() => invoke('candidates.reveal', { runId, pseudonym, purpose, reason }));
    if (r) onDone(r);
  };
  return (
    <Dialog label={t('reveal.title', { pseudonym })} onClose={() => onDone(null)}>
      <form onSubmit={(e) => void submit(e)}>
        <h3>{t('reveal.title', { pseudonym })}</h3>
        <SelectField id="reveal-purpose" label={t('reveal.purpose')} value={purpose} onChange={setPurpose} options={REVEAL_PURPOSES.map((p) => ({ value: p, label: t(`reveal.purpose.${p}`) }))} />
        <Field label={t('reveal.reason')} name="reveal-reason" value={reason} onChange={setReason} hint={t('reveal.reasonHint')} error={namesSomeone ? t('reveal.reasonCpr') : undefined} />
        <ErrorBox error={action.error} />
        <p className="muted small">{t('reveal.willLog')}</p>
        <div className="actions">
          <button type="submit" disabled={action.busy || reason.trim().length < 5 || namesSomeone}>
            {t('reveal.submit')}
          </button>
          <button type="button" className="secondary" onClick={() => onDone(null)}>
            {t('reveal.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
