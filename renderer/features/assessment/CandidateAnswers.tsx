/**
 * Per candidate, under the pseudonym (never a CPR number): each sector's answer side by side, the
 * outcome the rules give, the start date and the day to ask again. A sector that was not asked
 * about a candidate (it serves them not) says so, so a blank is never mistaken for a missing answer.
 */
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { PacketStatus } from '../../../shared/packets';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { DataTable, useSortableTable } from '../../ui';
import { answerText, sectorName } from './words';

type Candidate = PacketStatus['candidates'][number];
const col = createColumnHelper<Candidate>();
const VERDICT_STYLE = { ja: 'yes', nej: 'no', 'ved ikke': 'unsure' } as const;
const OUTCOME_STYLE: Record<Candidate['outcome'], string> = { excluded: 'state returned', 'needs-decision': 'state submitted', suitable: 'state approved', pending: 'state' };

export function CandidateAnswers({ status }: { status: PacketStatus }) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  const columns = useMemo(
    () => [
      col.accessor('pseudonym', { header: () => t('cand.col.pseudonym'), cell: (c) => <span className="nowrap" data-raw>{c.getValue()}</span> }),
      // The outcome and its dates first: what the screener acts on; the sectors' answers explain it.
      col.accessor('outcome', { header: () => t('cand.col.outcome'), cell: (c) => <span className={OUTCOME_STYLE[c.getValue()]}>{t(`outcome.${c.getValue()}`)}</span> }),
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
    [t, f, lang, status.sectors],
  );
  const table = useSortableTable(status.candidates, columns);
  return (
    <>
      <h2>{t('cand.title')}</h2>
      <p className="muted">{t('cand.intro')}</p>
      <DataTable table={table} label={t('cand.table')} />
    </>
  );
}
