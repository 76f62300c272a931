/**
 * The workspace file is authenticated: whoever can write the file, but holds no key slot, cannot
 * add a reader, mark real data as the demo, rename the unit or swap the payload. The audit's
 * attack is played end to end; header edits, a downgrade to the unauthenticated format and a
 * slot that belongs to no user are refused with WORKSPACE_TAMPERED, and nothing is ever encrypted
 * to a recipient the users table does not hold. Only the lockout counters are unauthenticated.
 * And a workspace saved by the previous format opens and is upgraded.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptWith, newIdentity } from '../../electron/engine/base/crypto/age';
import { createSlot, openSlot, slotIdFor, type KeySlot } from '../../electron/engine/base/crypto/keyslot';
import { createLoginSlot } from '../../electron/engine/base/crypto/login-slot';
import { MAX_FAILED_LOGINS } from '../../electron/engine/base/workspace/login';
import { all, getMeta } from '../../electron/engine/base/database';
import { decodeWorkspaceFile, encodeWorkspaceFile, type WorkspaceHeader } from '../../electron/engine/base/workspace/format';
import { closeWorkspace, openWorkspace, saveWorkspace } from '../../electron/engine/base/workspace/store';
import { ADMIN, call, expectError, newEngine, openUserSlot, TEST_KDF, tempDir, testDeps, withWorkspace } from '../support/engine';

const login = { username: ADMIN.username, passphrase: ADMIN.passphrase };
type State = Omit<WorkspaceHeader, 'payloadLength' | 'payloadSha256'>;

/** Rewrites the header as someone who can write the file but holds no key would: the checksum is easy, the MAC is kept as it was. */
async function editHeader(path: string, edit: (h: State) => State, version?: 1): Promise<void> {
  const { header, payload } = decodeWorkspaceFile(await readFile(path));
  const { payloadLength: _l, payloadSha256: _s, ...state } = header;
  let edited = edit(state);
  if (version === 1) {
    // Format 1 had none of format 3's fields: passing the file off as format 1 drops them.
    const { login: _g, failureKey: _k, failures: _f, unattributedFailures: _u, ...older } = edited;
    edited = older;
  }
  let bytes = Buffer.from(encodeWorkspaceFile(edited, payload));
  if (version === 1) bytes = Buffer.from(bytes.toString('latin1').replace(/^tvaerblik-workspace v\d+/, 'tvaerblik-workspace v1'), 'latin1');
  await writeFile(path, bytes);
}

/**
 * The attacker's own key slot: their identity under their passphrase, with a workspace key they
 * can only guess; `slot` in format 3, `legacy` in the older form (for files passed off as format 1).
 */
async function attackerSlot(workspaceId: string) {
  const { identity, recipient } = await newIdentity();
  const slot = await createLoginSlot(workspaceId, 'mallory', 'mallorys egen lange sætning', identity, recipient, TEST_KDF, randomBytes(32));
  const legacy = await createSlot(workspaceId, 'mallory', 'mallorys egen lange sætning', identity, recipient, TEST_KDF, randomBytes(32));
  return { identity, recipient, slot, legacy };
}

/** Whether this identity opens the workspace file's payload. */
async function opensPayload(path: string, identity: string): Promise<boolean> {
  const { payload } = decodeWorkspaceFile(await readFile(path));
  return decryptWith({ identities: [identity] }, payload).then(
    () => true,
    () => false,
  );
}

describe('an authenticated workspace', () => {
  it('the audit’s attack: a key slot added to the file is refused at the administrator’s login, and no save ever reaches it', async () => {
    const { dir, engine, path } = await withWorkspace();
    await engine.dispose();
    const before = await readFile(path);
    const { header } = decodeWorkspaceFile(before);
    const mallory = await attackerSlot(header.workspaceId);
    await editHeader(path, (h) => ({ ...h, slots: [...h.slots, mallory.slot] }));
    const tampered = await readFile(path);

    const e = await newEngine(dir);
    const err = await expectError(e.invoke('session.login', login), 'WORKSPACE_TAMPERED');
    expect(err.details).toMatchObject({ part: 'header' });
    expect((await call(e, 'app.status', {})).session).toBeNull();
    // Nothing was saved: the file is as the attacker left it, and their key opens nothing.
    expect(Buffer.compare(await readFile(path), tampered)).toBe(0);
    expect(await opensPayload(path, mallory.identity)).toBe(false);

    // Without the MAC (the file passed off as format 1): refused too, as unreadable, since a format 3 slot cannot be in it.
    await editHeader(path, (h) => {
      const { auth: _a, ...rest } = h;
      return { ...rest, slots: [...h.slots, { ...mallory.legacy, v: undefined }] } as State;
    }, 1);
    const disguised = await readFile(path);
    await expectError((await newEngine(dir)).invoke('session.login', login), 'WORKSPACE_CORRUPT');
    expect(Buffer.compare(await readFile(path), disguised)).toBe(0); // nothing saved, so nothing encrypted to the attacker

    // Restored from the backup, the administrator works and saves: still nothing for the attacker.
    await writeFile(path, before);
    const ok = await newEngine(dir);
    await call(ok, 'session.login', login);
    await call(ok, 'settings.update', { idleMinutes: 9 });
    await ok.dispose();
    expect(await opensPayload(path, mallory.identity)).toBe(false);
    expect(decodeWorkspaceFile(await readFile(path)).header.slots).toHaveLength(1);
  });

  it('a save encrypts to the users in the database only, and refuses a key slot that belongs to no user', async () => {
    const { dir, engine, path } = await withWorkspace();
    await engine.dispose();
    const deps = await testDeps(dir);
    const ws = await openWorkspace(deps, ADMIN.username, ADMIN.passphrase);
    const mallory = await attackerSlot(ws.header.workspaceId);
    const before = await readFile(path);
    try {
      ws.header.slots.push(mallory.slot); // as if some code put it there
      await expect(saveWorkspace(deps, ws)).rejects.toMatchObject({ code: 'WORKSPACE_TAMPERED' });
      expect(Buffer.compare(await readFile(path), before)).toBe(0);
      // A slot with a user's id but another recipient is refused the same way.
      ws.header.slots = [{ ...ws.header.slots[0]!, recipient: mallory.recipient }];
      await expect(saveWorkspace(deps, ws)).rejects.toMatchObject({ code: 'WORKSPACE_TAMPERED' });
    } finally {
      closeWorkspace(ws);
    }
    expect(await opensPayload(path, mallory.identity)).toBe(false);
  });

  it.each([
    ['the demo mark (fictitious CPR numbers accepted)', (h: State) => ({ ...h, demo: true })],
    ['the unit’s name', (h: State) => ({ ...h, unitName: 'Udsøgningsenheden, Andenkommune' })],
    ['the payload (a database of the attacker’s own, encrypted to the administrator)', null],
  ])('an edit of %s is refused at login', async (_what, edit) => {
    const { dir, engine, path } = await withWorkspace();
    await engine.dispose();
    if (edit) await editHeader(path, edit);
    else {
      // Another workspace's payload, re-encrypted to this administrator's recipient (anyone can encrypt to a public key).
      const other = await withWorkspace();
      await other.engine.dispose();
      const mine = decodeWorkspaceFile(await readFile(path));
      const deps = await testDeps(other.dir);
      const ws = await openWorkspace(deps, ADMIN.username, ADMIN.passphrase);
      const { encryptTo } = await import('../../electron/engine/base/crypto/age');
      const payload = await encryptTo([mine.header.slots[0]!.recipient], ws.db.export());
      closeWorkspace(ws);
      const { payloadLength: _l, payloadSha256: _s, ...state } = mine.header;
      await writeFile(path, encodeWorkspaceFile(state, payload));
    }
    const e = await newEngine(dir);
    await expectError(e.invoke('session.login', login), 'WORKSPACE_TAMPERED');
    expect((await call(e, 'app.status', {})).session).toBeNull();
  });

  it('only the failed-login records are unauthenticated: removing them from the file is not detected (documented)', async () => {
    const { dir, engine, path } = await withWorkspace();
    await engine.dispose();
    const e = await newEngine(dir);
    for (let i = 0; i < 5; i++) await expectError(e.invoke('session.login', { ...login, passphrase: `forkert gæt nummer ${i}` }), 'WRONG_CREDENTIALS');
    expect(decodeWorkspaceFile(await readFile(path)).header.failures).toHaveLength(5);
    await expectError((await newEngine(dir)).invoke('session.login', login), 'WRONG_CREDENTIALS'); // locked
    await editHeader(path, (h) => ({ ...h, failures: [] }));
    await call(await newEngine(dir), 'session.login', login);
  });

  it('keeps the same identity when users change their own passphrase, and a fresh one after an administrator set it', async () => {
    const { dir, engine, path } = await withWorkspace();
    await call(engine, 'users.add', { username: 'sara.screener', displayName: 'Sara', roles: ['screener'], passphrase: 'midlertidig lang sætning 1' });
    const first = decodeWorkspaceFile(await readFile(path)).header;
    const given = (await openUserSlot(first, 'sara.screener', 'midlertidig lang sætning 1'))!.slot;
    await call(engine, 'session.login', { username: 'sara.screener', passphrase: 'midlertidig lang sætning 1' });
    await call(engine, 'session.changePassphrase', { current: 'midlertidig lang sætning 1', next: 'saras egen hemmelige sætning' });
    const own = (await openUserSlot(decodeWorkspaceFile(await readFile(path)).header, 'sara.screener', 'saras egen hemmelige sætning'))!.slot;
    expect(own.recipient).not.toBe(given.recipient); // the administrator's app made the first identity
    await call(engine, 'session.changePassphrase', { current: 'saras egen hemmelige sætning', next: 'saras anden hemmelige sætning' });
    const again = (await openUserSlot(decodeWorkspaceFile(await readFile(path)).header, 'sara.screener', 'saras anden hemmelige sætning'))!.slot;
    expect(again.recipient).toBe(own.recipient);
    await engine.dispose();
    await call(await newEngine(dir), 'session.login', { username: 'sara.screener', passphrase: 'saras anden hemmelige sætning' });
  });
});

describe('a workspace saved in format 1', () => {
  const FIXTURE = 'test/fixtures/workspace-v1';
  async function copy() {
    const dir = await tempDir();
    await cp(FIXTURE, dir, { recursive: true });
    return { dir, path: join(dir, 'workspace.tvaerblik') };
  }

  it('opens, replays its journal, is saved in format 3 and says so in the log; its old signing key is gone', async () => {
    const { dir, path } = await copy();
    expect((await readFile(path)).subarray(0, 22).toString()).toBe('tvaerblik-workspace v1');
    const e = await newEngine(dir);
    await call(e, 'session.login', login);
    await e.dispose();
    const file = await readFile(path);
    expect(file.subarray(0, 22).toString()).toBe('tvaerblik-workspace v3');
    const { header } = decodeWorkspaceFile(file);
    expect(header.slots.find((s) => s.slotId === slotIdFor(header.workspaceId, ADMIN.username))).toBeUndefined();
    expect((await openUserSlot(header, ADMIN.username, ADMIN.passphrase))!.slot.v).toBe(3);
    // The others keep their format 1 slots until they log in; the header is authenticated all the same.
    expect(header.slots.filter((s) => s.v !== 3)).toHaveLength(2);

    const deps = await testDeps(dir);
    const ws = await openWorkspace(deps, 'dora.dpo', 'tilsynets lange sætning');
    try {
      expect(ws.audit.verify()).toMatchObject({ ok: true });
      expect(getMeta(ws.db, 'signing_private')).toBeUndefined();
      expect(getMeta(ws.db, 'signing_public')).toBeDefined(); // the old checkpoints still check
      const actions = all(ws.db, 'SELECT action, subject FROM audit_log ORDER BY seq').map((r) => `${String(r.action)} ${String(r.subject)}`);
      expect(actions).toContain('audit.list 0202709998'); // the entry only the journal held
      expect(actions).toContain('workspace.upgraded Udsøgningsenheden, Version 1-kommune');
      expect(all(ws.db, 'SELECT username, recipient FROM users ORDER BY username').every((r) => String(r.recipient).startsWith('age1'))).toBe(true);
      expect(ws.opening.slotUpgraded).toBe(true);
    } finally {
      closeWorkspace(ws);
    }
    // Dora's slot is upgraded at her login; Sara's works as it is.
    const d = await newEngine(dir);
    await call(d, 'session.login', { username: 'dora.dpo', passphrase: 'tilsynets lange sætning' });
    await call(d, 'session.logout', {});
    await call(d, 'session.login', { username: 'sara.screener', passphrase: 'midlertidig lang sætning 1' });
    await d.dispose();
    expect(decodeWorkspaceFile(await readFile(path)).header.slots.every((s) => s.v === 3)).toBe(true);
  });

  it('refuses a locked account whose slot is still format 1 only after decrypting, and keeps the file whole', async () => {
    // Such a slot wraps no workspace key, so its lock is read from the database: the refusal then
    // rewrites the header around the payload, which must still be the ciphertext (not decrypted in place).
    const { dir } = await copy();
    const sara = { username: 'sara.screener', passphrase: 'midlertidig lang sætning 1' };
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await expectError((await newEngine(dir)).invoke('session.login', { ...sara, passphrase: `forkert ${i}` }), 'WRONG_CREDENTIALS');
    await expectError((await newEngine(dir)).invoke('session.login', sara), 'WRONG_CREDENTIALS');
    const e = await newEngine(dir);
    await call(e, 'session.login', login);
    expect((await call(e, 'users.list', {})).map((u) => u.username)).toContain('sara.screener');
    await e.dispose();
  });

  it('refuses a slot that belongs to no user, or a demo mark the log does not bear out, even in format 1', async () => {
    for (const edit of [
      async (h: State) => ({ ...h, slots: [...h.slots, { ...(await attackerSlot(h.workspaceId)).legacy, v: undefined }] }),
      async (h: State) => ({ ...h, demo: true }),
    ]) {
      const { dir, path } = await copy();
      const { header, payload } = decodeWorkspaceFile(await readFile(path));
      const { payloadLength: _l, payloadSha256: _s, ...state } = header;
      await writeFile(path, encodeWorkspaceFile((await edit(state)) as State, payload));
      await expectError((await newEngine(dir)).invoke('session.login', login), 'WORKSPACE_TAMPERED');
    }
  });

  it('after the upgrade, a user whose slot is still format 1 refuses the file passed off as format 1 with a slot added', async () => {
    const { dir, path } = await copy();
    const e = await newEngine(dir);
    await call(e, 'session.login', login); // upgraded; Sara's slot stays format 1 until she logs in
    await e.dispose();
    await editHeader(path, (h) => {
      const { auth: _a, ...rest } = h;
      return { ...rest, slots: [...h.slots.filter((s) => s.v !== 3)] } as State;
    }, 1);
    const { header } = decodeWorkspaceFile(await readFile(path));
    const mallory = await attackerSlot(header.workspaceId);
    await editHeader(path, (h) => ({ ...h, slots: [...h.slots, { ...mallory.legacy, v: undefined }] }));
    await expectError((await newEngine(dir)).invoke('session.login', { username: 'sara.screener', passphrase: 'midlertidig lang sætning 1' }), 'WORKSPACE_TAMPERED');
  });

  it('a format 1 slot still opens with its passphrase and yields no workspace key', async () => {
    const { path } = await copy();
    const { header } = decodeWorkspaceFile(await readFile(path));
    const slot = header.slots.find((s) => s.slotId === slotIdFor(header.workspaceId, ADMIN.username)) as KeySlot;
    const secrets = await openSlot(header.workspaceId, slot, ADMIN.passphrase);
    expect(secrets).toMatchObject({ identity: expect.stringMatching(/^AGE-SECRET-KEY-1/), workspaceKey: null });
    // Marking it as a format 2 slot breaks its authentication: the version is bound to the slot.
    expect(await openSlot(header.workspaceId, { ...slot, v: 2 }, ADMIN.passphrase)).toBeNull();
  });
});
