/**
 * One candidate of a saved list in detail, behind pseudonyms: who is in it (age bands, adult or
 * child), the services each sector gives them now (names and paragraphs in words, department,
 * start and planned end or review), how many caseworkers each sector has on them (a count, never
 * a name), every rule with the value that put them on the list, and the data the list was made on.
 */
import { z } from 'zod';
import { AGE_BANDS, PseudonymSchema, RuleResultSchema } from './screening';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const DetailServiceSchema = z.strictObject({
  /** Whose service it is (in a family, one of the members). */
  member: PseudonymSchema,
  nameDa: z.string(),
  nameEn: z.string(),
  law: z.string(),
  /** The paragraph as numbered now, and as it was numbered before the recent reforms. */
  paragraph: z.string(),
  paragraphOld: z.string(),
  department: z.string(),
  start: IsoDate,
  /**
   * The planned end or next review: an extract has one column for both (docs/extract-format.md),
   * so the two cannot be told apart. Null when the service runs until further notice.
   */
  end: IsoDate.nullable(),
  /** False for a universal service the criteria do not count (e.g. a school place). */
  counted: z.boolean(),
});
export type DetailService = z.infer<typeof DetailServiceSchema>;

export const CandidateDetailSchema = z.strictObject({
  runId: z.number(),
  pseudonym: PseudonymSchema,
  unit: z.enum(['person', 'family']),
  members: z.array(z.strictObject({ pseudonym: PseudonymSchema, ageBand: z.enum(AGE_BANDS), adult: z.boolean() })),
  /** Per sector, in the order of the sectors list: the services and the distinct caseworkers of the counted ones. */
  sectors: z.array(z.strictObject({ sector: z.string(), caseworkers: z.number().int(), departments: z.number().int(), services: z.array(DetailServiceSchema) })),
  /** Every rule of the list's criteria, with the value found for this candidate when the list was made. */
  rules: z.array(RuleResultSchema),
  /** The data the list was made on: its reference date (the "today" of the screening) and each sector's extract date. */
  madeOn: z.strictObject({ referenceDate: IsoDate, sources: z.array(z.strictObject({ sector: z.string(), snapshotDate: IsoDate })) }),
  /**
   * The data loaded now, when it is not what the list was made on (the services shown are then
   * today's, and may differ from what put the candidate on the list); null when it is the same.
   */
  dataNow: z.strictObject({ referenceDate: IsoDate.nullable() }).nullable(),
});
export type CandidateDetail = z.infer<typeof CandidateDetailSchema>;
