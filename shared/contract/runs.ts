/** Runs: saved lists with their reasons, and the comparison of two runs. */
import { z } from 'zod';
import { Empty, Id, LIST_READERS, type MethodSpec, SCREENER, SCREENING, method } from './method';
import { ComparisonSchema, RunSchema, RunSummarySchema } from '../screening';

export const runsMethods = {
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
