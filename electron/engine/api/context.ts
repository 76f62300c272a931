/** What a handler gets: the engine's state, the caller's role, and ways to shape its log entry. */
import type { MethodName, Output, ParsedInput, EngineEvent } from '../../../shared/contract';
import type { AuditEntry } from '../../../shared/schemas';
import type { UserRecord } from '../auth/users';
import type { EngineDeps } from '../deps';
import { EngineError } from '../errors';
import type { OpenWorkspace } from '../workspace/store';
import type { CurrentSnapshot } from '../screening/current';

export interface Session {
  ws: OpenWorkspace;
  user: UserRecord;
  /** The log's sequence number at the last save; entries after it live only in the journal. */
  savedSeq: number;
  /** The screening snapshot, built on first use; checked against the data on every use. */
  screening: CurrentSnapshot | null;
}

export type EndReason = 'idle' | 'manual' | 'logout';

export interface EngineState {
  session: Session | null;
  endedBecause: EndReason | null;
  /** Set by import.cancel, which runs beside the import it cancels. */
  importCancelled: boolean;
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
  /** Asks for a save after the call even if the method is not marked as mutating. */
  markDirty(): void;
  /** The call changed nothing after all (e.g. an import held back): no save needed. */
  markClean(): void;
  /** Starts a session for a workspace just created or opened. */
  beginSession(ws: OpenWorkspace, user: UserRecord): void;
  /** Ends the current session: saves pending log entries, closes the database, drops keys. */
  endSession(reason: EndReason): Promise<void>;
  emit(event: EngineEvent): void;
}

export type Handler<M extends MethodName> = (ctx: Ctx, input: ParsedInput<M>) => Promise<Output<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export function requireSession(state: EngineState): Session {
  if (!state.session) throw new EngineError('NOT_AUTHENTICATED', 'Not logged in');
  return state.session;
}
