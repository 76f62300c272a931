/** Import of encrypted extracts, the data loaded and the receipts. */
import { z } from 'zod';
import { DATA_READERS, Empty, OperationIdSchema, type MethodSpec, SCREENER, method } from './method';
import { ReceiptSchema, RejectionSchema, SnapshotSchema } from '../schemas';
import { SECTORS } from '../extract-format';

export const importMethods = {
  /**
   * Imports one encrypted extract (services from one source, or family relations). The file is
   * imported whole or not at all; one with rejected rows is held back (status 'needs-decision')
   * until the user explicitly accepts importing the rest, and that decision is logged. A services
   * file with nothing ongoing is held back too ('needs-empty-confirmation') until the user confirms
   * that its source's snapshot becomes empty, naming the source when no row of the file does.
   */
  'import.file': method({
    input: z.strictObject({
      path: z.string().min(1).max(4096),
      acceptRejected: z.boolean().default(false),
      confirmEmpty: z.boolean().default(false),
      sector: z.enum(SECTORS).optional(),
      operationId: OperationIdSchema.optional(),
    }),
    output: z.strictObject({
      status: z.enum(['imported', 'needs-decision', 'needs-empty-confirmation', 'duplicate']),
      receipt: ReceiptSchema,
      rejections: z.array(RejectionSchema),
    }),
    access: SCREENER,
    audit: { action: 'import.file', purpose: 'udsøgning' },
    mutates: true,
    operation: true,
  }),
  'import.snapshots': method({
    input: Empty,
    output: z.array(SnapshotSchema),
    access: DATA_READERS,
    audit: null,
    mutates: false,
  }),
  'import.receipts': method({
    input: Empty,
    output: z.array(ReceiptSchema),
    access: DATA_READERS,
    audit: null,
    mutates: false,
  }),
} as const satisfies Record<string, MethodSpec>;
