/** What a handler gets: the engine's state, the caller's role, and ways to shape its log entry. */
import type { MethodName, Output, ParsedInput, EngineEvent } from '../../../shared/contract';
import type { AuditEntry } from '../../../shared/schemas';
import type { Role } from '../../../shared/roles';
import type { JournalEffect } from './audit-log/log';
import type { EngineDeps } from './deps';
import { EngineError } from './errors';
import type { Operation, Operations, ProgressUnit } from './operations';
import type { OpenWorkspace } from './workspace/store';

/** The account behind a session (the users domain reads and writes these rows). */
export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  mustChangePassphrase: boolean;
  disabled: boolean;
  createdAt: string;
  createdBy: string | null;
}

export interface Session {
  ws: OpenWorkspace;
  user: UserRecord;
  /** The log's sequence number at the last save; entries after it live only in the journal. */
  savedSeq: number;
  /** What domains keep in memory for the session (e.g. the screening index), by slot. */
  memory: Map<symbol, unknown>;
  /**
   * Calls in this session whose change stands (saved or journalled), counted as each commits: what
   * a domain keeps in memory from one call can tell whether any call changed the workspace since.
   */
  changes: number;
}

/**
 * A domain's piece of session memory, typed, without the base knowing the domain: the
 * screening domain keeps its index here, and the import drops it.
 */
export function sessionMemory<T>(name: string) {
  const key = Symbol(name);
  return {
    get: (s: Session) => s.memory.get(key) as T | undefined,
    set: (s: Session, value: T) => void s.memory.set(key, value),
    drop: (s: Session) => void s.memory.delete(key),
  };
}

export type EndReason = 'idle' | 'manual' | 'logout';

export interface EngineState {
  session: Session | null;
  endedBecause: EndReason | null;
  /** Long operations now running or queued, each cancellable by its id. */
  operations: Operations;
}

export interface Ctx {
  deps: EngineDeps;
  state: EngineState;
  /** The role the call is made in ('public' before login). */
  role: string;
  /** The session, or NOT_AUTHENTICATED. */
  session(): Session;
  /** Names the subject of this call's log entry (a CPR number, a list, a criterion, a user …). */
  subject(kind: AuditEntry['subjectKind'], value: string): void;
  /** Runs after the call's log entry is written, e.g. closing the session on logout. */
  afterCommit(fn: () => Promise<void> | void): void;
  /**
   * Runs if the call's changes are rolled back after all (it fails later, or its log entry cannot
   * be written): undoes what it did outside the database, e.g. removes the files it wrote, since
   * nothing a refused call did may be kept.
   */
  onRollback(fn: () => Promise<void> | void): void;
  /** Asks for a save after the call even if the method is not marked as mutating. */
  markDirty(): void;
  /** The call changed nothing after all (e.g. an import held back): no save needed. */
  markClean(): void;
  /** Starts a session for a workspace just created or opened. */
  beginSession(ws: OpenWorkspace, user: UserRecord): void;
  /** Ends the current session: saves pending log entries, closes the database, drops keys. */
  endSession(reason: EndReason): Promise<void>;
  emit(event: EngineEvent): void;
  /**
   * The long operation this call runs as (its id came with the call), or NOT_AN_OPERATION.
   * `progress` reports under the operation's own id.
   */
  operation(): Operation & { progress(done: number, total: number | null, unit: ProgressUnit): void };
  /** Replaces the contract's fixed purpose in this call's log entry (a purpose the user chose). */
  purpose(text: string): void;
  /**
   * Carries this call's change in its log entry's journal record instead of a save of the whole
   * workspace: on disk, encrypted and fsynced, before the result is shown; applied again at the next
   * open if no save came first (the domain registers how, in schema.ts). Logged calls only.
   */
  journal(effect: JournalEffect): void;
  /** Records CPR numbers whose data this call stores or discloses, for its log entry. */
  disclose(cprs: Iterable<string>): void;
  /**
   * Facts of the call beyond its subject, kept as the log entry's detail (e.g. which roles an
   * administrator granted). Never personal data. Kept also when the call fails, as what was tried.
   */
  detail(fields: Record<string, unknown>): void;
}

export type Handler<M extends MethodName> = (ctx: Ctx, input: ParsedInput<M>) => Promise<Output<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export function requireSession(state: EngineState): Session {
  if (!state.session) throw new EngineError('NOT_AUTHENTICATED', 'Not logged in');
  return state.session;
}
