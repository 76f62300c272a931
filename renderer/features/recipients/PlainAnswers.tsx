/**
 * The administrator's switch for unencrypted answer sheets (`packets.setPlainAnswers`, off until
 * turned on): whether a sector may return its spreadsheet unencrypted, as saved on a caseworker's
 * own machine, instead of encrypted to the unit. The risk is said in words beside the switch, and
 * turning it on asks once more; every change is logged by the engine.
 */
import { useState } from 'react';
import { invoke, useQuery } from '../../api/client';
import { useT } from '../../i18n';
import { Dialog, ErrorBox, useAction } from '../../ui';

export function PlainAnswers() {
  const t = useT();
  const state = useQuery('packets.plainAnswers', {});
  const action = useAction();
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState(false);
  const allow = state.data?.allow;

  const set = async (to: boolean) => {
    setAsking(false);
    setDone(false);
    const r = await action.run(() => invoke('packets.setPlainAnswers', { allow: to }));
    if (r) setDone(true);
    state.reload();
  };

  return (
    <div className="card" data-testid="plain-answers">
      <h2>{t('plain.title')}</h2>
      <p>{t('plain.what')}</p>
      <p className="message warn">{t('plain.risk')}</p>
      <ErrorBox error={state.error ?? action.error} />
      {allow !== undefined && (
        <>
          <p role="status">
            <strong>{t(allow ? 'plain.isOn' : 'plain.isOff')}</strong>
            {done && <> {t('plain.saved')}</>}
          </p>
          <button className={allow ? '' : 'danger'} disabled={action.busy} onClick={() => (allow ? void set(false) : setAsking(true))}>
            {t(allow ? 'plain.turnOff' : 'plain.turnOn')}
          </button>
        </>
      )}
      {asking && (
        <Dialog label={t('plain.confirmTitle')} onClose={() => setAsking(false)}>
          <h3>{t('plain.confirmTitle')}</h3>
          <p>{t('plain.confirm')}</p>
          <div className="actions">
            <button className="danger" onClick={() => void set(true)}>
              {t('plain.confirmYes')}
            </button>
            <button className="secondary" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
