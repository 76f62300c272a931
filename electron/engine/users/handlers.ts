/**
 * Administrators manage staff accounts; roles that need a second person go through grants.ts.
 * Key-slot changes are applied only once the log entry is written.
 */
import { checkPassphrase } from './passphrase-policy';
import { applyRoles, approveGrant, assertAnotherDpo, declineGrant, getPendingGrant, grantView, pendingGrants, type RoleChange } from './grants';
import { assertAnotherAdmin, getUser, insertUser, listUsers, summarise, updateUser } from './users';
import { EngineError } from '../base/errors';
import { newUserSlot, recipientOf, setRecipient, type OpenWorkspace } from '../base/workspace/store';
import type { Ctx, Handlers } from '../base/context';

/** The log entry says which roles a call gave, asked for, took away and withdrew (roles only). */
/** The account's failed-login records go (an unlock, a reset): its lockout starts again from none. */
const clearFailures = (ws: OpenWorkspace, username: string) => {
  ws.failures = { ...ws.failures, failed: ws.failures.failed.filter((f) => f.username !== username) };
};

const logRoles = (ctx: Ctx, change: RoleChange) =>
  ctx.detail(Object.fromEntries(Object.entries(change).filter(([, roles]) => (roles as unknown[]).length)));

export const userHandlers = {
  'users.list': async (ctx) => {
    const { ws } = ctx.session();
    ctx.subject('user', '*');
    return listUsers(ws.db).map((u) => summarise(ws.db, u, ws.failures.failed));
  },

  'users.names': async (ctx) => listUsers(ctx.session().ws.db).map((u) => ({ username: u.username, displayName: u.displayName })),

  'users.add': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('user', input.username);
    checkPassphrase(input.passphrase, input.username);
    const now = ctx.deps.now().toISOString();
    insertUser(s.ws.db, { ...input, roles: [], createdBy: s.user.username, createdAt: now });
    logRoles(ctx, applyRoles(s.ws.db, getUser(s.ws.db, input.username), input.roles, s.user, now));
    const slot = await newUserSlot(ctx.deps, s.ws.header, s.ws.macKey, input.username, input.passphrase);
    setRecipient(s.ws.db, input.username, slot.recipient); // saves go to the users in the database, never to the header's list
    ctx.afterCommit(() => {
      s.ws.header.slots.push(slot);
    });
    return { ...summarise(s.ws.db, getUser(s.ws.db, input.username), s.ws.failures.failed), locked: false, failedAttempts: 0 };
  },

  'users.update': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('user', input.username);
    const u = getUser(s.ws.db, input.username);
    if (input.displayName !== undefined) updateUser(s.ws.db, u.username, { displayName: input.displayName });
    if (input.roles) logRoles(ctx, applyRoles(s.ws.db, u, input.roles, s.user, ctx.deps.now().toISOString()));
    const updated = getUser(s.ws.db, u.username);
    if (u.username === s.user.username) ctx.afterCommit(() => void (s.user = updated));
    return summarise(s.ws.db, updated, s.ws.failures.failed);
  },

  'users.disable': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('user', input.username);
    const u = getUser(s.ws.db, input.username);
    if (u.username === s.user.username) throw new EngineError('VALIDATION', 'You cannot disable your own account');
    if (u.roles.includes('admin')) assertAnotherAdmin(s.ws.db, u.username);
    if (u.roles.includes('dpo')) assertAnotherDpo(s.ws.db, u.username);
    updateUser(s.ws.db, u.username, { disabled: true });
    // A version 3 slot's id names no one: the slot is the one carrying the account's recipient.
    const recipient = recipientOf(s.ws.db, u.username);
    ctx.afterCommit(() => {
      s.ws.header.slots = s.ws.header.slots.filter((x) => x.recipient !== recipient);
    });
    return { ...summarise(s.ws.db, getUser(s.ws.db, u.username), s.ws.failures.failed), locked: false, failedAttempts: 0 };
  },

  'users.resetPassphrase': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('user', input.username);
    const u = getUser(s.ws.db, input.username);
    checkPassphrase(input.passphrase, u.username);
    const old = recipientOf(s.ws.db, u.username);
    const slot = await newUserSlot(ctx.deps, s.ws.header, s.ws.macKey, u.username, input.passphrase);
    setRecipient(s.ws.db, u.username, slot.recipient);
    // The person must choose their own passphrase at the next login; the admin's is temporary.
    updateUser(s.ws.db, u.username, { disabled: false, mustChange: u.username !== s.user.username });
    ctx.afterCommit(() => {
      s.ws.header.slots = [...s.ws.header.slots.filter((x) => x.recipient !== old), slot];
      clearFailures(s.ws, u.username);
    });
    return { ...summarise(s.ws.db, getUser(s.ws.db, u.username), s.ws.failures.failed), locked: false, failedAttempts: 0 };
  },

  'users.unlock': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('user', input.username);
    const u = getUser(s.ws.db, input.username);
    ctx.afterCommit(() => clearFailures(s.ws, u.username));
    return { ...summarise(s.ws.db, u, s.ws.failures.failed), locked: false, failedAttempts: 0 };
  },

  'users.grants': async (ctx) => {
    const s = ctx.session();
    ctx.subject('user', '*');
    return pendingGrants(s.ws.db).map((g) => grantView(s.ws.db, g, s.user));
  },

  'users.approveGrant': async (ctx, input) => {
    const s = ctx.session();
    const g = getPendingGrant(s.ws.db, input.id);
    ctx.subject('user', g.username);
    ctx.detail({ grant: g.id, role: g.role, requestedBy: g.requestedBy, decision: 'approved' });
    approveGrant(s.ws.db, g, s.user, ctx.deps.now().toISOString());
    return summarise(s.ws.db, getUser(s.ws.db, g.username), s.ws.failures.failed);
  },

  'users.declineGrant': async (ctx, input) => {
    const s = ctx.session();
    const g = getPendingGrant(s.ws.db, input.id);
    ctx.subject('user', g.username);
    const decision = g.requestedBy === s.user.username ? 'withdrawn' : 'declined';
    ctx.detail({ grant: g.id, role: g.role, requestedBy: g.requestedBy, decision });
    declineGrant(s.ws.db, g, s.user, ctx.deps.now().toISOString());
    return summarise(s.ws.db, getUser(s.ws.db, g.username), s.ws.failures.failed);
  },
} satisfies Partial<Handlers>;
