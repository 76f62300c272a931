/** The data-protection officer's access log: search, verify, export; security events also for administrators. */
import { z } from 'zod';
import { ADMIN_AND_DPO, DPO, Empty, type MethodSpec, method } from './method';
import { AuditEntrySchema, IntegrityStatusSchema, SecurityEventSchema, VerifyReportSchema } from '../schemas';

export const auditMethods = {
  'audit.list': method({
    input: z.strictObject({
      /** Only entries about this subject (e.g. one CPR number, for a citizen's request). */
      subject: z.string().trim().max(200).optional(),
      limit: z.number().int().min(1).max(5000).default(500),
      beforeSeq: z.number().int().positive().optional(),
    }),
    output: z.strictObject({ entries: z.array(AuditEntrySchema), total: z.number() }),
    access: DPO,
    audit: { action: 'audit.list', purpose: 'tilsyn' },
    mutates: false,
  }),
  'audit.verify': method({
    input: Empty,
    output: VerifyReportSchema,
    access: DPO,
    audit: { action: 'audit.verify', purpose: 'tilsyn' },
    mutates: false,
  }),
  /**
   * Exports the log (or one subject's part of it) as an age-encrypted file, to the DPO's own
   * age recipient or under an export passphrase. The bytes come back base64 so the renderer
   * can hand them to a save dialog; nothing is written unencrypted.
   */
  'audit.export': method({
    input: z.strictObject({
      subject: z.string().trim().max(200).optional(),
      recipient: z.string().trim().startsWith('age1').optional(),
      passphrase: z.string().min(12).max(1024).optional(),
    }),
    output: z.strictObject({ fileName: z.string(), base64: z.string(), entries: z.number() }),
    access: DPO,
    audit: { action: 'audit.export', purpose: 'tilsyn' },
    mutates: false,
  }),
  /**
   * Failed logins, lockouts, unlocks and passphrase resets, newest first, read from the log:
   * what an administrator needs to act on and the DPO to oversee, without reading the whole log.
   */
  'audit.securityEvents': method({
    input: z.strictObject({ limit: z.number().int().min(1).max(1000).default(100) }),
    output: z.array(SecurityEventSchema),
    access: ADMIN_AND_DPO,
    audit: { action: 'audit.securityEvents', purpose: 'tilsyn' },
    mutates: false,
  }),
  /**
   * What protects the log, for the DPO: their own log key (fingerprint and key file, to keep on
   * paper and give verify-log), every DPO key the workspace knows, the witness file and what
   * opening the workspace found about the journal and the witness.
   */
  'audit.integrity': method({
    input: Empty,
    output: IntegrityStatusSchema,
    access: DPO,
    audit: { action: 'audit.integrity', purpose: 'tilsyn' },
    mutates: false,
  }),
  /**
   * Moves the witness file to a place the DPO chooses (a full path; the folder must exist and be
   * writable). Every DPO checkpoint is written there at the next save.
   */
  'audit.setWitness': method({
    input: z.strictObject({ path: z.string().trim().min(1).max(1000) }),
    output: z.strictObject({ path: z.string() }),
    access: DPO,
    audit: { action: 'audit.setWitness', purpose: 'tilsyn' },
    mutates: true,
  }),
} as const satisfies Record<string, MethodSpec>;
