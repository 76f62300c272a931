/**
 * A round's candidates, dense: pseudonym, age bands (and CPR and name once revealed for a
 * purpose), sectors in words, counts, the rules that matched, and the decision with its reason.
 * With `selected` it gets a checkbox per row for bulk decisions; with `onReveal` a reveal button;
 * with `onDetails` a button that opens the candidate's detail panel (`detailOf` is the one open).
 *
 * Above the table: filter chips (has services in a sector; matched a rule) with how many they
 * leave and a reset, and the choice of columns (kept for the session under `columnsKey`). A
 * family's row opens to show its members (pseudonym, adult or child, age band), as rows of the
 * same table, so the keyboard walks them too.
 */
import { createColumnHelper, type ColumnFiltersState, type FilterFn } from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';
import { ToggleButton } from 'react-aria-components';
import { SECTORS } from '../../../shared/extract-format';
import type { Round } from '../../../shared/rounds';
import { AGE_BANDS, type Reveal } from '../../../shared/screening';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { Checkbox, ColumnMenu, DataTable, useSortableTable } from '../../ui';
import { sectorName } from '../screening/CandidateTable';
import { ruleName, ruleText } from '../screening/rule-text';
import { revealedName } from '../screening/CandidateTable';

export type RoundCandidate = Round['candidates'][number];
type Member = RoundCandidate['members'][number];
/** A row of the table: a candidate, or (under an open family) one of its members. */
interface Line {
  c: RoundCandidate;
  member?: Member;
}

const col = createColumnHelper<Line>();
const ADULT_FROM = AGE_BANDS.indexOf('18–24');
const isAdult = (m: Member) => AGE_BANDS.indexOf(m.ageBand) >= ADULT_FROM;

/** Kept: candidates with services in every ticked sector. */
const inSectors: FilterFn<Line> = (row, _id, want: string[]) => want.every((s) => row.original.c.sectors.includes(s));
/** Kept: candidates that matched every ticked rule. */
const matchedRules: FilterFn<Line> = (row, _id, want: string[]) => want.every((r) => row.original.c.rules.some((x) => x.rule === r && x.passed));

interface Props {
  candidates: RoundCandidate[];
  label: string;
  /** Which remembered column choice this table uses (the review and the approval each have theirs). */
  columnsKey: string;
  revealed: Record<string, Reveal>;
  /** Pseudonyms ticked for a bulk decision; absent when the list cannot be changed. */
  selected?: ReadonlySet<string>;
  onSelect?: (pseudonyms: string[], on: boolean) => void;
  onReveal?: (pseudonym: string) => void;
  onDetails?: (pseudonym: string, opener: HTMLElement) => void;
  detailOf?: string | null;
}

export function RoundTable({ candidates, label, columnsKey, revealed, selected, onSelect, onReveal, onDetails, detailOf }: Props) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  const visibility = useUi((s) => s.columns[columnsKey]);
  const setColumns = useUi((s) => s.setColumns);
  const [sectors, setSectors] = useState<string[]>([]);
  const [rules, setRules] = useState<string[]>([]);
  const ids = useId();

  const lines = useMemo(() => candidates.map((c): Line => ({ c })), [candidates]);
  const columns = useMemo(() => {
    const select =
      selected && onSelect
        ? [
            col.display({
              id: 'select',
              header: (h) => {
                // "All shown": the candidates the filters leave, not their members.
                const shown = h.table.getFilteredRowModel().rows.map((r) => r.original.c.pseudonym);
                return (
                  <Checkbox aria-label={t('round.selectAll')} checked={shown.length > 0 && shown.every((p) => selected.has(p))} onChange={(on) => onSelect(shown, on)} />
                );
              },
              cell: (c) =>
                c.row.original.member ? null : (
                  <Checkbox
                    aria-label={t('round.selectRow', { pseudonym: c.row.original.c.pseudonym })}
                    checked={selected.has(c.row.original.c.pseudonym)}
                    onChange={(on) => onSelect([c.row.original.c.pseudonym], on)}
                  />
                ),
            }),
          ]
        : [];
    return [
      ...select,
      col.accessor((l) => l.member?.pseudonym ?? l.c.pseudonym, {
        id: 'pseudonym',
        header: () => t('round.col.pseudonym'),
        cell: (c) => {
          const l = c.row.original;
          if (l.member) return <span className="mono nowrap member">{l.member.pseudonym}</span>;
          if (!c.row.getCanExpand()) return <span className="mono nowrap">{l.c.pseudonym}</span>;
          const open = c.row.getIsExpanded();
          return (
            <span className="nowrap">
              <button
                type="button"
                className="expander"
                aria-expanded={open}
                aria-label={t(open ? 'round.members.hide' : 'round.members.show', { pseudonym: l.c.pseudonym, n: f.number(l.c.members.length) })}
                onClick={c.row.getToggleExpandedHandler()}
              >
                <span aria-hidden="true">{open ? '▾' : '▸'}</span>
              </button>
              <span className="mono">{l.c.pseudonym}</span>
            </span>
          );
        },
      }),
      ...(onDetails
        ? [
            col.display({
              id: 'details',
              header: () => <span className="sr-only">{t('detail.open')}</span>,
              cell: (c) => {
                if (c.row.original.member) return null;
                const p = c.row.original.c.pseudonym;
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
      col.accessor((l) => (l.member ? 1 : l.c.members.length), {
        id: 'people',
        header: () => t('round.col.people'),
        cell: (c) => {
          const { c: cand, member } = c.row.original;
          const shown = revealed[cand.pseudonym];
          if (member) {
            const who = shown?.members.find((x) => x.pseudonym === member.pseudonym);
            return (
              <span>
                <span className="nowrap">{t(isAdult(member) ? 'detail.adult' : 'detail.child', { age: member.ageBand })}</span>
                {shown && (
                  <>
                    {' '}
                    {/* The CPR number stays whole; a long name wraps rather than widen the list past the window. */}
                    <strong className="revealed" data-raw>
                      <span className="nowrap">{who?.cpr}</span> {revealedName(t, who?.name ?? null)}
                    </strong>
                  </>
                )}
              </span>
            );
          }
          // Age bands on one line keep the rows dense; once revealed, one line per person.
          if (!shown)
            return cand.members.map((m, i) => (
              <span key={m.pseudonym} className="nowrap">
                {m.ageBand}
                {i < cand.members.length - 1 ? ', ' : ''}
              </span>
            ));
          return (
            <ul className="plain">
              {cand.members.map((m) => {
                const who = shown.members.find((x) => x.pseudonym === m.pseudonym);
                return (
                  <li key={m.pseudonym}>
                    <span className="nowrap">{m.ageBand}</span>{' '}
                    <strong className="revealed" data-raw>
                      <span className="nowrap">{who?.cpr}</span> {revealedName(t, who?.name ?? null)}
                    </strong>
                  </li>
                );
              })}
            </ul>
          );
        },
      }),
      col.accessor((l) => l.c.sectors.length, {
        id: 'sectors',
        header: () => t('round.col.sectors'),
        filterFn: inSectors,
        // A member's own sectors are in the detail panel; the list knows the family's.
        cell: (c) => (c.row.original.member ? null : c.row.original.c.sectors.map((s) => sectorName(s, lang)).join(', ')),
      }),
      col.accessor((l) => l.c.counts.services, {
        id: 'counts',
        header: () => t('round.col.counts3'),
        cell: (c) => {
          if (c.row.original.member) return null;
          const n = c.row.original.c.counts;
          return <span className="num nowrap">{`${f.number(n.services)} · ${f.number(n.departments)} · ${f.number(n.caseworkers)}`}</span>;
        },
      }),
      col.accessor((l) => l.c.rules.filter((r) => r.passed).length, {
        id: 'rules',
        header: () => t('round.col.rules'),
        enableSorting: false,
        filterFn: matchedRules,
        cell: (c) =>
          c.row.original.member ? null : (
            <ul className="chips nowrap">
              {c.row.original.c.rules
                .filter((r) => r.passed)
                .map((r) => (
                  <li key={r.rule} className="chip">
                    {ruleText(t, r, lang)}
                  </li>
                ))}
            </ul>
          ),
      }),
      col.accessor((l) => l.c.review?.decision ?? '', {
        id: 'decision',
        header: () => t('round.col.decision'),
        cell: (c) => {
          if (c.row.original.member) return null;
          const r = c.row.original.c.review;
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
                c.row.original.member || revealed[c.row.original.c.pseudonym] ? null : (
                  <button className="small secondary nowrap" onClick={() => onReveal(c.row.original.c.pseudonym)}>
                    {t('review.reveal')}
                  </button>
                ),
            }),
          ]
        : []),
    ];
  }, [t, f, lang, revealed, selected, onSelect, onReveal, onDetails, detailOf]);

  const columnFilters = useMemo<ColumnFiltersState>(
    () => [...(sectors.length ? [{ id: 'sectors', value: sectors }] : []), ...(rules.length ? [{ id: 'rules', value: rules }] : [])],
    [sectors, rules],
  );
  const table = useSortableTable(lines, columns, {
    // A family's members are its sub-rows; a person has none.
    getSubRows: (l) => (l.member || l.c.unit !== 'family' ? undefined : l.c.members.map((member) => ({ c: l.c, member }))),
    getRowId: (l) => l.member?.pseudonym ?? l.c.pseudonym,
    columnFilters,
    ...(visibility ? { columnVisibility: visibility } : {}),
    onColumnVisibilityChange: (v) => setColumns(columnsKey, v),
  });

  // The chips: the sectors and the rules this list has, in a fixed order.
  const sectorChoices = useMemo(() => SECTORS.filter((s) => candidates.some((c) => c.sectors.includes(s))), [candidates]);
  const ruleChoices = useMemo(() => {
    const seen = new Map<string, RoundCandidate['rules'][number]>();
    for (const c of candidates) for (const r of c.rules) if (r.passed && !seen.has(r.rule)) seen.set(r.rule, r);
    return [...seen.values()];
  }, [candidates]);
  const toggle = (list: string[], set: (v: string[]) => void, v: string, on: boolean) => set(on ? [...list, v] : list.filter((x) => x !== v));
  const shownCount = table.getFilteredRowModel().rows.length;
  const filtering = sectors.length + rules.length > 0;

  // Enter on the active row, or a click on it, opens the same panel as the row's Details button
  // (a member's row opens its family's), and the focus goes back to that button when the panel closes.
  const activate = onDetails
    ? (row: { original: Line }) => {
        const p = row.original.c.pseudonym;
        const button = document.querySelector<HTMLElement>(`button[data-detail-for="${CSS.escape(p)}"]`);
        if (button) onDetails(p, button);
      }
    : undefined;
  const names = {
    people: t('round.col.people'),
    sectors: t('round.col.sectors'),
    counts: t('round.col.counts3'),
    rules: t('round.col.rules'),
    decision: t('round.col.decision'),
  };
  return (
    <>
      <div className="table-tools" data-testid="table-tools">
        <div className="filter-chips">
          <div role="group" aria-labelledby={`${ids}-sectors`} className="chip-group">
            <span id={`${ids}-sectors`} className="chip-label">
              {t('round.filter.sectors')}
            </span>
            {sectorChoices.map((s) => (
              <ToggleButton key={s} className="chip toggle" isSelected={sectors.includes(s)} onChange={(on) => toggle(sectors, setSectors, s, on)}>
                <span className="tick" aria-hidden="true">
                  ✓{' '}
                </span>
                {sectorName(s, lang)}
              </ToggleButton>
            ))}
          </div>
          {ruleChoices.length > 0 && (
            <div role="group" aria-labelledby={`${ids}-rules`} className="chip-group">
              <span id={`${ids}-rules`} className="chip-label">
                {t('round.filter.rules')}
              </span>
              {ruleChoices.map((r) => (
                <ToggleButton key={r.rule} className="chip toggle" isSelected={rules.includes(r.rule)} onChange={(on) => toggle(rules, setRules, r.rule, on)}>
                  <span className="tick" aria-hidden="true">
                    ✓{' '}
                  </span>
                  {ruleName(t, r, lang)}
                </ToggleButton>
              ))}
            </div>
          )}
        </div>
        <div className="tools-end">
          <span role="status" className="muted small" data-testid="filter-count">
            {filtering ? t('round.filter.count', { shown: f.number(shownCount), total: f.number(candidates.length) }) : t('round.filter.all', { total: f.number(candidates.length) })}
          </span>
          {filtering && (
            <button
              type="button"
              className="small link"
              onClick={() => {
                setSectors([]);
                setRules([]);
              }}
            >
              {t('round.filter.reset')}
            </button>
          )}
          <ColumnMenu table={table} label={t('round.columns')} names={names} />
        </div>
      </div>
      <DataTable table={table} label={label} {...(activate ? { onRowActivate: activate } : {})} />
    </>
  );
}
