/**
 * Candidates with the reasons that put each on the list (react-table, sortable). The screen sees
 * pseudonyms, age bands, sectors and counts only. On a saved list, "Show CPR and name" opens the
 * form the caller gives as `reveal` (which asks for a purpose and goes through `candidates.reveal`,
 * logged by the engine); what it shows lives only in this component, so it is gone when the list
 * is closed or the session locks.
 */
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState, type ReactNode } from 'react';
import { SECTOR_NAMES, type Sector } from '../../../shared/extract-format';
import type { CandidateView, Reveal } from '../../../shared/screening';
import { DataTable, useSortableTable } from '../../ui';
import { useUi } from '../../app/store';
import { useT, type T } from '../../i18n';
import { ruleText } from './rule-text';

const col = createColumnHelper<CandidateView>();

export function sectorName(s: string, lang: 'da' | 'en'): string {
  return s in SECTOR_NAMES ? SECTOR_NAMES[s as Sector][lang] : s;
}

/** Renders the form that reveals one candidate; it calls `done` with what it revealed, or null. */
export type RevealRenderer = (pseudonym: string, done: (r: Reveal | null) => void) => ReactNode;

export function CandidateTable({ candidates, caption, reveal }: { candidates: CandidateView[]; caption: string; reveal?: RevealRenderer }) {
  const t = useT();
  const canReveal = reveal !== undefined;
  const lang = useUi((s) => s.lang);
  const [revealed, setRevealed] = useState<Record<string, Reveal>>({});
  const [asking, setAsking] = useState<string | null>(null);
  const columns = useMemo(
    () => [
      col.accessor('pseudonym', { header: () => t('screen.col.key'), cell: (c) => <span className="mono nowrap">{c.getValue()}</span> }),
      col.accessor((c) => c.members.length, {
        id: 'members',
        header: () => t('screen.col.members'),
        cell: (c) => {
          const shown = revealed[c.row.original.pseudonym];
          return (
            <ul className="plain">
              {c.row.original.members.map((m) => {
                const who = shown?.members.find((x) => x.pseudonym === m.pseudonym);
                return (
                  <li key={m.pseudonym}>
                    {c.row.original.unit === 'family' && <span className="mono nowrap">{m.pseudonym} </span>}({m.ageBand})
                    {who && (
                      <strong className="revealed">
                        {' '}
                        <span className="nowrap">{who.cpr}</span> {revealedName(t, who.name)}
                      </strong>
                    )}
                  </li>
                );
              })}
            </ul>
          );
        },
      }),
      col.accessor((c) => c.sectors.length, {
        id: 'sectors',
        header: () => t('screen.col.sectors'),
        cell: (c) => c.row.original.sectors.map((s) => sectorName(s, lang)).join(', '),
      }),
      col.accessor((c) => c.counts.services, {
        id: 'counts',
        header: () => t('screen.col.counts'),
        cell: (c) => {
          const n = c.row.original.counts;
          return <span className="num">{`${n.services} · ${n.departments} · ${n.caseworkers}`}</span>;
        },
      }),
      col.display({
        id: 'rules',
        header: () => t('screen.col.rules'),
        cell: (c) => (
          <ul className="chips">
            {c.row.original.rules.map((r) => (
              <li key={r.rule} className={r.passed ? 'chip' : 'chip failed'}>
                {ruleText(t, r, lang)}
              </li>
            ))}
          </ul>
        ),
      }),
      ...(!canReveal
        ? []
        : [
            col.display({
              id: 'reveal',
              header: () => '',
              cell: (c) =>
                revealed[c.row.original.pseudonym] ? null : (
                  <button className="small secondary" onClick={() => setAsking(c.row.original.pseudonym)}>
                    {t('screen.reveal')}
                  </button>
                ),
            }),
          ]),
    ],
    [t, lang, revealed, canReveal],
  );
  const table = useSortableTable(candidates, columns);
  return (
    <>
      {reveal &&
        asking &&
        reveal(asking, (r) => {
          setAsking(null);
          if (r) setRevealed((all) => ({ ...all, [r.pseudonym]: r }));
        })}
      {Object.keys(revealed).length > 0 && (
        <p className="muted small" role="status">
          {t('screen.revealLogged')}
        </p>
      )}
      <DataTable table={table} label={caption} />
    </>
  );
}

/** A revealed member's name: none when the person has left the data, an empty one when the extract had no name. */
export function revealedName(t: T, name: string | null): string {
  if (name === null) return t('screen.notInData');
  return name.trim() === '' ? t('screen.nameMissing') : name;
}
