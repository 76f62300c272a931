/** Screening: live counts, candidate lists and saved criteria versions. */
import { z } from 'zod';
import { Empty, Id, LIST_READERS, type MethodSpec, SCREENER, SCREENING, method } from './method';
import { CriteriaSetSchema, CriteriaVersionSchema, EvaluationSchema, MAX_LIST, PreviewSchema } from '../screening';
import { CriteriaSchema } from '../criteria';

export const screeningMethods = {
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
} as const satisfies Record<string, MethodSpec>;
