import type { Migration } from '../base/database';

/**
 * 11: rounds. One round per saved run; a decision per candidate, keyed by the pseudonym the run
 * shows it under; and everyone who prepared the round (made it, decided, submitted), whom the
 * four-eyes rule keeps from approving it. Decisions are kept as they stand now; their history is
 * in the access log, one entry per call.
 */
export const ROUNDS: Migration = {
  sql: `
  CREATE TABLE round (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL UNIQUE REFERENCES run (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'submitted', 'approved', 'returned')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    submitted_at TEXT,
    submitted_by TEXT,
    decided_at TEXT,
    decided_by TEXT,
    return_comment TEXT,
    hash TEXT
  ) STRICT;
  CREATE TABLE round_decision (
    round_id INTEGER NOT NULL REFERENCES round (id),
    pseudonym TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('include', 'exclude')),
    reason TEXT NOT NULL,
    comment TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (round_id, pseudonym)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE round_preparer (
    round_id INTEGER NOT NULL REFERENCES round (id),
    username TEXT NOT NULL,
    act TEXT NOT NULL CHECK (act IN ('created', 'decided', 'submitted')),
    PRIMARY KEY (round_id, username, act)
  ) STRICT, WITHOUT ROWID;
`,
};
