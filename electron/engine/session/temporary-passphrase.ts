/**
 * The first login with a passphrase an administrator chose is flagged in the access log for the
 * DPO and administrators: the administrator knew that passphrase, so the login may have been theirs.
 * The engine cannot tell who sat at the keyboard; it flags every such first login, once.
 */
import { methods } from '../../../shared/contract';
import { SECURITY_ACTIONS, temporaryLoginDetail } from '../base/audit-log/security-events';
import { one } from '../base/database';
import type { OpenWorkspace } from '../base/workspace/store';
import type { UserRecord } from '../users/users';

/** The actions the administrator's calls are logged under, as the engine's dispatch names them. */
const actionOf = (m: 'users.add' | 'users.resetPassphrase'): string => methods[m].audit?.action ?? m;
const ADDED = actionOf('users.add');
const RESET = actionOf('users.resetPassphrase');

/** Logs the flag when `user` logs in for the first time since an administrator set their passphrase. True when it did. */
export async function flagTemporaryPassphraseLogin(ws: OpenWorkspace, user: UserRecord): Promise<boolean> {
  if (!user.mustChangePassphrase) return false; // they chose their own since (or nobody else ever knew it)
  // The administrator's latest call that chose this account's passphrase, read from the log.
  const set = one(ws.db, `SELECT seq, user, action FROM audit_log WHERE action IN (?, ?) AND subject = ? AND outcome = 'ok' ORDER BY seq DESC LIMIT 1`, [
    ADDED,
    RESET,
    user.username,
  ]);
  if (!set) return false;
  // Once per passphrase set: a second login before the change is not a new event. Read from the
  // log, so an entry whose save failed is not written twice when its journal is replayed.
  const flagged = one(ws.db, 'SELECT 1 AS x FROM audit_log WHERE action = ? AND subject = ? AND seq > ? LIMIT 1', [
    SECURITY_ACTIONS.temporaryPassphraseLogin,
    user.username,
    Number(set.seq),
  ]);
  if (flagged) return false;
  await ws.audit.append({
    user: user.username,
    role: 'system',
    action: SECURITY_ACTIONS.temporaryPassphraseLogin,
    subjectKind: 'user',
    subject: user.username,
    purpose: 'adgangskontrol',
    outcome: 'ok',
    detail: temporaryLoginDetail({ by: String(set.user), set: set.action === RESET ? 'reset' : 'created' }),
  });
  return true;
}
