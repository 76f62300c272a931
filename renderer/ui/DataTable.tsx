/**
 * Renders a react-table instance as the app's sortable grid: one markup for every table screen.
 * A long table scrolls inside its own box and renders only the rows in view (TanStack Virtual),
 * so 100,000 candidates cost what a screenful does; screen readers get the full row count and
 * each row's position through aria-rowcount and aria-rowindex.
 *
 * The keyboard: the body is one Tab stop (the active row, a roving tabindex), and in it
 * Up/Down, Home/End and PageUp/PageDown move the active row (a virtualised table scrolls to it
 * first, so End reaches row 100,000), Enter activates the row (`onRowActivate`, also a click on
 * the row) and Space ticks the row's selection checkbox where the table has one. The controls in
 * a row (a checkbox, a reveal button) keep their own Tab stop. Headers sort with Enter or Space.
 * A row with sub-rows (a family with its members) opens with Right and closes with Left (Left on
 * a sub-row goes to its parent); its sub-rows are rows of the same table, so Up/Down walk them.
 * The element keeps the table role (not grid): every cell is read as a table cell, and the focus
 * sits on the row, whose text a screen reader reads when it gets it.
 */
import {
  flexRender,
  getCoreRowModel,
  getExpandedRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnFiltersState,
  type ExpandedState,
  type Row,
  type SortingState,
  type Table,
  type TableOptions,
  type VisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';

/** From this many rows a table is virtualised; below it every row is in the page (and findable with Ctrl+F). */
export const VIRTUAL_FROM = 200;
const ROW_ESTIMATE = 44;
/** What a click on these means is their own, not "activate the row". */
const INTERACTIVE = 'a, button, input, select, textarea, label, [role="button"], [role="checkbox"]';

/**
 * What a table may add to sorting, all react-table's own features: sub-rows that open under their
 * row (`getSubRows`, a stable `getRowId` so an open row stays open when the data changes), column
 * filters whose state the screen keeps (only top-level rows are filtered; a kept row keeps its
 * sub-rows), and which columns are shown (the screen keeps that too, e.g. for the session).
 */
export interface TableFeatures<T> {
  getSubRows?: (row: T, index: number) => T[] | undefined;
  getRowId?: (row: T, index: number, parent?: Row<T>) => string;
  columnFilters?: ColumnFiltersState;
  columnVisibility?: VisibilityState;
  onColumnVisibilityChange?: (next: VisibilityState) => void;
}

/**
 * A table sorted by clicking its headers: the one react-table setup every grid uses. The columns
 * are typed as react-table itself takes them (each column keeps its own value type).
 */
/** Stable empties: a new [] or {} in every render would make react-table recompute (and reset) each time. */
const NO_FILTERS: ColumnFiltersState = [];
const ALL_VISIBLE: VisibilityState = {};

export function useSortableTable<T>(data: T[], columns: TableOptions<T>['columns'], features: TableFeatures<T> = {}): Table<T> {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [expanded, setExpanded] = useState<ExpandedState>({});
  const visibility = features.columnVisibility ?? ALL_VISIBLE;
  const onVisibility = features.onColumnVisibilityChange;
  return useReactTable({
    data,
    columns,
    state: { sorting, expanded, columnFilters: features.columnFilters ?? NO_FILTERS, columnVisibility: visibility },
    onSortingChange: setSorting,
    onExpandedChange: setExpanded,
    ...(onVisibility ? { onColumnVisibilityChange: (u) => onVisibility(typeof u === 'function' ? u(visibility) : u) } : {}),
    ...(features.getSubRows ? { getSubRows: features.getSubRows } : {}),
    ...(features.getRowId ? { getRowId: features.getRowId } : {}),
    // Filters choose top-level rows; a family kept by them keeps its members.
    maxLeafRowFilterDepth: 0,
    autoResetExpanded: false,
    // No pages: nothing to reset when the filtered rows change.
    autoResetPageIndex: false,
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
  });
}

export function DataTable<T>({ table, label, onRowActivate }: { table: Table<T>; label: string; onRowActivate?: (row: Row<T>) => void }) {
  const rows = table.getRowModel().rows;
  const virtual = rows.length >= VIRTUAL_FROM;
  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_ESTIMATE, overscan: 10, enabled: virtual });
  /** The active row, as an index into the rows in their shown (sorted) order. */
  const [active, setActive] = useState(0);
  const current = Math.min(active, Math.max(rows.length - 1, 0));
  /** A row to give the focus once it is rendered (a virtualised row may be scrolled to first). */
  const pendingFocus = useRef<number | null>(null);

  useEffect(() => {
    const want = pendingFocus.current;
    if (want === null) return;
    const el = body.current?.querySelector<HTMLElement>(`tr[data-row="${want}"]`);
    if (!el) return; // not rendered yet: the virtualiser renders it after scrolling, and this runs again
    pendingFocus.current = null;
    el.focus({ preventScroll: virtual });
    if (!virtual) el.scrollIntoView({ block: 'nearest' });
  });

  const moveTo = (index: number) => {
    if (rows.length === 0) return;
    const i = Math.max(0, Math.min(index, rows.length - 1));
    setActive(i);
    pendingFocus.current = i;
    if (virtual) v.scrollToIndex(i, { align: 'auto' });
  };
  const page = () => Math.max(1, Math.floor((scroller.current?.clientHeight ?? window.innerHeight) / ROW_ESTIMATE) - 1);

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const tr = e.target as HTMLElement;
    // Keys typed into a control in a row (a checkbox's Space, a button's Enter) are the control's.
    if (tr.tagName !== 'TR' || tr.dataset.row === undefined) return;
    const at = Number(tr.dataset.row);
    const to: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1, PageDown: at + page(), PageUp: at - page() };
    const r = rows[at]!;
    if (e.key in to) {
      e.preventDefault();
      moveTo(to[e.key]!);
    } else if (e.key === 'ArrowRight' && r.getCanExpand() && !r.getIsExpanded()) {
      e.preventDefault();
      r.toggleExpanded(true);
    } else if (e.key === 'ArrowLeft' && r.getIsExpanded()) {
      e.preventDefault();
      r.toggleExpanded(false);
    } else if (e.key === 'ArrowLeft' && r.depth > 0) {
      e.preventDefault();
      moveTo(rows.findIndex((x) => x.id === r.parentId));
    } else if (e.key === 'Enter' && onRowActivate) {
      e.preventDefault();
      onRowActivate(r);
    } else if (e.key === ' ') {
      const box = tr.querySelector<HTMLInputElement>('input[type="checkbox"]:not(:disabled)');
      e.preventDefault(); // never scroll the page with Space on a row
      box?.click();
    }
  };
  const onClick = (e: MouseEvent<HTMLTableRowElement>, r: Row<T>) => {
    if ((e.target as HTMLElement).closest(INTERACTIVE)) return;
    onRowActivate?.(r);
  };

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
  const items = virtual ? v.getVirtualItems() : [];
  // The one Tab stop of the body: the active row, or (scrolled away from it) the first row in view.
  const tabStop = !virtual || items.some((i) => i.index === current) ? current : (items[0]?.index ?? 0);
  const row = (r: Row<T>, index: number) => (
    <tr
      key={r.id}
      data-row={index}
      data-index={virtual ? index : undefined}
      data-active={index === current || undefined}
      ref={virtual ? v.measureElement : undefined}
      aria-rowindex={virtual ? index + 2 : undefined}
      tabIndex={index === tabStop ? 0 : -1}
      data-depth={r.depth > 0 ? r.depth : undefined}
      className={[onRowActivate ? 'activatable' : '', r.depth > 0 ? 'sub' : ''].filter(Boolean).join(' ') || undefined}
      onFocus={() => setActive(index)} // the row or a control in it
      onClick={(e) => onClick(e, r)}
    >
      {r.getVisibleCells().map((c) => (
        <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
      ))}
    </tr>
  );
  if (!virtual) {
    return (
      <table className="grid" aria-label={label}>
        {head}
        <tbody ref={body} onKeyDown={onKeyDown}>
          {rows.map((r, i) => row(r, i))}
        </tbody>
      </table>
    );
  }
  const top = items[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    // The box scrolls with the mouse; the keyboard moves the active row, which scrolls it.
    <div className="table-scroll" ref={scroller} role="region" aria-label={label}>
      <table className="grid" aria-label={label} aria-rowcount={rows.length + 1}>
        {head}
        <tbody ref={body} onKeyDown={onKeyDown}>
          {top > 0 && <tr aria-hidden="true" style={{ height: top }} />}
          {items.map((i) => row(rows[i.index]!, i.index))}
          {bottom > 0 && <tr aria-hidden="true" style={{ height: bottom }} />}
        </tbody>
      </table>
    </div>
  );
}
