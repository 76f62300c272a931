/** The unit itself: its settings and the public key source systems encrypt to. */
import { z } from 'zod';
import { ADMIN, Empty, type MethodSpec, method } from './method';

export const unitMethods = {
  'settings.get': method({
    input: Empty,
    output: z.strictObject({ idleMinutes: z.number() }),
    access: 'session',
    audit: null,
    mutates: false,
  }),
  'settings.update': method({
    input: z.strictObject({ idleMinutes: z.number().int().min(1).max(120) }),
    output: z.strictObject({ idleMinutes: z.number() }),
    access: ADMIN,
    audit: { action: 'settings.update', purpose: 'opsætning' },
    mutates: true,
  }),
  /** The unit's public age recipient: what source systems encrypt their extracts to. */
  'unit.recipient': method({
    input: Empty,
    output: z.strictObject({ recipient: z.string(), unitName: z.string() }),
    access: ADMIN,
    audit: null,
    mutates: false,
  }),
} as const satisfies Record<string, MethodSpec>;
