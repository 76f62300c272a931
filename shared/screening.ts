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

export const CandidateSchema = z.strictObject({
  /** A CPR number (persons) or a family name (H:household or C:smallest CPR number). */
  key: z.string(),
  members: z.array(z.string()),
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
  key: z.string(),
  members: z.array(z.string()),
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
