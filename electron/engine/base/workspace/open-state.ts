/**
 * What an open workspace is in memory, what opening it found, the files beside it, and the refusal
 * of a file changed outside the app: shared by the store (store.ts), its opening checks
 * (open-checks.ts), its format upgrades (upgrades.ts) and the users' key slots (user-slots.ts).
 */
import type { Database } from 'sql.js';
import type { AuditLog } from '../audit-log/log';
import type { JournalKey } from '../audit-log/journal';
import type { LogSigner } from '../audit-log/log-key';
import { defaultWitnessPath, type WitnessFinding } from '../audit-log/witness';
import { getMeta } from '../database';
import type { EngineDeps } from '../deps';
import { EngineError } from '../errors';
import type { SqlInstance } from '../sql-instance';
import type { WorkspaceHeader } from './format';
import type { FailureState } from './login';

export type HeaderState = Omit<WorkspaceHeader, 'payloadLength' | 'payloadSha256'>;

/** What opening the workspace found, for the access log and the DPO. */
export interface OpeningReport {
  journal: {
    replayed: number;
    rejected: number;
    torn: boolean;
    damaged: boolean;
    /**
     * current: the journal of the saved generation; previous: the one before it, legitimately
     * there when the process stopped right after a save; missing: none, though one was written;
     * older: one of another, earlier generation; unknown: the workspace was saved by a version
     * that did not record which journal to expect.
     */
    state: 'current' | 'previous' | 'missing' | 'older' | 'none' | 'unknown';
  };
  witness: {
    path: string;
    exists: boolean;
    /** Whether a witness was written before (so a missing file is news). */
    expected: boolean;
    /** The file exists but cannot be read (permissions, a network share gone). */
    unavailable: boolean;
    unreadableLines: number;
    findings: WitnessFinding[];
  };
  /** The format version the workspace was upgraded from at this open, or null. */
  upgradedFrom: number | null;
  /** A key slot or lockout counter was moved to version 3 (this user's slot, legacy counters): the header must be saved. */
  slotUpgraded: boolean;
}

export interface OpenWorkspace {
  header: HeaderState;
  db: Database;
  /** The session's own sql.js, which `db` lives in; wiped by closeWorkspace. */
  sql: SqlInstance;
  journalKey: JournalKey;
  /** The workspace's authentication key: MACs the header, wrapped in each version 2 key slot. */
  macKey: Buffer;
  /** The key the witness file's values are blinded with (witnessKeyOf); zeroed by closeWorkspace. */
  witnessKey: Buffer;
  /** The logged-in DPO's log key; null in every other session. */
  signer: LogSigner | null;
  /** The logged-in user's age identity, only until the session has taken what it needs from it. */
  identity: string | null;
  audit: AuditLog;
  /** Whether the journal file of the current generation exists and can be appended to. */
  journalStarted: boolean;
  /** The generation of the journal file on disk, when known. */
  journalOnDisk: string | null;
  /** The furthest DPO checkpoint already in the witness file. */
  witnessedSeq: number;
  opening: OpeningReport;
  /** The failed logins the header records, opened (login.ts); sealed again into the header at each save. */
  failures: FailureState;
}

export const journalPathOf = (workspacePath: string) => `${workspacePath}.journal`;

/** Where the witness file is: the DPO's choice, or beside the workspace. */
export const witnessPathOf = (deps: EngineDeps, db: Database) => getMeta(db, 'witness_path') ?? defaultWitnessPath(deps.workspacePath);

export const tampered = (why: string, details: Record<string, unknown> = {}) =>
  new EngineError('WORKSPACE_TAMPERED', `The workspace was changed outside Tværblik: ${why}`, details);
