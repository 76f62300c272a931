/**
 * Sector assessment: the sectors' age recipients (kept by administrators, seen by screeners who
 * send to them), blinded packets for an approved round, and the answers that come back. Every
 * call that names citizens names them in the log.
 */
import { z } from 'zod';
import { ADMIN, type AuditSpec, Empty, Id, OperationIdSchema, type MethodSpec, SCREENER, method } from './method';
import { DecideUnsureSchema, ExportInputSchema, ExportOutputSchema, ImportAnswersOutputSchema, PacketStatusSchema, PlainAnswersSchema, RegisterRecipientSchema, SectorRecipientSchema } from '../packets';
import { SECTORS } from '../extract-format';

const ASSESSMENT: AuditSpec = { action: '', purpose: 'sektorvurdering' };
const SETUP: AuditSpec = { action: '', purpose: 'opsætning' };
const RECIPIENT_READERS = ['screener', 'admin'] as const;
const STATUS_READERS = ['screener', 'supervisor'] as const;

export const packetsMethods = {
  'recipients.list': method({ input: Empty, output: z.array(SectorRecipientSchema), access: RECIPIENT_READERS, audit: null, mutates: false }),
  /** Registers (or replaces) a sector's or department's X25519 recipient; anything else is refused with why. */
  'recipients.register': method({
    input: RegisterRecipientSchema,
    output: SectorRecipientSchema,
    access: ADMIN,
    audit: { ...SETUP, action: 'recipients.register' },
    mutates: true,
  }),
  'recipients.remove': method({
    input: z.strictObject({ sector: z.enum(SECTORS), department: z.string().trim().max(200).default('') }),
    output: z.strictObject({ removed: z.boolean() }),
    access: ADMIN,
    audit: { ...SETUP, action: 'recipients.remove' },
    mutates: true,
  }),
  /** Whether the unit accepts unencrypted answer sheets now (the administrator's switch below). */
  'packets.plainAnswers': method({ input: Empty, output: PlainAnswersSchema, access: ADMIN, audit: null, mutates: false }),
  /** Whether a returned spreadsheet may come unencrypted (from a caseworker's own machine). Off unless turned on. */
  'packets.setPlainAnswers': method({
    input: PlainAnswersSchema,
    output: PlainAnswersSchema,
    access: ADMIN,
    audit: { ...SETUP, action: 'packets.setPlainAnswers' },
    mutates: true,
  }),
  /** Writes one encrypted packet per sector (or caseworker) of an approved round into a folder. */
  'packets.export': method({
    input: ExportInputSchema.extend({ operationId: OperationIdSchema.optional() }),
    output: ExportOutputSchema,
    access: SCREENER,
    audit: { ...ASSESSMENT, action: 'packets.export' },
    mutates: true,
    operation: true,
  }),
  /** Reads one returned answer sheet and records what it holds, or refuses it whole with rows and columns. */
  'packets.importAnswers': method({
    input: z.strictObject({ path: z.string().min(1).max(4096) }),
    output: ImportAnswersOutputSchema,
    access: SCREENER,
    audit: { ...ASSESSMENT, action: 'packets.importAnswers' },
    mutates: true,
  }),
  /**
   * The screener's decision on a candidate a sector was unsure about: include in the final
   * selection or exclude, with a reason. Refused (NOT_UNSURE) where the answers call for none or
   * it is made already; UNKNOWN_PSEUDONYM off the list; ROUND_STATE unless the round is approved.
   */
  'packets.decideUnsure': method({
    input: DecideUnsureSchema,
    output: PacketStatusSchema.shape.candidates.element,
    access: SCREENER,
    audit: { ...ASSESSMENT, action: 'packets.decideUnsure' },
    mutates: true,
  }),
  /** Per sector what was sent and what came back; per candidate (by pseudonym) the sectors' answers side by side. */
  'packets.status': method({
    input: z.strictObject({ roundId: Id }),
    output: PacketStatusSchema,
    access: STATUS_READERS,
    audit: { ...ASSESSMENT, action: 'packets.status' },
    mutates: false,
  }),
  /**
   * For the menu and the start page: how many answers the sectors still owe across all rounds, how
   * many of those are overdue, and which approved rounds have had no sector packets made yet.
   * Counts and round numbers, no citizen, so not logged.
   */
  'packets.waiting': method({
    input: Empty,
    output: z.strictObject({ missing: z.number().int().nonnegative(), overdue: z.number().int().nonnegative(), unsent: z.array(z.number().int().positive()) }),
    access: STATUS_READERS,
    audit: null,
    mutates: false,
  }),
} as const satisfies Record<string, MethodSpec>;
