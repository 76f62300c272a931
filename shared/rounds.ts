/**
 * The round (udsøgningsrunde): one saved list carried through review and four-eyes approval.
 * States, decisions and the reason codes a decision gives. Codes only: the renderer has the
 * words, in Danish and English.
 */
import { z } from 'zod';
import { CandidateSchema, ComparisonSchema, PreviewSchema, PseudonymSchema, RunSummarySchema } from './screening';

/**
 * draft: made from a run, nothing decided; in_review: decisions being made; submitted: waits
 * for a supervisor; approved: frozen, with its hash; returned: sent back with a comment, being fixed.
 */
export const ROUND_STATES = ['draft', 'in_review', 'submitted', 'approved', 'returned'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

/** States in which the screener may still decide and submit. */
export const OPEN_STATES: readonly RoundState[] = ['draft', 'in_review', 'returned'];

export const DECISIONS = ['include', 'exclude'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Why a candidate is included or excluded. `other` needs a comment that says why. */
export const REASON_CODES = ['meets-criteria', 'coordination-need', 'already-coordinated', 'services-ending', 'not-relevant', 'data-error', 'other'] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
/** The reasons that fit each decision. */
export const DECISION_REASONS: Record<Decision, readonly ReasonCode[]> = {
  include: ['meets-criteria', 'coordination-need', 'other'],
  exclude: ['already-coordinated', 'services-ending', 'not-relevant', 'data-error', 'other'],
};

/** Whose turn it is: the screener reviews or fixes, a supervisor approves; nobody once approved. */
export const AWAITING = ['review', 'fixes', 'approval'] as const;
export const awaitingOf = (state: RoundState): (typeof AWAITING)[number] | null =>
  state === 'submitted' ? 'approval' : state === 'returned' ? 'fixes' : state === 'approved' ? null : 'review';

export const RoundCountsSchema = z.strictObject({ candidates: z.number(), included: z.number(), excluded: z.number(), undecided: z.number() });

export const RoundSummarySchema = z.strictObject({
  id: z.number(),
  run: RunSummarySchema,
  state: z.enum(ROUND_STATES),
  awaiting: z.enum(AWAITING).nullable(),
  counts: RoundCountsSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  /** Who approved or last returned it, and when. */
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  /** The comment of the last return; kept after a later approval, as history. */
  returnComment: z.string().nullable(),
  /** SHA-256 of the approved list's canonical form (docs/review-and-approval.md); null until approved. */
  hash: z.string().nullable(),
  /** Everyone who made, decided on or submitted the round: none of them may approve it. */
  preparedBy: z.array(z.string()),
});
export type RoundSummary = z.infer<typeof RoundSummarySchema>;

export const DecisionViewSchema = z.strictObject({
  decision: z.enum(DECISIONS),
  reason: z.enum(REASON_CODES),
  comment: z.string(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});

export const RoundCandidateSchema = CandidateSchema.extend({ review: DecisionViewSchema.nullable() });

export const RoundSchema = RoundSummarySchema.extend({
  candidates: z.array(RoundCandidateSchema),
  /** The run's funnel: how many remained after each rule when the list was made (counts only). */
  funnel: PreviewSchema.shape.funnel,
});
export type Round = z.infer<typeof RoundSchema>;

export const DecideInputSchema = z
  .strictObject({
    roundId: z.number().int().positive(),
    /** One candidate or many (a bulk decision): the pseudonyms of this round's list. */
    pseudonyms: z.array(PseudonymSchema).min(1).max(20_000),
    decision: z.enum(DECISIONS),
    reason: z.enum(REASON_CODES),
    comment: z.string().trim().max(2000).default(''),
  })
  .superRefine((v, ctx) => {
    if (!DECISION_REASONS[v.decision].includes(v.reason)) ctx.addIssue({ code: 'custom', path: ['reason'], message: `not a reason to ${v.decision}` });
    if (v.reason === 'other' && v.comment === '') ctx.addIssue({ code: 'custom', path: ['comment'], message: 'required when the reason is other' });
  });

/** The round compared with the last approved round of the same criteria set, by citizen, shown by pseudonym. */
export const RoundDiffSchema = z.strictObject({
  /** The approved round compared with; null when there is none yet. */
  against: z.strictObject({ roundId: z.number(), runId: z.number(), decidedAt: z.string().nullable(), hash: z.string().nullable() }).nullable(),
  /** Entered: pseudonyms on this round's list; left: pseudonyms on the approved list (pseudonyms are scoped to a list). */
  comparison: ComparisonSchema.nullable(),
});
export type RoundDiff = z.infer<typeof RoundDiffSchema>;
