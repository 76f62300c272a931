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
const OUTCOME_STYLE: Record<Candidate['outcome'], string> = { excluded: 'state returned', 'needs-decision': 'state submitted', suitable: 'state approved', pending: 'state' };

export function CandidateAnswers({ status }: { status: PacketStatus }) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  const columns = useMemo(
    () => [
      col.accessor('pseudonym', { header: () => t('cand.col.pseudonym'), cell: (c) => <span data-raw>{c.getValue()}</span> }),
      ...status.sectors.map((s) =>
        col.accessor((c) => c.answers.find((a) => a.sector === s.sector)?.suitable ?? '', {
          id: s.sector,
          header: () => sectorName(lang, s.sector),
          cell: (c) => {
            const a = c.row.original.answers.find((x) => x.sector === s.sector);
            if (!a) return <span className="muted">{t('cand.notAsked')}</span>;
            return (
              <span className={a.suitable === null ? 'assess-answer muted' : 'assess-answer'}>
                {answerText(t, f, a)}
                {a.comment && (
                  <span className="comment" data-raw>
                    «{a.comment}»
                  </span>
                )}
              </span>
            );
          },
        }),
      ),
      col.accessor('outcome', { header: () => t('cand.col.outcome'), cell: (c) => <span className={OUTCOME_STYLE[c.getValue()]}>{t(`outcome.${c.getValue()}`)}</span> }),
      col.accessor((c) => c.startDate ?? '', { id: 'start', header: () => t('cand.col.start'), cell: (c) => (c.getValue() ? f.day(c.getValue()) : t('cand.none')) }),
      col.accessor((c) => c.askAgain ?? '', { id: 'askAgain', header: () => t('cand.col.askAgain'), cell: (c) => (c.getValue() ? f.day(c.getValue()) : t('cand.none')) }),
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
