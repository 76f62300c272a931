/**
 * The sectors' age recipients. Only X25519 recipients (`age1…`, 32 bytes) are accepted: the
 * sectors open packets with Debian's age 1.1, which knows neither post-quantum recipients
 * (`age1pq1…`) nor plugins (`age1yubikey1…` and the like), and a packet they cannot open is worse
 * than none. The fingerprint is what an administrator reads aloud to the sector on the phone.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'sql.js';
import type { Sector } from '../../../shared/extract-format';
import type { SectorRecipient } from '../../../shared/packets';
import { all, run } from '../base/database';
import { isX25519Recipient } from '../base/crypto/age-stream';
import { EngineError } from '../base/errors';

/** SHA-256 of the recipient's text; its first 128 bits in groups of four hex digits. */
export function fingerprintOf(recipient: string): string {
  const hex = createHash('sha256').update(recipient, 'utf8').digest('hex').slice(0, 32);
  return hex.match(/.{4}/g)!.join(' ');
}

/** The recipient as given, if it is one age 1.1 can encrypt to; otherwise RECIPIENT_INVALID with why. */
export function checkRecipient(text: string): string {
  const r = text.trim();
  const refuse = (reason: 'format' | 'post-quantum' | 'plugin', message: string) => new EngineError('RECIPIENT_INVALID', message, { reason });
  // Told apart by the text before the last '1' (bech32's separator, absent from its alphabet),
  // so a post-quantum recipient is named as such even where its length defeats decoding.
  const hrp = r.slice(0, Math.max(0, r.lastIndexOf('1'))).toLowerCase();
  if (hrp.startsWith('age1pq')) throw refuse('post-quantum', 'A post-quantum recipient: the sectors’ age 1.1 cannot open packets encrypted to it');
  if (hrp.startsWith('age1')) throw refuse('plugin', `A plugin recipient (${hrp}): age 1.1 cannot use it without the plugin`);
  if (isX25519Recipient(r)) return r;
  throw refuse('format', 'Not an X25519 age recipient (age1…)');
}

const view = (r: Record<string, unknown>): SectorRecipient => ({
  sector: String(r.sector) as Sector,
  department: String(r.department),
  recipient: String(r.recipient),
  fingerprint: String(r.fingerprint),
  registeredBy: String(r.registered_by),
  registeredAt: String(r.registered_at),
});

export const listRecipients = (db: Database): SectorRecipient[] => all(db, 'SELECT * FROM sector_recipient ORDER BY sector, department').map(view);

export function registerRecipient(db: Database, sector: Sector, department: string, text: string, by: string, at: string): SectorRecipient {
  const recipient = checkRecipient(text);
  run(
    db,
    `INSERT INTO sector_recipient (sector, department, recipient, fingerprint, registered_by, registered_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (sector, department) DO UPDATE SET recipient = excluded.recipient, fingerprint = excluded.fingerprint,
       registered_by = excluded.registered_by, registered_at = excluded.registered_at`,
    [sector, department, recipient, fingerprintOf(recipient), by, at],
  );
  return listRecipients(db).find((x) => x.sector === sector && x.department === department)!;
}

/**
 * The recipient a packet goes to: a department's own when every row of the packet lies in that
 * one department and it has one, else the sector's. Null when neither is registered.
 */
export function recipientFor(db: Database, sector: Sector, departments: ReadonlySet<string>): SectorRecipient | null {
  const mine = listRecipients(db).filter((r) => r.sector === sector);
  const only = departments.size === 1 ? [...departments][0]! : null;
  return (only !== null ? mine.find((r) => r.department === only) : undefined) ?? mine.find((r) => r.department === '') ?? null;
}
