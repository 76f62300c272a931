/**
 * Sending the notices to the caseworkers: a folder from the host's dialog, then the engine writes
 * one encrypted notice per caseworker into it as a cancellable operation (progress by operation
 * id, as the suitability packets do). Only file names and counts come back.
 */
import { useState } from 'react';
import type { Output } from '../../../shared/contract';
import type { EngineErrorData } from '../../../shared/errors';
import { invoke, newOperationId, pickFolder } from '../../api/client';
import { OperationProgress } from '../../app/OperationProgress';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ErrorBox, Notice } from '../../ui';
import { sectorName } from '../assessment/words';
import { noticesErrorText, type ContactField } from './words';

type Exported = Output<'notices.export'>;

export function NoticesPanel({ roundId, contact }: { roundId: number; contact: ContactField }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const [operationId, setOperationId] = useState<string | null>(null);
  const [error, setError] = useState<EngineErrorData | null>(null);
  const [result, setResult] = useState<{ folder: string; out: Exported } | null>(null);

  const send = async () => {
    setError(null);
    // The contact is printed on every notice: the field says so before any folder is chosen.
    const text = contact.require('notices.contactMissing');
    if (text === null) return;
    const folder = await pickFolder();
    if (!folder) return; // the user closed the dialog: nothing happened
    const id = newOperationId();
    setOperationId(id);
    setResult(null);
    const r = await invoke('notices.export', { roundId, folder, contact: text, operationId: id });
    setOperationId(null);
    if (!r.ok) return setError(r.error);
    setResult({ folder, out: r.value });
  };

  return (
    <div className="card" data-testid="notices">
      <h2>{t('notices.title')}</h2>
      <p className="muted small">{t('notices.intro')}</p>
      <button type="button" disabled={operationId !== null} onClick={() => void send()}>
        {t('notices.go')}
      </button>
      {operationId && <OperationProgress operationId={operationId} words="notices" />}
      <ErrorBox error={error && noticesErrorText(t, lang, error)} />
      {result && <NoticesResult folder={result.folder} out={result.out} />}
    </div>
  );
}

function NoticesResult({ folder, out }: { folder: string; out: Exported }) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  return (
    <Notice kind="ok">
      <p>
        {t('notices.done', { n: f.number(out.notices.length) })} <span className="mono" data-raw data-testid="notices-folder">{folder}</span>
      </p>
      <table className="grid" aria-label={t('notices.title')}>
        <thead>
          <tr>
            <th>{t('notices.col.sector')}</th>
            <th>{t('notices.col.caseworker')}</th>
            <th className="num">{t('notices.col.citizens')}</th>
            <th>{t('notices.col.file')}</th>
          </tr>
        </thead>
        <tbody>
          {out.notices.map((n) => (
            <tr key={n.file}>
              <td>{sectorName(lang, n.sector)}</td>
              <td data-raw>{n.caseworker}</td>
              <td className="num">{f.number(n.citizens)}</td>
              <td className="wrap small" data-raw>
                {n.file}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Notice>
  );
}
