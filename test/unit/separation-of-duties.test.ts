/**
 * Separation of duties in the engine: nobody changes their own roles; admin, supervisor and dpo
 * are granted by two people (one administrator asks, another administrator or a DPO approves,
 * never the one who would get the role); the last DPO cannot be removed; both steps are logged.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { ADMIN, addStaff, call, DEMO, demoWorkspace, expectError, SECOND_ADMIN, temporaryOf, withWorkspace, type StaffUser } from '../support/engine';

const DORA: StaffUser = { username: 'dora.dpo', displayName: 'Dora DPO', roles: ['dpo'], passphrase: 'tilsynets lange sætning' };
const SARA: StaffUser = { username: 'sara.screener', displayName: 'Sara Screener', roles: ['screener'], passphrase: 'saras lange sætning 1' };
const GUS: StaffUser = { username: 'gus.godkender', displayName: 'Gus Godkender', roles: ['supervisor'], passphrase: 'godkenderens sætning' };
const login = (engine: Engine, u: { username: string; passphrase: string }) => call(engine, 'session.login', { username: u.username, passphrase: u.passphrase });
/** Logs in with the temporary passphrase addStaff-style and chooses the user's own. */
async function firstLogin(engine: Engine, u: StaffUser) {
  await call(engine, 'session.login', { username: u.username, passphrase: temporaryOf(u) });
  await call(engine, 'session.changePassphrase', { current: temporaryOf(u), next: u.passphrase });
}
const userOf = async (engine: Engine, username: string) => (await call(engine, 'users.list', {})).find((u) => u.username === username)!;

describe('nobody grants roles to themselves', () => {
  it('refuses any change of one’s own roles, adding or removing, and logs it as denied', async () => {
    const { engine } = await withWorkspace();
    for (const roles of [['admin', 'dpo'], ['admin', 'screener'], ['admin', 'supervisor'], ['dpo']] as const) {
      const err = await expectError(engine.invoke('users.update', { username: ADMIN.username, roles: [...roles] }), 'SEPARATION_OF_DUTIES');
      expect(err.details).toEqual({ rule: 'own-roles' });
    }
    // Naming one's own roles unchanged, or one's own display name, is no change of roles.
    expect((await call(engine, 'users.update', { username: ADMIN.username, roles: ['admin'], displayName: 'Anna A.' })).displayName).toBe('Anna A.');
    expect((await userOf(engine, ADMIN.username)).roles).toEqual(['admin']);
    await addStaff(engine, [DORA]);
    await login(engine, DORA);
    const { entries } = await call(engine, 'audit.list', { subject: ADMIN.username });
    const refused = entries.filter((e) => e.action === 'users.update' && e.user === ADMIN.username).reverse();
    expect(refused.map((e) => e.outcome)).toEqual(['denied', 'denied', 'denied', 'denied', 'ok']);
  });

  it('does not let the DPO approve a grant to themselves, nor an administrator a grant they asked for', async () => {
    const { engine } = await withWorkspace();
    await addStaff(engine, [DORA]); // Ida, the second administrator, approved Dora's dpo
    // Ida asks for admin for Dora; Dora may not approve it, nor may Ida.
    await login(engine, SECOND_ADMIN);
    const asked = await call(engine, 'users.update', { username: DORA.username, roles: ['dpo', 'admin'] });
    expect(asked).toMatchObject({ roles: ['dpo'], pendingRoles: ['admin'] });
    const [grant] = await call(engine, 'users.grants', {});
    expect(grant).toMatchObject({ username: DORA.username, role: 'admin', requestedBy: SECOND_ADMIN.username, mayApprove: false, mayDecline: true });
    expect((await expectError(engine.invoke('users.approveGrant', { id: grant!.id }), 'SEPARATION_OF_DUTIES')).details).toEqual({ rule: 'own-request' });
    await login(engine, DORA);
    expect((await call(engine, 'users.grants', {}))[0]).toMatchObject({ mayApprove: false, mayDecline: false });
    expect((await expectError(engine.invoke('users.approveGrant', { id: grant!.id }), 'SEPARATION_OF_DUTIES')).details).toEqual({ rule: 'own-grant' });
    await expectError(engine.invoke('users.declineGrant', { id: grant!.id }), 'SEPARATION_OF_DUTIES');
    // Anna, who neither asked nor would get it, may.
    await login(engine, ADMIN);
    expect(await call(engine, 'users.approveGrant', { id: grant!.id })).toMatchObject({ roles: ['dpo', 'admin'], pendingRoles: [] });
  });
});

describe('two people grant dpo, supervisor and admin', () => {
  it('keeps a DPO grant pending until a second administrator approves; the single administrator must first add one', async () => {
    const { engine } = await withWorkspace();
    // One administrator, no DPO: the DPO grant waits, and the administrator cannot approve it.
    await call(engine, 'users.add', { ...DORA, passphrase: temporaryOf(DORA) });
    expect(await userOf(engine, DORA.username)).toMatchObject({ roles: [], pendingRoles: ['dpo'] });
    const [grant] = await call(engine, 'users.grants', {});
    expect(grant).toMatchObject({ username: DORA.username, displayName: DORA.displayName, role: 'dpo', requestedBy: ADMIN.username, mayApprove: false, mayDecline: true });
    await expectError(engine.invoke('users.approveGrant', { id: grant!.id }), 'SEPARATION_OF_DUTIES');
    // Dora cannot act as DPO meanwhile.
    await firstLogin(engine, DORA);
    await expectError(engine.invoke('audit.list', {}), 'FORBIDDEN');

    // The start: the only administrator, with no DPO, adds a second administrator at once.
    await login(engine, ADMIN);
    expect(await call(engine, 'users.add', { ...SECOND_ADMIN, passphrase: temporaryOf(SECOND_ADMIN) })).toMatchObject({ roles: ['admin'], pendingRoles: [] });
    await firstLogin(engine, SECOND_ADMIN);
    expect((await call(engine, 'users.grants', {}))[0]).toMatchObject({ id: grant!.id, mayApprove: true });
    expect(await call(engine, 'users.approveGrant', { id: grant!.id })).toMatchObject({ roles: ['dpo'], pendingRoles: [] });
    expect(await call(engine, 'users.grants', {})).toEqual([]);
    await expectError(engine.invoke('users.approveGrant', { id: grant!.id }), 'NOT_FOUND'); // decided once

    // Both steps are in the log, with who asked, who approved and which role.
    await login(engine, DORA);
    const { entries } = await call(engine, 'audit.list', { subject: DORA.username });
    const steps = entries.filter((e) => ['users.add', 'users.approveGrant'].includes(e.action)).reverse();
    expect(steps.map((e) => [e.action, e.user, e.outcome, JSON.parse(e.detail || '{}')])).toEqual([
      ['users.add', ADMIN.username, 'ok', { asked: ['dpo'] }],
      ['users.approveGrant', ADMIN.username, 'denied', { error: 'SEPARATION_OF_DUTIES', grant: grant!.id, role: 'dpo', requestedBy: ADMIN.username, decision: 'approved' }],
      ['users.approveGrant', SECOND_ADMIN.username, 'ok', { grant: grant!.id, role: 'dpo', requestedBy: ADMIN.username, decision: 'approved' }],
    ]);
  });

  it('once there is a second person, grants of admin and supervisor wait too; a DPO may approve them', async () => {
    const { engine } = await withWorkspace();
    await addStaff(engine, [DORA, SARA]);
    await call(engine, 'users.add', { ...GUS, passphrase: temporaryOf(GUS) });
    const given = await call(engine, 'users.update', { username: SARA.username, roles: ['screener', 'admin'] });
    expect(given).toMatchObject({ roles: ['screener'], pendingRoles: ['admin'] });
    expect(await userOf(engine, GUS.username)).toMatchObject({ roles: [], pendingRoles: ['supervisor'] });
    // A screener role is work, not oversight: given at once.
    await call(engine, 'users.update', { username: GUS.username, roles: ['supervisor', 'screener'] });
    expect(await userOf(engine, GUS.username)).toMatchObject({ roles: ['screener'], pendingRoles: ['supervisor'] });
    await login(engine, DORA);
    for (const g of await call(engine, 'users.grants', {})) {
      expect(g.mayApprove).toBe(true);
      await call(engine, 'users.approveGrant', { id: g.id });
    }
    await login(engine, ADMIN);
    expect(await userOf(engine, SARA.username)).toMatchObject({ roles: ['screener', 'admin'], pendingRoles: [] });
    expect(await userOf(engine, GUS.username)).toMatchObject({ roles: ['screener', 'supervisor'], pendingRoles: [] });
  });

  it('declines, withdraws, and withdraws what the roles asked for leave out; the DPO reads each decision', async () => {
    const { engine } = await withWorkspace();
    await addStaff(engine, [DORA, SARA]);
    await call(engine, 'users.update', { username: SARA.username, roles: ['screener', 'supervisor'] });
    await login(engine, SECOND_ADMIN);
    const [first] = await call(engine, 'users.grants', {});
    expect(await call(engine, 'users.declineGrant', { id: first!.id })).toMatchObject({ roles: ['screener'], pendingRoles: [] });
    await login(engine, ADMIN);
    await call(engine, 'users.update', { username: SARA.username, roles: ['screener', 'supervisor'] });
    const [second] = await call(engine, 'users.grants', {});
    await call(engine, 'users.declineGrant', { id: second!.id }); // the one who asked withdraws it
    await call(engine, 'users.update', { username: SARA.username, roles: ['screener', 'dpo'] });
    expect(await call(engine, 'users.update', { username: SARA.username, roles: ['screener'] })).toMatchObject({ roles: ['screener'], pendingRoles: [] });
    expect(await call(engine, 'users.grants', {})).toEqual([]);
    await expectError(engine.invoke('users.declineGrant', { id: 999 }), 'NOT_FOUND');

    await login(engine, DORA);
    const { entries } = await call(engine, 'audit.list', { subject: SARA.username });
    const decisions = entries.filter((e) => e.action.startsWith('users.') && e.detail).reverse().slice(-6);
    expect(decisions.map((e) => [e.action, e.user, JSON.parse(e.detail)])).toEqual([
      ['users.update', ADMIN.username, { asked: ['supervisor'] }],
      ['users.declineGrant', SECOND_ADMIN.username, { grant: first!.id, role: 'supervisor', requestedBy: ADMIN.username, decision: 'declined' }],
      ['users.update', ADMIN.username, { asked: ['supervisor'] }],
      ['users.declineGrant', ADMIN.username, { grant: second!.id, role: 'supervisor', requestedBy: ADMIN.username, decision: 'withdrawn' }],
      ['users.update', ADMIN.username, { asked: ['dpo'] }],
      ['users.update', ADMIN.username, { withdrawn: ['dpo'] }],
    ]);
  });
});

describe('the DPO stays', () => {
  it('refuses to remove the last DPO, by role or by disabling, until a successor is approved', async () => {
    const { engine } = await withWorkspace();
    await addStaff(engine, [DORA]);
    await expectError(engine.invoke('users.update', { username: DORA.username, roles: ['screener'] }), 'LAST_DPO');
    await expectError(engine.invoke('users.disable', { username: DORA.username }), 'LAST_DPO');
    const successor: StaffUser = { username: 'dan.dpo', displayName: 'Dan DPO', roles: ['dpo'], passphrase: 'efterfølgerens sætning' };
    await addStaff(engine, [successor]);
    expect((await call(engine, 'users.disable', { username: DORA.username })).disabled).toBe(true);
    await expectError(engine.invoke('users.update', { username: successor.username, roles: ['screener'] }), 'LAST_DPO');
  });
});

describe('workspaces made by the engine itself', () => {
  it('the demo workspace’s users hold their roles from setup, with nothing pending', async () => {
    const { engine } = await demoWorkspace();
    await login(engine, DEMO.admin);
    const users = await call(engine, 'users.list', {});
    expect(users.map((u) => [u.username, u.roles, u.pendingRoles])).toEqual([
      ['demo.admin', ['admin'], []],
      ['demo.dpo', ['dpo'], []],
      ['demo.godkender', ['supervisor'], []],
      ['demo.udsoeger', ['screener'], []],
    ]);
    // And the demo's DPO is a second person: a supervisor grant asked by the administrator, approved by the DPO.
    await call(engine, 'users.update', { username: DEMO.screener.username, roles: ['screener', 'supervisor'] });
    await login(engine, DEMO.dpo);
    const [g] = await call(engine, 'users.grants', {});
    expect((await call(engine, 'users.approveGrant', { id: g!.id })).roles).toEqual(['screener', 'supervisor']);
  });
});
