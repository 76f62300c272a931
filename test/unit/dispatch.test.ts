/**
 * The order of the one dispatch: the method must exist, then the caller must be logged in and
 * hold a role that allows it, and only then is the input checked. Every refusal of a logged-in
 * caller reaches the access log; a malformed call keeps where it was wrong, never what was sent.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/schemas';
import type { Engine } from '../../electron/engine/engine';
import { call, DEMO, demoWorkspace, expectError } from '../support/engine';

/** A fictitious CPR number (day + 60) standing in for personal data a caller might send. */
const CPR = '6101011234';

/** The entries after `afterSeq`, as the DPO reads them, oldest first. */
async function entriesSince(engine: Engine, afterSeq: number): Promise<AuditEntry[]> {
  await call(engine, 'session.login', DEMO.dpo);
  const { entries } = await call(engine, 'audit.list', { limit: 5000 });
  return entries.filter((e) => e.seq > afterSeq).reverse();
}

async function headSeq(engine: Engine): Promise<number> {
  await call(engine, 'session.login', DEMO.dpo);
  return (await call(engine, 'audit.list', { limit: 1 })).entries[0]!.seq;
}

describe('authorisation before validation', () => {
  it('refuses an unauthorised call with malformed input as FORBIDDEN, and logs it', async () => {
    const { engine } = await demoWorkspace();
    const from = await headSeq(engine);
    await call(engine, 'session.login', DEMO.screener);
    const err = await expectError(engine.invoke('users.add', { username: 42, roles: 'all of them' }), 'FORBIDDEN');
    expect(err.details).toEqual({ method: 'users.add' });
    await expectError(engine.invoke('audit.list', { subject: CPR, limit: 'many' }), 'FORBIDDEN');
    const logged = (await entriesSince(engine, from)).filter((e) => e.user === DEMO.screener.username && e.action !== 'session.login');
    expect(logged.map((e) => [e.action, e.outcome, e.role])).toEqual([
      ['users.add', 'denied', 'screener'],
      ['audit.list', 'denied', 'screener'],
    ]);
    // The entry says why, as the caller was answered: the role did not allow it.
    expect(logged.map((e) => JSON.parse(e.detail))).toEqual([{ error: 'FORBIDDEN' }, { error: 'FORBIDDEN' }]);
    expect(JSON.stringify(logged)).not.toContain(CPR);
  });

  it('logs a malformed call by an authorised user as an error with the field paths, not the values', async () => {
    const { engine } = await demoWorkspace();
    const from = await headSeq(engine);
    await call(engine, 'session.login', DEMO.admin);
    const err = await expectError(
      engine.invoke('users.add', { username: DEMO.screener.username, displayName: 7, roles: [CPR], passphrase: 'en lang nok sætning', [CPR]: true }),
      'VALIDATION',
    );
    // The caller is told what was wrong (it is their own input) …
    expect(JSON.stringify(err.details)).toContain('displayName');
    const logged = (await entriesSince(engine, from)).filter((e) => e.action === 'users.add');
    expect(logged.map((e) => [e.user, e.role, e.outcome, e.purpose])).toEqual([[DEMO.admin.username, 'admin', 'error', 'brugeradministration']]);
    // … and the log keeps where and how, never what.
    expect(JSON.parse(logged[0]!.detail)).toEqual({
      error: 'VALIDATION',
      invalid: expect.arrayContaining([
        { path: 'displayName', code: 'invalid_type' },
        { path: 'roles.0', code: 'invalid_value' },
        { path: '', code: 'unrecognized_keys' },
      ]),
    });
    expect(JSON.stringify(logged)).not.toContain(CPR);
  });

  it('refuses unknown methods before anything else, and logs them (without the name) when someone is logged in', async () => {
    const { engine } = await demoWorkspace();
    // Nobody logged in: unknown is unknown, whatever the input.
    await expectError(engine.invoke(CPR, { anything: true }), 'UNKNOWN_METHOD');
    await expectError(engine.invoke('__proto__', null), 'UNKNOWN_METHOD');
    const from = await headSeq(engine);
    await call(engine, 'session.login', DEMO.screener);
    await expectError(engine.invoke(`users.${CPR}`, {}), 'UNKNOWN_METHOD');
    const logged = (await entriesSince(engine, from)).filter((e) => e.user === DEMO.screener.username && e.action !== 'session.login');
    expect(logged.map((e) => [e.action, e.outcome, e.subject, e.detail])).toEqual([['engine.unknownMethod', 'denied', '', '{"error":"UNKNOWN_METHOD"}']]);
    expect(JSON.stringify(logged)).not.toContain(CPR);
  });

  it('keeps the code a call failed with, so the log says why, and nothing the caller sent', async () => {
    const { engine } = await demoWorkspace();
    const from = await headSeq(engine);
    await call(engine, 'session.login', DEMO.screener);
    await expectError(engine.invoke('runs.create', { setId: 987654, version: 1 }), 'NOT_FOUND');
    const logged = (await entriesSince(engine, from)).filter((e) => e.action === 'runs.create');
    expect(logged.map((e) => [e.user, e.outcome, JSON.parse(e.detail)])).toEqual([[DEMO.screener.username, 'error', { error: 'NOT_FOUND' }]]);
    expect(logged[0]!.detail).not.toContain('987654');
  });

  it('asks for a login before it looks at the input', async () => {
    const { engine } = await demoWorkspace();
    await expectError(engine.invoke('audit.list', { limit: 'not a number' }), 'NOT_AUTHENTICATED');
    await expectError(engine.invoke('users.add', null), 'NOT_AUTHENTICATED');
    // Public calls have no caller to check: their input is checked at once.
    await expectError(engine.invoke('session.login', { username: 7 }), 'VALIDATION');
  });
});
