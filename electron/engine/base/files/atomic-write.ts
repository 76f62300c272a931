/**
 * Atomic replacement of a file: write a sibling temp file, fsync it, rename it over the target,
 * fsync the directory. A crash or error at any point leaves either the old file or the new one,
 * never a mix; on error the temp file is removed and the old file is untouched.
 *
 * Windows: antivirus and indexers briefly hold new files open, so rename can fail with EPERM,
 * EACCES or EBUSY; those are retried with backoff before giving up.
 */
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { EngineError } from '../errors';
import type { FsLike } from '../deps';

const RETRYABLE = new Set(['EPERM', 'EACCES', 'EBUSY']);
const RENAME_TRIES = 8;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function atomicWriteFile(
  fs: FsLike,
  path: string,
  data: Uint8Array | readonly Uint8Array[],
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fh = await fs.open(tmp, 'wx', 0o600);
    try {
      await writeParts(fh, data instanceof Uint8Array ? [data] : data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await fs.rename(tmp, path);
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        if (!RETRYABLE.has(code) || attempt >= RENAME_TRIES) throw err;
        await sleep(20 * 2 ** attempt);
      }
    }
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw new EngineError('SAVE_FAILED', `Could not write ${path} (${code}); the previous file is unchanged`, { errno: code });
  }
  await syncDir(fs, dirname(path));
}

/** Small parts are gathered into writes of up to this many bytes. */
const GATHER = 4 * 1048576;

/**
 * Writes the parts one after the other (each writeFile goes on from where the last ended). An
 * encrypted workspace comes as two parts per 64 KiB chunk (encryptAgeInPlace): thousands of small
 * writes, each a round trip to the thread pool, so parts smaller than GATHER are copied together
 * into one buffer, reused, and written from it.
 */
async function writeParts(fh: Awaited<ReturnType<FsLike['open']>>, parts: readonly Uint8Array[]): Promise<void> {
  let gathered: Uint8Array | null = null;
  let n = 0;
  const flush = async () => {
    if (n) await fh.writeFile(gathered!.subarray(0, n));
    n = 0;
  };
  for (const part of parts) {
    if (part.length >= GATHER) {
      await flush();
      await fh.writeFile(part);
      continue;
    }
    if (n + part.length > GATHER) await flush();
    gathered ??= new Uint8Array(GATHER);
    gathered.set(part, n);
    n += part.length;
  }
  await flush();
}

/** Makes the rename itself durable on POSIX; Windows cannot open directories, which is fine there. */
async function syncDir(fs: FsLike, dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const fh = await fs.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some file systems refuse fsync on directories; the data itself is already synced.
  }
}

/**
 * Removes the temp files a write of `path` that was killed mid-way left (`<path>.<12 hex>.tmp`);
 * the callers' files hold only ciphertext or a journal's header line. Nothing else is touched.
 */
export async function removeStaleTempFiles(fs: FsLike, path: string): Promise<void> {
  const dir = dirname(path);
  const base = path.slice(dir.length + 1);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const stale = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[0-9a-f]{12}\\.tmp$`);
  await Promise.all(names.filter((n) => stale.test(n)).map((n) => fs.unlink(`${dir}/${n}`).catch(() => undefined)));
}
