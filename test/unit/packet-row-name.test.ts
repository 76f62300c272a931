/**
 * Migration 17 keeps the name each packet row was sent with, which a returned sheet's locked Navn
 * cell is checked against: rows sent before it get the person's name as it stands (checked), or
 * none where the person is gone (not checked); a row's name may differ in spacing, not otherwise.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { checkSheet } from '../../electron/engine/packets/answers';
import { PACKET_ROW_NAME } from '../../electron/engine/packets/schema';
import { ANSWER_COLUMNS } from '../../shared/packets';
import { SCHEMA } from '../../electron/engine/schema';

const row = (n: number, reference: string, cpr: string, name: string) => ({ row: n, cells: [reference, cpr, name, 'ja', '', 'nu', '', ''], numeric: Array<boolean>(8).fill(false) });

describe('the names of packet rows sent before migration 17', () => {
  it('are the persons’ names where known, and a changed name is refused only where one is kept', async () => {
    const sql = await loadSqlJs();
    const old = openDatabase(sql, SCHEMA.slice(0, SCHEMA.indexOf(PACKET_ROW_NAME)));
    old.exec(`PRAGMA foreign_keys = OFF;
      INSERT INTO person (id, cpr, name, birth_day, sex, cpr_kind) VALUES (1, '0101901111', 'Anna  Hansen', 7305, 'F', 'ordinary');
      INSERT INTO packet (id, round_id, sector, part, file_name, locked_with, fingerprint, deadline, created_at, created_by) VALUES (1, 1, 'voksen', NULL, 'f', 'recipient', NULL, '2026-03-01', 't', 'u');
      INSERT INTO packet_row (reference, packet_id, candidate, cpr) VALUES ('R-AAAA-AAAA-AAAA', 1, 'P-A', '0101901111'), ('R-BBBB-BBBB-BBBB', 1, 'P-B', '0202802222');`);
    const db = openDatabase(sql, SCHEMA, old.export());
    expect(db.exec('SELECT reference, name FROM packet_row ORDER BY reference')[0]!.values).toEqual([
      ['R-AAAA-AAAA-AAAA', 'Anna  Hansen'],
      ['R-BBBB-BBBB-BBBB', null],
    ]);
    const sheet = (nameA: string, nameB: string) => ({ header: [...ANSWER_COLUMNS], rows: [row(2, 'R-AAAA-AAAA-AAAA', '010190-1111', nameA), row(3, 'R-BBBB-BBBB-BBBB', '020280-2222', nameB)] });
    expect(checkSheet(db, sheet(' Anna Hansen ', 'Hvem som helst')).answers).toHaveLength(2);
    expect(() => checkSheet(db, sheet('Anne Hansen', 'Hvem som helst'))).toThrow(expect.objectContaining({ code: 'ANSWERS_REFUSED', details: expect.objectContaining({ problems: [{ row: 2, column: 'C', reason: 'changed-fixed-cell' }] }) }));
    db.close();
    old.close();
  });
});
