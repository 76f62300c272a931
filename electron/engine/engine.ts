/**
 * The engine: one object with `invoke(method, input)` and `onEvent`, behind which every rule
 * lives. It validates input against the contract, checks the caller's role, writes exactly one
 * access-log entry for each call that the contract marks as logged (refusing the call if the
 * entry cannot be written), saves when state changed, and locks the session when idle.
 * Calls are serialised: the engine is one user's desktop session, and order keeps it simple.
 */
import { canCall, isMethodName, methods, type EngineEvent, type Input, type MethodName, type MethodSpec, type Output } from '../../shared/contract';
import type { ErrorCode, Result } from '../../shared/errors';
import { roleFor } from '../../shared/roles';
import type { AuditEntry } from '../../shared/schemas';
import type { z } from 'zod';
import type { JournalEffect } from './base/audit-log/log';
import { handlers } from './handlers';
import { requireSession, type Ctx, type EndReason, type EngineState, type Session, type UserRecord } from './base/context';
import { Operations } from './base/operations';
import { getMeta } from './base/database';
import type { EngineDeps, HostDeps } from './base/deps';
import { JOURNAL_EFFECTS, SCHEMA } from './schema';
import { EngineError, toErrorData } from './base/errors';
import { closeWorkspace, saveWorkspace, type OpenWorkspace } from './base/workspace/store';

export interface Engine {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (e: EngineEvent) => void): () => void;
  /** Ends any session (saving pending log entries) and stops timers. */
  dispose(): Promise<void>;
}

/** A typed convenience over `invoke` for Node callers (tests, CLI). */
export async function call<M extends MethodName>(engine: Engine, method: M, input: Input<M>): Promise<Output<M>> {
  const r = await engine.invoke(method, input);
  if (!r.ok) throw new EngineError(r.error.code, r.error.message, r.error.details);
  return r.value as Output<M>;
}

/** A size issue's limit and what it limits (a string's length, a number, an array's count), never the value that broke it. */
function boundOf(i: z.core.$ZodIssue): { minimum?: number; maximum?: number; origin?: string } {
  if (i.code === 'too_small' && typeof i.minimum === 'number') return { minimum: i.minimum, origin: i.origin };
  if (i.code === 'too_big' && typeof i.maximum === 'number') return { maximum: i.maximum, origin: i.origin };
  return {};
}

export function createEngine(host: HostDeps): Engine {
  const deps: EngineDeps = { ...host, schema: SCHEMA, journalEffects: JOURNAL_EFFECTS };
  const state: EngineState = { session: null, endedBecause: null, operations: new Operations() };
  const listeners = new Set<(e: EngineEvent) => void>();
  let idleHandle: unknown = null;
  let queue: Promise<unknown> = Promise.resolve();
  let anonymousOps = 0;

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const emit = (e: EngineEvent) => {
    for (const l of listeners) l(e);
  };

  const idleMs = (s: Session) => deps.idleMsOverride ?? Number(getMeta(s.ws.db, 'idle_minutes') ?? 15) * 60_000;

  const armIdleTimer = () => {
    if (idleHandle !== null) deps.timers.clearTimeout(idleHandle);
    idleHandle = null;
    const s = state.session;
    if (!s) return;
    idleHandle = deps.timers.setTimeout(() => {
      idleHandle = null;
      // Whatever runs (an import in its worker) is stopped first, so the lock queued next is not
      // stuck behind it: the session locks now, not when a long or hostile file is done.
      state.operations.cancelAll();
      void serial(() => endSession('idle'));
    }, idleMs(s));
  };

  async function endSession(reason: EndReason): Promise<void> {
    const s = state.session;
    if (!s) return;
    state.session = null;
    state.endedBecause = reason;
    if (idleHandle !== null) deps.timers.clearTimeout(idleHandle);
    idleHandle = null;
    try {
      // Fold the journal into the workspace so the next open starts clean. If this fails the
      // journal still holds every entry, so nothing is lost.
      if (s.ws.audit.head().seq > s.savedSeq) await saveWorkspace(deps, s.ws);
    } catch {
      // deliberately ignored, see above
    } finally {
      closeWorkspace(s.ws);
    }
    if (reason !== 'logout') emit({ type: 'session.locked', payload: { reason } });
  }

  async function save(s: Session): Promise<void> {
    await saveWorkspace(deps, s.ws);
    s.savedSeq = s.ws.audit.head().seq;
  }

  /** A refusal's entry: written if it can be, the call is refused either way. */
  async function logRefusal(s: Session, role: string, spec: MethodSpec | null, action: string, outcome: 'denied' | 'error', code: ErrorCode, fields: object = {}): Promise<void> {
    const detail = JSON.stringify({ error: code, ...fields });
    await s.ws.audit.append(entryFor(s.user, role, spec, action, outcome, { kind: 'none', value: '', detail })).catch(() => undefined);
  }

  async function dispatch(method: string, raw: unknown, operationId: string | null): Promise<unknown> {
    // Who is calling comes first, then what they sent: a call refused for its caller is refused
    // (and logged) whatever its input, and only an authorised caller learns what was malformed.
    if (!isMethodName(method)) {
      // The name is the caller's text and may be anything (a CPR number): the entry does not keep it.
      if (state.session) await logRefusal(state.session, state.session.user.roles.join('+'), null, UNKNOWN_METHOD_ACTION, 'denied', 'UNKNOWN_METHOD');
      throw new EngineError('UNKNOWN_METHOD', 'Unknown method');
    }
    const spec: MethodSpec = methods[method];

    let role = 'public';
    if (spec.access !== 'public') {
      const s = requireSession(state);
      const r = roleFor(spec.access, s.user.roles);
      if (r === null || !canCall(s.user.roles, method)) {
        await logRefusal(s, s.user.roles.join('+'), spec, method, 'denied', 'FORBIDDEN');
        throw new EngineError('FORBIDDEN', `Your roles do not allow ${method}`, { method });
      }
      // A passphrase an administrator chose is known to two people until its owner replaces it.
      if (s.user.mustChangePassphrase && !spec.beforePassphraseChange) {
        await logRefusal(s, r, spec, method, 'denied', 'PASSPHRASE_CHANGE_REQUIRED', { refused: 'passphrase-change-required' });
        throw new EngineError('PASSPHRASE_CHANGE_REQUIRED', 'Choose your own passphrase before anything else', { method });
      }
      role = r;
      armIdleTimer();
    }

    const parsed = spec.input.safeParse(raw);
    if (!parsed.success) {
      // The form marks the field from the path, and says what is wrong from the code and its bound.
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code, ...boundOf(i) }));
      // An authorised caller sending what the contract forbids is worth knowing about. The entry
      // keeps where the input was wrong and how, never the values, which may be personal data.
      // A call running beside another (cancel) is not logged here: the other holds a savepoint.
      const s = spec.access === 'public' || spec.concurrent ? null : state.session;
      if (s) await logRefusal(s, role, spec, method, 'error', 'VALIDATION', { invalid: loggableIssues(parsed.error.issues) });
      throw new EngineError('VALIDATION', 'The input is not valid', { issues });
    }

    // Each call's list as given (copied: the handler may change its own afterwards); the log
    // sorts them and drops repeats. An import names a quarter of a million in one sorted list,
    // which a set would take a tenth of a second to hold.
    const disclosed: string[][] = [];
    let subject: LogSubject = { kind: 'none', value: '', cprs: disclosed };
    const after: (() => Promise<void> | void)[] = [];
    const undo: (() => Promise<void> | void)[] = [];
    // Each undo runs, whatever the others do: a file left behind must not keep the next from going.
    const undoAll = async () => {
      for (const fn of undo.reverse()) await Promise.resolve().then(fn).catch(() => undefined);
    };
    let dirty = spec.mutates;
    const ctx: Ctx = {
      deps,
      state,
      role,
      session: () => requireSession(state),
      subject: (kind, value) => (subject = { ...subject, kind, value }),
      purpose: (text) => (subject = { ...subject, purpose: text }),
      disclose: (cprs) => {
        disclosed.push([...cprs]);
      },
      detail: (fields) => (subject = { ...subject, detail: JSON.stringify(fields) }),
      journal: (effect) => {
        // Only a logged call in a session writes a journal record for the change to ride in.
        if (!spec.audit || spec.access === 'public') throw new EngineError('INTERNAL', `${method} is not logged, so it cannot journal a change`);
        subject = { ...subject, effect };
      },
      operation: () => {
        const op = operationId === null ? undefined : state.operations.get(operationId);
        if (!op) throw new EngineError('INTERNAL', `${method} does not run as an operation`);
        return {
          ...op,
          progress: (done, total, unit) => emit({ type: 'progress', payload: { operationId: op.id, kind: op.kind, done, total, unit } }),
        };
      },
      afterCommit: (fn) => after.push(fn),
      onRollback: (fn) => undo.push(fn),
      markDirty: () => (dirty = true),
      markClean: () => (dirty = false),
      beginSession: (ws: OpenWorkspace, user: UserRecord) => {
        state.session = { ws, user, savedSeq: ws.audit.head().seq, memory: new Map(), changes: 0 };
        state.endedBecause = null;
      },
      endSession,
      emit,
    };
    // An operation cancelled while it waited never starts.
    if (operationId !== null && state.operations.get(operationId)?.signal.aborted) throw new EngineError('CANCELLED', 'Cancelled before it started');
    const handler = handlers[method as MethodName] as (ctx: Ctx, input: unknown) => Promise<unknown>;
    // Public calls (setup, login) may end one session and begin another: they log in the new one.
    const before = spec.access === 'public' ? null : state.session;

    let value: unknown;
    if (spec.audit && before) {
      // A logged call in a session: its changes and its log entry stand or fall together.
      before.ws.db.exec('SAVEPOINT op');
      try {
        value = await handler(ctx, parsed.data);
      } catch (err) {
        before.ws.db.exec('ROLLBACK TO op; RELEASE op');
        await undoAll();
        const outcome = err instanceof EngineError && REFUSALS.has(err.code) ? 'denied' : 'error';
        // Nothing was stored or shown, so the entry names no citizen.
        const refused = { ...subject, detail: refusalDetail(subject.detail, err), cprs: undefined, effect: undefined };
        await before.ws.audit.append(entryFor(before.user, role, spec, method, outcome, refused)).catch(() => undefined);
        throw err;
      }
      try {
        await before.ws.audit.append(entryFor(before.user, role, spec, method, 'ok', subject));
      } catch (err) {
        before.ws.db.exec('ROLLBACK TO op; RELEASE op');
        await undoAll();
        throw err;
      }
      before.ws.db.exec('RELEASE op');
    } else {
      value = await handler(ctx, parsed.data);
      const s = state.session;
      if (spec.audit && s) {
        // Login or first-run setup: the session exists only now. No entry, no session.
        try {
          await s.ws.audit.append(entryFor(s.user, roleFor('session', s.user.roles) ?? 'user', spec, method, 'ok', subject));
        } catch (err) {
          state.session = null;
          closeWorkspace(s.ws);
          throw err;
        }
        armIdleTimer();
      }
    }
    // Counted before the call's own after-commit work, which may keep memory that this change made.
    if (state.session && (dirty || subject.effect)) state.session.changes++;
    for (const fn of after) await fn();
    if (dirty && state.session) {
      try {
        await save(state.session);
      } catch (err) {
        // A session born in this call (first-run setup) must not outlive a failed first save:
        // there would be no file to come back to.
        if (!before && state.session) {
          closeWorkspace(state.session.ws);
          state.session = null;
        }
        throw err;
      }
    }
    // The change stands (and is saved when it must be): the renderer may refresh what it shows.
    // A method that journals its change without being marked `mutates` (a decision) counts too.
    if (spec.mutates || subject.effect) emit({ type: 'changed', payload: { method } });
    const out = spec.output.safeParse(value);
    if (!out.success) throw new EngineError('INTERNAL', `Output of ${method} does not match the contract`);
    return out.data;
  }

  return {
    invoke: (method, input) => {
      const spec: MethodSpec | null = isMethodName(method) ? methods[method] : null;
      // A long operation is known from the moment its call arrives, so it can be cancelled while
      // it waits behind another call. Without an id from the caller it gets one of its own.
      let operationId: string | null = null;
      if (spec?.operation) {
        const given = (input as { operationId?: unknown } | null)?.operationId;
        operationId = typeof given === 'string' ? given : `op-${++anonymousOps}`;
        if (!state.operations.register(operationId, method)) {
          return Promise.resolve({ ok: false as const, error: toErrorData(new EngineError('VALIDATION', 'That operation id is in use', { issues: [{ path: 'operationId', message: 'in use' }] })) });
        }
      }
      const run = async () => {
        try {
          return { ok: true as const, value: await dispatch(method, input, operationId) };
        } catch (err) {
          return { ok: false as const, error: toErrorData(err) };
        } finally {
          if (operationId !== null) state.operations.finish(operationId);
        }
      };
      // Cancelling must not wait behind the very call it cancels.
      return spec?.concurrent ? run() : serial(run);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => serial(() => endSession('logout')),
  };
}

/** What a call's log entry says it concerned: set by its handler through the context. */
interface LogSubject {
  kind: AuditEntry['subjectKind'];
  value: string;
  /** The lists of CPR numbers the call disclosed (ctx.disclose), in the order given. */
  cprs?: readonly (readonly string[])[];
  purpose?: string;
  detail?: string;
  /** The call's change, journalled with its entry (ctx.journal). */
  effect?: JournalEffect;
}

function entryFor(
  user: UserRecord,
  role: string,
  spec: MethodSpec | null,
  method: string,
  outcome: AuditEntry['outcome'],
  subject: LogSubject,
) {
  return {
    cprs: subject.cprs?.length === 1 ? subject.cprs[0]! : (subject.cprs ?? []).flat(),
    user: user.username,
    role,
    action: spec?.audit?.action ?? method,
    subjectKind: subject.kind,
    subject: subject.value,
    purpose: subject.purpose ?? spec?.audit?.purpose ?? '',
    outcome,
    detail: subject.detail ?? '',
    ...(subject.effect ? { effect: subject.effect } : {}),
  };
}

/** Errors that refuse the caller rather than fail the call: logged as denied. */
const REFUSALS: ReadonlySet<string> = new Set(['FORBIDDEN', 'SEPARATION_OF_DUTIES', 'CONSENT_REQUIRED']);

/** The action an unknown method name is logged under (the name itself is not kept). */
export const UNKNOWN_METHOD_ACTION = 'engine.unknownMethod';
const MAX_LOGGED_ISSUES = 20;

/**
 * A failed call's detail: first the error's code (what the caller was answered, so the log says
 * why: `NOT_FOUND`, `CONSENT_REQUIRED` …), then what the call had said of itself, and for input it
 * refused by a rule of its own (VALIDATION from the handler, not the contract) the fields at fault,
 * as the contract's refusals give them, never the values.
 */
function refusalDetail(detail: string | undefined, err: unknown): string {
  const own = detail ? (JSON.parse(detail) as object) : {};
  const issues = err instanceof EngineError && err.code === 'VALIDATION' ? err.details?.issues : undefined;
  if (!Array.isArray(issues)) return JSON.stringify({ error: toErrorData(err).code, ...own });
  const paths = issues.map((i: { path?: unknown }) => String(i.path ?? '').split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)));
  return JSON.stringify({ error: 'VALIDATION', ...own, invalid: loggableIssues(paths.map((path) => ({ path, code: 'custom' }))) });
}

/**
 * Validation issues as the log keeps them: the field path and the kind of problem. Path segments
 * are the contract's field names and list positions; anything else (a key the caller made up) is
 * replaced, so no value the caller sent reaches the log.
 */
function loggableIssues(issues: readonly { path: readonly PropertyKey[]; code: string }[]) {
  const segment = (k: PropertyKey) => (typeof k === 'number' ? String(k) : typeof k === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(k) ? k : '?');
  return issues.slice(0, MAX_LOGGED_ISSUES).map((i) => ({ path: i.path.map(segment).join('.'), code: i.code }));
}
