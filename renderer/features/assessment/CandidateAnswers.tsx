/**
 * Per candidate, under the pseudonym (never a CPR number): each sector's answer side by side, the
 * outcome the rules give, the start date and the day to ask again. A sector that was not asked
 * about a candidate (it serves them not) says so, so a blank is never mistaken for a missing answer.
 * Where a sector is unsure, the outcome asks for the screener's decision, with a button to make it
 * (UnsureDialog); once made, the outcome says it was the screener's, and why.
 */
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { PacketStatus } from '../../../shared/packets';
import { useCan } from '../../app/permissions';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { DataTable, Notice, useSortableTable } from '../../ui';
import { UnsureDialog } from './UnsureDialog';
import { answerText, sectorName } from './words';

type Candidate = PacketStatus['candidates'][number];
const col = createColumnHelper<Candidate>();
const VERDICT_STYLE = { ja: 'yes', nej: 'no', 'ved ikke': 'unsure' } as const;
const OUTCOME_STYLE: Record<Candidate['outcome'], string> = { excluded: 'state returned', 'needs-decision': 'state submitted', suitable: 'state approved', pending: 'state' };

export function CandidateAnswers({ status }: { status: PacketStatus }) {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const lang = useUi((s) => s.lang);
  const [deciding, setDeciding] = useState<string | null>(null);
  const [done, setDone] = useState<{ pseudonym: string; decision: 'include' | 'exclude' } | null>(null);
  const mayDecide = can('packets.decideUnsure');
  const columns = useMemo(
    () => [
      col.accessor('pseudonym', { header: () => t('cand.col.pseudonym'), cell: (c) => <span className="nowrap" data-raw>{c.getValue()}</span> }),
      // The outcome and its dates first: what the screener acts on; the sectors' answers explain it.
      col.accessor('outcome', {
        header: () => t('cand.col.outcome'),
        cell: (c) => {
          const x = c.row.original;
          if (x.outcome === 'needs-decision')
            return (
              <span className="assess-answer">
                <span className={OUTCOME_STYLE['needs-decision']}>{t(mayDecide ? 'outcome.needs-your-decision' : 'outcome.needs-decision')}</span>
                {mayDecide && (
                  <button className="small" aria-label={t('unsure.openLabel', { pseudonym: x.pseudonym })} onClick={() => setDeciding(x.pseudonym)}>
                    {t('unsure.open')}
                  </button>
                )}
              </span>
            );
          return (
            <span className="assess-answer">
              <span className={OUTCOME_STYLE[x.outcome]}>{t(`outcome.${x.outcome}`)}</span>
              {x.decision && (
                <span className="detail">
                  {t('unsure.decided', { reason: t(`unsure.reason.${x.decision.reason}`) })}
                  {x.decision.comment && (
                    <>
                      {' '}
                      <span data-raw>«{x.decision.comment}»</span>
                    </>
                  )}
                </span>
              )}
            </span>
          );
        },
      }),
      col.accessor((c) => c.startDate ?? '', { id: 'start', header: () => t('cand.col.start'), cell: (c) => <span className="nowrap">{c.getValue() ? f.day(c.getValue()) : t('cand.none')}</span> }),
      col.accessor((c) => c.askAgain ?? '', { id: 'askAgain', header: () => t('cand.col.askAgain'), cell: (c) => <span className="nowrap">{c.getValue() ? f.day(c.getValue()) : t('cand.none')}</span> }),
      ...status.sectors.map((s) =>
        col.accessor((c) => c.answers.find((a) => a.sector === s.sector)?.suitable ?? '', {
          id: s.sector,
          header: () => sectorName(lang, s.sector),
          cell: (c) => {
            const a = c.row.original.answers.find((x) => x.sector === s.sector);
            if (!a) return <span className="muted">{t('cand.notAsked')}</span>;
            const { verdict, detail } = answerText(t, f, a);
            return (
              <span className="assess-answer">
                <span className={a.suitable === null ? 'muted' : `verdict ${VERDICT_STYLE[a.suitable]}`}>{verdict}</span>
                {detail && <span className="detail">{detail}</span>}
                {a.comment && (
                  <span className="detail" data-raw>
                    «{a.comment}»
                  </span>
                )}
              </span>
            );
          },
        }),
      ),
    ],
    [t, f, lang, status.sectors, mayDecide],
  );
  const table = useSortableTable(status.candidates, columns);
  const waiting = status.candidates.filter((c) => c.outcome === 'needs-decision').length;
  return (
    <>
      <h2>{t('cand.title')}</h2>
      <p className="muted">{t('cand.intro')}</p>
      {waiting > 0 && mayDecide && (
        <p className="message warn" data-testid="unsure-waiting">
          {t(waiting === 1 ? 'unsure.waitingOne' : 'unsure.waitingMany', { n: f.number(waiting) })}
        </p>
      )}
      {done && (
        <Notice kind="ok">
          <p>{t(`unsure.done.${done.decision}`, { pseudonym: done.pseudonym })}</p>
        </Notice>
      )}
      <DataTable table={table} label={t('cand.table')} />
      {deciding && (
        <UnsureDialog
          roundId={status.roundId}
          pseudonym={deciding}
          onClose={() => setDeciding(null)}
          onDecided={(decision) => {
            setDeciding(null);
            setDone({ pseudonym: deciding, decision });
          }}
        />
      )}
    </>
  );
}
