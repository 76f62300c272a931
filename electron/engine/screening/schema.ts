import type { Migration } from '../base/database';

/**
 * 3: screening — criteria sets with every saved version, and runs: the criteria version, the
 * data it ran on and the resulting list with each candidate's reasons. `run_member` lets a
 * citizen's question "which lists was I on?" be answered without reading every run.
 */
export const SCREENING: Migration = {
  sql: `
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
`,
};
