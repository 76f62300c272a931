import type { Migration } from '../base/database';

/**
 * 14: notices and consent. Each notice written for a round (to one caseworker of one sector) with
 * the citizens it named; and the consent register as its history, one row per step, per round and
 * citizen. The state is the last step: the engine checks each new step against it (consent/
 * register.ts), and the CHECK keeps the steps to the known ones.
 */
export const CONSENT: Migration = {
  sql: `
  CREATE TABLE notice (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES round (id),
    sector TEXT NOT NULL,
    caseworker TEXT NOT NULL,
    file_name TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT;
  CREATE TABLE notice_citizen (
    notice_id INTEGER NOT NULL REFERENCES notice (id),
    cpr TEXT NOT NULL,
    PRIMARY KEY (notice_id, cpr)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX notice_citizen_cpr ON notice_citizen (cpr);
  CREATE TABLE consent_step (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES round (id),
    cpr TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('contacted', 'consent-given', 'declined', 'withdrawn')),
    means TEXT NOT NULL CHECK (means IN ('letter', 'phone', 'meeting', 'digital-post')),
    day TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX consent_step_citizen ON consent_step (round_id, cpr, id);
`,
};
