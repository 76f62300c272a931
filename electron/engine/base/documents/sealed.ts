/**
 * Documents that leave the unit as files (sector packets, notices, overviews): their parts are
 * made in memory, zipped in memory, encrypted with age (to recipients, or with a passphrase), and
 * only the ciphertext is written, atomically, into the folder the user picked. No plaintext
 * touches the disk. A batch is all or nothing: a cancel or a failure removes the files it already
 * wrote, so a folder never holds half of what was asked for.
 */
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { encryptTo, encryptWithPassphrase } from '../crypto/age';
import type { FsLike } from '../deps';
import { EngineError } from '../errors';
import { atomicWriteFile } from '../files/atomic-write';
import { minuteStampInCopenhagen } from '../../../../shared/dates';

/** How a file is locked: to age recipients (X25519, age1…), or with a passphrase (age scrypt). */
export type Lock = { recipients: readonly string[] } | { passphrase: string };

/** Zips the parts, encrypts the zip, and wipes the plaintext buffers it was given and made. */
export async function seal(parts: Record<string, Uint8Array>, lock: Lock): Promise<Uint8Array> {
  const zip = zipSync(parts, { level: 6 });
  try {
    return 'passphrase' in lock ? await encryptWithPassphrase(lock.passphrase, zip) : await encryptTo(lock.recipients, zip);
  } finally {
    for (const b of [...Object.values(parts), zip]) b.fill(0);
  }
}

export async function requireFolder(fs: FsLike, folder: string): Promise<void> {
  const s = await fs.stat(folder).catch(() => null);
  if (!s?.isDirectory()) throw new EngineError('FILE_UNREADABLE', 'The folder for the files does not exist', { reason: 'no-folder' });
}

/** 2026-03-01T09:30:12Z → 20260301-1030: Danish time, as the clock on the wall; the files of one batch share it. */
export const fileStamp = (at: string) => minuteStampInCopenhagen(new Date(at));

export interface Batch {
  fs: FsLike;
  folder: string;
  signal: AbortSignal;
  progress: (done: number, total: number) => void;
  /** Where the batch leaves the removal of its files, should the call be rolled back after it (ctx.onRollback). */
  onRollback?: (fn: () => Promise<void>) => void;
}

/**
 * Writes one sealed file per item, reporting progress and checking for a cancel between files;
 * `commit` (recording what was sent) runs once every file is written. On a cancel or any failure,
 * including in `commit`, the files written are removed and the error passes on; so they are if the
 * call is rolled back afterwards (`onRollback`).
 */
export async function writeSealedBatch<T, W extends { file: string }>(
  b: Batch,
  items: readonly T[],
  make: (item: T, i: number) => Promise<{ sealed: Uint8Array; written: W }>,
  commit: (written: W[]) => void,
): Promise<W[]> {
  await requireFolder(b.fs, b.folder);
  const written: W[] = [];
  const remove = () => Promise.all(written.map((w) => b.fs.unlink(join(b.folder, w.file)).catch(() => undefined))).then(() => undefined);
  const cancelled = () => new EngineError('CANCELLED', 'Writing the files was cancelled');
  try {
    for (const [i, item] of items.entries()) {
      if (b.signal.aborted) throw cancelled();
      b.progress(i, items.length);
      const { sealed, written: w } = await make(item, i);
      await atomicWriteFile(b.fs, join(b.folder, w.file), sealed);
      written.push(w);
    }
    if (b.signal.aborted) throw cancelled();
    b.progress(items.length, items.length);
    commit(written);
    // The call may still be refused (its log entry cannot be written): then its files go too.
    b.onRollback?.(remove);
    return written;
  } catch (err) {
    await remove();
    throw err;
  }
}
