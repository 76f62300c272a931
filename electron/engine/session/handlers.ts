/** Status, first-run setup, login, logout, lock and one's own passphrase. */
import type { Role } from '../../../shared/roles';
import { RoleSchema, type SessionInfo } from '../../../shared/schemas';
import { logFailedLogins } from './failed-logins';
import { checkPassphrase } from '../users/passphrase-policy';
import { findUser, getUser, updateUser, type UserRecord } from '../users/users';
import { openSlot, slotIdFor } from '../base/crypto/keyslot';
import { getMeta } from '../base/database';
import { EngineError } from '../base/errors';
import { closeWorkspace, createWorkspace, newUserSlot, openWorkspace, peekHeader, workspaceExists, type OpenWorkspace } from '../base/workspace/store';
import type { Ctx, Handlers } from '../base/context';

export function sessionInfo(ws: OpenWorkspace, u: UserRecord): SessionInfo {
  return {
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    mustChangePassphrase: u.mustChangePassphrase,
    idleMinutes: Number(getMeta(ws.db, 'idle_minutes') ?? 15),
  };
}

/** Entries about what opening the workspace found: anyone's failed logins since, a damaged journal. */
async function logWhatOpeningFound(ctx: Ctx, ws: OpenWorkspace, user: UserRecord): Promise<void> {
  const base = { user: user.username, role: 'system', purpose: 'adgangskontrol' } as const;
  // The header's counters changed, so it must be saved even if nothing else is.
  if (await logFailedLogins(ws, user)) ctx.markDirty();
  const j = ws.journalReport;
  if (j.damaged || j.torn || j.rejected > 0) {
    const what = j.damaged ? 'damaged' : j.torn ? 'torn' : 'rejected-entries';
    await ws.audit.append({ ...base, action: `audit.journal.${what}`, subjectKind: 'log', subject: `replayed ${j.replayed}, rejected ${j.rejected}`, outcome: 'error' });
    ctx.markDirty();
  }
}

export const sessionHandlers = {
  'app.status': async (ctx) => {
    const s = ctx.state.session;
    if (s) {
      return {
        workspaceExists: true,
        unitName: s.ws.header.unitName,
        demo: s.ws.header.demo,
        session: sessionInfo(s.ws, s.user),
        demoUsers: [],
        endedBecause: null,
      };
    }
    const exists = await workspaceExists(ctx.deps);
    let unitName: string | null = null;
    let demo = false;
    let demoUsers: { username: string; passphrase: string; roles: Role[] }[] = [];
    const header = exists ? await peekHeader(ctx.deps) : null;
    if (header) {
      unitName = header.unitName;
      demo = header.demo;
      if (demo) demoUsers = (header.demoUsers ?? []).map((u) => ({ ...u, roles: RoleSchema.array().parse(u.roles) }));
    }
    return { workspaceExists: exists, unitName, demo, session: null, demoUsers, endedBecause: ctx.state.endedBecause };
  },

  'workspace.create': async (ctx, input) => {
    if (ctx.state.session) throw new EngineError('WORKSPACE_EXISTS', 'A workspace is open');
    checkPassphrase(input.admin.passphrase, input.admin.username);
    const ws = await createWorkspace(ctx.deps, { unitName: input.unitName, demo: false, admin: input.admin });
    const user = getUser(ws.db, input.admin.username);
    ctx.beginSession(ws, user);
    ctx.subject('workspace', input.unitName);
    return sessionInfo(ws, user);
  },

  'session.login': async (ctx, input) => {
    if (ctx.state.session) await ctx.endSession('logout');
    const ws = await openWorkspace(ctx.deps, input.username, input.passphrase);
    try {
      const user = findUser(ws.db, input.username);
      if (!user) throw new EngineError('WRONG_CREDENTIALS', 'Unknown user or wrong passphrase');
      if (user.disabled) throw new EngineError('ACCOUNT_DISABLED', 'The account is disabled');
      await logWhatOpeningFound(ctx, ws, user);
      ctx.beginSession(ws, user);
      ctx.subject('user', user.username);
      return sessionInfo(ws, user);
    } catch (err) {
      closeWorkspace(ws);
      throw err;
    }
  },

  'session.logout': async (ctx) => {
    ctx.afterCommit(() => ctx.endSession('logout'));
    return {};
  },

  'session.lock': async (ctx) => {
    ctx.afterCommit(() => ctx.endSession('manual'));
    return {};
  },

  'session.touch': async () => ({}),

  'session.changePassphrase': async (ctx, input) => {
    const s = ctx.session();
    const { header } = s.ws;
    ctx.subject('user', s.user.username);
    const i = header.slots.findIndex((x) => x.slotId === slotIdFor(header.workspaceId, s.user.username));
    if (i < 0 || (await openSlot(header.workspaceId, header.slots[i]!, input.current)) === null) {
      throw new EngineError('WRONG_CREDENTIALS', 'The current passphrase is wrong');
    }
    checkPassphrase(input.next, s.user.username);
    const slot = await newUserSlot(ctx.deps, header.workspaceId, s.user.username, input.next);
    updateUser(s.ws.db, s.user.username, { mustChange: false });
    ctx.afterCommit(() => {
      header.slots[i] = slot;
      s.user = getUser(s.ws.db, s.user.username);
    });
    return { ...sessionInfo(s.ws, s.user), mustChangePassphrase: false };
  },
} satisfies Partial<Handlers>;
