/**
 * A round's candidates, dense: pseudonym, age bands (and CPR and name once revealed for a
 * purpose), sectors in words, counts, the rules that matched, and the decision with its reason.
 * With `selected` it gets a checkbox per row for bulk decisions; with `onReveal` a reveal button;
 * with `onDetails` a button that opens the candidate's detail panel (`detailOf` is the one open).
 */
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { Round } from '../../../shared/rounds';
import type { Reveal } from '../../../shared/screening';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { DataTable, useSortableTable } from '../../ui';
import { sectorName } from '../screening/CandidateTable';
import { ruleText } from '../screening/rule-text';

export type RoundCandidate = Round['candidates'][number];

const col = createColumnHelper<RoundCandidate>();

interface Props {
  candidates: RoundCandidate[];
  label: string;
  revealed: Record<string, Reveal>;
  /** Pseudonyms ticked for a bulk decision; absent when the list cannot be changed. */
  selected?: ReadonlySet<string>;
  onSelect?: (pseudonyms: string[], on: boolean) => void;
  onReveal?: (pseudonym: string) => void;
  onDetails?: (pseudonym: string, opener: HTMLElement) => void;
  detailOf?: string | null;
}

export function RoundTable({ candidates, label, revealed, selected, onSelect, onReveal, onDetails, detailOf }: Props) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  const columns = useMemo(() => {
    const select =
      selected && onSelect
        ? [
            col.display({
              id: 'select',
              header: () => (
                <input
                  type="checkbox"
                  aria-label={t('round.selectAll')}
                  checked={candidates.length > 0 && candidates.every((c) => selected.has(c.pseudonym))}
                  onChange={(e) => onSelect(candidates.map((c) => c.pseudonym), e.target.checked)}
                />
              ),
              cell: (c) => (
                <input
                  type="checkbox"
                  aria-label={t('round.selectRow', { pseudonym: c.row.original.pseudonym })}
                  checked={selected.has(c.row.original.pseudonym)}
                  onChange={(e) => onSelect([c.row.original.pseudonym], e.target.checked)}
                />
              ),
            }),
          ]
        : [];
    return [
      ...select,
      col.accessor('pseudonym', { header: () => t('round.col.pseudonym'), cell: (c) => <span className="mono nowrap">{c.getValue()}</span> }),
      ...(onDetails
        ? [
            col.display({
              id: 'details',
              header: () => <span className="sr-only">{t('detail.open')}</span>,
              cell: (c) => {
                const p = c.row.original.pseudonym;
                return (
                  <button
                    type="button"
                    className="small secondary nowrap"
                    data-detail-for={p}
                    aria-label={t('detail.openFor', { pseudonym: p })}
                    aria-expanded={detailOf === p}
                    onClick={(e) => onDetails(p, e.currentTarget)}
                  >
                    {t('detail.open')}
                  </button>
                );
              },
            }),
          ]
        : []),
      col.accessor((c) => c.members.length, {
        id: 'people',
        header: () => t('round.col.people'),
        cell: (c) => {
          const shown = revealed[c.row.original.pseudonym];
          // Age bands on one line keep the rows dense; once revealed, one line per person.
          if (!shown)
            return c.row.original.members.map((m, i) => (
              <span key={m.pseudonym} className="nowrap">
                {m.ageBand}
                {i < c.row.original.members.length - 1 ? ', ' : ''}
              </span>
            ));
          return (
            <ul className="plain">
              {c.row.original.members.map((m) => {
                const who = shown.members.find((x) => x.pseudonym === m.pseudonym);
                return (
                  <li key={m.pseudonym} className="nowrap">
                    {m.ageBand}{' '}
                    <strong className="revealed" data-raw>
                      {who?.cpr} {who?.name ?? t('screen.notInData')}
                    </strong>
                  </li>
                );
              })}
            </ul>
          );
        },
      }),
      col.accessor((c) => c.sectors.length, {
        id: 'sectors',
        header: () => t('round.col.sectors'),
        cell: (c) => c.row.original.sectors.map((s) => sectorName(s, lang)).join(', '),
      }),
      col.accessor((c) => c.counts.services, {
        id: 'counts',
        header: () => t('round.col.counts3'),
        cell: (c) => {
          const n = c.row.original.counts;
          return <span className="num nowrap">{`${f.number(n.services)} · ${f.number(n.departments)} · ${f.number(n.caseworkers)}`}</span>;
        },
      }),
      col.display({
        id: 'rules',
        header: () => t('round.col.rules'),
        cell: (c) => (
          <ul className="chips nowrap">
            {c.row.original.rules
              .filter((r) => r.passed)
              .map((r) => (
                <li key={r.rule} className="chip">
                  {ruleText(t, r, lang)}
                </li>
              ))}
          </ul>
        ),
      }),
      col.accessor((c) => c.review?.decision ?? '', {
        id: 'decision',
        header: () => t('round.col.decision'),
        cell: (c) => {
          const r = c.row.original.review;
          if (!r) return <span className="decision none">{t('round.decision.none')}</span>;
          return (
            <div className="decision-cell">
              <span className={`decision ${r.decision}`}>{t(`round.decision.${r.decision}`)}</span> {t(`round.reason.${r.reason}`)}
              {r.comment && (
                <div className="muted small" data-raw>
                  {r.comment}
                </div>
              )}
            </div>
          );
        },
      }),
      ...(onReveal
        ? [
            col.display({
              id: 'reveal',
              header: () => <span className="sr-only">{t('review.reveal')}</span>,
              cell: (c) =>
                revealed[c.row.original.pseudonym] ? null : (
                  <button className="small secondary nowrap" onClick={() => onReveal(c.row.original.pseudonym)}>
                    {t('review.reveal')}
                  </button>
                ),
            }),
          ]
        : []),
    ];
  }, [t, f, lang, candidates, revealed, selected, onSelect, onReveal, onDetails, detailOf]);
  const table = useSortableTable(candidates, columns);
  // Enter on the active row, or a click on it, opens the same panel as the row's Details button,
  // and the focus goes back to that button when the panel closes.
  const activate = onDetails
    ? (row: { original: RoundCandidate }) => {
        const p = row.original.pseudonym;
        const button = document.querySelector<HTMLElement>(`button[data-detail-for="${CSS.escape(p)}"]`);
        if (button) onDetails(p, button);
      }
    : undefined;
  return <DataTable table={table} label={label} {...(activate ? { onRowActivate: activate } : {})} />;
}
