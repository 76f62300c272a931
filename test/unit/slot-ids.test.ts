/**
 * Audit finding L8, the offline half: someone holding the workspace file must not be able to
 * confirm a username from it. Slot ids come from the username and the passphrase through the
 * login's one scrypt run; failed logins are sealed records. These tests look at the file's bytes
 * for every form of the names and of every hash of them computable from the file alone, open a
 * workspace written by main's format 2 and watch its slots and counters move to format 3, and
 * check that the lockout and the reporting of failures (unknown names included) still work.
 */
import { createHash, createHmac } from 'node:crypto';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_ACCOUNT } from '../../shared/schemas';
import { slotIdFor } from '../../electron/engine/base/crypto/keyslot';
import { deriveLoginKeys } from '../../electron/engine/base/crypto/login-slot';
import { all } from '../../electron/engine/base/database';
import { decodeWorkspaceFile } from '../../electron/engine/base/workspace/format';
import { closeWorkspace, openWorkspace } from '../../electron/engine/base/workspace/store';
import type { Engine } from '../../electron/engine/engine';
import { ADMIN, addStaff, call, expectError, newEngine, TEST_KDF, tempDir, testDeps, withWorkspace } from '../support/engine';

const SARA = { username: 'sara.screener', displayName: 'Sara Screener', roles: ['screener' as const], passphrase: 'saras lange sætning 1' };
const BO = { username: 'bo.screener', displayName: 'Bo Screener', roles: ['screener' as const], passphrase: 'bos lange sætning 22' };
const loginAs = (u: { username: string; passphrase: string }) => ({ username: u.username, passphrase: u.passphrase });

/** Every form of `name`, and of each hash of it that the file alone lets anyone compute, as bytes to look for. */
function traces(name: string, workspaceId: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const add = (label: string, b: Buffer) => {
    out.set(label, b);
    out.set(`${label} (hex)`, Buffer.from(b.toString('hex')));
    out.set(`${label} (base64)`, Buffer.from(b.toString('base64').replace(/=+$/, '')));
  };
  out.set('name (UTF-8)', Buffer.from(name, 'utf8'));
  out.set('name (UTF-16LE)', Buffer.from(name, 'utf16le'));
  out.set('name (base64)', Buffer.from(Buffer.from(name).toString('base64').replace(/=+$/, '')));
  out.set('format 2 slot id', Buffer.from(slotIdFor(workspaceId, name))); // the old id, as the header wrote it
  add('HMAC-SHA256 under the workspace id', createHmac('sha256', workspaceId).update(name).digest());
  add('SHA-256', createHash('sha256').update(name).digest());
  add('SHA-256 with the workspace id', createHash('sha256').update(workspaceId + name).digest());
  return out;
}

function expectNoTrace(file: Buffer, names: string[]): void {
  const { header } = decodeWorkspaceFile(file);
  const found: string[] = [];
  for (const name of names) for (const [label, bytes] of traces(name, header.workspaceId)) if (file.includes(bytes)) found.push(`${name}: ${label}`);
  expect(found).toEqual([]);
}

async function fail(engine: Engine, username: string, n: number) {
  for (let i = 1; i <= n; i++) await expectError(engine.invoke('session.login', { username, passphrase: `forkert gæt nummer ${i}` }), 'WRONG_CREDENTIALS');
}

describe('what the file says about usernames', () => {
  it('holds neither a name nor any hash of one computable from the file, failed logins included', async () => {
    const { dir, engine, path } = await withWorkspace();
    await addStaff(engine, [SARA, BO]);
    await engine.dispose();
    const e = await newEngine(dir);
    await fail(e, SARA.username, 2);
    await fail(e, 'findes.ikke', 1);
    const names = [ADMIN.username, SARA.username, BO.username, 'findes.ikke'];
    expectNoTrace(await readFile(path), names); // after failures: the records name no one
    await call(e, 'session.login', loginAs(BO));
    await e.dispose();
    expectNoTrace(await readFile(path), names); // and after they were reported and sealed again
  });

  it('a slot id confirms a name only together with its passphrase', async () => {
    const { engine, path } = await withWorkspace();
    await addStaff(engine, [SARA]);
    await engine.dispose();
    const { header } = decodeWorkspaceFile(await readFile(path));
    const ids = new Set(header.slots.map((s) => s.slotId));
    const idOf = async (name: string, pass: string) => (await deriveLoginKeys(header.workspaceId, name, pass, TEST_KDF)).slotId;
    expect(ids.has(await idOf(SARA.username, SARA.passphrase))).toBe(true);
    expect(ids.has(await idOf(SARA.username, 'et gæt der er forkert'))).toBe(false);
    expect(ids.has(await idOf('bo.screener', SARA.passphrase))).toBe(false);
    expect(header.slots.every((s) => s.v === 3)).toBe(true);
  });

  it('a failed login on a known name, an unknown one and a long one leave records of one length', async () => {
    const { dir, engine, path } = await withWorkspace();
    await engine.dispose();
    const e = await newEngine(dir);
    await fail(e, ADMIN.username, 1);
    await fail(e, 'x1', 1);
    await fail(e, 'et.meget.langt.navn.som.ingen.konto.har', 1); // 40 characters, the longest a name may be
    const records = decodeWorkspaceFile(await readFile(path)).header.failures!;
    expect(records).toHaveLength(3);
    expect(new Set(records.map((r) => r.length)).size).toBe(1);
  });
});

describe('the lockout with sealed failures', () => {
  it('five wrong passphrases lock the account: the right one is then refused like a wrong one, until an administrator unlocks it', async () => {
    const { dir, engine } = await withWorkspace();
    await addStaff(engine, [SARA, BO]);
    await engine.dispose();
    const e = await newEngine(dir);
    await fail(e, SARA.username, 4);
    expect((await call(e, 'session.login', loginAs(SARA))).username).toBe(SARA.username); // four: not locked, and her login clears them
    await call(e, 'session.logout', {});
    await fail(e, SARA.username, 5);
    const refused = await expectError(e.invoke('session.login', loginAs(SARA)), 'WRONG_CREDENTIALS');
    const wrong = await expectError(e.invoke('session.login', { username: 'findes.ikke', passphrase: 'forkert forkert forkert' }), 'WRONG_CREDENTIALS');
    expect(refused).toEqual(wrong);
    await e.dispose();
    const again = await newEngine(dir); // a restart changes nothing
    await expectError(again.invoke('session.login', loginAs(SARA)), 'WRONG_CREDENTIALS');
    expect((await call(again, 'session.login', loginAs(BO))).username).toBe(BO.username); // Bo is not Sara
    await call(again, 'session.login', loginAs(ADMIN));
    expect((await call(again, 'users.list', {})).find((u) => u.username === SARA.username)).toMatchObject({ locked: true });
    await call(again, 'users.unlock', { username: SARA.username });
    await call(again, 'session.logout', {});
    expect((await call(again, 'session.login', loginAs(SARA))).username).toBe(SARA.username);
  });

  it('reports failed logins on names that are no account, together and without the name', async () => {
    const { dir, engine } = await withWorkspace();
    await engine.dispose();
    const e = await newEngine(dir);
    await fail(e, 'findes.ikke', 2);
    await fail(e, 'korrekt.hest.batteri', 1); // perhaps a passphrase typed into the name field
    await call(e, 'session.login', loginAs(ADMIN));
    const events = await call(e, 'audit.securityEvents', {});
    expect(events.filter((x) => x.kind === 'failed-logins').map((x) => [x.account, x.count])).toEqual([[UNKNOWN_ACCOUNT, 3]]);
    await call(e, 'session.login', loginAs(ADMIN)); // reported once: a second login adds nothing
    expect((await call(e, 'audit.securityEvents', {})).filter((x) => x.kind === 'failed-logins')).toHaveLength(1);
    await e.dispose();
    // The names typed are nowhere in the log (read as the database holds it).
    const ws = await openWorkspace(await testDeps(dir), ADMIN.username, ADMIN.passphrase);
    try {
      expect(JSON.stringify(all(ws.db, 'SELECT * FROM audit_log'))).not.toMatch(/findes\.ikke|korrekt\.hest/);
    } finally {
      closeWorkspace(ws);
    }
  });
});

describe('a workspace saved by format 2 (main before this change)', () => {
  const FIXTURE = 'test/fixtures/workspace-v2';
  const DORA = { username: 'dora.dpo', passphrase: 'tilsynets lange sætning' };
  const SARA_V2 = { username: 'sara.screener', passphrase: 'midlertidig lang sætning 1' };
  async function copy() {
    const dir = await tempDir();
    await cp(FIXTURE, dir, { recursive: true });
    return { dir, path: join(dir, 'workspace.tvaerblik') };
  }

  it('opens; each slot moves to format 3 at its owner’s login, and then no name can be found in the file', async () => {
    const { dir, path } = await copy();
    const before = await readFile(path);
    expect(before.subarray(0, 22).toString()).toBe('tvaerblik-workspace v2');
    const wid = decodeWorkspaceFile(before).header.workspaceId;
    const oldIds = (b: Buffer) => [ADMIN.username, SARA_V2.username, DORA.username].filter((n) => b.includes(Buffer.from(slotIdFor(wid, n))));
    expect(oldIds(before)).toEqual([ADMIN.username, SARA_V2.username, DORA.username]); // the leak this change ends

    const e = await newEngine(dir);
    await call(e, 'session.login', loginAs(ADMIN));
    // Sara's two failures, counted in her format 2 slot, are reported like any others.
    const events = await call(e, 'audit.securityEvents', {});
    expect(events.filter((x) => x.kind === 'failed-logins').map((x) => [x.account, x.count])).toEqual([[SARA_V2.username, 2]]);
    await e.dispose();
    const upgraded = await readFile(path);
    expect(upgraded.subarray(0, 22).toString()).toBe('tvaerblik-workspace v3');
    expect(oldIds(upgraded)).toEqual([SARA_V2.username, DORA.username]); // theirs wait for their own logins

    const f = await newEngine(dir);
    for (const who of [SARA_V2, DORA]) {
      await call(f, 'session.login', loginAs(who));
      await call(f, 'session.logout', {});
    }
    await f.dispose();
    const after = await readFile(path);
    expect(oldIds(after)).toEqual([]);
    expect(decodeWorkspaceFile(after).header.slots.every((s) => s.v === 3)).toBe(true);
    expectNoTrace(after, [ADMIN.username, SARA_V2.username, DORA.username]);
    // Everyone still opens it, with the passphrase they had.
    const g = await newEngine(dir);
    for (const who of [ADMIN, SARA_V2, DORA]) expect((await call(g, 'session.login', loginAs(who))).username).toBe(who.username);
  });

  it('keeps the lockout its format 2 counters began: two failures there and three more lock the account', async () => {
    const { dir } = await copy();
    const e = await newEngine(dir);
    await fail(e, SARA_V2.username, 3); // before any upgrade: counted in her format 2 slot, as main did
    await expectError(e.invoke('session.login', loginAs(SARA_V2)), 'WRONG_CREDENTIALS');
    await call(e, 'session.login', loginAs(ADMIN)); // the upgrade: her counters become records
    expect((await call(e, 'users.list', {})).find((u) => u.username === SARA_V2.username)).toMatchObject({ locked: true });
    await call(e, 'session.logout', {});
    await expectError(e.invoke('session.login', loginAs(SARA_V2)), 'WRONG_CREDENTIALS'); // still locked in format 3
  });
});
