/**
 * The one API contract between the renderer and the engine, merged from one file per domain.
 *
 * Every method is named once with its input schema, output schema, who may call it and how it
 * is logged. The engine's handler table is type-checked against `methods`, and the engine
 * validates input and checks access here at the boundary — never only in the UI. The renderer
 * decides what to show with the same `canCall`. Payloads are plain JSON so Electron IPC and the
 * test bridge behave alike. A new domain adds its file and one line below.
 */
import { z } from 'zod';
import type { MethodSpec } from './method';
import { sessionMethods } from './session';
import { usersMethods } from './users';
import { unitMethods } from './unit';
import { auditMethods } from './audit';
import { importMethods } from './import';
import { catalogueMethods } from './catalogue';
import { screeningMethods } from './screening';
import { runsMethods } from './runs';
import { operationsMethods } from './operations';
import { candidatesMethods } from './candidates';
import { roundsMethods } from './rounds';
import { packetsMethods } from './packets';
import { consentMethods } from './consent';
import type { Role } from '../roles';

export const methods = {
  ...sessionMethods,
  ...usersMethods,
  ...unitMethods,
  ...auditMethods,
  ...importMethods,
  ...catalogueMethods,
  ...screeningMethods,
  ...runsMethods,
  ...candidatesMethods,
  ...roundsMethods,
  ...packetsMethods,
  ...consentMethods,
  ...operationsMethods,
} as const satisfies Record<string, MethodSpec>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What the caller sends (defaults may be left out). */
export type Input<M extends MethodName> = z.input<Methods[M]['input']>;
/** What the handler receives after validation. */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type Output<M extends MethodName> = z.output<Methods[M]['output']>;

/**
 * The one permission map: may a user with these roles (null: nobody logged in) call this method?
 * The engine refuses at its boundary exactly what this says no to, and the renderer shows a
 * screen only to those who may call every method the screen needs.
 */
export function canCall(roles: readonly Role[] | null, m: MethodName): boolean {
  const access = (methods[m] as MethodSpec).access;
  if (access === 'public') return true;
  if (roles === null) return false;
  if (access === 'session') return true;
  return roles.some((r) => access.includes(r));
}

export const isMethodName = (m: string): m is MethodName => Object.hasOwn(methods, m);

/** Events the engine pushes to the renderer. */
export const events = {
  'session.locked': z.strictObject({ reason: z.enum(['idle', 'manual']) }),
  /**
   * A call changed state: the method's name and nothing else (never whom or what it concerned).
   * The renderer refreshes the reads this can make stale (changes.ts).
   */
  changed: z.strictObject({ method: z.string() }),
  /** Progress of one long operation, under the id its caller gave it. */
  progress: z.strictObject({
    operationId: z.string(),
    /** The method that runs it, e.g. 'import.file'. */
    kind: z.string(),
    done: z.number(),
    total: z.number().nullable(),
    unit: z.enum(['bytes', 'rows', 'files']),
  }),
} as const;
export type EventName = keyof typeof events;
export type EngineEvent = {
  [E in EventName]: { type: E; payload: z.output<(typeof events)[E]> };
}[EventName];


export type { AuditSpec, MethodSpec } from './method';
export { DEMO_USERS_SCHEMA } from './method';
