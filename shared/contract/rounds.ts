/**
 * Rounds: a saved list reviewed candidate by candidate by screeners, submitted, and approved (or
 * returned) by a supervisor who did not prepare it. Every call that concerns the list names its
 * citizens in the log.
 */
import { z } from 'zod';
import { type AuditSpec, Empty, Id, LIST_READERS, type MethodSpec, SCREENER, method } from './method';
import { DecideInputSchema, RoundDiffSchema, RoundSchema, RoundSummarySchema } from '../rounds';

const REVIEW: AuditSpec = { action: '', purpose: 'gennemgang og godkendelse' };
const SUPERVISOR = ['supervisor'] as const;

export const roundsMethods = {
  /** Starts a round on a saved run; one round per run. */
  'rounds.create': method({
    input: z.strictObject({ runId: Id }),
    output: RoundSummarySchema,
    access: SCREENER,
    audit: { ...REVIEW, action: 'rounds.create' },
    mutates: true,
  }),
  'rounds.list': method({ input: Empty, output: z.array(RoundSummarySchema), access: LIST_READERS, audit: null, mutates: false }),
  'rounds.get': method({
    input: z.strictObject({ id: Id }),
    output: RoundSchema,
    access: LIST_READERS,
    audit: { ...REVIEW, action: 'rounds.get' },
    mutates: false,
  }),
  /**
   * Includes or excludes one or many candidates. Not marked as mutating: the decision travels in
   * the call's journal record and reaches the workspace file at the next save (a click never
   * rewrites the whole workspace).
   */
  'rounds.decide': method({
    input: DecideInputSchema,
    output: RoundSummarySchema,
    access: SCREENER,
    audit: { ...REVIEW, action: 'rounds.decide' },
    mutates: false,
  }),
  'rounds.submit': method({
    input: z.strictObject({ id: Id }),
    output: RoundSummarySchema,
    access: SCREENER,
    audit: { ...REVIEW, action: 'rounds.submit' },
    mutates: true,
  }),
  /** Freezes the list under its hash; refused to anyone who prepared the round. */
  'rounds.approve': method({
    input: z.strictObject({ id: Id }),
    output: RoundSummarySchema,
    access: SUPERVISOR,
    audit: { ...REVIEW, action: 'rounds.approve' },
    mutates: true,
  }),
  'rounds.return': method({
    input: z.strictObject({ id: Id, comment: z.string().trim().min(5).max(2000) }),
    output: RoundSummarySchema,
    access: SUPERVISOR,
    audit: { ...REVIEW, action: 'rounds.return' },
    mutates: true,
  }),
  /** Who came in and who left since the last approved round of the same criteria set, and why. */
  'rounds.diff': method({
    input: z.strictObject({ id: Id }),
    output: RoundDiffSchema,
    access: LIST_READERS,
    audit: { ...REVIEW, action: 'rounds.diff' },
    mutates: false,
  }),
} as const satisfies Record<string, MethodSpec>;
