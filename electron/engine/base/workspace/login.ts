/**
 * The login half of the workspace: finding and opening a key slot, counting failed logins, the
 * lockout, and moving older slots and counters to version 3 (format.ts).
 *
 * What someone holding the file can learn here, and what not:
 * - A version 3 slot's id comes from the username and the passphrase together, so testing a name
 *   against the file costs a scrypt run per (name, passphrase) guess and confirms the name only
 *   with its passphrase. Slots of versions 1 and 2 (HMACs of the name alone) stay until their
 *   owner's next login, which rewrites them; until then those names can be tested as before.
 * - A failed login, known name or not, is a record sealed to the header's failure key: the file
 *   shows how many failures are waiting (and that the header was rewritten), never whose.
 *
 * The lockout follows from that: a wrong passphrase derives no slot, so nothing at the login
 * screen can tell which account a failure is against, or that it is locked. The count is read
 * where a key is open: when the right passphrase opens a slot, the records are opened with the
 * workspace key before the payload is touched, and five failures of that name since its last
 * successful login, unlock or reset refuse it exactly as a wrong passphrase is refused (same
 * answer, same work, a record written). So the lock holds against the sixth guess as before, but
 * the login screen can no longer say "locked" or "attempts left": saying it for a wrong passphrase
 * needs a per-name handle in the file, and saying it only for the right one tells a guesser which
 * guess was right.
 */
import { failureKeysOf, openFailure, sealFailure, type FailedLogin, type FailureKeys } from '../crypto/failure-seal';
import { openSlot, OWASP_SCRYPT, slotIdFor, type KeySlot, type ScryptParams, type SlotSecrets } from '../crypto/keyslot';
import { createLoginSlot, deriveLoginKeys, openLoginSlot, type LoginSlot } from '../crypto/login-slot';
import type { EngineDeps } from '../deps';
import { isLoginSlot, MAX_FAILURE_RECORDS, type AnySlot, type WorkspaceHeader } from './format';

export const MAX_FAILED_LOGINS = 5;

type Header = Omit<WorkspaceHeader, 'payloadLength' | 'payloadSha256'>;

/** The version 1 or 2 slot found by an HMAC of this name, if the header still has one. */
export const legacySlotOf = (header: Pick<Header, 'workspaceId' | 'slots'>, username: string): KeySlot | undefined =>
  header.slots.find((s): s is KeySlot => !isLoginSlot(s) && s.slotId === slotIdFor(header.workspaceId, username));

/** The scrypt cost of a login: the header's, or (a version 1 or 2 header) its first slot's, as the slots had. */
export function loginCostOf(deps: EngineDeps, header: Pick<Header, 'login' | 'slots'>): ScryptParams {
  const c = header.login ?? header.slots.find((s): s is KeySlot => !isLoginSlot(s))?.kdf ?? deps.kdf ?? OWASP_SCRYPT;
  return { logN: c.logN, r: c.r, p: c.p };
}

/**
 * Finds and opens the slot `username` and `passphrase` lead to: one KDF run whether or not there
 * is one. A name that still has a legacy slot opens it at its own cost (its id gives it away anyway).
 */
export async function findAndOpen(deps: EngineDeps, header: Header, username: string, passphrase: string): Promise<{ slot: AnySlot; secrets: SlotSecrets } | null> {
  const legacy = legacySlotOf(header, username);
  if (legacy) {
    const secrets = await openSlot(header.workspaceId, legacy, passphrase, deps.deriveKey);
    return secrets && { slot: legacy, secrets };
  }
  const cost = loginCostOf(deps, header);
  const keys = await deriveLoginKeys(header.workspaceId, username, passphrase, cost, deps.deriveKey);
  try {
    const slot = header.slots.find((s): s is LoginSlot => isLoginSlot(s) && s.slotId === keys.slotId);
    const secrets = slot ? openLoginSlot(header.workspaceId, slot, keys, cost) : null;
    return slot && secrets ? { slot, secrets } : null;
  } finally {
    keys.kek.fill(0);
  }
}

/**
 * Counts a failed (or refused) login against the name typed, in the header. Version 3: a sealed
 * record, or the overflow count when the records are full. An older header has no failure key
 * yet: the name's legacy slot counts it, as before (a name with no slot goes uncounted there).
 */
export function countFailure(deps: EngineDeps, header: Header, username: string): void {
  const at = deps.now().toISOString();
  if (header.failureKey !== undefined) {
    const records = (header.failures ??= []);
    if (records.length >= MAX_FAILURE_RECORDS) header.unattributedFailures = (header.unattributedFailures ?? 0) + 1;
    else records.push(sealFailure(header.failureKey, header.workspaceId, { username, at, reported: false }));
    return;
  }
  const legacy = legacySlotOf(header, username);
  if (!legacy) return;
  legacy.failedAttempts += 1;
  legacy.lastFailedAt = at;
  legacy.locked = legacy.failedAttempts >= MAX_FAILED_LOGINS;
}

/** Everything the header records about failed logins, opened with the workspace key. */
export interface FailureState {
  failed: FailedLogin[];
  /** Failures not attributed to any name: the overflow count, and records that did not open. */
  unattributed: number;
}

export function openFailures(header: Pick<Header, 'workspaceId' | 'failures' | 'unattributedFailures'>, keys: FailureKeys): FailureState {
  const failed: FailedLogin[] = [];
  let unattributed = header.unattributedFailures ?? 0;
  for (const r of header.failures ?? []) {
    const f = openFailure(keys, header.workspaceId, r);
    if (f) failed.push(f);
    else unattributed += 1; // damaged, or sealed with another key: still a failure someone should hear of
  }
  return { failed, unattributed };
}

/** A legacy slot's counters, as failure records: the failures it counted, those already reported first. */
export function legacyFailures(slot: KeySlot, username: string): FailedLogin[] {
  const count = Math.max(slot.failedAttempts, slot.locked ? MAX_FAILED_LOGINS : 0);
  const at = slot.lastFailedAt ?? '';
  return Array.from({ length: count }, (_, i) => ({ username, at, reported: i < slot.failedReported }));
}

/** Five failures of this name since its last successful login, unlock or reset. */
export const isLocked = (failed: readonly FailedLogin[], username: string): boolean =>
  failed.filter((f) => f.username === username).length >= MAX_FAILED_LOGINS;

/**
 * The lockout at a login whose passphrase opened a slot with the workspace key at hand: this
 * name's records and any counters its legacy slot still holds. Nothing but cheap decryptions, so a
 * refusal costs what a wrong passphrase costs.
 */
export function lockedAtLogin(header: Header, workspaceKey: Uint8Array, username: string): boolean {
  const legacy = legacySlotOf(header, username);
  const mine = legacy ? legacyFailures(legacy, username) : [];
  if (header.failureKey !== undefined) mine.push(...openFailures(header, failureKeysOf(workspaceKey, header.workspaceId)).failed);
  return isLocked(mine, username);
}

/** The failure records as the header carries them, sealed afresh (so old and new records cannot be matched). */
export function sealFailures(header: Pick<Header, 'workspaceId'>, publicKey: string, state: FailureState): Pick<Header, 'failures' | 'unattributedFailures'> {
  const kept = state.failed.slice(-MAX_FAILURE_RECORDS);
  return {
    failures: kept.map((f) => sealFailure(publicKey, header.workspaceId, f)),
    unattributedFailures: state.unattributed + (state.failed.length - kept.length),
  };
}

/** A version 3 slot for `username`, wrapping their identity and the workspace key under `passphrase`. */
export function loginSlotFor(deps: EngineDeps, header: Pick<Header, 'workspaceId' | 'login'>, macKey: Buffer, username: string, passphrase: string, identity: string, recipient: string): Promise<LoginSlot> {
  const cost = header.login ?? { ...(deps.kdf ?? OWASP_SCRYPT) };
  return createLoginSlot(header.workspaceId, username, passphrase, identity, recipient, { logN: cost.logN, r: cost.r, p: cost.p }, macKey, deps.deriveKey);
}

/** Opens a known slot (one's own, at a passphrase change) with `passphrase`: one KDF run; null when it is wrong. */
export async function openOwnSlot(deps: EngineDeps, header: Header, slot: AnySlot, username: string, passphrase: string): Promise<SlotSecrets | null> {
  if (!isLoginSlot(slot)) return openSlot(header.workspaceId, slot, passphrase, deps.deriveKey);
  const cost = loginCostOf(deps, header);
  const keys = await deriveLoginKeys(header.workspaceId, username, passphrase, cost, deps.deriveKey);
  try {
    return openLoginSlot(header.workspaceId, slot, keys, cost);
  } finally {
    keys.kek.fill(0);
  }
}
