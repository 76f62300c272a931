/** Staff accounts: administrators add, change, disable, reset and unlock them. */
import { z } from 'zod';
import { ADMIN, Empty, type MethodSpec, USER_ADMIN, method } from './method';
import { DisplayNameSchema, PassphraseSchema, RoleSchema, UserSummarySchema, UsernameSchema } from '../schemas';

export const usersMethods = {
  'users.list': method({
    input: Empty,
    output: z.array(UserSummarySchema),
    access: ADMIN,
    audit: { ...USER_ADMIN, action: 'users.list' },
    mutates: false,
  }),
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
} as const satisfies Record<string, MethodSpec>;
