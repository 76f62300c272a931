/**
 * Version 3 key slots: nothing in them can be tied to a username without its passphrase.
 *
 * A version 1 or 2 slot's id is an HMAC of the username under the workspace id, which the header
 * carries: whoever holds the file can test a list of names against the slot ids offline (audit
 * finding L8). A version 3 slot's id comes out of the same scrypt run as the key that wraps it,
 * from the username and the passphrase together. Finding a slot therefore takes what opening it
 * takes: the id confirms a username only together with its passphrase, and then the slot opens
 * anyway. A login runs scrypt once, at the workspace's one login cost, and looks for the id it
 * derived; an unknown name and a wrong passphrase look alike (no id matches) and cost the same.
 *
 * The salt must be known before any slot is found, so it is derived from the workspace id and the
 * username (distinct per workspace and per person, which is what a salt is for). Every version 3
 * slot of a workspace uses the cost in the header's `login` field.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { deriveKek, scryptKdf, unwrapSecrets, wrapSecrets, type Kdf, type ScryptParams, type SlotSecrets } from './keyslot';

export interface LoginSlot {
  v: 3;
  /** From the username and the passphrase through scrypt (deriveLoginKeys): names no one. */
  slotId: string;
  /** The user's age X25519 recipient; the payload is encrypted to it. The users table keeps it too. */
  recipient: string;
  /** base64(nonce ‖ ChaCha20-Poly1305({identity, workspaceKey}) ‖ tag) */
  wrapped: string;
}

export interface LoginKeys {
  /** Wraps the slot's secrets; zero it when done. */
  kek: Buffer;
  slotId: string;
}

const TAG = 'tvaerblik-slot-v3';

/** One scrypt run: the slot id this name and passphrase would have, and the key that opens that slot. */
export async function deriveLoginKeys(workspaceId: string, username: string, passphrase: string, params: ScryptParams, kdf: Kdf = scryptKdf): Promise<LoginKeys> {
  const salt = createHmac('sha256', workspaceId).update(`${TAG}|salt|${username}`).digest();
  const out = await deriveKek(passphrase, salt, params, kdf);
  try {
    const kek = Buffer.from(hkdfSync('sha256', out, Buffer.from(workspaceId), `${TAG}|kek`, 32));
    const slotId = Buffer.from(hkdfSync('sha256', out, Buffer.from(workspaceId), `${TAG}|id`, 16)).toString('hex');
    return { kek, slotId };
  } finally {
    out.fill(0);
  }
}

/** Binds the wrapped secrets to this workspace, slot id, recipient and login cost, so none can be swapped. */
const aadFor = (workspaceId: string, slotId: string, recipient: string, p: ScryptParams) =>
  Buffer.from(`${TAG}|${workspaceId}|${slotId}|${recipient}|${p.logN}|${p.r}|${p.p}`);

/** Wraps `identity` and the workspace key for `username` under `passphrase`: one scrypt run. */
export async function createLoginSlot(
  workspaceId: string,
  username: string,
  passphrase: string,
  identity: string,
  recipient: string,
  params: ScryptParams,
  workspaceKey: Buffer,
  kdf?: Kdf,
): Promise<LoginSlot> {
  const { kek, slotId } = await deriveLoginKeys(workspaceId, username, passphrase, params, kdf);
  try {
    return { v: 3, slotId, recipient, wrapped: wrapSecrets(kek, aadFor(workspaceId, slotId, recipient, params), identity, workspaceKey) };
  } finally {
    kek.fill(0);
  }
}

/** Opens `slot` with keys already derived (no KDF run); null when they do not open it. */
export function openLoginSlot(workspaceId: string, slot: LoginSlot, keys: LoginKeys, params: ScryptParams): SlotSecrets | null {
  if (slot.slotId !== keys.slotId) return null;
  return unwrapSecrets(keys.kek, aadFor(workspaceId, slot.slotId, slot.recipient, params), slot.wrapped, true);
}
