/** The shape of one contract method, and the access and logging groups the domains share. */
import { z } from 'zod';
import type { Access } from '../roles';
import type { Purpose } from '../audit-vocabulary';
import { RoleSchema } from '../schemas';

/**
 * How a call is written to the access log. `null` means the call touches no personal data
 * and is not logged (status, activity pings). `purpose` is the fixed purpose of the use,
 * as Danish public-sector logging practice asks.
 */
export interface AuditSpec {
  action: string;
  purpose: Purpose;
}

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  audit: AuditSpec | null;
  /** True when the call changes state that must be saved to the workspace file. */
  mutates: boolean;
  /** Runs beside the call in progress instead of after it (only cancelling does). */
  concurrent?: boolean;
  /**
   * A long operation: its input may carry an `operationId` chosen by the caller, under which it
   * reports progress and can be cancelled, even while it waits for its turn.
   */
  operation?: boolean;
  /**
   * May be called while the user must still replace a passphrase an administrator chose (after
   * an account is created or its passphrase reset). Every other call is refused until then.
   */
  beforePassphraseChange?: boolean;
}

/** The id a caller gives a long operation, so it can follow and cancel exactly that one. */
export const OperationIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);

/** Keeps `mutates` as the literal it is, so the type system knows which methods change state (see changes.ts). */
export const method = <I extends z.ZodType, O extends z.ZodType, const Mu extends boolean>(spec: MethodSpec<I, O> & { mutates: Mu }) => spec;

export const Empty = z.strictObject({});
export const ADMIN = ['admin'] as const;
export const SCREENER = ['screener'] as const;
export const DATA_READERS = ['screener', 'supervisor', 'dpo', 'admin'] as const;
export const DEMO_USERS_SCHEMA = z.array(z.strictObject({ username: z.string(), passphrase: z.string(), roles: z.array(RoleSchema) }));
export const DPO = ['dpo'] as const;
/** Administrators (who unlock accounts) and the DPO (who oversees the log) see security events. */
export const ADMIN_AND_DPO = ['admin', 'dpo'] as const;
/** Lists are made by screening staff and approved by supervisors. */
export const LIST_READERS = ['screener', 'supervisor'] as const;
export const SCREENING: AuditSpec = { action: '', purpose: 'udsøgning' };
export const Id = z.number().int().positive();
export const USER_ADMIN: AuditSpec = { action: '', purpose: 'brugeradministration' };

