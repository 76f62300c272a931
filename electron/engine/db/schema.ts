/**
 * The in-memory database schema, as ordered migrations keyed by `PRAGMA user_version`.
 * Later features add migrations; a workspace saved by an older version is upgraded on open.
 */
// 1: foundation — settings, users, the access log and its checkpoints.
const FOUNDATION = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    roles TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    must_change INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    user TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    purpose TEXT NOT NULL,
    outcome TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  ) STRICT;
  CREATE INDEX audit_log_subject ON audit_log (subject);
  -- Append-only, even for code that gets it wrong: updates and deletes abort.
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TABLE audit_checkpoint (
    seq INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    time TEXT NOT NULL,
    signature TEXT NOT NULL
  ) STRICT;
`;

/**
 * 2: imported extracts, designed for 250,000 persons and 1,000,000 service rows: small integer
 * keys, dictionary-encoded text (departments, caseworkers, goals, legal bases), dates as day
 * numbers. Only the trial's allowed fields exist here; there is no column for anything else.
 */
const EXTRACTS = `
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
`;

/**
 * 3: screening — criteria sets with every saved version, and runs: the criteria version, the
 * data it ran on and the resulting list with each candidate's reasons. `run_member` lets a
 * citizen's question "which lists was I on?" be answered without reading every run.
 */
const SCREENING = `
  CREATE TABLE criteria_set (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  ) STRICT;
  CREATE TABLE criteria_version (
    set_id INTEGER NOT NULL REFERENCES criteria_set (id),
    version INTEGER NOT NULL,
    criteria TEXT NOT NULL,
    comment TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    PRIMARY KEY (set_id, version)
  ) STRICT;
  CREATE TABLE run (
    id INTEGER PRIMARY KEY,
    set_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    comment TEXT NOT NULL,
    unit TEXT NOT NULL,
    count INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    previous_run_id INTEGER,
    funnel TEXT NOT NULL,
    candidates TEXT NOT NULL,
    -- who left since the previous run, and the rules they failed then
    leavers TEXT NOT NULL,
    FOREIGN KEY (set_id, version) REFERENCES criteria_version (set_id, version)
  ) STRICT;
  CREATE TABLE run_member (
    run_id INTEGER NOT NULL,
    cpr TEXT NOT NULL,
    PRIMARY KEY (cpr, run_id)
  ) STRICT, WITHOUT ROWID;
`;

export const MIGRATIONS: readonly string[] = [FOUNDATION, EXTRACTS, SCREENING];
