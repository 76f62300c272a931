import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/contract';
import { ADMIN, addStaff, call, expectError, manualTimers, newEngine, tempDir, trackingSql } from '../support/engine';

describe('idle lock and roles', () => {
  it('locks after the idle limit: the database is closed, its sql.js wiped, the session gone, an event sent', async () => {
    const dir = await tempDir();
    const { newSql, opened } = trackingSql();
    const clock = manualTimers();
    const engine = await newEngine(dir, { newSql, idleMsOverride: 1000, timers: clock.timers });
    // Only the lock: creating the workspace is a change the engine reports too.
    const locked = new Promise<EngineEvent>((resolve) => engine.onEvent((e) => e.type === 'session.locked' && resolve(e)));
    await call(engine, 'workspace.create', { unitName: 'K', admin: ADMIN });
    expect((await call(engine, 'users.list', {})).length).toBe(1);

    clock.advance(999);
    expect((await call(engine, 'app.status', {})).session).not.toBeNull(); // not yet
    clock.advance(1);
    expect(await locked).toEqual({ type: 'session.locked', payload: { reason: 'idle' } });
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.every((d) => d.closed && d.wiped)).toBe(true);
    await expectError(engine.invoke('users.list', {}), 'NOT_AUTHENTICATED');
    expect(await call(engine, 'app.status', {})).toMatchObject({ session: null, endedBecause: 'idle' });
    // and the user can come back
    await call(engine, 'session.login', { username: ADMIN.username, passphrase: ADMIN.passphrase });
    expect((await call(engine, 'users.list', {})).length).toBe(1);
  });

  it('activity keeps the session open: every call restarts the idle limit', async () => {
    const dir = await tempDir();
    const clock = manualTimers();
    const engine = await newEngine(dir, { idleMsOverride: 1000, timers: clock.timers });
    let locks = 0;
    engine.onEvent((e) => e.type === 'session.locked' && locks++);
    await call(engine, 'workspace.create', { unitName: 'K', admin: ADMIN });
    for (let i = 0; i < 6; i++) {
      clock.advance(600); // 3.6 s in all, but never 1 s without activity
      await call(engine, 'session.touch', {});
    }
    expect(locks).toBe(0);
    clock.advance(1000);
    await call(engine, 'app.status', {}); // lets the queued lock run
    expect(locks).toBe(1);
  });

  it('refuses a screener calling a DPO method, and logs the refusal', async () => {
    const dir = await tempDir();
    const engine = await newEngine(dir);
    await call(engine, 'workspace.create', { unitName: 'K', admin: ADMIN });
    await addStaff(engine, [
      { username: 'sara', displayName: 'Sara', roles: ['screener'], passphrase: 'hun har en lang sætning' },
      { username: 'dora.dpo', displayName: 'Dora', roles: ['dpo'], passphrase: 'hun har en anden sætning' },
    ]);
    await call(engine, 'session.login', { username: 'sara', passphrase: 'hun har en lang sætning' });
    const err = await expectError(engine.invoke('audit.list', {}), 'FORBIDDEN');
    expect(err.details).toEqual({ method: 'audit.list' });
    await expectError(engine.invoke('users.list', {}), 'FORBIDDEN');
    await call(engine, 'session.login', { username: 'dora.dpo', passphrase: 'hun har en anden sætning' });
    const { entries } = await call(engine, 'audit.list', {});
    const denied = entries.filter((e) => e.outcome === 'denied');
    expect(denied.map((e) => [e.user, e.action])).toEqual([
      ['sara', 'users.list'],
      ['sara', 'audit.list'],
    ]);
  });

  it('only the DPO reads, verifies or exports the log: every other role is refused and the refusal logged', async () => {
    const dir = await tempDir();
    const engine = await newEngine(dir);
    await call(engine, 'workspace.createDemo', {});
    const others = [
      { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' },
      { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' },
      { username: 'demo.godkender', passphrase: 'demo-godkender-fiktiv' },
    ];
    const dpoOnly = [
      ['audit.list', {}],
      ['audit.verify', {}],
      ['audit.export', { recipient: 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq' }],
    ] as const;
    for (const u of others) {
      await call(engine, 'session.login', u);
      for (const [m, input] of dpoOnly) await expectError(engine.invoke(m, input), 'FORBIDDEN');
    }
    await call(engine, 'session.login', { username: 'demo.dpo', passphrase: 'demo-dpo-fiktiv-adgang' });
    const denied = (await call(engine, 'audit.list', {})).entries.filter((e) => e.outcome === 'denied').map((e) => `${e.user} ${e.action}`);
    for (const u of others) for (const [m] of dpoOnly) expect(denied).toContain(`${u.username} ${m}`);
  });

  it('rejects input that breaks the contract, with the field named', async () => {
    const dir = await tempDir();
    const engine = await newEngine(dir);
    const err = await expectError(engine.invoke('workspace.create', { unitName: 'K', admin: { ...ADMIN, username: 'Ånna Admin!' } }), 'VALIDATION');
    expect(JSON.stringify(err.details)).toContain('admin.username');
    await expectError(engine.invoke('workspace.create', { unitName: 'K', admin: ADMIN, __proto__: { x: 1 }, extra: 1 }), 'VALIDATION');
    await expectError(engine.invoke('constructor', {}), 'UNKNOWN_METHOD');
    await expectError(engine.invoke('users.list', {}), 'NOT_AUTHENTICATED');
  });
});
