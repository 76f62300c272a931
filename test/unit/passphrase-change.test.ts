/**
 * A passphrase an administrator chose (for a new account or at a reset) is known to two people.
 * The engine, not the UI, refuses every call but changing it, logging out, locking, activity and
 * status until its owner has chosen their own; each refusal is logged as denied.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../shared/presets';
import { call, DEMO, demoWorkspace, expectError } from '../support/engine';

const TEMP = 'midlertidig sætning fra admin';
const OWN = 'udsøgerens helt egen sætning';

describe('a passphrase an administrator set must be changed before anything else', () => {
  it('refuses the screener whose passphrase was reset, even as the administrator who knows it, until it is changed', async () => {
    const { engine } = await demoWorkspace();
    await call(engine, 'session.login', DEMO.admin);
    await call(engine, 'users.resetPassphrase', { username: DEMO.screener.username, passphrase: TEMP });

    // Whoever types the temporary passphrase gets a session that can do nothing but change it.
    const info = await call(engine, 'session.login', { username: DEMO.screener.username, passphrase: TEMP });
    expect(info.mustChangePassphrase).toBe(true);
    const criteria = PRESETS[0]!.criteria;
    const err = await expectError(engine.invoke('screening.preview', { criteria }), 'PASSPHRASE_CHANGE_REQUIRED');
    expect(err.details).toEqual({ method: 'screening.preview' });
    await expectError(engine.invoke('runs.list', {}), 'PASSPHRASE_CHANGE_REQUIRED');
    await expectError(engine.invoke('catalogue.list', {}), 'PASSPHRASE_CHANGE_REQUIRED'); // open to any session otherwise
    await expectError(engine.invoke('users.list', {}), 'FORBIDDEN'); // a role refusal stays a role refusal
    // What the change-passphrase screen needs still works.
    await call(engine, 'session.touch', {});
    expect((await call(engine, 'app.status', {})).session?.mustChangePassphrase).toBe(true);
    await expectError(engine.invoke('session.changePassphrase', { current: TEMP, next: TEMP }), 'WEAK_PASSPHRASE');
    const changed = await call(engine, 'session.changePassphrase', { current: TEMP, next: OWN });
    expect(changed.mustChangePassphrase).toBe(false);
    expect((await call(engine, 'screening.preview', { criteria })).count).toBeGreaterThan(0);

    // The refusals are in the log, as denied, for the DPO to see.
    await call(engine, 'session.login', DEMO.dpo);
    const { entries } = await call(engine, 'audit.list', {});
    const refused = entries.filter((e) => e.user === DEMO.screener.username && e.outcome === 'denied').reverse();
    expect(refused.map((e) => [e.action, e.detail])).toEqual([
      ['screening.preview', '{"error":"PASSPHRASE_CHANGE_REQUIRED","refused":"passphrase-change-required"}'],
      ['runs.list', '{"error":"PASSPHRASE_CHANGE_REQUIRED","refused":"passphrase-change-required"}'],
      ['catalogue.list', '{"error":"PASSPHRASE_CHANGE_REQUIRED","refused":"passphrase-change-required"}'],
      ['users.list', '{"error":"FORBIDDEN"}'],
    ]);
  });

  it('lets a new account log out or lock while it must change, and keeps the requirement across logins', async () => {
    const { engine } = await demoWorkspace();
    await call(engine, 'session.login', DEMO.admin);
    await call(engine, 'users.add', { username: 'sara', displayName: 'Sara', roles: ['screener'], passphrase: TEMP });
    await call(engine, 'session.login', { username: 'sara', passphrase: TEMP });
    await call(engine, 'session.lock', {});
    await call(engine, 'session.login', { username: 'sara', passphrase: TEMP });
    await expectError(engine.invoke('criteria.list', {}), 'PASSPHRASE_CHANGE_REQUIRED');
    await call(engine, 'session.logout', {});
    await call(engine, 'session.login', { username: 'sara', passphrase: TEMP });
    await expectError(engine.invoke('criteria.list', {}), 'PASSPHRASE_CHANGE_REQUIRED');
  });

  it('marks in the contract exactly the calls a must-change session may make', async () => {
    const { methods } = await import('../../shared/contract');
    const allowed = Object.entries(methods)
      .filter(([, spec]) => (spec as { beforePassphraseChange?: boolean }).beforePassphraseChange)
      .map(([name]) => name);
    expect(allowed.sort()).toEqual(['session.changePassphrase', 'session.lock', 'session.logout', 'session.touch']);
  });
});
