/**
 * Failed logins and lockouts reach the access log at the next successful login of anyone, each
 * once, without touching anyone's lockout; administrators and the DPO read them back.
 */
import { describe, expect, it } from 'vitest';
import type { FsLike } from '../../electron/engine/base/deps';
import type { Engine } from '../../electron/engine/engine';
import { ADMIN, addStaff, call, expectError, fsp, newEngine, withWorkspace } from '../support/engine';

const SARA = { username: 'sara.screener', displayName: 'Sara Screener', roles: ['screener' as const], passphrase: 'saras lange sætning 1' };
const BO = { username: 'bo.screener', displayName: 'Bo Screener', roles: ['screener' as const], passphrase: 'bos lange sætning 22' };
const DORA = { username: 'dora.dpo', displayName: 'Dora DPO', roles: ['dpo' as const], passphrase: 'tilsynets lange sætning' };
const loginAs = (u: { username: string; passphrase: string }) => ({ username: u.username, passphrase: u.passphrase });

/** A clock the test sets, so the time of each failure is known. */
function setClock() {
  let now = new Date('2025-03-03T08:00:00.000Z');
  return { now: () => now, set: (iso: string) => void (now = new Date(iso)) };
}

/** A workspace with Sara, Bo and Dora, reopened in a fresh engine on the test's clock. */
async function staffWorkspace(fs?: FsLike) {
  const { dir, engine } = await withWorkspace();
  await addStaff(engine, [SARA, BO, DORA]);
  await engine.dispose();
  const clock = setClock();
  return { dir, clock, engine: await newEngine(dir, { now: clock.now, ...(fs ? { fs } : {}) }) };
}

async function failLogins(engine: Engine, username: string, times: number, clock: ReturnType<typeof setClock>, from = 1) {
  for (let i = from; i < from + times; i++) {
    clock.set(`2025-03-03T08:00:0${i}.000Z`);
    const r = await engine.invoke('session.login', { username, passphrase: `forkert gæt nummer ${i}` });
    expect(r.ok).toBe(false);
  }
}

/**
 * The security events about one account, oldest first, as an administrator reads them; without
 * the first login of each new account (addStaff makes one for everyone), tested on its own below.
 */
async function eventsAbout(engine: Engine, account: string) {
  return (await loginEvents(engine)).filter((e) => e.account === account).reverse();
}

async function loginEvents(engine: Engine, limit = 100) {
  return (await call(engine, 'audit.securityEvents', { limit })).filter((e) => e.kind !== 'new-account-login');
}

describe('security events in the access log', () => {
  it("logs Sara's failed logins at Bo's login, though Sara has not logged in since", async () => {
    const { engine, clock } = await staffWorkspace();
    await failLogins(engine, SARA.username, 3, clock);
    clock.set('2025-03-03T09:00:00.000Z');
    await call(engine, 'session.login', loginAs(BO));
    await call(engine, 'session.login', loginAs(ADMIN));
    expect(await eventsAbout(engine, SARA.username)).toEqual([
      { seq: expect.any(Number), time: '2025-03-03T08:00:03.000Z', account: SARA.username, kind: 'failed-logins', count: 3, by: null },
    ]);
    await call(engine, 'session.login', loginAs(DORA));
    const { entries } = await call(engine, 'audit.list', { subject: SARA.username });
    const failed = entries.find((e) => e.action === 'session.login.failed')!;
    expect(failed).toMatchObject({ user: BO.username, role: 'system', purpose: 'adgangskontrol', subjectKind: 'user', outcome: 'denied', time: '2025-03-03T09:00:00.000Z' });
    expect(JSON.parse(failed.detail)).toEqual({ count: 3, at: '2025-03-03T08:00:03.000Z' });
    expect((await call(engine, 'audit.verify', {})).ok).toBe(true); // the detail is covered by the hash
  });

  it('logs five failures, the lock and the unlock once each; a later login adds nothing', async () => {
    const { engine, clock } = await staffWorkspace();
    await failLogins(engine, SARA.username, 5, clock);
    // Refused as a wrong passphrase is, and counted as one (login.ts says why).
    await expectError(engine.invoke('session.login', loginAs(SARA)), 'WRONG_CREDENTIALS');
    clock.set('2025-03-03T09:00:00.000Z');
    await call(engine, 'session.login', loginAs(ADMIN));
    await call(engine, 'users.unlock', { username: SARA.username });
    await call(engine, 'session.login', loginAs(BO)); // a second successful login, then a third
    await call(engine, 'session.login', loginAs(ADMIN));
    const events = await eventsAbout(engine, SARA.username);
    expect(events.map((e) => [e.kind, e.count, e.by])).toEqual([
      ['failed-logins', 6, null],
      ['locked', null, null],
      ['unlocked', null, ADMIN.username],
    ]);
    expect(events[1]!.time).toBe('2025-03-03T08:00:05.000Z'); // the fifth failure locked it
    expect((await call(engine, 'session.login', loginAs(SARA))).username).toBe(SARA.username);
  });

  it("does not reset Sara's lockout counter at Bo's login: her fifth failure locks, and stays locked", async () => {
    const { engine, clock } = await staffWorkspace();
    await failLogins(engine, SARA.username, 4, clock);
    await call(engine, 'session.login', loginAs(BO));
    await failLogins(engine, SARA.username, 1, clock, 5);
    await expectError(engine.invoke('session.login', loginAs(SARA)), 'WRONG_CREDENTIALS'); // locked: refused, and counted
    await call(engine, 'session.login', loginAs(BO));
    await expectError(engine.invoke('session.login', loginAs(SARA)), 'WRONG_CREDENTIALS'); // still, until unlocked
    await call(engine, 'session.login', loginAs(ADMIN));
    expect((await call(engine, 'users.list', {})).find((u) => u.username === SARA.username)).toMatchObject({ locked: true, failedAttempts: 7 });
    expect((await eventsAbout(engine, SARA.username)).map((e) => [e.kind, e.count])).toEqual([
      ['failed-logins', 4],
      ['failed-logins', 2],
      ['locked', null],
      ['failed-logins', 1],
    ]);
  });

  it('shows security events to administrators and the DPO, and refuses a screener', async () => {
    const { engine, clock } = await staffWorkspace();
    await failLogins(engine, BO.username, 2, clock);
    await call(engine, 'session.login', loginAs(SARA));
    await expectError(engine.invoke('audit.securityEvents', {}), 'FORBIDDEN');
    for (const who of [ADMIN, DORA]) {
      await call(engine, 'session.login', loginAs(who));
      expect((await loginEvents(engine, 10)).map((e) => [e.account, e.kind, e.count])).toEqual([[BO.username, 'failed-logins', 2]]);
    }
    const { entries } = await call(engine, 'audit.list', {});
    const reads = entries.filter((e) => e.action === 'audit.securityEvents').reverse();
    expect(reads.map((e) => [e.user, e.role, e.purpose, e.outcome])).toEqual([
      [SARA.username, 'screener', 'tilsyn', 'denied'],
      [ADMIN.username, 'admin', 'tilsyn', 'ok'],
      [DORA.username, 'dpo', 'tilsyn', 'ok'],
    ]);
  });

  it('logs failures once even when the save after the login that logged them failed', async () => {
    let failSave = false;
    const fs: FsLike = {
      ...fsp,
      rename: (async (from: string, to: string) => {
        if (failSave) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        return fsp.rename(from, to);
      }) as FsLike['rename'],
    };
    const { engine, clock } = await staffWorkspace(fs);
    await failLogins(engine, SARA.username, 2, clock);
    failSave = true;
    await expectError(engine.invoke('session.login', loginAs(BO)), 'SAVE_FAILED'); // the entries are in the journal only
    failSave = false;
    await call(engine, 'session.login', loginAs(ADMIN));
    expect((await eventsAbout(engine, SARA.username)).map((e) => [e.kind, e.count])).toEqual([['failed-logins', 2]]);
  });

  it("flags a new account's first login, and the first login after a reset, with the administrator who chose the passphrase", async () => {
    const { engine } = await staffWorkspace(); // Anna chose each one's first passphrase; each then chose their own
    await call(engine, 'session.login', loginAs(ADMIN));
    await call(engine, 'users.resetPassphrase', { username: SARA.username, passphrase: 'annas nye midlertidige' });
    await call(engine, 'session.login', { username: SARA.username, passphrase: 'annas nye midlertidige' }); // Anna, or Sara?
    await call(engine, 'session.lock', {});
    await call(engine, 'session.login', { username: SARA.username, passphrase: 'annas nye midlertidige' }); // the same passphrase: no new event
    await call(engine, 'session.login', loginAs(ADMIN)); // the administrator's own login is no such event
    const expected = [
      ['new-account-login', ADMIN.username],
      ['passphrase-reset', ADMIN.username],
      ['passphrase-reset-login', ADMIN.username],
    ];
    const aboutSara = async () => (await call(engine, 'audit.securityEvents', {})).filter((e) => e.account === SARA.username).reverse();
    expect((await aboutSara()).map((e) => [e.kind, e.by])).toEqual(expected);
    await call(engine, 'session.login', loginAs(DORA));
    expect((await aboutSara()).map((e) => [e.kind, e.by])).toEqual(expected);
    const { entries } = await call(engine, 'audit.list', { subject: SARA.username });
    const flags = entries.filter((e) => e.action === 'session.login.temporaryPassphrase').reverse();
    expect(flags.map((e) => [e.user, e.role, e.purpose, e.outcome, JSON.parse(e.detail)])).toEqual([
      [SARA.username, 'system', 'adgangskontrol', 'ok', { by: ADMIN.username, set: 'created' }],
      [SARA.username, 'system', 'adgangskontrol', 'ok', { by: ADMIN.username, set: 'reset' }],
    ]);
  });
});
