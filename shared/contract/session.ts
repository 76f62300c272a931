/** Status, first-run setup, login, lock and logout, one's own passphrase. */
import { z } from 'zod';
import { DEMO_USERS_SCHEMA, Empty, type MethodSpec, method } from './method';
import { DisplayNameSchema, PassphraseSchema, SessionInfoSchema, UsernameSchema } from '../schemas';

export const sessionMethods = {
  'app.status': method({
    input: Empty,
    output: z.strictObject({
      workspaceExists: z.boolean(),
      unitName: z.string().nullable(),
      demo: z.boolean(),
      session: SessionInfoSchema.nullable(),
      /** In the fictitious demo workspace only: its users and passphrases, shown at login. */
      demoUsers: DEMO_USERS_SCHEMA,
      /** Why the last session ended, so the login screen can say so. */
      endedBecause: z.enum(['idle', 'manual', 'logout']).nullable(),
    }),
    access: 'public',
    audit: null,
    mutates: false,
  }),
  'workspace.create': method({
    input: z.strictObject({
      unitName: z.string().trim().min(1).max(120),
      admin: z.strictObject({
        username: UsernameSchema,
        displayName: DisplayNameSchema,
        passphrase: PassphraseSchema,
      }),
    }),
    output: SessionInfoSchema,
    access: 'public',
    audit: { action: 'workspace.create', purpose: 'opsætning' },
    mutates: true,
  }),
  /** First run: a workspace with the fictitious demo municipality imported and demo users. */
  'workspace.createDemo': method({
    input: Empty,
    output: z.strictObject({ users: DEMO_USERS_SCHEMA }),
    access: 'public',
    audit: null,
    mutates: false,
  }),
  'session.login': method({
    input: z.strictObject({ username: UsernameSchema, passphrase: PassphraseSchema }),
    output: SessionInfoSchema,
    access: 'public',
    audit: { action: 'session.login', purpose: 'adgangskontrol' },
    mutates: false,
  }),
  'session.logout': method({
    input: Empty,
    output: Empty,
    access: 'session',
    audit: { action: 'session.logout', purpose: 'adgangskontrol' },
    mutates: false,
    beforePassphraseChange: true,
  }),
  'session.lock': method({
    input: Empty,
    output: Empty,
    access: 'session',
    audit: { action: 'session.lock', purpose: 'adgangskontrol' },
    mutates: false,
    beforePassphraseChange: true,
  }),
  /** The renderer reports user activity (throttled) so the idle timer can restart. */
  'session.touch': method({ input: Empty, output: Empty, access: 'session', audit: null, mutates: false, beforePassphraseChange: true }),
  'session.changePassphrase': method({
    input: z.strictObject({ current: PassphraseSchema, next: PassphraseSchema }),
    output: SessionInfoSchema,
    access: 'session',
    audit: { action: 'session.changePassphrase', purpose: 'adgangskontrol' },
    mutates: true,
    beforePassphraseChange: true,
  }),
} as const satisfies Record<string, MethodSpec>;
