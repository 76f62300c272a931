import { useState, type FormEvent } from 'react';
import type { VerifyReport } from '../../../shared/schemas';
import { invoke, useQuery } from '../../api/client';
import { ErrorBox, Field, issuesOf, Notice, saveBase64, useAction } from '../../ui';
import { SECURITY_EVENTS_SHOWN, SecurityEvents } from './SecurityEvents';
import { LogTrust } from './LogTrust';
import { LogEntries } from './LogEntries';
import { PendingGrants } from '../users/PendingGrants';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';

const PAGE = 100;
/** The most the engine lists at once; beyond it the officer searches or exports. */
const MAX_SHOWN = 5000;

export function AuditScreen() {
  const t = useT();
  const f = useFormat();
  const [subject, setSubject] = useState('');
  const [query, setQuery] = useState<string | undefined>(undefined);
  // The newest entries first, a page at a time: the screen stays short, the older ones a click away.
  const [shown, setShown] = useState(PAGE);
  const log = useQuery('audit.list', query ? { subject: query, limit: shown } : { limit: shown });
  const security = useQuery('audit.securityEvents', SECURITY_EVENTS_SHOWN);
  const integrity = useQuery('audit.integrity', {});
  const grants = useQuery('users.grants', {});
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [recipient, setRecipient] = useState('');
  const [exported, setExported] = useState<{ n: number; file: string } | null>(null);
  const action = useAction();
  // The export's own: its error is said beside its form, not above the log.
  const exporting = useAction();

  async function verify() {
    const r = await action.run(() => invoke('audit.verify', {}));
    if (r) setReport(r);
    log.reload();
  }

  async function doExport(e: FormEvent) {
    e.preventDefault();
    setExported(null);
    const r = await exporting.run(() => invoke('audit.export', { recipient, ...(query ? { subject: query } : {}) }));
    if (r) {
      saveBase64(r.fileName, r.base64);
      setExported({ n: r.entries, file: r.fileName });
    }
  }

  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <div className="row">
        <button onClick={verify} disabled={action.busy}>
          {t('audit.verify')}
        </button>
      </div>
      {report && (
        <Notice kind={report.ok ? 'ok' : 'info'}>
          {report.ok ? t('audit.verifyOk', { entries: t(`audit.entries.${report.entries === 1 ? 'one' : 'other'}`, { n: f.number(report.entries) }), checkpoints: t(`audit.checkpoints.${report.checkpoints === 1 ? 'one' : 'other'}`, { n: f.number(report.checkpoints) }) }) : t('audit.verifyBad', { pos: report.position ?? '?', reason: report.reason ?? '' })}
        </Notice>
      )}
      <LogTrust status={integrity.data} error={integrity.error} />
      <PendingGrants grants={grants.data} error={grants.error} />
      <SecurityEvents events={security.data} error={security.error} />
      <h2>{t('audit.entries')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(subject.trim() || undefined);
          setShown(PAGE);
        }}
      >
        <Field label={t('audit.subject')} name="subject" value={subject} onChange={setSubject} />
        <button type="submit">{t('audit.search')}</button>
      </form>
      <ErrorBox error={log.error ?? action.error} />
      <LogEntries entries={log.data?.entries ?? []} label={t('audit.title')} />
      {log.data && (
        <div className="row">
          <span className="muted">{t('audit.showing', { n: f.number(log.data.entries.length), total: f.number(log.data.total) })}</span>
          {log.data.entries.length < log.data.total && shown < MAX_SHOWN && (
            <button type="button" className="secondary small" onClick={() => setShown((n) => Math.min(MAX_SHOWN, n + PAGE))}>
              {t('audit.showMore', { n: f.number(Math.min(PAGE, log.data.total - log.data.entries.length)) })}
            </button>
          )}
        </div>
      )}
      <form className="card row" onSubmit={doExport}>
        <Field
          label={t('audit.exportRecipient')}
          name="recipient"
          value={recipient}
          onChange={setRecipient}
          error={issuesOf(exporting.error).some((i) => i.path === 'recipient') ? t('audit.recipientInvalid') : undefined}
        />
        <button type="submit" disabled={exporting.busy || !recipient}>
          {t('audit.export')}
        </button>
      </form>
      <ErrorBox error={exporting.error} />
      {exported && <Notice kind="ok">{t('audit.exported', { n: exported.n, file: exported.file })}</Notice>}
    </section>
  );
}
