/**
 * Files the user was asked about (rejected rows to accept, an empty snapshot to confirm), kept
 * decrypted-and-parsed in this session's memory until they decide. The decision then imports
 * exactly the content they were shown a receipt for, without reading, decrypting or parsing the
 * file again (a copenhagen-scale file took longer to read again than to load). Memory only: the
 * entries go with the session (lock, logout) and are zeroed with its sql.js and keys; an entry is
 * used once, and only by a call that carries a decision.
 */
import { sessionMemory, type Session } from '../base/context';
import type { ImportDecisions, PreparedExtract } from './import-extract';

const held = sessionMemory<Map<string, PreparedExtract>>('import.held-back');

/** Whether a call decides something about a file that was held back (otherwise it is read afresh). */
export const decides = (d: ImportDecisions) => d.acceptRejected || d.confirmEmpty;

/**
 * Takes (removes) what is held for these paths when the call decides something: a batch that
 * carries a decision about any of its files is the same batch again, so all its held files are
 * used; a call without one is a fresh attempt and reads the files again (they may have changed).
 */
export function takeHeld(s: Session, files: readonly { path: string; decisions: ImportDecisions }[]): (PreparedExtract | undefined)[] {
  const map = held.get(s);
  const again = files.some((f) => decides(f.decisions));
  const out = files.map((f) => (again ? map?.get(f.path) : undefined));
  for (const f of files) map?.delete(f.path);
  return out;
}

/** Keeps these files for the user's decision; replaces whatever else was held (one question at a time). */
export function keepHeld(s: Session, entries: readonly [string, PreparedExtract][]): void {
  if (entries.length) held.set(s, new Map(entries));
  else held.drop(s);
}
