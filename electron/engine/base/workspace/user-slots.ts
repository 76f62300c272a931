/** The users' key slots as the database sees them: who may read the next save, and whose slot is whose. */
import type { Database } from 'sql.js';
import { slotIdFor } from '../crypto/keyslot';
import { all, one, run } from '../database';
import { isLoginSlot, type AnySlot } from './format';
import { tampered, type HeaderState, type OpenWorkspace } from './open-state';

/** Each enabled user's recipient, as the authenticated users table holds it. */
export function enabledUsers(db: Database): { username: string; recipient: string }[] {
  return all(db, 'SELECT username, recipient FROM users WHERE disabled = 0 ORDER BY username').map((r) => ({ username: String(r.username), recipient: String(r.recipient) }));
}

/** Records a user's recipient in the users table (a new, reset or upgraded key slot). */
export function setRecipient(db: Database, username: string, recipient: string): void {
  run(db, 'UPDATE users SET recipient = ? WHERE username = ?', [recipient, username]);
}

/**
 * The header's key slots and the database's users must agree: every slot carries the recipient of
 * an enabled user (a version 3 slot's id names no one, so the recipient is what ties it to its
 * user), a legacy slot's id is that user's, and no user has two. Returns the recipients to encrypt to.
 */
export function slotsAgreeWithUsers(db: Database, header: HeaderState): string[] {
  const users = new Map(enabledUsers(db).map((u) => [u.recipient, u]));
  const seen = new Set<string>();
  for (const slot of header.slots) {
    const user = users.get(slot.recipient);
    if (!user) throw tampered('a key slot belongs to no enabled user', { part: 'slots' });
    if (!isLoginSlot(slot) && slot.slotId !== slotIdFor(header.workspaceId, user.username)) throw tampered('a key slot does not carry its user’s key', { part: 'slots' });
    if (seen.has(slot.recipient)) throw tampered('a user has two key slots', { part: 'slots' });
    seen.add(slot.recipient);
  }
  return [...seen];
}

/** The recipient the users table holds for `username` (null for none). */
export function recipientOf(db: Database, username: string): string | null {
  const r = one(db, 'SELECT recipient FROM users WHERE username = ?', [username])?.recipient;
  return typeof r === 'string' ? r : null;
}

/** A user's key slot: the one carrying the recipient the users table holds for them. */
export function slotOfUser(ws: OpenWorkspace, username: string): AnySlot | undefined {
  const recipient = recipientOf(ws.db, username);
  return recipient === null ? undefined : ws.header.slots.find((s) => s.recipient === recipient);
}
