/** Import of encrypted extracts, the data loaded and the receipts. */
import { z } from 'zod';
import { DATA_READERS, Empty, OperationIdSchema, type MethodSpec, SCREENER, method } from './method';
import { ReceiptSchema, RejectionSchema, SnapshotSchema } from '../schemas';
import { SECTORS } from '../extract-format';
import { ERROR_CODES } from '../errors';

/** What the user has decided about one file (the same in import.file and import.files). */
const decisions = {
  acceptRejected: z.boolean().default(false),
  confirmEmpty: z.boolean().default(false),
  sector: z.enum(SECTORS).optional(),
};

const STATUSES = ['imported', 'needs-decision', 'needs-empty-confirmation', 'duplicate'] as const;

/** The most files one batch takes: far more than a unit's sources, few enough for one decision screen. */
export const MAX_BATCH_FILES = 64;

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
      ...decisions,
      operationId: OperationIdSchema.optional(),
    }),
    output: z.strictObject({
      status: z.enum(STATUSES),
      receipt: ReceiptSchema,
      rejections: z.array(RejectionSchema),
    }),
    access: SCREENER,
    audit: { action: 'import.file', purpose: 'udsøgning' },
    mutates: true,
    operation: true,
  }),
  /**
   * Imports several encrypted extracts as one: one operation (progress counted in files), one
   * save, one log entry naming every file and what was decided about it. Whole batch or nothing:
   * when any file fails (`failed`, with its error) or is held back for a decision, nothing of the
   * batch is loaded, and each file's answer says what it needs; the files that could load are
   * `ready`. Send the batch again with the decisions taken. A `duplicate` (content already
   * imported, or earlier in the batch) is skipped and holds nothing back. Files are judged and
   * loaded in the order given, exactly as importing them one by one with import.file would.
   */
  'import.files': method({
    input: z.strictObject({
      files: z.array(z.strictObject({ path: z.string().min(1).max(4096), ...decisions })).min(1).max(MAX_BATCH_FILES),
      operationId: OperationIdSchema.optional(),
    }),
    output: z.strictObject({
      status: z.enum(['imported', 'held-back']),
      files: z.array(
        z.strictObject({
          fileName: z.string(),
          status: z.enum([...STATUSES, 'ready', 'failed']),
          /** Null only for a file that failed before it could be read. */
          receipt: ReceiptSchema.nullable(),
          rejections: z.array(RejectionSchema),
          error: z.strictObject({ code: z.enum(ERROR_CODES), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).nullable(),
        }),
      ),
    }),
    access: SCREENER,
    audit: { action: 'import.files', purpose: 'udsøgning' },
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
