/**
 * After the sector assessment (docs/consent-and-overview.md): notices to the caseworkers of the
 * finally selected citizens, the contact and consent register, the letter to the citizen, and the
 * full overview only consent opens. Screeners do the work; supervisors follow the register. Every
 * call that concerns a citizen names them in the log, refusals included.
 */
import { z } from 'zod';
import { type AuditSpec, Id, OperationIdSchema, type MethodSpec, SCREENER, method } from './method';
import { AskAgainSchema, CitizenConsentSchema, LetterInputSchema, LetterOutputSchema, NoticesInputSchema, NoticesOutputSchema, OverviewInputSchema, OverviewOutputSchema, RecordConsentSchema } from '../consent';

const PATHWAY: AuditSpec = { action: '', purpose: 'koordineret forløb' };
const REGISTER_READERS = ['screener', 'supervisor'] as const;

export const consentMethods = {
  /** Writes one encrypted notice per caseworker of the round's finally selected citizens into a folder. */
  'notices.export': method({
    input: NoticesInputSchema.extend({ operationId: OperationIdSchema.optional() }),
    output: NoticesOutputSchema,
    access: SCREENER,
    audit: { ...PATHWAY, action: 'notices.export' },
    mutates: true,
    operation: true,
  }),
  /** The register: every finally selected citizen of the round with state, history and what may come next. */
  'consent.list': method({
    input: z.strictObject({ roundId: Id }),
    output: z.array(CitizenConsentSchema),
    access: REGISTER_READERS,
    audit: { ...PATHWAY, action: 'consent.list' },
    mutates: false,
  }),
  /**
   * Who to ask again, per approved round (or the one given): the candidates a sector said "not
   * before" a date about, by pseudonym, date and how many citizens, until all are contacted.
   */
  'consent.askAgain': method({
    input: z.strictObject({ roundId: Id.optional() }),
    output: AskAgainSchema,
    access: SCREENER,
    audit: { ...PATHWAY, action: 'consent.askAgain' },
    mutates: false,
  }),
  /** Records one step (contacted, consent given, declined, withdrawn); a step out of order is refused. */
  'consent.record': method({
    input: RecordConsentSchema,
    output: CitizenConsentSchema,
    access: SCREENER,
    audit: { ...PATHWAY, action: 'consent.record' },
    mutates: true,
  }),
  /** The plain-language letter to the citizen (Danish, then English), returned for printing. */
  'consent.letter': method({
    input: LetterInputSchema,
    output: LetterOutputSchema,
    access: SCREENER,
    audit: { ...PATHWAY, action: 'consent.letter' },
    mutates: false,
  }),
  /** The full overview for the plan's caseworkers; refused unless consent is given and not withdrawn. */
  'overview.export': method({
    input: OverviewInputSchema,
    output: OverviewOutputSchema,
    access: SCREENER,
    audit: { ...PATHWAY, action: 'overview.export' },
    mutates: true,
  }),
} as const satisfies Record<string, MethodSpec>;
