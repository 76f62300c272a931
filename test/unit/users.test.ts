import { describe, expect, it } from 'vitest';
import { ADMIN, call, expectError, newEngine, withWorkspace } from '../support/engine';

const SARA = { username: 'sara.screener', displayName: 'Sara Screener', roles: ['screener' as const], passphrase: 'midlertidig lang sætning 1' };
const loginAs = (u: { username: string; passphrase: string }) => ({ username: u.username, passphrase: u.passphrase });

describe('users, key slots and lockout', () => {
  it('gives two users their own key slots that both open the same workspace', async () => {
    const { dir, engine } = await withWorkspace();
    await call(engine, 'users.add', SARA);
    await engine.dispose();
    const a = await newEngine(dir);
    expect((await call(a, 'session.login', loginAs(SARA))).mustChangePassphrase).toBe(true);
    await call(a, 'session.changePassphrase', { current: SARA.passphrase, next: 'saras egen hemmelige sætning' });
    await a.dispose();
    const b = await newEngine(dir);
    await expectError(b.invoke('session.login', loginAs(SARA)), 'WRONG_CREDENTIALS');
    expect((await call(b, 'session.login', { username: SARA.username, passphrase: 'saras egen hemmelige sætning' })).roles).toEqual(['screener']);
    await call(b, 'session.logout', {});
    expect((await call(b, 'session.login', loginAs(ADMIN))).username).toBe(ADMIN.username);
  });

  it('refuses weak passphrases with the reason', async () => {
    const { engine } = await withWorkspace();
    const err = await expectError(engine.invoke('users.add', { ...SARA, passphrase: 'kort' }), 'WEAK_PASSPHRASE');
    expect(err.details).toMatchObject({ reason: 'too-short', minLength: 12 });
    await expectError(engine.invoke('users.add', { ...SARA, passphrase: 'sara.screener-123456' }), 'WEAK_PASSPHRASE');
  });

  it('locks an account after five failed logins, and the lock survives a restart until an admin unlocks it', async () => {
    const { dir, engine } = await withWorkspace();
    await call(engine, 'users.add', SARA);
    await engine.dispose();
    for (let i = 1; i <= 4; i++) {
      const e = await newEngine(dir); // a restart between every attempt
      const err = await expectError(e.invoke('session.login', { username: SARA.username, passphrase: `forkert gæt nummer ${i}` }), 'WRONG_CREDENTIALS');
      // Nothing at the login screen can tell which account a wrong passphrase was against (login.ts).
      expect(err.details).toBeUndefined();
    }
    const fifth = await newEngine(dir);
    const wrong = await expectError(fifth.invoke('session.login', { username: SARA.username, passphrase: 'forkert gæt nummer 5' }), 'WRONG_CREDENTIALS');
    const after = await newEngine(dir);
    // Even the right passphrase is refused, with the answer a wrong one gets: a guesser learns nothing.
    const right = await expectError(after.invoke('session.login', loginAs(SARA)), 'WRONG_CREDENTIALS');
    expect(right).toEqual(wrong);

    await call(after, 'session.login', loginAs(ADMIN));
    const list = await call(after, 'users.list', {});
    // Five wrong, and the refused right one: a refusal is counted as a failure (login.ts).
    expect(list.find((u) => u.username === SARA.username)).toMatchObject({ locked: true, failedAttempts: 6 });
    await call(after, 'users.unlock', { username: SARA.username });
    await after.dispose();
    const unlocked = await newEngine(dir);
    expect((await call(unlocked, 'session.login', loginAs(SARA))).username).toBe(SARA.username);
  });

  it('resets a passphrase by re-wrapping the slot: the old one stops working, nothing else changes', async () => {
    const { dir, engine } = await withWorkspace();
    await call(engine, 'users.add', SARA);
    await call(engine, 'users.resetPassphrase', { username: SARA.username, passphrase: 'ny midlertidig sætning 2' });
    await engine.dispose();
    const e = await newEngine(dir);
    await expectError(e.invoke('session.login', loginAs(SARA)), 'WRONG_CREDENTIALS');
    expect((await call(e, 'session.login', { username: SARA.username, passphrase: 'ny midlertidig sætning 2' })).mustChangePassphrase).toBe(true);
  });

  it('gives any logged-in user every colleague’s display name, disabled ones too', async () => {
    const { engine } = await withWorkspace();
    await call(engine, 'users.add', SARA);
    const BO = { ...SARA, username: 'bo.screener', displayName: 'Bo Beskæftigelse', passphrase: 'midlertidig lang sætning 3' };
    await call(engine, 'users.add', BO);
    await call(engine, 'users.disable', { username: BO.username });
    await call(engine, 'session.logout', {});
    await expectError(engine.invoke('users.names', {}), 'NOT_AUTHENTICATED');
    await call(engine, 'session.login', loginAs(SARA));
    await call(engine, 'session.changePassphrase', { current: SARA.passphrase, next: 'saras egen lange sætning' });
    await expectError(engine.invoke('users.list', {}), 'FORBIDDEN'); // a screener: the accounts themselves are not hers
    expect(await call(engine, 'users.names', {})).toEqual([
      { username: ADMIN.username, displayName: ADMIN.displayName },
      { username: BO.username, displayName: BO.displayName },
      { username: SARA.username, displayName: SARA.displayName },
    ]);
  });

  it('disabling removes the key slot; the last administrator cannot be removed', async () => {
    const { dir, engine } = await withWorkspace();
    await call(engine, 'users.add', SARA);
    await call(engine, 'users.disable', { username: SARA.username });
    await expectError(engine.invoke('users.disable', { username: ADMIN.username }), 'VALIDATION');
    // Nor can the administrator take their own role away (or change their roles at all).
    await expectError(engine.invoke('users.update', { username: ADMIN.username, roles: ['dpo'] }), 'SEPARATION_OF_DUTIES');
    await engine.dispose();
    const e = await newEngine(dir);
    await expectError(e.invoke('session.login', loginAs(SARA)), 'WRONG_CREDENTIALS');
  });
});
