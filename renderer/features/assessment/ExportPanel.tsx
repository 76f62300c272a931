/**
 * Sending a round's suitability packets: how to split and lock them, the deadline and the unit's
 * contact, then a folder from the host's dialog. The engine writes the encrypted packets straight
 * into that folder as a cancellable operation (progress by operation id, as imports do); only the
 * file names come back, and one-time passphrases once, into the dialog that shows them.
 */
import { useState, type FormEvent } from 'react';
import { dayInCopenhagen, isoOfDay } from '../../../shared/dates';
import { SECTORS } from '../../../shared/extract-format';
import type { Output } from '../../../shared/contract';
import type { EngineErrorData } from '../../../shared/errors';
import { invoke, newOperationId, pickFolder, useQuery } from '../../api/client';
import { OperationProgress } from '../../app/OperationProgress';
import { useCan } from '../../app/permissions';
import { useNavigation } from '../../app/navigation';
import { useUi } from '../../app/store';
import { translate, useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ErrorBox, Field, Notice, RadioGroup } from '../../ui';
import { PassphraseDialog } from './PassphraseDialog';
import { exportErrorText, sectorList, sectorName } from './words';

type Exported = Output<'packets.export'>;

export function ExportPanel({ roundId, sent }: { roundId: number; sent: boolean }) {
  const t = useT();
  const can = useCan();
  const lang = useUi((s) => s.lang);
  const [split, setSplit] = useState<'sector' | 'caseworker'>('sector');
  // With no sector key registered at all, a key cannot lock anything: one-time passphrases are
  // the way that works, so they are chosen until the user chooses otherwise.
  const keys = useQuery('recipients.list', {});
  const noKeys = keys.data ? !keys.data.some((k) => k.department === '') : false;
  const [lockChoice, setLock] = useState<'key' | 'passphrase' | null>(null);
  const lock = lockChoice ?? (noKeys ? 'passphrase' : 'key');
  const [deadline, setDeadline] = useState('');
  const contact = useUi((s) => s.unitContact);
  const setContact = useUi((s) => s.setUnitContact);
  const [operationId, setOperationId] = useState<string | null>(null);
  const [error, setError] = useState<EngineErrorData | null>(null);
  const [result, setResult] = useState<{ folder: string; out: Exported } | null>(null);
  // Held only until the dialog closes: never again, as promised to the user.
  const [secrets, setSecrets] = useState<Exported['packets'] | null>(null);

  // A deadline already passed is said at the field as it is typed; the engine refuses it too.
  const refusedAtDeadline = error?.code === 'VALIDATION' && Array.isArray(error.details?.issues) && (error.details.issues as { path?: unknown }[]).some((i) => i.path === 'deadline');
  const deadlinePassed = (deadline !== '' && deadline < isoOfDay(dayInCopenhagen(new Date()))) || refusedAtDeadline;

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (deadlinePassed) return;
    setError(null);
    const folder = await pickFolder();
    if (!folder) return; // the user closed the dialog: nothing happened
    const id = newOperationId();
    setOperationId(id);
    setResult(null);
    const r = await invoke('packets.export', { roundId, folder, split, passphrase: lock === 'passphrase', contact: contact.trim(), ...(deadline ? { deadline } : {}), operationId: id });
    setOperationId(null);
    if (!r.ok) return setError(r.error);
    setResult({ folder, out: { ...r.value, packets: r.value.packets.map((p) => ({ ...p, passphrase: null })) } });
    if (r.value.packets.some((p) => p.passphrase)) setSecrets(r.value.packets);
  };

  const form = (
    <form className="card" aria-label={t('export.title')} onSubmit={(e) => void send(e)}>
      {!sent && <h2>{t('export.title')}</h2>}
      {can('recipients.list') && lock === 'key' && <MissingKeys />}
      <div className="row">
        <RadioGroup
          segmented
          label={t('export.split')}
          name="split"
          value={split}
          onChange={setSplit}
          options={(['sector', 'caseworker'] as const).map((s) => ({ value: s, label: t(`export.split.${s}`) }))}
        />
        <RadioGroup
          segmented
          label={t('export.lock')}
          name="lock"
          value={lock}
          onChange={setLock}
          options={(['key', 'passphrase'] as const).map((l) => ({ value: l, label: t(`export.lock.${l}`) }))}
        />
      </div>
      <div className="row">
        <Field label={t('export.deadline')} name="export-deadline" type="date" value={deadline} onChange={(v) => {
            setDeadline(v);
            if (refusedAtDeadline) setError(null);
          }} hint={t('export.deadlineHint')} error={deadlinePassed ? t('export.deadlinePassed') : undefined} />
        <Field label={t('export.contact')} name="export-contact" value={contact} onChange={setContact} hint={t('export.contactHint')} />
      </div>
      <p className="muted small">{t('export.folderHint')}</p>
      <button type="submit" disabled={operationId !== null}>
        {t('export.go')}
      </button>
    </form>
  );

  return (
    <>
      {sent ? (
        <details className="again">
          <summary>{t('export.again')}</summary>
          {form}
        </details>
      ) : (
        form
      )}
      {operationId && <OperationProgress operationId={operationId} words="export" />}
      <ErrorBox error={error && !refusedAtDeadline ? exportErrorText(t, lang, error) : null} />
      {result && <ExportResult folder={result.folder} out={result.out} />}
      {secrets && <PassphraseDialog packets={secrets} onClose={() => setSecrets(null)} />}
      {error?.code === 'NO_RECIPIENT' && <RecipientsLink />}
    </>
  );
}

/** Which sectors have no key of their own yet, said before the user sends rather than after. */
function MissingKeys() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const keys = useQuery('recipients.list', {});
  if (!keys.data) return null;
  const without = SECTORS.filter((s) => !keys.data!.some((k) => k.sector === s && k.department === ''));
  if (without.length === 0) return null;
  return (
    <div className="message warn" role="note" data-testid="missing-keys">
      <p>{t('export.missingKeys', { sectors: sectorList(lang, without), screen: translate(lang, 'nav.recipients') })}</p>
      <RecipientsLink />
    </div>
  );
}

/** A way to the sector keys for a user who may register them too; others read the screen's name above. */
function RecipientsLink() {
  const t = useT();
  const nav = useNavigation();
  if (!nav.canGo('recipients')) return null;
  return (
    <button type="button" className="link" onClick={() => nav.go('recipients')}>
      {t('export.openRecipients', { screen: t('nav.recipients') })}
    </button>
  );
}

function ExportResult({ folder, out }: { folder: string; out: Exported }) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  return (
    <Notice kind="ok">
      <p>
        {t('export.done', { n: f.number(out.packets.length) })} <span className="mono" data-raw data-testid="export-folder">{folder}</span>
      </p>
      <p>{t('export.deadlineIs', { date: f.day(out.deadline) })}</p>
      <table className="grid" aria-label={t('export.title')}>
        <thead>
          <tr>
            <th>{t('export.col.sector')}</th>
            <th>{t('export.col.file')}</th>
            <th className="num">{t('export.col.candidates')}</th>
            <th>{t('export.col.lock')}</th>
          </tr>
        </thead>
        <tbody>
          {out.packets.map((p) => (
            <tr key={p.file}>
              <td>{p.part === null ? sectorName(lang, p.sector) : t('answers.partOf', { sector: sectorName(lang, p.sector), part: p.part })}</td>
              <td className="wrap small" data-raw>
                {p.file}
              </td>
              <td className="num">{f.number(p.candidates)}</td>
              <td>
                {p.fingerprint ? (
                  <>
                    {t('export.lockedKey')}{' '}
                    <span className="fingerprint small" data-raw>
                      {p.fingerprint}
                    </span>
                  </>
                ) : (
                  t('export.lockedPassphrase')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Notice>
  );
}
