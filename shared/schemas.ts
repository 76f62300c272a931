/** Domain schemas shared by the contract, the engine and the renderer. Pure zod, no platform. */
import { z } from 'zod';
import { ROLES } from './roles';

export const RoleSchema = z.enum(ROLES);

/** Login names: lower-case letters, digits and . _ - so they are unambiguous in logs. */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  // Empty first, so a form says "required" rather than "wrong form" for a field left blank.
  .min(1)
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'username: 2–40 of a–z 0–9 . _ -');

/**
 * Passphrases are checked for length only here; the engine's policy adds the rest.
 * The upper bound stops a megabyte "passphrase" from being fed to scrypt.
 */
export const PassphraseSchema = z.string().min(1).max(1024);

export const DisplayNameSchema = z.string().trim().min(1).max(120);

export const SessionInfoSchema = z.strictObject({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  mustChangePassphrase: z.boolean(),
  idleMinutes: z.number(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const UserSummarySchema = z.strictObject({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  disabled: z.boolean(),
  locked: z.boolean(),
  failedAttempts: z.number(),
  mustChangePassphrase: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  /** Roles asked for that wait for a second person's approval (see users.grants). */
  pendingRoles: z.array(RoleSchema),
});
export type UserSummary = z.infer<typeof UserSummarySchema>;

/** A role grant waiting for a second person, as one who may see it sees it. */
export const RoleGrantSchema = z.strictObject({
  id: z.number().int().positive(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  requestedBy: z.string(),
  requestedAt: z.string(),
  /** May the caller approve it: neither the one who asked nor the one who would get the role. */
  mayApprove: z.boolean(),
  /** May the caller decline it (as one who may approve it) or withdraw it (as the one who asked)? */
  mayDecline: z.boolean(),
});
export type RoleGrant = z.infer<typeof RoleGrantSchema>;

export const SUBJECT_KINDS = ['cpr', 'family', 'list', 'criteria', 'user', 'log', 'workspace', 'extract', 'catalogue', 'none'] as const;
export const OUTCOMES = ['ok', 'denied', 'error'] as const;

/** One access-log entry as the DPO sees it and as it is exported. */
export const AuditEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  time: z.string(),
  user: z.string(),
  role: z.string(),
  action: z.string(),
  subjectKind: z.enum(SUBJECT_KINDS),
  subject: z.string(),
  purpose: z.string(),
  outcome: z.enum(OUTCOMES),
  /**
   * How many citizens' data the call stored or disclosed, and a digest of their CPR numbers
   * (kept, one row each, beside the entry). The entry's hash covers both, so an altered,
   * added or removed subject row fails verification at this entry.
   */
  subjectCount: z.number().int().min(0).default(0),
  subjectsDigest: z.string().default(''),
  /**
   * Facts of the event beyond its subject, as compact JSON, e.g. how many failed logins a
   * security entry reports and when the last one was. Empty for most entries; covered by the
   * hash when present.
   */
  detail: z.string().default(''),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const SECURITY_EVENT_KINDS = ['failed-logins', 'locked', 'unlocked', 'passphrase-reset', 'passphrase-reset-login', 'new-account-login'] as const;

/** A login-related event from the access log, as administrators and the DPO see it. */
/**
 * The account of failed logins on names that are no account: no username can be written so (a
 * username starts with a letter or digit), and the name that was typed is never logged.
 */
export const UNKNOWN_ACCOUNT = '(no account)';

export const SecurityEventSchema = z.strictObject({
  /** The log entry it comes from. */
  seq: z.number().int().positive(),
  /** When it happened: for failed logins the last of them, for a lock the failure that caused it. */
  time: z.string(),
  account: z.string(),
  kind: z.enum(SECURITY_EVENT_KINDS),
  /** How many failed logins the entry reports; null for the other kinds. */
  count: z.number().int().min(0).nullable(),
  /**
   * The administrator who unlocked or reset, or who chose the passphrase of a first login
   * (passphrase-reset-login, new-account-login); null for failed logins and locks.
   */
  by: z.string().nullable(),
});
export type SecurityEvent = z.infer<typeof SecurityEventSchema>;

export const INTEGRITY_EVENT_KINDS = [
  'journal-missing',
  'journal-older',
  'journal-torn',
  'journal-damaged',
  'journal-rejected',
  'witness-missing',
  'witness-unavailable',
  'witness-unreadable',
  'witness-behind',
  'witness-mismatch',
  'witness-bad-signature',
  'witness-write-failed',
  'witness-moved',
  'log-key-new',
  'workspace-upgraded',
] as const;

/** What the access log records about its own integrity, as the data-protection officer sees it. */
export const IntegrityEventSchema = z.strictObject({
  /** The log entry it comes from. */
  seq: z.number().int().positive(),
  time: z.string(),
  kind: z.enum(INTEGRITY_EVENT_KINDS),
  /** Whose login (or call) found or did it. */
  by: z.string(),
  /** How many, when the event counts something (entries replayed or rejected, unreadable lines). */
  count: z.number().nullable(),
  /** The log position it concerns, when it concerns one. */
  at: z.number().nullable(),
  /** Whether a DPO-signed checkpoint is involved (witness events), when that is known. */
  signed: z.boolean().nullable(),
});
export type IntegrityEvent = z.infer<typeof IntegrityEventSchema>;

/** The data-protection officer's view of what protects the log: their key, the witness file, and what was found. */
export const IntegrityStatusSchema = z.strictObject({
  /** The logged-in DPO's own log key, to keep on paper and give `verify-log --trusted-key`. */
  key: z
    .strictObject({
      /** SHA-256 of the public key in 16 groups of four hex digits. */
      fingerprint: z.string(),
      createdAt: z.string(),
      /** The key file to save: the public key with its fingerprint as comments. */
      fileName: z.string(),
      fileText: z.string(),
    })
    .nullable(),
  /** Every DPO key the workspace has known, oldest first. */
  keys: z.array(z.strictObject({ holder: z.string(), fingerprint: z.string(), createdAt: z.string(), yours: z.boolean() })),
  witness: z.strictObject({
    path: z.string(),
    /** Beside the workspace (the default): whoever can delete the workspace can delete it too. */
    besideWorkspace: z.boolean(),
    /** The furthest checkpoint in the witness file, when there is one. */
    lastCheckpoint: z.strictObject({ seq: z.number(), time: z.string() }).nullable(),
    /** Writes to it that failed in this session. */
    failures: z.number(),
  }),
  events: z.array(IntegrityEventSchema),
});
export type IntegrityStatus = z.infer<typeof IntegrityStatusSchema>;

export const VerifyReportSchema = z.strictObject({
  ok: z.boolean(),
  entries: z.number(),
  checkpoints: z.number(),
  /** The sequence number (or, in a file, the line) where verification first failed. */
  position: z.number().nullable(),
  reason: z.string().nullable(),
});
export type VerifyReport = z.infer<typeof VerifyReportSchema>;

const Counts = z.array(z.tuple([z.string(), z.number()]));

export const RejectionSchema = z.strictObject({ row: z.number(), column: z.string(), reason: z.string() });
export type RejectionRow = z.infer<typeof RejectionSchema>;

/** What an import did, for the user, the DPO and the evaluation. Holds no personal data. */
export const ReceiptSchema = z.strictObject({
  id: z.number().nullable(),
  kind: z.enum(['services', 'relations']),
  sector: z.string().nullable(),
  fileName: z.string(),
  fileSha256: z.string(),
  contentSha256: z.string(),
  importedBy: z.string(),
  importedAt: z.string(),
  format: z.string(),
  rowsRead: z.number(),
  rowsKept: z.number(),
  dropped: Counts,
  rejected: Counts,
  warnings: Counts,
  columnsDropped: z.array(z.string()),
  acceptedWithRejections: z.boolean(),
  /** The day the services were judged ongoing on (the extraction date, else the import day); receipts before this was recorded lack it. */
  snapshotDate: z.string().nullable().optional(),
  /** Different citizens, departments and caseworkers in a services file, counted as screening counts them. */
  distinct: z.strictObject({ persons: z.number(), departments: z.number(), caseworkers: z.number() }).nullable().optional(),
  /** A services file with nothing ongoing that the user confirmed as its source's new, empty snapshot. */
  confirmedEmpty: z.boolean().optional(),
});
export type Receipt = z.infer<typeof ReceiptSchema>;

export const SnapshotSchema = z.strictObject({
  sector: z.string(),
  receiptId: z.number(),
  snapshotDate: z.string(),
  importedAt: z.string(),
  importedBy: z.string(),
  fileName: z.string(),
  services: z.number(),
  persons: z.number(),
});

export const CatalogueEntrySchema = z.strictObject({
  code: z.string(),
  nameDa: z.string(),
  nameEn: z.string(),
  law: z.string(),
  paragraphOld: z.string(),
  paragraphNew: z.string(),
  sector: z.string(),
  excluded: z.boolean(),
  universal: z.boolean(),
  category: z.string(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntrySchema>;
