import type { Migration } from '../database';

/**
 * 4: the access log names citizens. Each entry keeps how many citizens' data it stored or
 * disclosed and a digest of their CPR numbers (both covered by its hash); the numbers themselves
 * are rows here, one per citizen, so a citizen's request finds every entry that concerned them.
 */
export const AUDIT_SUBJECTS: Migration = {
  sql: `
  ALTER TABLE audit_log ADD COLUMN subject_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE audit_log ADD COLUMN subjects_digest TEXT NOT NULL DEFAULT '';
  CREATE TABLE audit_subject (
    seq INTEGER NOT NULL,
    cpr TEXT NOT NULL,
    PRIMARY KEY (seq, cpr)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX audit_subject_cpr ON audit_subject (cpr);
  CREATE TRIGGER audit_subject_no_update BEFORE UPDATE ON audit_subject BEGIN SELECT RAISE(ABORT, 'audit_subject is append-only'); END;
  CREATE TRIGGER audit_subject_no_delete BEFORE DELETE ON audit_subject BEGIN SELECT RAISE(ABORT, 'audit_subject is append-only'); END;
`,
};

/**
 * 6: an entry may carry a detail (compact JSON, covered by its hash), e.g. how many failed
 * logins it reports. Security events are found by action, so the action is indexed: reading
 * them stays cheap however long the log grows.
 */
export const AUDIT_DETAIL: Migration = {
  sql: `
  ALTER TABLE audit_log ADD COLUMN detail TEXT NOT NULL DEFAULT '';
  CREATE INDEX audit_log_action ON audit_log (action);
`,
};

/**
 * 8: checkpoints are signed by a data-protection officer's log key, never by a key in the
 * database. Each checkpoint names its key by fingerprint ('' for those signed before, by the key
 * the database held); `log_keys` keeps every DPO key's public half, so the engine can check the
 * checkpoints and an export can carry the keys (verify-log trusts only the keys it is given).
 * Checkpoints and keys, like entries, are only ever added.
 */
export const AUDIT_LOG_KEYS: Migration = {
  sql: `
  ALTER TABLE audit_checkpoint ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
  CREATE TABLE log_keys (
    key_id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    public_der TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only'); END;
  CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only'); END;
  CREATE TRIGGER log_keys_no_update BEFORE UPDATE ON log_keys BEGIN SELECT RAISE(ABORT, 'log_keys is append-only'); END;
  CREATE TRIGGER log_keys_no_delete BEFORE DELETE ON log_keys BEGIN SELECT RAISE(ABORT, 'log_keys is append-only'); END;
`,
};

/**
 * 18: an entry naming many citizens (an import names everyone it stored: a quarter of a million at
 * copenhagen scale) keeps them as one sorted list instead of a row each. A row each, indexed by
 * CPR number, cost half a second of every such import and about 8 MB of the workspace (which is
 * encrypted and written whole at every save); the list is 10 bytes a citizen, written at once. A
 * citizen's request still finds every entry naming them (log.ts searches the lists too). Rows
 * already written stay as they are.
 */
export const AUDIT_SUBJECT_LISTS: Migration = {
  sql: `
  CREATE TABLE audit_subject_list (
    seq INTEGER PRIMARY KEY,
    cprs BLOB NOT NULL
  ) STRICT;
  CREATE TRIGGER audit_subject_list_no_update BEFORE UPDATE ON audit_subject_list BEGIN SELECT RAISE(ABORT, 'audit_subject_list is append-only'); END;
  CREATE TRIGGER audit_subject_list_no_delete BEFORE DELETE ON audit_subject_list BEGIN SELECT RAISE(ABORT, 'audit_subject_list is append-only'); END;
`,
};
