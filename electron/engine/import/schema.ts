import type { Migration } from '../base/database';
import { seedCatalogue } from '../catalogue/catalogue';

/**
 * 2: imported extracts, designed for 250,000 persons and 1,000,000 service rows: small integer
 * keys, dictionary-encoded text (departments, caseworkers, goals, legal bases), dates as day
 * numbers. Only the trial's allowed fields exist here; there is no column for anything else.
 */
export const EXTRACTS: Migration = {
  sql: `
  CREATE TABLE catalogue (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_da TEXT NOT NULL,
    name_en TEXT NOT NULL,
    law TEXT NOT NULL,
    paragraph_old TEXT NOT NULL,
    paragraph_new TEXT NOT NULL,
    sector TEXT NOT NULL,
    excluded INTEGER NOT NULL,
    universal INTEGER NOT NULL,
    category TEXT NOT NULL
  ) STRICT;
  CREATE TABLE source (
    id INTEGER PRIMARY KEY,
    sector TEXT NOT NULL UNIQUE,
    receipt_id INTEGER NOT NULL,
    snapshot_day INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    cpr TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    birth_day INTEGER NOT NULL,
    sex TEXT NOT NULL,
    cpr_kind TEXT NOT NULL
  ) STRICT;
  CREATE TABLE dict (
    id INTEGER PRIMARY KEY,
    kind INTEGER NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (kind, value)
  ) STRICT;
  CREATE TABLE caseworker (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    unit TEXT NOT NULL,
    UNIQUE (name, phone, email, unit)
  ) STRICT;
  CREATE TABLE service (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL,
    source_id INTEGER NOT NULL,
    catalogue_id INTEGER NOT NULL,
    department_id INTEGER NOT NULL,
    service_name_id INTEGER NOT NULL,
    legal_basis_id INTEGER NOT NULL,
    goal_id INTEGER,
    caseworker_id INTEGER NOT NULL,
    start_day INTEGER NOT NULL,
    end_day INTEGER,
    yearly_cost INTEGER
  ) STRICT;
  CREATE TABLE relation (
    parent_id INTEGER NOT NULL,
    child_id INTEGER NOT NULL,
    household TEXT,
    receipt_id INTEGER NOT NULL,
    PRIMARY KEY (parent_id, child_id)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE receipt (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    sector TEXT,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    body TEXT NOT NULL
  ) STRICT;
  CREATE INDEX receipt_sha ON receipt (file_sha256);
  CREATE INDEX service_person ON service (person_id);
  CREATE INDEX service_source ON service (source_id);
  CREATE INDEX relation_child ON relation (child_id);
`,
  // The catalogue is data: a workspace gets the bundled one when its table is made.
  after: seedCatalogue,
};

/**
 * 10: service rows loaded before this version hold their legal basis's and goal's dictionary ids
 * cut to 32 bits (those ids lie above 2^31), so they pointed at no text. Restoring them matters
 * now that a replaced extract's texts no service points at are deleted.
 */
export const DICTIONARY_IDS: Migration = {
  sql: `
  UPDATE service SET legal_basis_id = legal_basis_id + 4294967296 WHERE legal_basis_id < 0;
  UPDATE service SET goal_id = goal_id + 4294967296 WHERE goal_id < 0;
`,
};

/**
 * 11: the importer now checks only what a replaced snapshot referred to for rows left behind
 * (load.ts, removeOrphans). Workspaces from before replacements removed texts and caseworkers may
 * still hold some no service refers to: this sweeps every such row once, so none is ever kept.
 */
export const ORPHANS_SWEPT: Migration = {
  sql: `
  DELETE FROM person WHERE NOT EXISTS (SELECT 1 FROM service s WHERE s.person_id = person.id)
    AND NOT EXISTS (SELECT 1 FROM relation r WHERE r.parent_id = person.id)
    AND NOT EXISTS (SELECT 1 FROM relation r WHERE r.child_id = person.id);
  DELETE FROM dict WHERE id NOT IN (
    SELECT goal_id FROM service WHERE goal_id IS NOT NULL UNION ALL SELECT department_id FROM service
    UNION ALL SELECT service_name_id FROM service UNION ALL SELECT legal_basis_id FROM service);
  DELETE FROM caseworker WHERE id NOT IN (SELECT caseworker_id FROM service);
`,
};

/**
 * 16: the persons' CPR numbers are unique through a named index instead of a constraint of the
 * table, so an import that adds many persons can drop it while it inserts and build it once at the
 * end, as it does the index of services by person (load.ts, DeferredIndex): kept up to date person
 * by person, its inserts at random places cost a third of the persons' load at copenhagen scale. A
 * constraint's index cannot be dropped, so the table is made again with its rows as they are.
 */
export const PERSON_CPR_INDEX: Migration = {
  sql: `
  CREATE TABLE person_new (
    id INTEGER PRIMARY KEY,
    cpr TEXT NOT NULL,
    name TEXT NOT NULL,
    birth_day INTEGER NOT NULL,
    sex TEXT NOT NULL,
    cpr_kind TEXT NOT NULL
  ) STRICT;
  INSERT INTO person_new (id, cpr, name, birth_day, sex, cpr_kind) SELECT id, cpr, name, birth_day, sex, cpr_kind FROM person ORDER BY id;
  DROP TABLE person;
  ALTER TABLE person_new RENAME TO person;
  CREATE UNIQUE INDEX person_cpr ON person (cpr);
`,
};
