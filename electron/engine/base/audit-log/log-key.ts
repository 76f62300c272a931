/**
 * The data-protection officer's log key: the only key that signs the access log's checkpoints and
 * exports.
 *
 * It is derived (HKDF-SHA256) from the DPO's own age identity, which exists only wrapped under the
 * DPO's passphrase in their key slot. So it is never stored: not in the database (which every user
 * of every role decrypts), not in the header. An insider who can open the workspace with any other
 * passphrase cannot sign; the DPO's app re-derives the same key at each login, so its fingerprint
 * stays the same across the DPO's own passphrase changes and is what the DPO keeps on paper and
 * gives `verify-log --trusted-key`. An administrator's reset of the DPO's passphrase makes a new
 * identity and so a new key, with a new fingerprint that the DPO must choose to trust again.
 *
 * The key file the DPO saves from the Audit screen is text: comments, then one line
 * `tvaerblik-log-key-v1 <base64 SPKI DER>`. The fingerprint is the SHA-256 of the DER, always
 * recomputed from the key, never read from a comment.
 */
import { createHash, createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from 'node:crypto';

export interface LogSigner {
  /** SHA-256 of the public key's SPKI DER, hex: the fingerprint. */
  keyId: string;
  publicDer: string; // SPKI, base64
  /**
   * The Ed25519 private key as a Node key object: OpenSSL holds it and clears it when the object
   * is freed, so no JavaScript string or byte array of it lives as long as the DPO's session.
   */
  privateKey: KeyObject;
}

export interface TrustedKey {
  keyId: string;
  publicDer: string;
}

/** PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export const keyIdOf = (publicDer: string) => createHash('sha256').update(Buffer.from(publicDer, 'base64')).digest('hex');

export function deriveLogSigner(identity: string, workspaceId: string): LogSigner {
  // The identity is a string (age-encryption takes identities only as strings); every byte array
  // made from it or from the seed is zeroed here.
  const ikm = Buffer.from(identity, 'utf8');
  const seed = Buffer.from(hkdfSync('sha256', ikm, Buffer.from(`tvaerblik-workspace|${workspaceId}`), 'tvaerblik-dpo-log-key-v1', 32));
  const der = Buffer.concat([ED25519_PKCS8_PREFIX, seed]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  ikm.fill(0);
  seed.fill(0);
  der.fill(0);
  const publicDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  return { keyId: keyIdOf(publicDer), publicDer, privateKey };
}

/** The fingerprint as people read it: 16 groups of four hex digits, upper case. */
export const formatFingerprint = (keyId: string) => keyId.toUpperCase().match(/.{1,4}/g)!.join(' ');

/** A fingerprint as written or typed (any case, spaces or colons): its hex, or null. */
export function parseFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

const KEY_LINE = 'tvaerblik-log-key-v1';

export function keyFileText(key: TrustedKey, about: { unitName: string; holder: string; createdAt: string }): string {
  return [
    '# Tværblik: databeskyttelsesrådgiverens nøgle til adgangsloggen / the DPO’s access-log key',
    `# Enhed / unit: ${about.unitName}`,
    `# Indehaver / holder: ${about.holder}`,
    `# Oprettet / created: ${about.createdAt}`,
    `# Fingeraftryk / fingerprint: ${formatFingerprint(key.keyId)}`,
    '# Brug / use: npx tvaerblik verify-log EXPORT --trusted-key THIS-FILE',
    `${KEY_LINE} ${key.publicDer}`,
    '',
  ].join('\n');
}

/** The key in a key file, or null when the text holds none that can be read. */
export function parseKeyFile(text: string): TrustedKey | null {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith(`${KEY_LINE} `)) continue;
    const publicDer = line.slice(KEY_LINE.length + 1).trim();
    try {
      const key = createPublicKey({ key: Buffer.from(publicDer, 'base64'), format: 'der', type: 'spki' });
      if (key.asymmetricKeyType !== 'ed25519') return null;
    } catch {
      return null;
    }
    return { keyId: keyIdOf(publicDer), publicDer };
  }
  return null;
}
