/**
 * Every error the engine can return, by code. The renderer shows the localised text for the
 * code; `message` is an English fallback for logs and the CLI. Codes are stable API.
 */
export const ERROR_CODES = [
  'VALIDATION', // input failed the contract's schema
  'UNKNOWN_METHOD',
  'NOT_AUTHENTICATED', // no session (never logged in, logged out or locked)
  'FORBIDDEN', // logged in, but no role that allows the method
  'PASSPHRASE_CHANGE_REQUIRED', // the passphrase an administrator set must be replaced before anything else
  'WORKSPACE_EXISTS',
  'NO_WORKSPACE',
  'NOT_A_WORKSPACE', // the file is not a Tværblik workspace at all
  'WORKSPACE_VERSION', // made by a newer version of the format
  'WORKSPACE_CORRUPT', // a changed byte: checksum or authentication failed
  'WORKSPACE_TRUNCATED', // the file is shorter than its header says
  'WORKSPACE_TAMPERED', // the header or payload was changed by someone without a key slot (its authentication fails, or it disagrees with the database)
  'WRONG_CREDENTIALS', // unknown user or wrong passphrase (deliberately not told apart)
  'ACCOUNT_LOCKED', // no longer sent at login (a lock is answered as WRONG_CREDENTIALS, base/workspace/login.ts); kept for older callers
  'ACCOUNT_DISABLED',
  'WEAK_PASSPHRASE',
  'USER_EXISTS',
  'USER_NOT_FOUND',
  'LAST_ADMIN', // refusing to remove the last administrator
  'LAST_DPO', // refusing to remove the last DPO: appoint the successor first
  'SEPARATION_OF_DUTIES', // nobody changes their own roles or decides a grant they asked for or would receive (details.rule)
  'AUDIT_WRITE_FAILED', // the access log could not be written, so the operation was refused
  'LOG_KEY_UNAVAILABLE', // the DPO's signing key is not open in this session (log in again, or change the temporary passphrase first)
  'SAVE_FAILED', // the workspace file could not be written; the previous file is intact
  'NOT_ENCRYPTED', // an extract that is not an age file: it must be encrypted to the unit
  'EXTRACT_WRONG_KEY', // encrypted, but not to this unit's key
  'EXTRACT_DAMAGED', // a changed or missing byte in an encrypted extract
  'EXTRACT_INVALID', // the content cannot be read as an extract (details: row, column, reason)
  'EXTRACT_TOO_COMPLEX', // reading the file needed far more memory or time than a real extract: refused
  'EXTRACT_ENCODING', // the text's encoding cannot be read safely (details: row, byte)
  'FILE_UNREADABLE',
  'FILE_NOT_REGULAR', // a pipe, device, socket or folder: only an ordinary file is opened
  'FILE_TOO_LARGE', // larger than an extract can be (details: limit)
  'FILE_NETWORK_PATH', // a network (UNC) path on Windows: copy the file to this computer first
  'CANCELLED',
  'NO_DATA', // nothing to screen yet: no extract has been imported
  'LIST_TOO_LONG', // a list to show or save would exceed MAX_LIST; the criteria must be narrowed
  'NOT_FOUND', // no criteria set, version or run with that id
  'ROUND_EXISTS', // the run already has a round (details.roundId)
  'ROUND_STATE', // the round's state does not allow this step (details: state, step)
  'ROUND_FROZEN', // the round is approved: its list is frozen and nothing on it changes (details.hash)
  'ROUND_UNDECIDED', // submitting with candidates still undecided (details.undecided)
  'UNKNOWN_PSEUDONYM', // a pseudonym that is not on the round's list (details.pseudonyms)
  'UNKNOWN_REFERENCE', // criteria name a service code or paragraph that matches nothing (details.references)
  'RECIPIENT_INVALID', // not an X25519 age recipient the sectors' age 1.1 can use (details.reason: format, post-quantum, plugin)
  'NO_RECIPIENT', // a sector to send to has no registered recipient and no passphrase was chosen (details.sectors)
  'ANSWERS_REFUSED', // a returned answer sheet breaks a rule; nothing of it was recorded (details.problems: row, column, reason)
  'ANSWERS_UNENCRYPTED', // an unencrypted answer sheet while the unit accepts only encrypted ones
  'NOT_UNSURE', // a decision on an unsure candidate where the sectors' answers call for none, or made already (details: outcome, decided)
  'NOT_SELECTED', // the citizen is not finally selected in this round (included, and suitable by every sector's answer)
  'CONSENT_STATE', // the consent register does not allow this step now (details: state, event, allowed)
  'CONSENT_REQUIRED', // the overview needs consent that is given and not withdrawn (details.state)
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The plain-JSON shape an error takes across IPC and the test bridge. */
export interface EngineErrorData {
  code: ErrorCode;
  message: string;
  /** Extra facts for the message, e.g. { issues: [...] } or { part: 'header' }. */
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: EngineErrorData };
