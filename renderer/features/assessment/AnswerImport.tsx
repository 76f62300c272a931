/**
 * Loading a returned answer sheet: picked like an extract (the host turns the file into a path,
 * the engine reads it), checked against what was sent to that sector. A refused sheet lists each
 * problem by row and column in words; a partial one says which rows still lack which cells.
 */
import { useState } from 'react';
import type { Output } from '../../../shared/contract';
import type { EngineErrorData } from '../../../shared/errors';
import { ANSWER_PROBLEMS } from '../../../shared/packets';
import { invoke, pathForFile } from '../../api/client';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ErrorBox, FileButton, Notice } from '../../ui';
import { columnText, sectorName } from './words';

type Imported = Output<'packets.importAnswers'>;
type Problem = { row: number; column: string; reason: (typeof ANSWER_PROBLEMS)[number] };

const INVALID_COLUMNS = ['D', 'E', 'F', 'G', 'H'] as const;

const problemsOf = (e: EngineErrorData): Problem[] => {
  const list = e.details?.problems;
  return Array.isArray(list) ? (list as Problem[]).filter((p) => ANSWER_PROBLEMS.includes(p.reason)) : [];
};

export function AnswerImport() {
  const t = useT();
  const [state, setState] = useState<{ name: string; busy: boolean; result?: Imported; error?: EngineErrorData } | null>(null);

  const load = async (file: File | undefined) => {
    if (!file) return;
    setState({ name: file.name, busy: true });
    const r = await invoke('packets.importAnswers', { path: await pathForFile(file) });
    setState(r.ok ? { name: file.name, busy: false, result: r.value } : { name: file.name, busy: false, error: r.error });
  };

  return (
    <>
      <h2>{t('answers.title')}</h2>
      <p className="muted">{t('answers.intro')}</p>
      <p>
        <FileButton accept={['.age', '.xlsx', '.csv']} onFiles={(files) => void load(files[0])}>
          {t('answers.pick')}
        </FileButton>
      </p>
      {state?.busy && <Notice>{t('answers.reading', { name: state.name })}</Notice>}
      {state?.result && <Result r={state.result} />}
      {state?.error && (state.error.code === 'ANSWERS_REFUSED' ? <Refused name={state.name} error={state.error} /> : <ErrorBox error={state.error} />)}
    </>
  );
}

function Result({ r }: { r: Imported }) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  const sector = r.part === null ? sectorName(lang, r.sector) : t('answers.partOf', { sector: sectorName(lang, r.sector), part: r.part });
  if (r.status === 'complete') return <Notice kind="ok">{t('answers.complete', { sector, citizens: t(`answers.citizens.${r.recorded === 1 ? 'one' : 'other'}`, { n: f.number(r.recorded) }) })}</Notice>;
  return (
    <div className="message warn" role="status" data-testid="answers-partial">
      <p>{t('answers.partial', { sector, citizens: t(`answers.citizens.${r.recorded === 1 ? 'one' : 'other'}`, { n: f.number(r.recorded) }), missing: t(`answers.missing.${r.missing.length === 1 ? 'one' : 'other'}`, { n: f.number(r.missing.length) }) })}</p>
      <ul>
        {r.missing.map((m) => (
          <li key={m.reference}>
            {m.row === 0
              ? t('answers.missingGone', { reference: m.reference })
              : t('answers.missingRow', { row: m.row, reference: m.reference, columns: m.columns.map((c) => columnText(t, c)).join(', ') })}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Refused({ name, error }: { name: string; error: EngineErrorData }) {
  const t = useT();
  const f = useFormat();
  const problems = problemsOf(error);
  // An invalid value says what the column allows; the other reasons say what is wrong with the row.
  const problemText = (p: Problem) => (p.reason === 'invalid-value' && INVALID_COLUMNS.includes(p.column as (typeof INVALID_COLUMNS)[number]) ? t(`answers.invalid.${p.column as (typeof INVALID_COLUMNS)[number]}`) : t(`answers.problem.${p.reason}`));
  const count = typeof error.details?.count === 'number' ? error.details.count : problems.length;
  return (
    <div className="message error" role="alert" data-testid="answers-refused">
      <p>{t('answers.refused')}</p>
      <p className="small mono" data-raw>
        {name}
      </p>
      <table className="grid" aria-label={t('answers.title')}>
        <thead>
          <tr>
            <th className="num">{t('answers.col.row')}</th>
            <th>{t('answers.col.column')}</th>
            <th>{t('answers.col.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td className="num">{f.number(p.row)}</td>
              <td>{columnText(t, p.column)}</td>
              <td>{problemText(p)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {count > problems.length && <p>{t('answers.refusedMore', { n: f.number(count - problems.length) })}</p>}
    </div>
  );
}
