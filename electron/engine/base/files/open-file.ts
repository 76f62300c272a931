/**
 * Opening a file someone chose (an extract to import): only an ordinary file on this computer, up
 * to a size limit, read without ever blocking the engine. A FIFO would block `open` until a writer
 * came, a device (/dev/zero) never ends, a directory is no file, and on Windows a UNC path
 * (\\server\share\…) makes the system authenticate to that server over SMB before anything is read.
 * So: the path is judged first, then its type and size by stat, then the file is opened
 * non-blocking and checked again (the same file, still ordinary) before it is read. Each wait can
 * be abandoned through `signal`: a hung network mount must not hold the engine's queue (or the idle
 * lock behind it).
 */
import { constants } from 'node:fs';
import type { FsLike } from '../deps';
import { EngineError } from '../errors';

/** An extract is at most this large (a copenhagen-scale sector file is 40–100 MB encrypted). */
export const MAX_EXTRACT_BYTES = 1024 * 1024 * 1024;

export type PathKind = 'local' | 'network' | 'device';

/** How Windows would treat the path: \\server\share, //server/share and \\?\UNC\… are network paths; \\.\… and \\?\GLOBALROOT… devices. */
export function windowsPathKind(path: string): PathKind {
  const p = path.replace(/\//g, '\\');
  if (!p.startsWith('\\\\')) return 'local';
  if (/^\\\\[?.]\\UNC\\/i.test(p)) return 'network';
  if (/^\\\\\?\\[a-z]:\\/i.test(p)) return 'local'; // \\?\C:\… is a long local path
  if (/^\\\\[?.]\\/.test(p)) return 'device';
  return 'network';
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new EngineError('CANCELLED', 'Cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new EngineError('CANCELLED', 'Cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

interface StatLike {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  size: number;
  dev: number;
  ino: number;
}

const kindOf = (s: StatLike) =>
  s.isDirectory() ? 'directory' : s.isFIFO() ? 'pipe' : s.isSocket() ? 'socket' : s.isCharacterDevice() || s.isBlockDevice() ? 'device' : 'other';

export interface OpenOptions {
  platform: NodeJS.Platform;
  maxBytes?: number;
  signal?: AbortSignal;
}

/**
 * The size of a local file, to plan work by (never to judge it: readRegularFile does that when the
 * file is read). Undefined for a path it would refuse without asking the system, or if stat fails.
 */
export async function sizeHint(fs: FsLike, path: string, o: OpenOptions): Promise<number | undefined> {
  if (o.platform === 'win32' && windowsPathKind(path) !== 'local') return undefined;
  try {
    return ((await abortable(fs.stat(path), o.signal)) as StatLike).size;
  } catch {
    return undefined;
  }
}

/** The whole content of an ordinary local file, or a typed refusal (`name` is what messages call it). */
export async function readRegularFile(fs: FsLike, path: string, name: string, o: OpenOptions): Promise<Uint8Array> {
  const max = o.maxBytes ?? MAX_EXTRACT_BYTES;
  if (o.platform === 'win32') {
    const kind = windowsPathKind(path);
    if (kind === 'network') throw new EngineError('FILE_NETWORK_PATH', `${name} is on a network share; copy it to this computer first`);
    if (kind === 'device') throw new EngineError('FILE_NOT_REGULAR', `${name} is a device, not a file`, { kind: 'device' });
  }
  const unreadable = () => new EngineError('FILE_UNREADABLE', `Cannot read ${name}`);
  const check = (s: StatLike) => {
    if (!s.isFile()) throw new EngineError('FILE_NOT_REGULAR', `${name} is not an ordinary file (${kindOf(s)})`, { kind: kindOf(s) });
    if (s.size > max) throw new EngineError('FILE_TOO_LARGE', `${name} is larger than an extract can be`, { limit: max, size: s.size });
  };
  const before = (await abortable(fs.stat(path), o.signal).catch((e: unknown) => Promise.reject(e instanceof EngineError ? e : unreadable()))) as StatLike;
  check(before);
  // O_NONBLOCK: should the path have become a FIFO since the stat, open still returns at once.
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
  const handle = await abortable(fs.open(path, flags), o.signal).catch((e: unknown) => Promise.reject(e instanceof EngineError ? e : unreadable()));
  try {
    const now = (await abortable(handle.stat(), o.signal)) as StatLike;
    check(now);
    if (now.dev !== before.dev || now.ino !== before.ino) throw new EngineError('FILE_NOT_REGULAR', `${name} changed while it was opened`, { kind: 'other' });
    const out = new Uint8Array(now.size);
    const STEP = 16 * 1024 * 1024;
    let done = 0;
    while (done < out.length) {
      const { bytesRead } = await abortable(handle.read(out, done, Math.min(STEP, out.length - done), done), o.signal);
      if (bytesRead === 0) throw unreadable(); // shorter than it said
      done += bytesRead;
    }
    return out;
  } catch (e) {
    throw e instanceof EngineError ? e : unreadable();
  } finally {
    void handle.close().catch(() => undefined);
  }
}
