import type { Migration } from '../database';

/**
 * 7: each user's age recipient is kept in the users table, inside the encrypted, authenticated
 * database. A save encrypts to the recipients of the enabled users here, never to what the
 * header's key slots list: a slot whose user is not in this table never receives a save.
 * Workspaces saved before are filled in from their key slots when they are first opened.
 */
export const USER_RECIPIENTS: Migration = {
  sql: `ALTER TABLE users ADD COLUMN recipient TEXT NOT NULL DEFAULT '';`,
};
