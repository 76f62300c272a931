/**
 * Failed logins and lockouts reach the access log at the next successful login of anyone.
 *
 * They happen where no key is open, so the header keeps them as records sealed to the workspace
 * key (base/workspace/login.ts); the log can only be written once someone is in, and only then can
 * the records be read. Each record is logged once (it is marked reported and kept): an account's
 * records count towards its lockout until the person's own successful login, an administrator's
 * unlock or a reset. Records of names that are no account are logged together, without the name
 * (it may be a colleague's name mistyped, or a passphrase typed into the wrong field), and dropped.
 */
import { UNKNOWN_ACCOUNT } from '../../../shared/schemas';
import { SECURITY_ACTIONS, SECURITY_ENTRY, readSecurityDetail, securityDetail } from '../base/audit-log/security-events';
import type { NewEntry } from '../base/audit-log/log';
import type { FailedLogin } from '../base/crypto/failure-seal';
import { one } from '../base/database';
import { MAX_FAILED_LOGINS } from '../base/workspace/login';
import type { OpenWorkspace } from '../base/workspace/store';
import { listUsers, type UserRecord } from '../users/users';

/** The latest time among these failures (ISO times sort as text), or null. */
const latest = (fs: readonly FailedLogin[]): string | null => fs.reduce<string | null>((m, f) => (f.at && (m === null || f.at > m) ? f.at : m), null);

/** Logs every unreported failure, by account and for names that are none. True when the session's failure state changed. */
export async function logFailedLogins(ws: OpenWorkspace, loggedIn: UserRecord): Promise<boolean> {
  const { failed, unattributed } = ws.failures;
  if (!failed.length && unattributed === 0) return false;
  const accounts = new Set(listUsers(ws.db).map((u) => u.username));
  for (const account of accounts) {
    const mine = failed.filter((f) => f.username === account);
    const unreported = mine.filter((f) => !f.reported);
    if (!unreported.length) continue;
    const at = latest(unreported);
    const entry = { ...SECURITY_ENTRY, user: loggedIn.username, subject: account };
    await logOnce(ws, { ...entry, action: SECURITY_ACTIONS.failedLogins, detail: securityDetail({ count: unreported.length, at }) }, at);
    // The run of failures that reached the limit locked the account: said once, at the failure that did.
    if (mine.length >= MAX_FAILED_LOGINS && mine.length - unreported.length < MAX_FAILED_LOGINS) {
      const lockedAt = mine[MAX_FAILED_LOGINS - 1]!.at || at;
      await logOnce(ws, { ...entry, action: SECURITY_ACTIONS.locked, detail: securityDetail({ count: null, at: lockedAt }) }, lockedAt);
    }
  }
  const strangers = failed.filter((f) => !accounts.has(f.username) && !f.reported);
  if (strangers.length || unattributed > 0) {
    const at = latest(strangers);
    const entry = { ...SECURITY_ENTRY, user: loggedIn.username, subject: UNKNOWN_ACCOUNT, action: SECURITY_ACTIONS.failedLogins };
    await logOnce(ws, { ...entry, detail: securityDetail({ count: strangers.length + unattributed, at }) }, at);
  }
  // The person's own successful login ends their run of failures (now reported).
  ws.failures = {
    failed: failed.filter((f) => accounts.has(f.username) && f.username !== loggedIn.username).map((f) => ({ ...f, reported: true })),
    unattributed: 0,
  };
  return true;
}

/**
 * Appends the entry unless the subject's latest entry of the same action reports the same count
 * and last failure: then it was written before, but the header that marked it reported was never
 * saved (the save after that login failed), and writing it again would log the failures twice.
 */
async function logOnce(ws: OpenWorkspace, entry: NewEntry & { detail: string; subject: string }, at: string | null): Promise<void> {
  if (at !== null) {
    const prior = one(ws.db, 'SELECT detail FROM audit_log WHERE action = ? AND subject = ? ORDER BY seq DESC LIMIT 1', [entry.action, entry.subject]);
    const d = prior ? readSecurityDetail(String(prior.detail)) : null;
    if (d && d.at === at && d.count === readSecurityDetail(entry.detail)?.count) return;
  }
  await ws.audit.append(entry);
}
