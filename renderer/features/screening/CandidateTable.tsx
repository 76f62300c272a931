/** Candidates with the reasons that put each on the list (react-table, sortable by key). */
import { createColumnHelper, getCoreRowModel, getSortedRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { CandidateView } from '../../../shared/screening';
import { DataTable } from '../../app/DataTable';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { ruleText } from './rule-text';

const col = createColumnHelper<CandidateView>();
/** CPR numbers are shown as the municipality writes them: ddmmyy-xxxx. */
export const showKey = (k: string): string => (/^\d{10}$/.test(k) ? `${k.slice(0, 6)}-${k.slice(6)}` : k.startsWith('C:') ? `C:${showKey(k.slice(2))}` : k);

export function CandidateTable({ candidates, caption }: { candidates: CandidateView[]; caption: string }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const [sorting, setSorting] = useState<SortingState>([]);
  const columns = useMemo(
    () => [
      col.accessor('key', { header: () => t('screen.col.key'), cell: (c) => <span className="mono">{showKey(c.getValue())}</span> }),
      col.accessor((c) => c.members.length, {
        id: 'members',
        header: () => t('screen.col.members'),
        cell: (c) => <span className="mono">{c.row.original.members.map(showKey).join(', ')}</span>,
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
    ],
    [t, lang],
  );
  const table = useReactTable({ data: candidates, columns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel() });
  return <DataTable table={table} label={caption} />;
}
