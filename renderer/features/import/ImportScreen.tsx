/**
 * Import of encrypted extracts: drop or pick `.age` files. One file is imported on its own
 * (import.file); several dropped together are one batch (import.files): one progress bar, whole
 * or nothing, and one decision screen for the files held back (BatchView).
 */
import { useRef, useState, type DragEvent } from 'react';
import { StaffName } from '../../app/StaffName';
import { SECTOR_NAMES, type Sector } from '../../../shared/extract-format';
import type { Output } from '../../../shared/contract';
import { invoke, newOperationId, pathForFile, useQuery } from '../../api/client';
import { useUi } from '../../app/store';
import { ErrorBox, FileButton } from '../../ui';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { BatchView, type Batch, type Decisions, type FileResult } from './BatchView';

/** Receipts shown before the user asks for all: the screen stays short after many imports. */
const RECENT_RECEIPTS = 10;
/** One file's answer from import.file, in the shape a batch's files have. */
const asFileResult = (fileName: string, r: Output<'import.file'>): FileResult => ({ fileName, ...r, error: null });
const needsUser = (r: FileResult) => r.status === 'needs-decision' || r.status === 'needs-empty-confirmation' || r.status === 'failed';

export function ImportScreen() {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  const snapshots = useQuery('import.snapshots', {});
  const receipts = useQuery('import.receipts', {});
  const [batches, setBatches] = useState<Batch[]>([]);
  const [over, setOver] = useState(false);
  const [allReceipts, setAllReceipts] = useState(false);
  // The latest state of each batch, for decisions made while React has not re-rendered yet.
  const latest = useRef(new Map<string, Batch>());

  const put = (b: Batch) => {
    latest.current.set(b.key, b);
    setBatches((bs) => bs.map((x) => (x.key === b.key ? b : x)));
  };

  async function run(batch: Batch) {
    const operationId = newOperationId();
    put({ ...batch, state: 'running', operationId, error: undefined, results: undefined, unsettled: undefined });
    let next: Batch;
    if (batch.files.length === 1) {
      const file = batch.files[0]!;
      const r = await invoke('import.file', { path: file.path, ...file.decisions, operationId });
      next = r.ok ? { ...batch, state: 'done', results: [asFileResult(file.name, r.value)] } : { ...batch, state: 'failed', error: r.error };
    } else {
      const r = await invoke('import.files', { files: batch.files.map((x) => ({ path: x.path, ...x.decisions })), operationId });
      next = r.ok ? { ...batch, state: 'done', results: r.value.files } : { ...batch, state: 'failed', error: r.error };
    }
    next = { ...next, operationId, unsettled: next.results ? batch.files.filter((_, i) => needsUser(next.results![i]!)).map((x) => x.path) : [] };
    put(next); // the snapshots and receipts refresh themselves: the engine reports the change
  }

  /** A decision about one file (or leaving it out); once no file is left unsettled, the batch runs again. */
  function settle(key: string, path: string, decisions: Decisions | null) {
    const b = latest.current.get(key);
    if (!b) return;
    const files = decisions === null ? b.files.filter((x) => x.path !== path) : b.files.map((x) => (x.path === path ? { ...x, decisions: { ...x.decisions, ...decisions } } : x));
    const unsettled = (b.unsettled ?? []).filter((p) => p !== path);
    const results = decisions === null && b.results ? b.results.filter((_, i) => b.files[i]!.path !== path) : b.results;
    const next: Batch = { ...b, files, unsettled, ...(results ? { results } : {}) };
    if (unsettled.length === 0 && files.length > 0) void run(next);
    else put(next);
  }

  async function add(picked: File[]) {
    if (picked.length === 0) return;
    const files = [];
    for (const x of picked) files.push({ name: x.name, path: await pathForFile(x), decisions: {} });
    const batch: Batch = { key: newOperationId(), files, state: 'running' };
    latest.current.set(batch.key, batch);
    setBatches((bs) => [batch, ...bs]);
    await run(batch);
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
      <div
        className={over ? 'dropzone over' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <span>{t('import.drop')}</span>
        <FileButton accept={['.age']} multiple onFiles={(files) => void add(files)}>
          {t('import.pick')}
        </FileButton>
      </div>

      {batches.map((b) => (
        <BatchView
          key={b.key}
          batch={b}
          onSettle={(path, d) => settle(b.key, path, d)}
          onClose={() => {
            latest.current.delete(b.key);
            setBatches((bs) => bs.filter((x) => x.key !== b.key));
          }}
        />
      ))}

      <h2>{t('import.snapshots')}</h2>
      <ErrorBox error={snapshots.error} />
      <table className="grid" aria-label={t('import.snapshots')}>
        <thead>
          <tr>
            <th>{t('import.col.sector')}</th>
            <th>{t('import.col.date')}</th>
            <th>{t('import.col.file')}</th>
            <th>{t('import.col.by')}</th>
            <th className="num">{t('import.col.services')}</th>
            <th className="num">{t('import.col.persons')}</th>
          </tr>
        </thead>
        <tbody>
          {(snapshots.data ?? []).map((s) => (
            <tr key={s.sector}>
              <td>{SECTOR_NAMES[s.sector as Sector]?.[lang] ?? s.sector}</td>
              <td>{f.day(s.snapshotDate)}</td>
              <td data-raw>{s.fileName}</td>
              <td>
                <StaffName username={s.importedBy} />
              </td>
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
            <th className="num">{t('receipt.read')}</th>
            <th className="num">{t('import.col.left')}</th>
            <th className="num">{t('import.col.rejected')}</th>
            <th className="num">{t('receipt.kept')}</th>
          </tr>
        </thead>
        <tbody>
          {(receipts.data ?? []).slice(0, allReceipts ? undefined : RECENT_RECEIPTS).map((r) => (
            <tr key={r.id ?? r.contentSha256}>
              <td>{f.moment(r.importedAt)}</td>
              <td>{r.sector ? (SECTOR_NAMES[r.sector as Sector]?.[lang] ?? r.sector) : t('receipt.relations')}</td>
              <td data-raw>{r.fileName}</td>
              <td>
                <StaffName username={r.importedBy} />
              </td>
              <td className="num">{f.number(r.rowsRead)}</td>
              <td className="num">{f.number(r.dropped.reduce((n, [, k]) => n + k, 0))}</td>
              <td className="num">{f.number(r.rejected.reduce((n, [, k]) => n + k, 0))}</td>
              <td className="num">{f.number(r.rowsKept)}</td>
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
