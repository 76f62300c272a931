/**
 * Import of encrypted extracts: drop or pick `.age` files; each is imported on its own, whole or
 * not at all, with a progress bar. A file with rejected rows waits for an explicit decision.
 */
import { useState, type DragEvent } from 'react';
import { SECTORS, SECTOR_NAMES, type Sector } from '../../../shared/extract-format';
import type { Input, Output } from '../../../shared/contract';
import type { EngineErrorData } from '../../../shared/errors';
import { invoke, newOperationId, pathForFile, useQuery } from '../../api/client';
import { useUi } from '../../app/store';
import { ErrorBox } from '../../ui';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ReceiptView } from './ReceiptView';

type Result = Output<'import.file'>;
/** Receipts shown before the user asks for all: the screen stays short after many imports. */
const RECENT_RECEIPTS = 10;
type Decisions = Omit<Input<'import.file'>, 'path' | 'operationId'>;
interface Job {
  name: string;
  path: string;
  state: 'waiting' | 'running' | 'done' | 'failed';
  /** The engine operation of the current attempt: its progress and its cancel. */
  operationId?: string;
  result?: Result;
  error?: EngineErrorData;
}

export function ImportScreen() {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  const progress = useUi((s) => s.progress);
  const snapshots = useQuery('import.snapshots', {});
  const receipts = useQuery('import.receipts', {});
  const [jobs, setJobs] = useState<Job[]>([]);
  const [over, setOver] = useState(false);
  const [allReceipts, setAllReceipts] = useState(false);

  const update = (path: string, patch: Partial<Job>) => setJobs((js) => js.map((j) => (j.path === path ? { ...j, ...patch } : j)));

  async function runOne(job: Job, decisions: Decisions = {}) {
    const operationId = newOperationId();
    update(job.path, { state: 'running', error: undefined, operationId });
    const r = await invoke('import.file', { path: job.path, ...decisions, operationId });
    if (r.ok) update(job.path, { state: 'done', result: r.value });
    else update(job.path, { state: 'failed', error: r.error });
    snapshots.reload();
    receipts.reload();
  }

  async function add(files: File[]) {
    const fresh: Job[] = [];
    for (const f of files) fresh.push({ name: f.name, path: await pathForFile(f), state: 'waiting' });
    setJobs((js) => [...fresh, ...js]);
    for (const j of fresh) await runOne(j);
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void add([...e.dataTransfer.files]);
  };

  return (
    <section>
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <label
        className={over ? 'dropzone over' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <span>{t('import.drop')}</span>
        <input type="file" multiple accept=".age" aria-label={t('import.pick')} onChange={(e) => void add([...(e.target.files ?? [])])} />
      </label>

      {jobs.map((j) => {
        const p = j.operationId ? progress[j.operationId] : undefined;
        const pct = j.state === 'done' ? 100 : p?.total ? Math.round((100 * p.done) / p.total) : 0;
        const rejectedCount = j.result?.receipt.rejected.reduce((n, [, k]) => n + k, 0) ?? 0;
        return (
          <article key={j.path} className="card" aria-label={j.name}>
            <h2>{j.name}</h2>
            {(j.state === 'running' || j.state === 'done') && (
              <div className="progress" role="progressbar" aria-label={t('import.progress', { name: j.name })} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
                <div style={{ width: `${pct}%` }} />
                <span>{j.state === 'done'
                    ? t('import.done')
                    : p
                      ? p.unit === 'rows' && p.total === null
                        ? t('import.reading', { done: f.number(p.done) })
                        : t(p.unit === 'bytes' ? 'import.bytes' : 'import.rows', { done: f.number(p.done), total: f.number(p.total ?? 0) })
                      : t('common.loading')}</span>
              </div>
            )}
            {j.state === 'running' && (
              <button className="secondary small" onClick={() => j.operationId && void invoke('operations.cancel', { id: j.operationId })}>
                {t('import.cancel')}
              </button>
            )}
            {j.error && <ErrorBox error={j.error} />}
            {j.error?.details && typeof j.error.details.row === 'number' && (
              <p className="muted">{t('import.where', { row: j.error.details.row, column: String(j.error.details.column ?? ''), reason: String(j.error.details.reason ?? '') })}</p>
            )}
            {j.result && (
              <>
                <p className={j.result.status === 'imported' ? 'message ok' : 'message info'} role="status">
                  {t(`import.status.${j.result.status}`, { n: rejectedCount })}
                </p>
                {j.result.status === 'needs-decision' && (
                  <button onClick={() => void runOne(j, { acceptRejected: true })}>{t('import.accept', { n: j.result.receipt.rowsKept })}</button>
                )}
                {j.result.status === 'needs-empty-confirmation' && (
                  <ConfirmEmpty sector={j.result.receipt.sector as Sector | null} onConfirm={(sector) => void runOne(j, { acceptRejected: true, confirmEmpty: true, sector })} />
                )}
                <ReceiptView receipt={j.result.receipt} rejections={j.result.rejections} open={j.result.status === 'needs-decision'} />
              </>
            )}
          </article>
        );
      })}

      <h2>{t('import.snapshots')}</h2>
      <ErrorBox error={snapshots.error} />
      <table className="grid" aria-label={t('import.snapshots')}>
        <thead>
          <tr>
            <th>{t('import.col.sector')}</th>
            <th>{t('import.col.date')}</th>
            <th>{t('import.col.file')}</th>
            <th>{t('import.col.by')}</th>
            <th>{t('import.col.services')}</th>
            <th>{t('import.col.persons')}</th>
          </tr>
        </thead>
        <tbody>
          {(snapshots.data ?? []).map((s) => (
            <tr key={s.sector}>
              <td>{SECTOR_NAMES[s.sector as Sector]?.[lang] ?? s.sector}</td>
              <td>{f.day(s.snapshotDate)}</td>
              <td data-raw>{s.fileName}</td>
              <td data-raw>{s.importedBy}</td>
              <td className="num">{f.number(s.services)}</td>
              <td className="num">{f.number(s.persons)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('import.history')}</h2>
      <table className="grid" aria-label={t('import.history')}>
        <thead>
          <tr>
            <th>{t('import.col.when')}</th>
            <th>{t('import.col.sector')}</th>
            <th>{t('import.col.file')}</th>
            <th>{t('import.col.by')}</th>
            <th>{t('receipt.read')}</th>
            <th>{t('receipt.kept')}</th>
            <th>{t('import.col.rejected')}</th>
          </tr>
        </thead>
        <tbody>
          {(receipts.data ?? []).slice(0, allReceipts ? undefined : RECENT_RECEIPTS).map((r) => (
            <tr key={r.id ?? r.contentSha256}>
              <td>{f.moment(r.importedAt)}</td>
              <td>{r.sector ? (SECTOR_NAMES[r.sector as Sector]?.[lang] ?? r.sector) : t('receipt.relations')}</td>
              <td data-raw>{r.fileName}</td>
              <td data-raw>{r.importedBy}</td>
              <td className="num">{f.number(r.rowsRead)}</td>
              <td className="num">{f.number(r.rowsKept)}</td>
              <td className="num">{f.number(r.rejected.reduce((n, [, k]) => n + k, 0))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(receipts.data?.length ?? 0) > RECENT_RECEIPTS && !allReceipts && (
        <button type="button" className="secondary small" onClick={() => setAllReceipts(true)}>
          {t('import.allReceipts', { n: f.number(receipts.data!.length) })}
        </button>
      )}
    </section>
  );
}

/** An empty services file replaces its source's snapshot only when the user confirms it, naming the source if the file does not. */
function ConfirmEmpty({ sector, onConfirm }: { sector: Sector | null; onConfirm: (sector: Sector) => void }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const [chosen, setChosen] = useState<Sector | ''>('');
  if (sector) return <button onClick={() => onConfirm(sector)}>{t('import.empty.confirm-sector', { sector: SECTOR_NAMES[sector][lang] })}</button>;
  return (
    <div className="row">
      <label>
        {t('import.empty.sector')}
        <select value={chosen} onChange={(e) => setChosen(e.target.value as Sector | '')}>
          <option value="">{t('import.empty.choose')}</option>
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {SECTOR_NAMES[s][lang]}
            </option>
          ))}
        </select>
      </label>
      <button disabled={!chosen} onClick={() => chosen && onConfirm(chosen)}>
        {t('import.empty.confirm')}
      </button>
    </div>
  );
}
