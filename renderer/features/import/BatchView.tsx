/**
 * One drop of extracts: one progress bar for the whole batch, then a card per file with what the
 * engine said about it. A batch is imported whole or not at all, so a file held back or failing
 * holds back the rest; the user settles each marked file here (one decision screen), and the
 * batch runs again as soon as none is left unsettled.
 */
import { useState } from 'react';
import { SECTORS, SECTOR_NAMES, type Sector } from '../../../shared/extract-format';
import type { Input, Output } from '../../../shared/contract';
import type { EngineErrorData } from '../../../shared/errors';
import { invoke } from '../../api/client';
import { percentOf } from '../../app/OperationProgress';
import { useUi } from '../../app/store';
import { ErrorBox, ProgressBar, SelectField } from '../../ui';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ReceiptView } from './ReceiptView';

export type Decisions = Omit<Input<'import.file'>, 'path' | 'operationId'>;
export type FileResult = Output<'import.files'>['files'][number];

export interface Batch {
  key: string;
  files: { name: string; path: string; decisions: Decisions }[];
  state: 'running' | 'done' | 'failed';
  /** The engine operation of the current attempt: its progress and its cancel. */
  operationId?: string;
  /** Per file (same order as `files`), from the last attempt. */
  results?: FileResult[];
  /** Files of the last attempt still to be settled by the user (paths). */
  unsettled?: string[];
  /** The whole attempt failed (cancelled, or a single file that could not be read). */
  error?: EngineErrorData;
}

interface Props {
  batch: Batch;
  /** Records what the user decided about a file (null: leave it out of the batch). */
  onSettle: (path: string, decisions: Decisions | null) => void;
  /** Takes the batch off the screen (a batch held back is then given up: nothing of it is imported). */
  onClose: () => void;
}

export function BatchView({ batch: b, onSettle, onClose }: Props) {
  const t = useT();
  const f = useFormat();
  const progress = useUi((s) => s.progress);
  const id = b.operationId;
  const p = id ? progress[id] : undefined;
  const pct = b.state !== 'running' ? 100 : percentOf(p);
  const label = b.files.length === 1 ? b.files[0]!.name : t('import.files', { n: b.files.length });
  const held = b.results?.some((r) => r.status !== 'imported' && r.status !== 'duplicate');
  // Nothing in it can be imported as it is: every file (or the whole attempt) failed.
  const failed = b.state === 'failed' || (b.results?.every((r) => r.status === 'failed') ?? false);
  // A file can be left out only for the sake of others that can still be imported.
  const importable = (i: number) => b.results?.some((r, j) => j !== i && r.status !== 'failed') ?? false;
  const text = () => {
    if (b.state !== 'running') return failed ? t('import.nothingImported') : held ? t('import.waiting') : t('import.done');
    if (!p) return t('common.loading');
    if (p.unit === 'files') return t('import.filesDone', { done: f.number(Math.floor(p.done)), total: f.number(p.total ?? 0) });
    if (p.unit === 'rows' && p.total === null) return t('import.reading', { done: f.number(p.done) });
    return t(p.unit === 'bytes' ? 'import.bytes' : 'import.rows', { done: f.number(p.done), total: f.number(p.total ?? 0) });
  };
  return (
    <div className="batch">
      <ProgressBar
        label={t('import.progress', { name: label })}
        percent={pct}
        text={text()}
        cancel={b.state === 'running' && id ? { label: t('import.cancel'), onPress: () => void invoke('operations.cancel', { id }) } : undefined}
      />
      {b.files.length > 1 && <ErrorBox error={b.error ?? null} />}
      {b.files.length > 1 && held && !failed && b.state === 'done' && (
        <p className="message info" role="note">
          {t('import.batch.held')}
        </p>
      )}
      {b.files.map((file, i) => (
        <FileCard key={file.path} name={file.name} result={b.results?.[i]} error={b.files.length === 1 ? b.error : undefined} settled={b.results !== undefined && !b.unsettled?.includes(file.path)} onSettle={(d) => onSettle(file.path, d)} many={b.files.length > 1 && importable(i)} />
      ))}
      {b.state !== 'running' && (
        <button type="button" className="secondary" onClick={onClose}>
          {held && !failed ? t('import.giveUp') : t('import.close')}
        </button>
      )}
    </div>
  );
}

function FileCard({ name, result: r, error, settled, onSettle, many }: { name: string; result: FileResult | undefined; error: EngineErrorData | undefined; settled: boolean; onSettle: (d: Decisions | null) => void; many: boolean }) {
  const t = useT();
  const err = r?.error ?? error;
  const rejectedCount = r?.receipt?.rejected.reduce((n, [, k]) => n + k, 0) ?? 0;
  const waiting = r && (r.status === 'needs-decision' || r.status === 'needs-empty-confirmation' || r.status === 'failed');
  // Every row refused: nothing valid to import; leaving them out leaves the file empty, confirmed next.
  const noneValid = r?.status === 'needs-decision' && (r.receipt?.rowsKept ?? 0) === 0;
  const statusKey = (x: FileResult) => (x.status === 'needs-empty-confirmation' && x.receipt?.kind === 'relations' ? 'import.status.needs-empty-confirmation-relations' : noneValid ? 'import.status.needs-decision-all' : (`import.status.${x.status}` as const));
  return (
    <article className="card" aria-label={name}>
      <h2>{name}</h2>
      {err && <ErrorBox error={err} />}
      {err?.details && typeof err.details.row === 'number' && (
        <p className="muted">{t('import.where', { row: err.details.row, column: String(err.details.column ?? ''), reason: String(err.details.reason ?? '') })}</p>
      )}
      {r && (
        <p className={r.status === 'imported' ? 'message ok' : 'message info'} role="status">
          {waiting && settled ? t('import.decided') : t(statusKey(r), { n: rejectedCount })}
        </p>
      )}
      {r && waiting && !settled && (
        <>
          {r.status === 'needs-decision' && <button onClick={() => onSettle({ acceptRejected: true })}>{noneValid ? t('import.accept-none') : t('import.accept', { n: r.receipt?.rowsKept ?? 0 })}</button>}
          {r.status === 'needs-empty-confirmation' &&
            (r.receipt?.kind === 'relations' ? (
              <button onClick={() => onSettle({ acceptRejected: true, confirmEmpty: true })}>{t('import.empty.confirm-relations')}</button>
            ) : (
              <ConfirmEmpty sector={(r.receipt?.sector ?? null) as Sector | null} onConfirm={(sector) => onSettle({ acceptRejected: true, confirmEmpty: true, sector })} />
            ))}
          {many && (
            <button className="secondary" onClick={() => onSettle(null)}>
              {t('import.leaveOut')}
            </button>
          )}
        </>
      )}
      {r?.receipt && <ReceiptView receipt={r.receipt} rejections={r.rejections} open={r.status === 'needs-decision'} />}
    </article>
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
      <SelectField<Sector | ''>
        label={t('import.empty.sector')}
        value={chosen}
        onChange={setChosen}
        options={[{ value: '', label: t('import.empty.choose') }, ...SECTORS.map((s) => ({ value: s, label: SECTOR_NAMES[s][lang] }))]}
      />
      <button disabled={!chosen} onClick={() => chosen && onConfirm(chosen)}>
        {t('import.empty.confirm')}
      </button>
    </div>
  );
}
