/** Security events read back from the access log: failed logins, locks, unlocks, resets. */
import type { Database } from 'sql.js';
import { methods, type MethodName } from '../../../shared/contract';
import type { SecurityEvent } from '../../../shared/schemas';
import { SECURITY_ACTIONS, readSecurityDetail, readTemporaryLoginDetail } from '../base/audit-log/security-events';
import { all } from '../base/database';

/** Written by the system at a login, about what happened at the login screen. */
const AT_LOGIN_SCREEN = { [SECURITY_ACTIONS.failedLogins]: 'failed-logins', [SECURITY_ACTIONS.locked]: 'locked' } as const;
/** The action a call is logged under, as the engine's dispatch names it. */
const actionOf = (m: MethodName): string => methods[m].audit?.action ?? m;
/** An administrator's calls; only those that succeeded changed anything. */
const BY_ADMINISTRATOR = { [actionOf('users.unlock')]: 'unlocked', [actionOf('users.resetPassphrase')]: 'passphrase-reset' } as const;
/** A login with a passphrase an administrator chose; its kind follows from how they chose it. */
const TEMPORARY_LOGIN = SECURITY_ACTIONS.temporaryPassphraseLogin;
const KIND_OF: Record<string, SecurityEvent['kind']> = { ...AT_LOGIN_SCREEN, ...BY_ADMINISTRATOR };

const placeholders = (o: object) => Object.keys(o).map(() => '?').join(', ');

/** The newest `limit` events. The action index keeps this to the few matching rows. */
export function securityEvents(db: Database, limit: number): SecurityEvent[] {
  const rows = all(
    db,
    `SELECT seq, time, user, action, subject, detail FROM audit_log
     WHERE action IN (${placeholders(AT_LOGIN_SCREEN)}, ?) OR (action IN (${placeholders(BY_ADMINISTRATOR)}) AND outcome = 'ok')
     ORDER BY seq DESC LIMIT ?`,
    [...Object.keys(AT_LOGIN_SCREEN), TEMPORARY_LOGIN, ...Object.keys(BY_ADMINISTRATOR), limit],
  );
  return rows.map((r) => {
    if (String(r.action) === TEMPORARY_LOGIN) {
      const d = readTemporaryLoginDetail(String(r.detail));
      const kind = d?.set === 'created' ? 'new-account-login' : 'passphrase-reset-login';
      return { seq: Number(r.seq), time: String(r.time), account: String(r.subject), kind, count: null, by: d?.by ?? null };
    }
    const kind = KIND_OF[String(r.action)]!;
    const atLoginScreen = kind === 'failed-logins' || kind === 'locked';
    const detail = atLoginScreen ? readSecurityDetail(String(r.detail)) : null;
    return {
      seq: Number(r.seq),
      time: detail?.at ?? String(r.time),
      account: String(r.subject),
      kind,
      count: kind === 'failed-logins' ? (detail?.count ?? null) : null,
      by: atLoginScreen ? null : String(r.user),
    };
  });
}
