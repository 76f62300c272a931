/**
 * Staff accounts: administrators add, change, disable, reset and unlock them. Nobody changes
 * their own roles; a grant of admin, supervisor or dpo waits for a second person (another
 * administrator or a DPO) to approve it — see SECOND_PERSON_ROLES in shared/roles.ts.
 */
import { z } from 'zod';
import { ADMIN, ADMIN_AND_DPO, Empty, Id, type MethodSpec, USER_ADMIN, method } from './method';
import { DisplayNameSchema, PassphraseSchema, RoleGrantSchema, RoleSchema, UserSummarySchema, UsernameSchema } from '../schemas';

export const usersMethods = {
  'users.list': method({
    input: Empty,
    output: z.array(UserSummarySchema),
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.list' },
    mutates: false,
  }),
  /**
   * Every account's display name, for any logged-in user: screens name colleagues (who imported,
   * approved, recorded) by name rather than login. Names of staff only, never of citizens, so not
   * logged; disabled accounts too, since their names stand in history.
   */
  'users.names': method({
    input: Empty,
    output: z.array(z.strictObject({ username: z.string(), displayName: z.string() })),
    access: 'session',
    audit: null,
    mutates: false,
  }),
  /**
   * Adds an account with a temporary passphrase. Roles that need a second person are asked for
   * (pendingRoles) rather than given; the others are given at once.
   */
  'users.add': method({
    input: z.strictObject({
      username: UsernameSchema,
      displayName: DisplayNameSchema,
      roles: z.array(RoleSchema).min(1),
      passphrase: PassphraseSchema,
    }),
    output: UserSummarySchema,
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.add' },
    mutates: true,
  }),
  /**
   * Changes a display name, or sets the roles an account should have: roles taken away go at
   * once (never the last administrator's or the last DPO's), roles added are given at once or
   * asked for as with users.add, and asked-for roles left out are withdrawn. One's own roles
   * cannot be changed.
   */
  'users.update': method({
    input: z.strictObject({
      username: UsernameSchema,
      displayName: DisplayNameSchema.optional(),
      roles: z.array(RoleSchema).min(1).optional(),
    }),
    output: UserSummarySchema,
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.update' },
    mutates: true,
  }),
  /**
   * Disables an account and removes its key slot, so the next save can no longer be opened with
   * that passphrase. Resetting the passphrase enables the account again.
   */
  'users.disable': method({
    input: z.strictObject({ username: UsernameSchema }),
    output: UserSummarySchema,
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.disable' },
    mutates: true,
  }),
  'users.resetPassphrase': method({
    input: z.strictObject({ username: UsernameSchema, passphrase: PassphraseSchema }),
    output: UserSummarySchema,
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.resetPassphrase' },
    mutates: true,
  }),
  'users.unlock': method({
    input: z.strictObject({ username: UsernameSchema }),
    output: UserSummarySchema,
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.unlock' },
    mutates: true,
  }),
  /** Role grants waiting for a second person, with what the caller may do about each. */
  'users.grants': method({
    input: Empty,
    output: z.array(RoleGrantSchema),
    access: ADMIN_AND_DPO,
    audit: { ...USER_ADMIN, action: 'users.grants' },
    mutates: false,
  }),
  /**
   * The second person's approval: an administrator who did not ask for the grant, or a DPO, and
   * never the person who would get the role. The role is given only now.
   */
  'users.approveGrant': method({
    input: z.strictObject({ id: Id }),
    output: UserSummarySchema,
    access: ADMIN_AND_DPO,
    audit: { ...USER_ADMIN, action: 'users.approveGrant' },
    mutates: true,
  }),
  /** Declines a grant (as one who may approve it) or withdraws it (as the one who asked). */
  'users.declineGrant': method({
    input: z.strictObject({ id: Id }),
    output: UserSummarySchema,
    access: ADMIN_AND_DPO,
    audit: { ...USER_ADMIN, action: 'users.declineGrant' },
    mutates: true,
  }),
} as const satisfies Record<string, MethodSpec>;
