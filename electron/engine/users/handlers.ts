/** Administrators manage staff accounts. Key-slot changes are applied only once the log entry is written. */
import { checkPassphrase } from './passphrase-policy';
import { assertAnotherAdmin, getUser, insertUser, listUsers, summarise, updateUser } from './users';
import { slotIdFor } from '../base/crypto/keyslot';
import { EngineError } from '../base/errors';
import { newUserSlot, setRecipient } from '../base/workspace/store';
import type { Handlers } from '../base/context';

export const userHandlers = {
  'users.list': async (ctx) => {
    const { ws } = ctx.session();
    ctx.subject('user', '*');
    return listUsers(ws.db).map((u) => summarise(u, ws.header));
  },

  'users.add': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('user', input.username);
    checkPassphrase(input.passphrase, input.username);
    insertUser(s.ws.db, { ...input, createdBy: s.user.username, createdAt: ctx.deps.now().toISOString() });
    const slot = await newUserSlot(ctx.deps, s.ws.header.workspaceId, s.ws.macKey, input.username, input.passphrase);
    setRecipient(s.ws.db, input.username, slot.recipient); // saves go to the users in the database, never to the header's list
    ctx.afterCommit(() => {
      s.ws.header.slots.push(slot);
    });
    return { ...summarise(getUser(s.ws.db, input.username), s.ws.header), locked: false, failedAttempts: 0 };
  },

  'users.update': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('user', input.username);
    const u = getUser(s.ws.db, input.username);
    if (input.roles && u.roles.includes('admin') && !input.roles.includes('admin')) assertAnotherAdmin(s.ws.db, u.username);
    updateUser(s.ws.db, u.username, { displayName: input.displayName, roles: input.roles });
    const updated = getUser(s.ws.db, u.username);
    if (u.username === s.user.username) ctx.afterCommit(() => void (s.user = updated));
    return summarise(updated, s.ws.header);
  },

  'users.disable': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('user', input.username);
    const u = getUser(s.ws.db, input.username);
    if (u.username === s.user.username) throw new EngineError('VALIDATION', 'You cannot disable your own account');
    if (u.roles.includes('admin')) assertAnotherAdmin(s.ws.db, u.username);
    updateUser(s.ws.db, u.username, { disabled: true });
    const id = slotIdFor(s.ws.header.workspaceId, u.username);
    ctx.afterCommit(() => {
      s.ws.header.slots = s.ws.header.slots.filter((x) => x.slotId !== id);
    });
    return { ...summarise(getUser(s.ws.db, u.username), s.ws.header), locked: false, failedAttempts: 0 };
  },

  'users.resetPassphrase': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('user', input.username);
    const u = getUser(s.ws.db, input.username);
    checkPassphrase(input.passphrase, u.username);
    const slot = await newUserSlot(ctx.deps, s.ws.header.workspaceId, s.ws.macKey, u.username, input.passphrase);
    setRecipient(s.ws.db, u.username, slot.recipient);
    // The person must choose their own passphrase at the next login; the admin's is temporary.
    updateUser(s.ws.db, u.username, { disabled: false, mustChange: u.username !== s.user.username });
    ctx.afterCommit(() => {
      s.ws.header.slots = [...s.ws.header.slots.filter((x) => x.slotId !== slot.slotId), slot];
    });
    return { ...summarise(getUser(s.ws.db, u.username), s.ws.header), locked: false, failedAttempts: 0 };
  },

  'users.unlock': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('user', input.username);
    const u = getUser(s.ws.db, input.username);
    const slot = s.ws.header.slots.find((x) => x.slotId === slotIdFor(s.ws.header.workspaceId, u.username));
    ctx.afterCommit(() => {
      if (slot) Object.assign(slot, { failedAttempts: 0, failedReported: 0, locked: false });
    });
    return { ...summarise(u, s.ws.header), locked: false, failedAttempts: 0 };
  },
} satisfies Partial<Handlers>;
