/**
 * Migration 16 makes the person table again with its CPR numbers unique through a named index (the
 * import drops it while it adds many persons, see load.ts DeferredIndex): a workspace from before
 * keeps every person under the id it had, and a CPR number is still refused twice.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { PERSON_CPR_INDEX } from '../../electron/engine/import/schema';
import { SCHEMA } from '../../electron/engine/schema';

describe('the persons of a workspace from before migration 16', () => {
  it('are kept under their ids, their CPR numbers unique through the index person_cpr', async () => {
    const sql = await loadSqlJs();
    const before = SCHEMA.slice(0, SCHEMA.indexOf(PERSON_CPR_INDEX));
    const old = openDatabase(sql, before);
    old.exec(`INSERT INTO person (id, cpr, name, birth_day, sex, cpr_kind) VALUES
      (7, '0101901111', 'Anna Hansen', 7305, 'F', 'ordinary'), (3, '0202802222', '', 3684, 'M', 'fictitious')`);
    const rows = (db: typeof old) => db.exec('SELECT id, cpr, name, birth_day, sex, cpr_kind FROM person ORDER BY id')[0]!.values;
    const was = rows(old);

    const db = openDatabase(sql, SCHEMA, old.export());
    expect(rows(db)).toEqual(was);
    expect(db.exec("SELECT name FROM sqlite_master WHERE tbl_name = 'person' AND type = 'index' ORDER BY name")[0]!.values.flat()).toEqual(['person_cpr']);
    expect(() => db.run("INSERT INTO person (id, cpr, name, birth_day, sex, cpr_kind) VALUES (8, '0101901111', '', 0, 'F', 'ordinary')")).toThrow(/UNIQUE/);
    db.close();
    old.close();
  });
});
