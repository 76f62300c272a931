/**
 * Renders a react-table instance as the app's sortable grid: one markup for every table screen.
 * A long table scrolls inside its own box and renders only the rows in view (TanStack Virtual),
 * so 100,000 candidates cost what a screenful does; screen readers get the full row count and
 * each row's position through aria-rowcount and aria-rowindex.
 */
import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type Row, type SortingState, type Table, type TableOptions } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';

/** From this many rows a table is virtualised; below it every row is in the page (and findable with Ctrl+F). */
export const VIRTUAL_FROM = 200;
const ROW_ESTIMATE = 44;

/**
 * A table sorted by clicking its headers: the one react-table setup every grid uses. The columns
 * are typed as react-table itself takes them (each column keeps its own value type).
 */
export function useSortableTable<T>(data: T[], columns: TableOptions<T>['columns']): Table<T> {
  const [sorting, setSorting] = useState<SortingState>([]);
  return useReactTable({ data, columns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel() });
}

export function DataTable<T>({ table, label }: { table: Table<T>; label: string }) {
  const rows = table.getRowModel().rows;
  const virtual = rows.length >= VIRTUAL_FROM;
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_ESTIMATE, overscan: 10, enabled: virtual });
  const head = (
    <thead>
      {table.getHeaderGroups().map((g) => (
        <tr key={g.id} aria-rowindex={virtual ? 1 : undefined}>
          {g.headers.map((h) => (
            <th key={h.id} aria-sort={h.column.getIsSorted() === 'asc' ? 'ascending' : h.column.getIsSorted() === 'desc' ? 'descending' : undefined}>
              {/* A sortable header is a button, so sorting works from the keyboard too. */}
              {h.column.getCanSort() ? (
                <button type="button" className="sort" onClick={h.column.getToggleSortingHandler()}>
                  {flexRender(h.column.columnDef.header, h.getContext())}
                  <span aria-hidden="true">{h.column.getIsSorted() === 'asc' ? ' ▲' : h.column.getIsSorted() === 'desc' ? ' ▼' : ''}</span>
                </button>
              ) : (
                flexRender(h.column.columnDef.header, h.getContext())
              )}
            </th>
          ))}
        </tr>
      ))}
    </thead>
  );
  const row = (r: Row<T>, index?: number) => (
    <tr key={r.id} data-index={index} ref={index === undefined ? undefined : v.measureElement} aria-rowindex={index === undefined ? undefined : index + 2}>
      {r.getVisibleCells().map((c) => (
        <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
      ))}
    </tr>
  );
  if (!virtual) {
    return (
      <table className="grid" aria-label={label}>
        {head}
        <tbody>{rows.map((r) => row(r))}</tbody>
      </table>
    );
  }
  const items = v.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    // The scroll box is focusable so the keyboard can scroll it (WCAG 2.1.1).
    <div className="table-scroll" ref={scroller} tabIndex={0} role="region" aria-label={label}>
      <table className="grid" aria-label={label} aria-rowcount={rows.length + 1}>
        {head}
        <tbody>
          {top > 0 && <tr aria-hidden="true" style={{ height: top }} />}
          {items.map((i) => row(rows[i.index]!, i.index))}
          {bottom > 0 && <tr aria-hidden="true" style={{ height: bottom }} />}
        </tbody>
      </table>
    </div>
  );
}
