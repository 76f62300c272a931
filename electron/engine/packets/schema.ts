import type { Migration } from '../base/database';

/**
 * 12: sector assessment. The sectors' recipients (one per sector, or per department); each
 * packet written for a round; each row sent, under its random reference, with the candidate and
 * the citizen it concerns (so a returned sheet is checked against exactly what went to that
 * sector); and each answer as it came back. The reference is random and says nothing of the CPR
 * number: the sector sees the CPR number anyway, and the reference must not be guessable across
 * packets.
 */
export const PACKETS: Migration = {
  sql: `
  CREATE TABLE sector_recipient (
    sector TEXT NOT NULL,
    department TEXT NOT NULL,
    recipient TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    registered_by TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    PRIMARY KEY (sector, department)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE packet (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES round (id),
    sector TEXT NOT NULL,
    part INTEGER,
    file_name TEXT NOT NULL,
    locked_with TEXT NOT NULL CHECK (locked_with IN ('recipient', 'passphrase')),
    fingerprint TEXT,
    deadline TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT;
  CREATE TABLE packet_row (
    reference TEXT PRIMARY KEY,
    packet_id INTEGER NOT NULL REFERENCES packet (id),
    candidate TEXT NOT NULL,
    cpr TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX packet_row_packet ON packet_row (packet_id);
  CREATE TABLE packet_answer (
    reference TEXT PRIMARY KEY REFERENCES packet_row (reference),
    suitable TEXT NOT NULL,
    reason TEXT,
    timing TEXT,
    date TEXT,
    comment TEXT NOT NULL,
    answered_day TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
`,
};

/**
 * 15: the screener's decision on a candidate a sector was unsure about ("ved ikke"): include in
 * the final selection or exclude, with a reason from a short list and an optional comment. One per
 * round and candidate, and final: the engine refuses a second (packets/unsure.ts).
 */
export const UNSURE_DECISION: Migration = {
  sql: `
  CREATE TABLE unsure_decision (
    round_id INTEGER NOT NULL REFERENCES round (id),
    pseudonym TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('include', 'exclude')),
    reason TEXT NOT NULL,
    comment TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (round_id, pseudonym)
  ) STRICT, WITHOUT ROWID;
`,
};

/**
 * 17: the name each row was sent with, so the locked Navn cell of a returned sheet is checked
 * against what the sector got (a later extract may spell the person's name otherwise). Rows sent
 * before are given the person's name as it stands, or none where the person is gone; a row
 * without a name has its Navn cell unchecked.
 */
export const PACKET_ROW_NAME: Migration = {
  sql: `
  ALTER TABLE packet_row ADD COLUMN name TEXT;
  UPDATE packet_row SET name = (SELECT p.name FROM person p WHERE p.cpr = packet_row.cpr);
`,
};
