/**
 * The one API contract between the renderer and the engine.
 *
 * Every method is named once here with its input schema, output schema, who may call it and
 * how it is logged. The engine's handler table is type-checked against this object, and the
 * engine validates input and checks access here at the boundary — never only in the UI.
 * Payloads are plain JSON so Electron IPC and the test bridge behave alike.
 */
import { z } from 'zod';
import type { Access } from './roles';
import {
  AuditEntrySchema,
  DisplayNameSchema,
  PassphraseSchema,
  RoleSchema,
  SessionInfoSchema,
  UserSummarySchema,
  UsernameSchema,
  VerifyReportSchema,
  ReceiptSchema,
  RejectionSchema,
  SnapshotSchema,
  CatalogueEntrySchema,
} from './schemas';
import { CriteriaSchema } from './criteria';
import { ComparisonSchema, CriteriaSetSchema, CriteriaVersionSchema, EvaluationSchema, MAX_LIST, PreviewSchema, RunSchema, RunSummarySchema } from './screening';

/**
 * How a call is written to the access log. `null` means the call touches no personal data
 * and is not logged (status, activity pings). `purpose` is the fixed purpose of the use,
 * as Danish public-sector logging practice asks.
 */
export interface AuditSpec {
  action: string;
  purpose: string;
}

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  audit: AuditSpec | null;
  /** True when the call changes state that must be saved to the workspace file. */
  mutates: boolean;
  /** Runs beside the call in progress instead of after it (only cancelling does). */
  concurrent?: boolean;
}

const method = <I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>) => spec;

const Empty = z.strictObject({});
const ADMIN = ['admin'] as const;
const SCREENER = ['screener'] as const;
const DATA_READERS = ['screener', 'supervisor', 'dpo', 'admin'] as const;
export const DEMO_USERS_SCHEMA = z.array(z.strictObject({ username: z.string(), passphrase: z.string(), roles: z.array(RoleSchema) }));
const DPO = ['dpo'] as const;
/** Lists are made by screening staff and approved by supervisors. */
const LIST_READERS = ['screener', 'supervisor'] as const;
const SCREENING: AuditSpec = { action: '', purpose: 'udsøgning' };
const Id = z.number().int().positive();
const USER_ADMIN: AuditSpec = { action: '', purpose: 'brugeradministration' };

export const methods = {
  'app.status': method({
    input: Empty,
    output: z.strictObject({
      workspaceExists: z.boolean(),
      unitName: z.string().nullable(),
      demo: z.boolean(),
      session: SessionInfoSchema.nullable(),
      /** In the fictitious demo workspace only: its users and passphrases, shown at login. */
      demoUsers: DEMO_USERS_SCHEMA,
      /** Why the last session ended, so the login screen can say so. */
      endedBecause: z.enum(['idle', 'manual', 'logout']).nullable(),
    }),
    access: 'public',
    audit: null,
    mutates: false,
  }),
  'workspace.create': method({
    input: z.strictObject({
      unitName: z.string().trim().min(1).max(120),
      admin: z.strictObject({
        username: UsernameSchema,
        displayName: DisplayNameSchema,
        passphrase: PassphraseSchema,
      }),
    }),
    output: SessionInfoSchema,
    access: 'public',
    audit: { action: 'workspace.create', purpose: 'opsætning' },
    mutates: true,
  }),
  /** First run: a workspace with the fictitious demo municipality imported and demo users. */
  'workspace.createDemo': method({
    input: Empty,
    output: z.strictObject({ users: DEMO_USERS_SCHEMA }),
    access: 'public',
    audit: null,
    mutates: false,
  }),
  'session.login': method({
    input: z.strictObject({ username: UsernameSchema, passphrase: PassphraseSchema }),
    output: SessionInfoSchema,
    access: 'public',
    audit: { action: 'session.login', purpose: 'adgangskontrol' },
    mutates: false,
  }),
  'session.logout': method({
    input: Empty,
    output: Empty,
    access: 'session',
    audit: { action: 'session.logout', purpose: 'adgangskontrol' },
    mutates: false,
  }),
  'session.lock': method({
    input: Empty,
    output: Empty,
    access: 'session',
    audit: { action: 'session.lock', purpose: 'adgangskontrol' },
    mutates: false,
  }),
  /** The renderer reports user activity (throttled) so the idle timer can restart. */
  'session.touch': method({ input: Empty, output: Empty, access: 'session', audit: null, mutates: false }),
  'session.changePassphrase': method({
    input: z.strictObject({ current: PassphraseSchema, next: PassphraseSchema }),
    output: SessionInfoSchema,
    access: 'session',
    audit: { action: 'session.changePassphrase', purpose: 'adgangskontrol' },
    mutates: true,
  }),
  'users.list': method({
    input: Empty,
    output: z.array(UserSummarySchema),
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.list' },
    mutates: false,
  }),
  'users.add': method({
    input: z.strictObject({
      username: UsernameSchema,
      displayName: DisplayNameSchema,
      roles: z.array(RoleSchema).min(1),
      passphrase: PassphraseSchema,
    }),
    output: UserSummarySchema,
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.add' },
    mutates: true,
  }),
  'users.update': method({
    input: z.strictObject({
      username: UsernameSchema,
      displayName: DisplayNameSchema.optional(),
      roles: z.array(RoleSchema).min(1).optional(),
    }),
    output: UserSummarySchema,
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.update' },
    mutates: true,
  }),
  /**
   * Disables an account and removes its key slot, so the next save can no longer be opened with
   * that passphrase. Resetting the passphrase enables the account again.
   */
  'users.disable': method({
    input: z.strictObject({ username: UsernameSchema }),
    output: UserSummarySchema,
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.disable' },
    mutates: true,
  }),
  'users.resetPassphrase': method({
    input: z.strictObject({ username: UsernameSchema, passphrase: PassphraseSchema }),
    output: UserSummarySchema,
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.resetPassphrase' },
    mutates: true,
  }),
  'users.unlock': method({
    input: z.strictObject({ username: UsernameSchema }),
    output: UserSummarySchema,
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.unlock' },
    mutates: true,
  }),
  'settings.get': method({
    input: Empty,
    output: z.strictObject({ idleMinutes: z.number() }),
    access: 'session',
    audit: null,
    mutates: false,
  }),
  'settings.update': method({
    input: z.strictObject({ idleMinutes: z.number().int().min(1).max(120) }),
    output: z.strictObject({ idleMinutes: z.number() }),
    access: ADMIN,
    audit: { action: 'settings.update', purpose: 'opsætning' },
    mutates: true,
  }),
  /** The unit's public age recipient: what source systems encrypt their extracts to. */
  'unit.recipient': method({
    input: Empty,
    output: z.strictObject({ recipient: z.string(), unitName: z.string() }),
    access: ADMIN,
    audit: null,
    mutates: false,
  }),
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
   * Imports one encrypted extract (services from one source, or family relations). The file is
   * imported whole or not at all; one with rejected rows is held back (status 'needs-decision')
   * until the user explicitly accepts importing the rest, and that decision is logged.
   */
  'import.file': method({
    input: z.strictObject({ path: z.string().min(1).max(4096), acceptRejected: z.boolean().default(false) }),
    output: z.strictObject({
      status: z.enum(['imported', 'needs-decision', 'duplicate']),
      receipt: ReceiptSchema,
      rejections: z.array(RejectionSchema),
    }),
    access: SCREENER,
    audit: { action: 'import.file', purpose: 'udsøgning' },
    mutates: true,
  }),
  'import.cancel': method({ input: Empty, output: Empty, access: SCREENER, audit: null, mutates: false, concurrent: true }),
  'import.snapshots': method({
    input: Empty,
    output: z.array(SnapshotSchema),
    access: DATA_READERS,
    audit: null,
    mutates: false,
  }),
  'import.receipts': method({
    input: Empty,
    output: z.array(ReceiptSchema),
    access: DATA_READERS,
    audit: null,
    mutates: false,
  }),
  'catalogue.list': method({ input: Empty, output: z.array(CatalogueEntrySchema), access: 'session', audit: null, mutates: false }),
  'catalogue.update': method({
    input: z.strictObject({ code: z.string().min(1).max(40), excluded: z.boolean().optional(), universal: z.boolean().optional() }),
    output: CatalogueEntrySchema,
    access: ADMIN,
    audit: { action: 'catalogue.update', purpose: 'opsætning' },
    mutates: true,
  }),
  /**
   * Counts only, cheap enough to run while the user types: how many are found, per sector, per
   * combination of sectors, and how many remain after each rule. Logged with the criteria.
   */
  'screening.preview': method({
    input: z.strictObject({ criteria: CriteriaSchema }),
    output: PreviewSchema,
    access: SCREENER,
    audit: { ...SCREENING, action: 'screening.preview' },
    mutates: false,
  }),
  /** The candidates themselves, each with every rule's value and threshold (up to `limit`). */
  'screening.evaluate': method({
    input: z.strictObject({ criteria: CriteriaSchema, limit: z.number().int().min(1).max(MAX_LIST).default(1000) }),
    output: EvaluationSchema,
    access: SCREENER,
    audit: { ...SCREENING, action: 'screening.evaluate' },
    mutates: false,
  }),
  'criteria.list': method({ input: Empty, output: z.array(CriteriaSetSchema), access: LIST_READERS, audit: null, mutates: false }),
  /** Saves criteria as a new version of a set (a new set when setId is left out). Versions never change. */
  'criteria.save': method({
    input: z.strictObject({
      setId: Id.optional(),
      name: z.string().trim().min(1).max(120),
      criteria: CriteriaSchema,
      comment: z.string().trim().max(2000).default(''),
    }),
    output: CriteriaVersionSchema,
    access: SCREENER,
    audit: { ...SCREENING, action: 'criteria.save' },
    mutates: true,
  }),
  /** Runs a saved criteria version on the data now loaded and stores the list with its reasons. */
  'runs.create': method({
    input: z.strictObject({ setId: Id, version: Id, comment: z.string().trim().max(2000).default('') }),
    output: RunSummarySchema,
    access: SCREENER,
    audit: { ...SCREENING, action: 'runs.create' },
    mutates: true,
  }),
  'runs.list': method({ input: Empty, output: z.array(RunSummarySchema), access: LIST_READERS, audit: null, mutates: false }),
  'runs.get': method({
    input: z.strictObject({ id: Id }),
    output: RunSchema,
    access: LIST_READERS,
    audit: { ...SCREENING, action: 'runs.get' },
    mutates: false,
  }),
  /** Who came onto the later list and why, who left and why, and what changed in between. */
  'runs.compare': method({
    input: z.strictObject({ fromId: Id, toId: Id }),
    output: ComparisonSchema,
    access: LIST_READERS,
    audit: { ...SCREENING, action: 'runs.compare' },
    mutates: false,
  }),
} as const satisfies Record<string, MethodSpec>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What the caller sends (defaults may be left out). */
export type Input<M extends MethodName> = z.input<Methods[M]['input']>;
/** What the handler receives after validation. */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type Output<M extends MethodName> = z.output<Methods[M]['output']>;

/** Events the engine pushes to the renderer. */
export const events = {
  'session.locked': z.strictObject({ reason: z.enum(['idle', 'manual']) }),
  progress: z.strictObject({
    operation: z.string(),
    done: z.number(),
    total: z.number().nullable(),
    unit: z.enum(['bytes', 'rows']),
  }),
} as const;
export type EventName = keyof typeof events;
export type EngineEvent = {
  [E in EventName]: { type: E; payload: z.output<(typeof events)[E]> };
}[EventName];
