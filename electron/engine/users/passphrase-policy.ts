/**
 * Passphrase policy, after NIST SP 800-63B: length over composition rules, and a refusal of the
 * obvious. Twelve characters is the floor because a passphrase is the only factor here.
 */
import { EngineError } from '../base/errors';

export const MIN_PASSPHRASE_LENGTH = 12;
const OBVIOUS = ['password', 'adgangskode', 'kodeord', 'tvaerblik', 'tværblik', '123456', 'qwerty', 'sommer', 'vinter'];

export function checkPassphrase(passphrase: string, username: string): void {
  const p = passphrase.normalize('NFC');
  const lower = p.toLowerCase();
  const reason =
    [...p].length < MIN_PASSPHRASE_LENGTH
      ? 'too-short'
      : new Set(p).size < 4
        ? 'too-repetitive'
        : lower.includes(username.toLowerCase())
          ? 'contains-username'
          : OBVIOUS.some((w) => lower.replace(/[^a-zæøå0-9]/g, '').startsWith(w) && lower.length < w.length + 6)
            ? 'too-common'
            : null;
  if (reason) {
    throw new EngineError('WEAK_PASSPHRASE', `The passphrase is not strong enough (${reason})`, {
      reason,
      minLength: MIN_PASSPHRASE_LENGTH,
    });
  }
}
