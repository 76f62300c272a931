/**
 * The access-log entries that record what opening the workspace found about the log's own
 * integrity (journal, witness file, format upgrade) and changes to what protects it (a DPO's new
 * log key, a moved witness file), named once: the session domain writes them, the audit domain
 * reads them back for the data-protection officer.
 */
import { z } from 'zod';

import { INTEGRITY_ACTIONS } from '../../../../shared/audit-vocabulary';
export { INTEGRITY_ACTIONS };

/** Who writes these entries: no person asked for them, opening the workspace (or a key change) did. */
export const INTEGRITY_ENTRY = { role: 'system', purpose: 'adgangskontrol', subjectKind: 'log', subject: 'integritet', outcome: 'error' } as const;

const IntegrityDetailSchema = z.object({
  /** How many (entries replayed or rejected, unreadable lines …), when the event counts something. */
  count: z.number().int().min(0).nullable().default(null),
  /** The log position it concerns (the witness's furthest entry, the entry that differs …). */
  at: z.number().int().min(0).nullable().default(null),
  /** Whether a DPO-signed checkpoint (not only an unsigned head) is involved. */
  signed: z.boolean().nullable().default(null),
  /** A key's fingerprint (hex), for a new log key. */
  keyId: z.string().nullable().default(null),
});
export type IntegrityDetail = z.infer<typeof IntegrityDetailSchema>;

export const integrityDetail = (d: Partial<IntegrityDetail>): string =>
  JSON.stringify({ count: d.count ?? null, at: d.at ?? null, signed: d.signed ?? null, keyId: d.keyId ?? null });

export function readIntegrityDetail(text: string): IntegrityDetail {
  try {
    const parsed = IntegrityDetailSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // an entry without a readable detail (older journal entries carry their counts in the subject)
  }
  return { count: null, at: null, signed: null, keyId: null };
}
