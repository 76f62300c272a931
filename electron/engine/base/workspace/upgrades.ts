/** Moving an older workspace's header and key slots to the current format, at the open that finds them. */
import type { Database } from 'sql.js';
import { randomSecret } from '../crypto/secret-bytes';
import { failureKeysOf } from '../crypto/failure-seal';
import { slotIdFor, WORKSPACE_KEY_BYTES } from '../crypto/keyslot';
import { one, run, setMeta, setSecretMeta } from '../database';
import type { EngineDeps } from '../deps';
import { isLoginSlot } from './format';
import { legacyFailures, loginCostOf, openFailures } from './login';
import { tampered, type HeaderState, type OpenWorkspace } from './open-state';
import { enabledUsers, setRecipient } from './user-slots';

/** The demo flag is true only in the fictitious demo workspace, which the demo setup's imports prove. */
const demoSetupLogged = (db: Database) => one(db, "SELECT 1 AS x FROM audit_log WHERE action = 'import.file' AND role = 'system' AND purpose = 'demo' LIMIT 1") !== undefined;

/**
 * Opens the header's failure records into the session, and moves what older headers kept
 * elsewhere to version 3: the login cost, the failure key, and each legacy slot's counters, which
 * become records of its owner's name (the counters are zeroed).
 */
export function toVersion3(deps: EngineDeps, ws: OpenWorkspace): void {
  const h = ws.header;
  const keys = failureKeysOf(ws.macKey, h.workspaceId);
  ws.failures = h.failureKey !== undefined ? openFailures(h, keys) : { failed: [], unattributed: 0 };
  h.login ??= { alg: 'scrypt', ...loginCostOf(deps, h) };
  h.failureKey = keys.publicKey;
  const owners = new Map(enabledUsers(ws.db).map((u) => [u.recipient, u.username]));
  for (const s of h.slots) {
    if (isLoginSlot(s) || (s.failedAttempts === 0 && !s.locked)) continue;
    ws.failures.failed.push(...legacyFailures(s, owners.get(s.recipient) ?? ''));
    Object.assign(s, { failedAttempts: 0, failedReported: 0, lastFailedAt: null, locked: false });
    ws.opening.slotUpgraded = true;
  }
}

/**
 * A workspace saved in format 1 is upgraded when it is first opened: its header was never
 * authenticated, so it is trusted this once, with every check that can still be made. Every key
 * slot must belong to an enabled user (the audit's added slot is refused here too), the demo mark
 * needs the demo setup in the log, and the database's own signing key, which any user could use,
 * is dropped (its public half stays to check the old checkpoints). The next save writes format 2.
 */
export function upgradeFromV1(db: Database, header: HeaderState): Buffer {
  const users = new Map(enabledUsers(db).map((u) => [slotIdFor(header.workspaceId, u.username), u.username]));
  for (const slot of header.slots) {
    const username = users.get(slot.slotId);
    if (username === undefined) throw tampered('a key slot belongs to no enabled user', { part: 'slots' });
    setRecipient(db, username, slot.recipient);
  }
  if (header.demo && !demoSetupLogged(db)) throw tampered('the header marks a real workspace as the demo', { part: 'demo' });
  const macKey = randomSecret(WORKSPACE_KEY_BYTES);
  setSecretMeta(db, 'workspace_mac_key', macKey);
  setMeta(db, 'unit_name', header.unitName);
  setMeta(db, 'demo', header.demo ? '1' : '0');
  run(db, "DELETE FROM meta WHERE key = 'signing_private'");
  return macKey;
}
