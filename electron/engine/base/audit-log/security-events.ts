/**
 * The access-log entries that record what happened at the login screen, named once: the session
 * domain writes them, the audit domain reads them back for administrators and the DPO.
 */
import { z } from 'zod';

import { SECURITY_ACTIONS } from '../../../../shared/audit-vocabulary';
export { SECURITY_ACTIONS };

/** Who writes these entries and why: no person asked for them, the login did. */
export const SECURITY_ENTRY = { role: 'system', purpose: 'adgangskontrol', subjectKind: 'user', outcome: 'denied' } as const;

const SecurityDetailSchema = z.object({
  /** How many failed logins the entry reports (those since the account's last report); null for a lock. */
  count: z.number().int().min(0).nullable(),
  /** When it happened: the last of the failures, or the lock. Null when an older header did not record it. */
  at: z.string().nullable(),
});
export type SecurityDetail = z.infer<typeof SecurityDetailSchema>;

export const securityDetail = (d: SecurityDetail): string => JSON.stringify({ count: d.count, at: d.at });

/** The detail of a security entry, or null when it has none that can be read. */
export function readSecurityDetail(text: string): SecurityDetail | null {
  try {
    const parsed = SecurityDetailSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const TemporaryLoginDetailSchema = z.object({
  /** The administrator who chose the passphrase the account logged in with. */
  by: z.string(),
  /** How they chose it: creating the account, or resetting its passphrase. */
  set: z.enum(['created', 'reset']),
});
export type TemporaryLoginDetail = z.infer<typeof TemporaryLoginDetailSchema>;

export const temporaryLoginDetail = (d: TemporaryLoginDetail): string => JSON.stringify({ by: d.by, set: d.set });

/** The detail of a temporary-passphrase login entry, or null when it cannot be read. */
export function readTemporaryLoginDetail(text: string): TemporaryLoginDetail | null {
  try {
    const parsed = TemporaryLoginDetailSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
