/**
 * Failed logins and lockouts reach the access log at the next successful login of anyone.
 *
 * They happen where no key is open, so the workspace header counts them per key slot; the log
 * can only be written once someone is in. Each slot keeps how many of its failures are already
 * reported, so each failure is logged once, and no other account's lockout counter is touched:
 * only the person's own successful login, an administrator's unlock or a reset ends a lockout run.
 */
import { SECURITY_ACTIONS, SECURITY_ENTRY, readSecurityDetail, securityDetail } from '../base/audit-log/security-events';
import type { NewEntry } from '../base/audit-log/log';
import { slotIdFor, type KeySlot } from '../base/crypto/keyslot';
import { one } from '../base/database';
import type { OpenWorkspace } from '../base/workspace/store';
import { listUsers, type UserRecord } from '../users/users';

/** Logs every account's unreported failures (and a lock they caused). True when the header changed. */
export async function logFailedLogins(ws: OpenWorkspace, loggedIn: UserRecord): Promise<boolean> {
  let changed = false;
  for (const account of listUsers(ws.db)) {
    const slot = slotOf(ws, account.username);
    const unreported = slot ? slot.failedAttempts - slot.failedReported : 0;
    if (!slot || unreported <= 0) continue; // a disabled account has no slot and no logins to fail
    const entry = { ...SECURITY_ENTRY, user: loggedIn.username, subject: account.username };
    await logOnce(ws, { ...entry, action: SECURITY_ACTIONS.failedLogins, detail: securityDetail({ count: unreported, at: slot.lastFailedAt }) }, slot);
    // Nothing is counted on a locked slot, so an unreported run on one holds the failure that locked it.
    if (slot.locked) await logOnce(ws, { ...entry, action: SECURITY_ACTIONS.locked, detail: securityDetail({ count: null, at: slot.lastFailedAt }) }, slot);
    slot.failedReported = slot.failedAttempts;
    changed = true;
  }
  // The person's own successful login ends their run of failures (now reported).
  const own = slotOf(ws, loggedIn.username);
  if (own && own.failedAttempts > 0) {
    Object.assign(own, { failedAttempts: 0, failedReported: 0 });
    changed = true;
  }
  return changed;
}

const slotOf = (ws: OpenWorkspace, username: string): KeySlot | undefined =>
  ws.header.slots.find((s) => s.slotId === slotIdFor(ws.header.workspaceId, username));

/**
 * Appends the entry unless the account's latest entry of the same action reports the same last
 * failure: then it was written before, but the header that counted it as reported was never saved
 * (the save after that login failed), and writing it again would log the failures twice.
 */
async function logOnce(ws: OpenWorkspace, entry: NewEntry & { detail: string }, slot: KeySlot): Promise<void> {
  if (slot.lastFailedAt !== null) {
    const latest = one(ws.db, 'SELECT detail FROM audit_log WHERE action = ? AND subject = ? ORDER BY seq DESC LIMIT 1', [entry.action, entry.subject]);
    if (latest && readSecurityDetail(String(latest.detail))?.at === slot.lastFailedAt) return;
  }
  await ws.audit.append(entry);
}
