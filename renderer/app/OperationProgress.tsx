/**
 * The progress of an operation the engine reports by its id (packets, notices): "3 of 7", with the
 * cancel button for whoever may cancel. The import words its own units on the same bar (ProgressBar).
 */
import { invoke } from '../api/client';
import { useT } from '../i18n';
import { useFormat } from '../i18n/format';
import { ProgressBar } from '../ui';
import { useCan } from './permissions';
import { useUi, type Progress } from './store';

export const percentOf = (p: Progress | undefined): number => (p?.total ? Math.round((100 * p.done) / p.total) : 0);

/** `words`: the feature whose texts name the operation (its progress, progressText, starting and cancel). */
export function OperationProgress({ operationId, words }: { operationId: string; words: 'export' | 'notices' }) {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const p = useUi((s) => s.progress[operationId]);
  // The item being worked on, counted from one: "1 of 7" while the first is made.
  const text = p?.total ? t(`${words}.progressText`, { done: f.number(Math.min(p.done + 1, p.total)), total: f.number(p.total) }) : t(`${words}.starting`);
  return (
    <div className="batch">
      <ProgressBar
        label={t(`${words}.progress`)}
        percent={percentOf(p)}
        text={text}
        cancel={can('operations.cancel') ? { label: t(`${words}.cancel`), onPress: () => void invoke('operations.cancel', { id: operationId }) } : undefined}
      />
    </div>
  );
}
