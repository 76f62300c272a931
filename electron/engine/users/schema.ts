import type { Migration } from '../base/database';

/**
 * 9: role grants that wait for a second person. A grant of dpo, supervisor or admin by one
 * administrator is a pending row until another administrator (not the requester) or a DPO
 * approves it, or someone declines or withdraws it. Decided rows stay, as the record of who
 * asked and who decided (the access log has both steps too). At most one pending grant per
 * user and role.
 */
export const ROLE_GRANTS: Migration = {
  sql: `
  CREATE TABLE role_grant (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users (username),
    role TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined', 'withdrawn')),
    decided_by TEXT,
    decided_at TEXT
  ) STRICT;
  CREATE UNIQUE INDEX role_grant_pending ON role_grant (username, role) WHERE status = 'pending';
`,
};
