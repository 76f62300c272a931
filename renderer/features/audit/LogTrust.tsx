/**
 * What protects the access log, for the data-protection officer: their own log key (the
 * fingerprint to keep on paper, the key file to save for `verify-log --trusted-key`, a print of
 * both), every DPO key the workspace has known, the witness file and where it is, and what
 * opening the workspace found (a missing or older journal, a log behind its witness …), in words.
 */
import { useState, type FormEvent } from 'react';
import { StaffName, useStaffNames } from '../../app/StaffName';
import type { EngineErrorData } from '../../../shared/errors';
import type { IntegrityEvent, IntegrityStatus } from '../../../shared/schemas';
import { invoke } from '../../api/client';
import { ErrorBox, Field, fieldIssue, Fingerprint, issuesOf, Notice, saveFile, useAction } from '../../ui';
import { useT, type MessageKey, type T } from '../../i18n';
import { useFormat } from '../../i18n/format';

const whatHappened = (t: T, staffName: (login: string) => string, e: IntegrityEvent) =>
  t(`trust.kind.${e.kind}`, { by: staffName(e.by), count: e.count ?? '', at: e.at ?? '' }) + (e.signed ? ` ${t('trust.signedNote')}` : '');

export function LogTrust({ status, error }: { status: IntegrityStatus | null; error: EngineErrorData | null }) {
  const t = useT();
  const staffName = useStaffNames();
  const f = useFormat();
  const when = (iso: string) => (iso ? f.moment(iso) : '–');
  const [path, setPath] = useState('');
  const [moved, setMoved] = useState(false);
  const action = useAction();

  async function moveWitness(e: FormEvent) {
    e.preventDefault();
    const r = await action.run(() => invoke('audit.setWitness', { path }));
    if (r) {
      setMoved(true);
      setPath('');
    }
  }

  return (
    <section aria-labelledby="log-trust">
      <h2 id="log-trust">{t('trust.title')}</h2>
      <p className="muted">{t('trust.intro')}</p>
      <ErrorBox error={error} />
      {status && !status.key && <Notice kind="info">{t('trust.noKey')}</Notice>}
      {status?.key && (
        <div className="card print-key">
          <h3>{t('trust.yourKey')}</h3>
          <p className="print-only">{t('trust.printHeading')}</p>
          <p>{t('trust.fingerprintLabel')}</p>
          <p aria-label={t('trust.fingerprintLabel')}>
            <Fingerprint value={status.key.fingerprint} />
          </p>
          <p className="muted">{t('trust.keyCreated', { when: when(status.key.createdAt) })}</p>
          <p className="muted">{t('trust.keyUse')}</p>
          <div className="row no-print">
            <button type="button" onClick={() => saveFile(status.key!.fileName, status.key!.fileText, 'text/plain')}>
              {t('trust.saveKey')}
            </button>
            <button type="button" onClick={() => window.print()}>
              {t('trust.print')}
            </button>
          </div>
        </div>
      )}
      {status && status.keys.length > 0 && (
        <table className="grid" aria-label={t('trust.keysTitle')}>
          <caption>{t('trust.keysTitle')}</caption>
          <thead>
            <tr>
              <th>{t('trust.col.holder')}</th>
              <th>{t('trust.col.fingerprint')}</th>
              <th>{t('trust.col.created')}</th>
            </tr>
          </thead>
          <tbody>
            {status.keys.map((k) => (
              <tr key={k.fingerprint}>
                <td title={k.holder}>{k.yours ? t('trust.yours', { holder: staffName(k.holder) }) : staffName(k.holder)}</td>
                <td>
                  <Fingerprint value={k.fingerprint} />
                </td>
                <td>{when(k.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status && (
        <div className="card">
          <h3>{t('trust.witnessTitle')}</h3>
          <p>{t('trust.witnessIntro')}</p>
          <p>
            {t('trust.witnessPath')} <code>{status.witness.path}</code>
          </p>
          {status.witness.besideWorkspace && <Notice kind="info">{t('trust.witnessBeside')}</Notice>}
          <p>
            {status.witness.lastCheckpoint
              ? t('trust.witnessLast', { seq: status.witness.lastCheckpoint.seq, when: when(status.witness.lastCheckpoint.time) })
              : t('trust.witnessNone')}
          </p>
          {status.witness.failures > 0 && <Notice kind="info">{t('trust.witnessFailures', { n: status.witness.failures })}</Notice>}
          <form className="row" onSubmit={moveWitness}>
            <Field label={t('trust.witnessNew')} name="witness" value={path} onChange={setPath} hint={t('trust.witnessHint')} error={witnessProblem(t, action.error)} />
            <button type="submit" disabled={action.busy || !path.trim()}>
              {t('trust.witnessMove')}
            </button>
          </form>
          {/* Said beside the form it is about, not at the top of the page. */}
          <ErrorBox error={action.error} />
          {moved && <Notice kind="ok">{t('trust.witnessMoved')}</Notice>}
        </div>
      )}
      <h3>{t('trust.eventsTitle')}</h3>
      {status && status.events.length === 0 ? (
        <p>{t('trust.noEvents')}</p>
      ) : (
        <table className="grid" aria-label={t('trust.eventsTitle')}>
          <thead>
            <tr>
              <th>{t('trust.col.time')}</th>
              <th>{t('trust.col.what')}</th>
              <th>{t('trust.col.by')}</th>
            </tr>
          </thead>
          <tbody>
            {(status?.events ?? []).map((e) => (
              <tr key={e.seq} className={e.kind === 'log-key-new' || e.kind === 'witness-moved' || e.kind === 'workspace-upgraded' ? undefined : 'flag'}>
                <td>{when(e.time)}</td>
                <td>{whatHappened(t, staffName, e)}</td>
                <td>
                  <StaffName username={e.by} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Why the engine refused the witness file's place (audit/handlers.ts), in words at the field. */
const WITNESS_PROBLEMS: Record<string, MessageKey> = {
  'give a full path': 'trust.witnessNotFull',
  'not the workspace or its journal': 'trust.witnessWorkspace',
  'the folder does not exist or cannot be written': 'trust.witnessNoFolder',
};

function witnessProblem(t: T, error: EngineErrorData | string | null): string | undefined {
  const issue = issuesOf(error).find((i) => i.path === 'path');
  const key = issue && WITNESS_PROBLEMS[issue.message];
  return key ? t(key) : fieldIssue(t, error, 'path');
}
