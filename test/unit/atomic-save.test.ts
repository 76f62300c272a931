import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as fsp from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { FsLike } from '../../electron/engine/base/deps';
import { ADMIN, call, expectError, newEngine, tempDir, withWorkspace } from '../support/engine';

const errno = (code: string) => Object.assign(new Error(code), { code });

/**
 * A real file system whose chosen operation on the workspace file fails: writing (with `midway`,
 * after half of what the first write was given is on disk: the header and part of the payload)
 * or renaming.
 */
function faulty(fail: { open?: string; midway?: boolean; rename?: string; renameTimes?: number }): FsLike & { renames: number } {
  const fs: FsLike & { renames: number } = {
    ...fsp,
    renames: 0,
    open: (async (path: string, flags?: string, mode?: number) => {
      const fh = await fsp.open(path, flags, mode);
      if (fail.open && String(path).endsWith('.tmp')) {
        return Object.assign(Object.create(fh), {
          writeFile: async (data: Uint8Array) => {
            if (fail.midway) await fh.writeFile(data.subarray(0, data.length >> 1));
            throw errno(fail.open!);
          },
          sync: () => fh.sync(),
          close: () => fh.close(),
        });
      }
      return fh;
    }) as FsLike['open'],
    rename: async (from, to) => {
      if (fail.rename && String(to).endsWith('.tvaerblik') && fs.renames++ < (fail.renameTimes ?? Infinity)) throw errno(fail.rename);
      return fsp.rename(from, to);
    },
  };
  return fs;
}

describe('atomic save', () => {
  async function setup(fs: FsLike) {
    const { dir, engine, path } = await withWorkspace();
    await engine.dispose();
    const before = await readFile(path);
    const e = await newEngine(dir, { fs });
    await call(e, 'session.login', { username: ADMIN.username, passphrase: ADMIN.passphrase });
    return { dir, e, path, before };
  }

  for (const [name, fs] of [
    ['ENOSPC while writing', () => faulty({ open: 'ENOSPC' })],
    ['ENOSPC after the header, while writing the payload', () => faulty({ open: 'ENOSPC', midway: true })],
    ['EPERM on every rename', () => faulty({ rename: 'EPERM' })],
    ['the process dying between write and rename', () => faulty({ rename: 'EKILLED' })],
  ] as const) {
    it(`${name} leaves the previous file byte-identical and no temp file`, async () => {
      const { dir, e, path, before } = await setup(fs());
      await expectError(e.invoke('settings.update', { idleMinutes: 5 }), 'SAVE_FAILED');
      expect(Buffer.compare(await readFile(path), before)).toBe(0);
      expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      // and it still opens
      const fresh = await newEngine(dir);
      await call(fresh, 'session.login', { username: ADMIN.username, passphrase: ADMIN.passphrase });
    });
  }

  it('retries a rename that Windows refuses for a moment (EPERM), then succeeds', async () => {
    const fs = faulty({ rename: 'EPERM', renameTimes: 3 });
    const { dir, e } = await setup(fs);
    await call(e, 'settings.update', { idleMinutes: 5 });
    expect(fs.renames).toBeGreaterThanOrEqual(4);
    await e.dispose();
    const fresh = await newEngine(dir);
    expect((await call(fresh, 'session.login', { username: ADMIN.username, passphrase: ADMIN.passphrase })).idleMinutes).toBe(5);
  });

  it('removes a temp file left by a killed save at the next open', async () => {
    const { dir, engine, path } = await withWorkspace();
    await engine.dispose();
    await fsp.writeFile(`${path}.abcdef012345.tmp`, 'half a save');
    const fresh = await newEngine(dir);
    await call(fresh, 'session.login', { username: ADMIN.username, passphrase: ADMIN.passphrase });
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('removes the journal’s temp files a crash left too, and nothing else, at the next open', async () => {
    const { dir, engine, path } = await withWorkspace();
    await engine.dispose();
    const leftovers = [`${path}.journal.0123456789ab.tmp`, `${path}.journal.ba9876543210.tmp`, `${path}.abcdef012345.tmp`];
    const others = [`${path}.journal.notes.tmp`, `${path}.journal.bak`, join(dir, 'andet.0123456789ab.tmp')];
    for (const f of [...leftovers, ...others]) await fsp.writeFile(f, 'tvaerblik-journal v1 0\n');
    const fresh = await newEngine(dir);
    await call(fresh, 'session.login', { username: ADMIN.username, passphrase: ADMIN.passphrase });
    const names = await readdir(dir);
    expect(leftovers.filter((f) => names.includes(basename(f)))).toEqual([]);
    expect(others.filter((f) => !names.includes(basename(f)))).toEqual([]);
  });

  it('a workspace can be created in an empty directory only once the file is written', async () => {
    const dir = await tempDir();
    const e = await newEngine(dir, { fs: faulty({ rename: 'ENOSPC' }) });
    await expectError(e.invoke('workspace.create', { unitName: 'K', admin: ADMIN }), 'SAVE_FAILED');
    expect(await call(e, 'app.status', {})).toMatchObject({ workspaceExists: false, session: null });
  });

  it('writes many parts, small and large, one after the other exactly as given', async () => {
    const { atomicWriteFile } = await import('../../electron/engine/base/files/atomic-write');
    const dir = await tempDir();
    const path = join(dir, 'parts.bin');
    const part = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * seed + seed) & 255);
    // Thousands of small parts (an encrypted workspace's chunks and tags), one larger than a gathered write, and small ones again.
    const parts = [...Array.from({ length: 3000 }, (_, k) => part(k % 2 ? 16 : 4000, k)), part(5 * 1048576, 7), part(10, 3), part(0, 1), part(70_000, 9)];
    await atomicWriteFile(fsp, path, parts);
    expect(Buffer.compare(await readFile(path), Buffer.concat(parts))).toBe(0);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
