/** The service catalogue: what each service code is, and what the trial excludes. */
import { z } from 'zod';
import { ADMIN, Empty, type MethodSpec, method } from './method';
import { CatalogueEntrySchema } from '../schemas';

export const catalogueMethods = {
  'catalogue.list': method({ input: Empty, output: z.array(CatalogueEntrySchema), access: 'session', audit: null, mutates: false }),
  'catalogue.update': method({
    input: z.strictObject({ code: z.string().min(1).max(40), excluded: z.boolean().optional(), universal: z.boolean().optional() }),
    output: CatalogueEntrySchema,
    access: ADMIN,
    audit: { action: 'catalogue.update', purpose: 'opsætning' },
    mutates: true,
  }),
} as const satisfies Record<string, MethodSpec>;
