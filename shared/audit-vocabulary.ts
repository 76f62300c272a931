/**
 * The words of the access log that are not method names: the entries the engine writes by itself
 * (what opening the workspace found, what happened at the login screen), the purposes and who
 * writes them. Named once here so the engine writes them and the data-protection officer's screen
 * can say each in words; the screen's table of words fails to compile if one is missing.
 */

/** What opening the workspace found about the log's integrity, and changes to what protects it. Stable: the log is searched by them. */
export const INTEGRITY_ACTIONS = {
  journalMissing: 'audit.journal.missing',
  journalOlder: 'audit.journal.older',
  journalTorn: 'audit.journal.torn',
  journalDamaged: 'audit.journal.damaged',
  journalRejected: 'audit.journal.rejected-entries',
  witnessMissing: 'audit.witness.missing',
  witnessUnavailable: 'audit.witness.unavailable',
  witnessUnreadable: 'audit.witness.unreadable',
  witnessBehind: 'audit.witness.behind',
  witnessMismatch: 'audit.witness.mismatch',
  witnessBadSignature: 'audit.witness.bad-signature',
  witnessWriteFailed: 'audit.witness.write-failed',
  logKeyNew: 'audit.logkey.new',
  upgraded: 'workspace.upgraded',
} as const;

/** What happened at the login screen. Stable: the log is searched by them. */
export const SECURITY_ACTIONS = {
  /** Failed logins of one account, reported at the next successful login of anyone. */
  failedLogins: 'session.login.failed',
  /** The account was locked by its fifth failed login. */
  locked: 'account.locked',
  /**
   * The first login with a passphrase an administrator chose (a new account's, or one reset):
   * whoever logged in knew it, and that may have been the administrator.
   */
  temporaryPassphraseLogin: 'session.login.temporaryPassphrase',
} as const;

export type EngineAction = (typeof INTEGRITY_ACTIONS)[keyof typeof INTEGRITY_ACTIONS] | (typeof SECURITY_ACTIONS)[keyof typeof SECURITY_ACTIONS];

/** Why data was used: each logged method has one fixed purpose (docs/access-log.md). */
export const PURPOSES = ['udsøgning', 'gennemgang og godkendelse', 'brugeradministration', 'adgangskontrol', 'tilsyn', 'opsætning', 'demo', 'sektorvurdering', 'koordineret forløb'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** The role an entry is written under when no person asked for it (opening the workspace, the login screen). */
export const SYSTEM_ROLE = 'system';
