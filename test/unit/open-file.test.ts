/**
 * import.file opens only an ordinary local file up to 1 GiB, never blocks the engine's queue (a
 * FIFO, a hung network mount), refuses UNC paths on Windows before touching them, and reads
 * armored age files. Real files, a real FIFO, real age encryption.
 */
import { execFileSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import * as age from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { dearmor } from '../../electron/engine/base/crypto/age';
import { windowsPathKind } from '../../electron/engine/base/files/open-file';
import type { EngineDeps } from '../../electron/engine/base/deps';
import { call, expectError, manualTimers, newEngine, tempDir } from '../support/engine';
import { csv, encryptedFile, row } from '../support/extracts';

async function screener(overrides: Partial<EngineDeps> = {}) {
  const dir = await tempDir();
  const engine = await newEngine(dir, overrides);
  await call(engine, 'workspace.createDemo', {});
  await call(engine, 'session.login', { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' });
  const { recipient } = await call(engine, 'unit.recipient', {});
  await call(engine, 'session.login', { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' });
  return { dir, engine, recipient };
}

describe('import.file opens only an ordinary local file', { timeout: 120_000 }, () => {
  it('a FIFO is refused at once (FILE_NOT_REGULAR) and the engine answers the next call', async () => {
    const { dir, engine } = await screener();
    const fifo = join(dir, 'pipe.age');
    execFileSync('mkfifo', [fifo]);
    const err = await expectError(engine.invoke('import.file', { path: fifo }), 'FILE_NOT_REGULAR');
    expect(err.details).toMatchObject({ kind: 'pipe' });
    await call(engine, 'import.snapshots', {});
  });

  it('a directory and a device are refused (FILE_NOT_REGULAR)', async () => {
    const { dir, engine } = await screener();
    expect((await expectError(engine.invoke('import.file', { path: dir }), 'FILE_NOT_REGULAR')).details).toMatchObject({ kind: 'directory' });
    expect((await expectError(engine.invoke('import.file', { path: '/dev/zero' }), 'FILE_NOT_REGULAR')).details).toMatchObject({ kind: 'device' });
  });

  it('a file over 1 GiB is refused before it is read (FILE_TOO_LARGE)', async () => {
    let reads = 0;
    const { dir, engine } = await screener({ fs: { ...fsp, open: (...a: Parameters<typeof fsp.open>) => (String(a[0]).endsWith('big.age') && reads++, fsp.open(...a)) } });
    const big = join(dir, 'big.age');
    await fsp.writeFile(big, '');
    await fsp.truncate(big, 1024 * 1024 * 1024 + 1); // sparse: no gigabyte is written
    const err = await expectError(engine.invoke('import.file', { path: big }), 'FILE_TOO_LARGE');
    expect(err.details).toMatchObject({ limit: 1024 * 1024 * 1024 });
    expect(reads).toBe(0);
  });

  it('a missing file is FILE_UNREADABLE', async () => {
    const { dir, engine } = await screener();
    await expectError(engine.invoke('import.file', { path: join(dir, 'nope.age') }), 'FILE_UNREADABLE');
  });

  it('on Windows a UNC path is refused before any file-system call (no SMB authentication)', async () => {
    let touched = 0;
    const remote = (p: unknown) => /server|PhysicalDrive/.test(String(p));
    const spy = { ...fsp, stat: (...a: Parameters<typeof fsp.stat>) => (remote(a[0]) && touched++, fsp.stat(...a)), open: (...a: Parameters<typeof fsp.open>) => (remote(a[0]) && touched++, fsp.open(...a)) };
    const { engine } = await screener({ platform: 'win32', fs: spy as EngineDeps['fs'] });
    for (const path of ['\\\\server\\share\\jobcenter.age', '//server/share/jobcenter.age', '\\\\?\\UNC\\server\\share\\x.age']) {
      await expectError(engine.invoke('import.file', { path }), 'FILE_NETWORK_PATH');
    }
    await expectError(engine.invoke('import.file', { path: '\\\\.\\PhysicalDrive0' }), 'FILE_NOT_REGULAR');
    expect(touched).toBe(0);
    expect(windowsPathKind('C:\\Users\\x\\a.age')).toBe('local');
    expect(windowsPathKind('\\\\?\\C:\\very\\long\\a.age')).toBe('local');
  });

  it('a hung file system does not hold the idle lock: the lock cancels the waiting import', async () => {
    const clock = manualTimers();
    let hang = false;
    const stuck = { ...fsp, stat: (...a: Parameters<typeof fsp.stat>) => (hang ? new Promise<never>(() => undefined) : fsp.stat(...a)) };
    const { engine } = await screener({ timers: clock.timers, fs: stuck as EngineDeps['fs'] });
    hang = true;
    const running = engine.invoke('import.file', { path: '/mnt/hung-share/jobcenter.age', operationId: 'import-hung' });
    await new Promise((r) => setTimeout(r, 50));
    clock.advance(16 * 60_000);
    await expectError(running, 'CANCELLED');
    await expectError(engine.invoke('import.snapshots', {}), 'NOT_AUTHENTICATED');
  });
});

describe('armored age files', { timeout: 60_000 }, () => {
  it('are decoded and imported, not called damaged', async () => {
    const { dir, engine, recipient } = await screener();
    const binaryPath = await encryptedFile(dir, 'jc.age', csv([row()]), recipient);
    const armored = join(dir, 'jc.armored.age');
    await fsp.writeFile(armored, age.armor.encode(await fsp.readFile(binaryPath)));
    expect(await call(engine, 'import.file', { path: armored })).toMatchObject({ status: 'imported', receipt: { rowsKept: 1 } });
  });

  it('decode exactly as age-encryption’s own strict decoder, and refuse what it refuses', () => {
    for (const size of [1, 47, 48, 49, 96, 1000, 100_000]) {
      const bin = new Uint8Array(size).map((_, i) => (i * 7919) % 256);
      const text = age.armor.encode(bin);
      expect(dearmor(new TextEncoder().encode(`  \n${text.replace(/\n/g, '\r\n')}\n`))).toEqual(age.armor.decode(text));
    }
    const good = age.armor.encode(new Uint8Array(100).fill(7));
    for (const broken of [good.replace(/\n([A-Za-z0-9+/]{64})\n/, '\n$1A\n'), good.replace('-----END AGE ENCRYPTED FILE-----', ''), `${good}x`]) {
      expect(() => age.armor.decode(broken)).toThrow();
      expect(() => dearmor(new TextEncoder().encode(broken))).toThrow();
    }
  });

  it('a damaged armor is EXTRACT_DAMAGED with the reason', async () => {
    const { dir, engine, recipient } = await screener();
    const binaryPath = await encryptedFile(dir, 'jc.age', csv([row()]), recipient);
    const armored = join(dir, 'bad.age');
    await fsp.writeFile(armored, age.armor.encode(await fsp.readFile(binaryPath)).replace('-----END AGE ENCRYPTED FILE-----', ''));
    const err = await expectError(engine.invoke('import.file', { path: armored }), 'EXTRACT_DAMAGED');
    expect(err.message).toMatch(/armored/);
  });
});
