/** Long operations (imports now; packet exports and purges later): cancelling one by its id. */
import { z } from 'zod';
import { type MethodSpec, method, OperationIdSchema } from './method';

export const operationsMethods = {
  /** Cancels the named operation if it is running or queued; for any other id it does nothing. */
  'operations.cancel': method({
    input: z.strictObject({ id: OperationIdSchema }),
    output: z.strictObject({ cancelled: z.boolean() }),
    access: 'session',
    audit: null,
    mutates: false,
    concurrent: true,
  }),
} as const satisfies Record<string, MethodSpec>;
