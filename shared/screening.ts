/**
 * What screening returns across the boundary: previews, candidate lists with their reasons,
 * saved criteria sets and runs, and the comparison of two runs. Pure zod, no platform.
 */
import { z } from 'zod';
import { CriteriaSchema } from './criteria';

export const RuleResultSchema = z.strictObject({
  rule: z.string(),
  value: z.union([z.number(), z.string()]),
  threshold: z.union([z.number(), z.string()]),
  passed: z.boolean(),
});

/**
 * Age bands shown instead of ages or birth dates: wide enough not to single a person out, cut
 * where the trial's rules care (school age, 18, pension age).
 */
export const AGE_BANDS = ['0–5', '6–11', '12–14', '15–17', '18–24', '25–29', '30–39', '40–49', '50–59', '60–66', '67+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
const BAND_FLOORS = [0, 6, 12, 15, 18, 25, 30, 40, 50, 60, 67];
export function ageBandOf(age: number): AgeBand {
  let i = BAND_FLOORS.length - 1;
  while (i > 0 && age < BAND_FLOORS[i]!) i--;
  return AGE_BANDS[i]!;
}

/**
 * A pseudonym: a prefix (P person, F family) and twelve consonants. Random-looking, stable
 * within one list, keyed with a secret of the workspace, never derived from the CPR number alone
 * and never looking like one (no digits).
 */
export const PSEUDONYM = /^[PF]-[BCDFGHJKLMNPQRSTVWXZ]{12}$/;
export const PseudonymSchema = z.string().regex(PSEUDONYM);

export const MemberViewSchema = z.strictObject({ pseudonym: PseudonymSchema, ageBand: z.enum(AGE_BANDS) });

/**
 * A candidate as the screen sees it: a pseudonym, age bands, sectors, counts and every rule with
 * the value that decided it. Never a CPR number or a name: those cross only through
 * `candidates.reveal`, with a logged purpose.
 */
export const CandidateSchema = z.strictObject({
  pseudonym: PseudonymSchema,
  unit: z.enum(['person', 'family']),
  members: z.array(MemberViewSchema),
  sectors: z.array(z.string()),
  counts: z.strictObject({ services: z.number(), sectors: z.number(), departments: z.number(), caseworkers: z.number() }),
  rules: z.array(RuleResultSchema),
});
export type CandidateView = z.infer<typeof CandidateSchema>;

/** Which imported extracts a screening looked at: the data it can be reproduced from. */
export const ScreeningSnapshotSchema = z.strictObject({
  id: z.string(),
  /** The newest extract date: the day ages and timing rules are counted from. */
  referenceDate: z.string(),
  sources: z.array(z.strictObject({ sector: z.string(), receiptId: z.number(), snapshotDate: z.string() })),
  persons: z.number(),
  services: z.number(),
  families: z.number(),
});
export type ScreeningSnapshot = z.infer<typeof ScreeningSnapshotSchema>;

export const PreviewSchema = z.strictObject({
  snapshot: ScreeningSnapshotSchema,
  count: z.number(),
  funnel: z.array(z.strictObject({ rule: z.string(), remaining: z.number() })),
  perSector: z.record(z.string(), z.number()),
  combinations: z.record(z.string(), z.number()),
});
export type Preview = z.infer<typeof PreviewSchema>;

/** Most candidates a list shown or saved may hold: the trial is about a few citizens at a time. */
export const MAX_LIST = 20_000;

export const EvaluationSchema = PreviewSchema.extend({
  candidates: z.array(CandidateSchema),
  /** True when the list was cut at the requested limit (the count is still the whole). */
  truncated: z.boolean(),
});

export const CriteriaVersionSchema = z.strictObject({
  setId: z.number(),
  name: z.string(),
  version: z.number(),
  savedAt: z.string(),
  savedBy: z.string(),
  comment: z.string(),
  criteria: CriteriaSchema,
});
export type CriteriaVersion = z.infer<typeof CriteriaVersionSchema>;

export const CriteriaSetSchema = z.strictObject({
  id: z.number(),
  name: z.string(),
  /** Every version, newest first; the first is the current one. */
  versions: z.array(CriteriaVersionSchema),
});
export type CriteriaSet = z.infer<typeof CriteriaSetSchema>;

export const RunSummarySchema = z.strictObject({
  id: z.number(),
  setId: z.number(),
  name: z.string(),
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
  unit: z.enum(['person', 'family']),
  count: z.number(),
  snapshot: ScreeningSnapshotSchema,
  /** The run before it of the same criteria set, which it is compared with by default. */
  previousRunId: z.number().nullable(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const RunSchema = RunSummarySchema.extend({
  criteria: CriteriaSchema,
  candidates: z.array(CandidateSchema),
  funnel: PreviewSchema.shape.funnel,
});
export type Run = z.infer<typeof RunSchema>;

/** Why someone on the earlier list is not on the later one. */
export const LeaverSchema = z.strictObject({
  /** Their pseudonym on the earlier list. */
  pseudonym: PseudonymSchema,
  members: z.array(MemberViewSchema),
  /**
   * 'rules': they are in the data but fail the rules shown; 'not-in-data': they no longer
   * receive a counted service; 'not-recorded': the later run's data is gone and it was not
   * compared with this run when it was made.
   */
  why: z.enum(['rules', 'not-in-data', 'not-recorded']),
  rules: z.array(RuleResultSchema),
});

export const ComparisonSchema = z.strictObject({
  from: RunSummarySchema,
  to: RunSummarySchema,
  /** On the later list and not the earlier, with the rules that put them there. */
  entered: z.array(CandidateSchema),
  left: z.array(LeaverSchema),
  stayed: z.number(),
  /** Criteria fields that differ between the two runs' versions. */
  criteriaChanges: z.array(z.strictObject({ field: z.string(), from: z.string(), to: z.string() })),
  /** Sectors whose extract differs between the two runs' snapshots. */
  dataChanges: z.array(z.string()),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

/** Why a CPR number and name are shown: a short list, plus a free text the log keeps. */
export const REVEAL_PURPOSES = ['review', 'approval', 'contact', 'data-quality'] as const;

/** Each purpose as the access log states it (the log is kept in Danish, like its other purposes). */
export const REVEAL_PURPOSE_IN_LOG = {
  review: 'gennemgang af kandidaten',
  approval: 'godkendelse af listen',
  contact: 'kontakt til borgeren',
  'data-quality': 'kontrol af data',
} as const satisfies Record<(typeof REVEAL_PURPOSES)[number], string>;

export const RevealSchema = z.strictObject({
  runId: z.number(),
  pseudonym: PseudonymSchema,
  members: z.array(
    z.strictObject({
      pseudonym: PseudonymSchema,
      ageBand: z.enum(AGE_BANDS),
      /** Hyphenated, as staff write it. */
      cpr: z.string(),
      /** Null when the person is no longer in the data loaded now. */
      name: z.string().nullable(),
    }),
  ),
});
export type Reveal = z.infer<typeof RevealSchema>;
