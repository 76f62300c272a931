import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OWASP_SCRYPT } from '../../electron/engine/base/crypto/keyslot';
import { decodeWorkspaceFile } from '../../electron/engine/base/workspace/format';
import { ADMIN, call, expectError, newEngine, tempDir, withWorkspace } from '../support/engine';
import { createEngine } from '../../electron/engine/engine';
import { nodeDeps } from '../../electron/engine/base/node-host';
import { join } from 'node:path';

const login = { username: ADMIN.username, passphrase: ADMIN.passphrase };

describe('encrypted workspace', () => {
  it('derives the key from the header read first, but opens with the file’s own header when a save came between', async () => {
    const { dir, engine, path } = await withWorkspace();
    await engine.dispose();
    const older = await readFile(path); // the admin's passphrase is still the first one here
    const next = 'et helt nyt og langt kodeord til anna';
    const e = await newEngine(dir);
    await call(e, 'session.login', { username: ADMIN.username, passphrase: ADMIN.passphrase });
    await call(e, 'session.changePassphrase', { current: ADMIN.passphrase, next });
    await e.dispose();
    // The header is read first from the older file (a save lands between the two reads), the whole file after.
    const olderPath = join(dir, 'older.tvaerblik');
    await writeFile(olderPath, older);
    const fs = await import('node:fs/promises');
    const racingFs = { ...fs, open: ((p: string, flags: string) => fs.open(p === path ? olderPath : p, flags)) as typeof fs.open };
    const racing = await newEngine(dir, { fs: racingFs });
    expect((await call(racing, 'session.login', { username: ADMIN.username, passphrase: next })).username).toBe(ADMIN.username);
    await racing.dispose();
    // And the passphrase the older header knew opens nothing.
    await expectError((await newEngine(dir, { fs: racingFs })).invoke('session.login', { username: ADMIN.username, passphrase: ADMIN.passphrase }), 'WRONG_CREDENTIALS');
  });

  it('round-trips: create, save, reopen in a new engine with the same state', async () => {
    const { dir, engine } = await withWorkspace();
    await call(engine, 'users.add', { username: 'sara.screener', displayName: 'Sara Screener', roles: ['screener'], passphrase: 'en helt anden lang sætning' });
    await call(engine, 'settings.update', { idleMinutes: 7 });
    await engine.dispose();

    const again = await newEngine(dir);
    const status = await call(again, 'app.status', {});
    expect(status).toMatchObject({ workspaceExists: true, unitName: 'Udsøgningsenheden, Testkommune', session: null });
    const session = await call(again, 'session.login', login);
    expect(session).toMatchObject({ username: ADMIN.username, roles: ['admin'], idleMinutes: 7 });
    const users = await call(again, 'users.list', {});
    expect(users.map((u) => u.username)).toEqual(['anna.admin', 'sara.screener']);
    const { recipient } = await call(again, 'unit.recipient', {});
    expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
  });

  it('uses OWASP-strength scrypt for key slots by default', async () => {
    const dir = await tempDir();
    const engine = createEngine(await nodeDeps(join(dir, 'w.tvaerblik')));
    await call(engine, 'workspace.create', { unitName: 'K', admin: ADMIN });
    const { header } = decodeWorkspaceFile(await readFile(join(dir, 'w.tvaerblik')));
    expect(header.login).toEqual({ alg: 'scrypt', ...OWASP_SCRYPT }); // every slot's, and every login's, cost
    expect(OWASP_SCRYPT.logN).toBeGreaterThanOrEqual(17);
  });

  it('status reads only the header: it names the unit even when the payload is cut short, and login still refuses', async () => {
    const { dir, engine, path } = await withWorkspace();
    await engine.dispose();
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 1000));
    const fresh = await newEngine(dir);
    expect(await call(fresh, 'app.status', {})).toMatchObject({ workspaceExists: true, unitName: 'Udsøgningsenheden, Testkommune' });
    await expectError(fresh.invoke('session.login', login), 'WORKSPACE_TRUNCATED');
    await writeFile(path, Buffer.from(bytes.toString('latin1').replace('Testkommune', 'Testkommunx'), 'latin1'));
    expect(await call(await newEngine(dir), 'app.status', {})).toMatchObject({ workspaceExists: true, unitName: null });
  });

  it('refuses a second workspace.create', async () => {
    const { engine } = await withWorkspace();
    await expectError(engine.invoke('workspace.create', { unitName: 'X', admin: ADMIN }), 'WORKSPACE_EXISTS');
  });

  describe('each kind of damage has its own error and loads nothing', () => {
    async function damaged(mutate: (b: Buffer) => Buffer) {
      const { dir, engine, path } = await withWorkspace();
      await engine.dispose();
      await writeFile(path, mutate(await readFile(path)));
      const fresh = await newEngine(dir);
      const r = await fresh.invoke('session.login', login);
      const status = await call(fresh, 'app.status', {});
      expect(status.session).toBeNull();
      return r.ok ? 'ok' : r.error.code;
    }
    const flip = (at: (b: Buffer) => number) => (b: Buffer) => {
      const c = Buffer.from(b);
      const i = at(c);
      c[i] = c[i]! ^ 0x01;
      return c;
    };

    it('a flipped byte in the payload', async () => {
      expect(await damaged(flip((b) => b.length - 100))).toBe('WORKSPACE_CORRUPT');
    });
    it('a flipped byte in the header', async () => {
      expect(await damaged(flip((b) => b.indexOf('"unitName"') + 3))).toBe('WORKSPACE_CORRUPT');
    });
    it('a truncated file', async () => {
      expect(await damaged((b) => b.subarray(0, b.length - 1000))).toBe('WORKSPACE_TRUNCATED');
    });
    it('a file cut inside its header', async () => {
      expect(await damaged((b) => b.subarray(0, 60))).toBe('WORKSPACE_TRUNCATED');
    });
    it('an unknown format version', async () => {
      expect(await damaged((b) => Buffer.from(b.toString('latin1').replace(/^tvaerblik-workspace v\d+/, 'tvaerblik-workspace v9'), 'latin1'))).toBe(
        'WORKSPACE_VERSION',
      );
    });
    it('a file that is no workspace', async () => {
      expect(await damaged(() => Buffer.from('id;navn\n0101010101;Test\n'))).toBe('NOT_A_WORKSPACE');
    });
    it('a wrong passphrase', async () => {
      const { dir, engine } = await withWorkspace();
      await engine.dispose();
      const fresh = await newEngine(dir);
      const err = await expectError(fresh.invoke('session.login', { ...login, passphrase: 'forkert forkert forkert' }), 'WRONG_CREDENTIALS');
      expect(err.details).toBeUndefined(); // no attempts left: that would need a per-name count in the file
      expect((await call(fresh, 'app.status', {})).session).toBeNull();
    });
  });
});
