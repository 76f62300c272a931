/**
 * Which columns a table shows: a button that opens a menu of the table's hideable columns, each a
 * menu item with a tick (react-aria's Menu with multiple selection: arrows move, Space or Enter
 * ticks, Escape closes and gives focus back to the button). The table's own column visibility
 * (react-table) does the hiding; the screen keeps the state, so it decides how long it lasts.
 */
import type { Table } from '@tanstack/react-table';
import { Button, Menu, MenuItem, MenuTrigger, Popover, type Selection } from 'react-aria-components';

export function ColumnMenu<T>({ table, label, names }: { table: Table<T>; label: string; names: Readonly<Record<string, string>> }) {
  const hideable = table.getAllLeafColumns().filter((c) => c.id in names);
  const shown = new Set(hideable.filter((c) => c.getIsVisible()).map((c) => c.id));
  const onChange = (keys: Selection) => {
    const on = keys === 'all' ? new Set(hideable.map((c) => c.id)) : new Set([...keys].map(String));
    table.setColumnVisibility((v) => ({ ...v, ...Object.fromEntries(hideable.map((c) => [c.id, on.has(c.id)])) }));
  };
  return (
    <MenuTrigger>
      <Button className="secondary small column-button">
        {label} <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="menu-popover" placement="bottom end" offset={2}>
        <Menu className="column-menu" aria-label={label} selectionMode="multiple" selectedKeys={shown} onSelectionChange={onChange}>
          {hideable.map((c) => (
            <MenuItem key={c.id} id={c.id} className="menu-item" textValue={names[c.id]}>
              <span className="box" aria-hidden="true">
                <svg viewBox="0 0 16 16">
                  <polyline points="3.5 8.5 6.5 11.5 12.5 4.5" />
                </svg>
              </span>
              {names[c.id]}
            </MenuItem>
          ))}
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
