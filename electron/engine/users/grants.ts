/**
 * Separation of duties for roles. Nobody changes their own roles. Admin, supervisor and dpo are
 * granted by two people: one administrator asks (a pending grant), and another administrator or a
 * DPO — never the one who asked, never the one who would get the role — approves. Only then is
 * the role given. The workspace's start is the one exception: with a single administrator and no
 * DPO nobody else could ever approve, so that administrator's grant of admin to a second account
 * takes effect at once; from then on there is a second person.
 */
import type { Database } from 'sql.js';
import { SECOND_PERSON_ROLES, type Role } from '../../../shared/roles';
import { RoleSchema, type RoleGrant } from '../../../shared/schemas';
import { all, one, type Row } from '../base/database';
import { EngineError } from '../base/errors';
import { assertAnotherAdmin, getUser, listUsers, pendingRolesOf, updateUser, type UserRecord } from './users';

export interface GrantRow {
  id: number;
  username: string;
  role: Role;
  requestedBy: string;
  requestedAt: string;
}

const toGrant = (r: Row): GrantRow => ({
  id: Number(r.id),
  username: String(r.username),
  role: RoleSchema.parse(r.role),
  requestedBy: String(r.requested_by),
  requestedAt: String(r.requested_at),
});

export const pendingGrants = (db: Database): GrantRow[] => all(db, "SELECT * FROM role_grant WHERE status = 'pending' ORDER BY id").map(toGrant);

export function getPendingGrant(db: Database, id: number): GrantRow {
  const r = one(db, "SELECT * FROM role_grant WHERE id = ? AND status = 'pending'", [id]);
  if (!r) throw new EngineError('NOT_FOUND', 'No pending grant with that id');
  return toGrant(r);
}

const enabledWith = (db: Database, role: Role) => listUsers(db).filter((u) => !u.disabled && u.roles.includes(role));

/** Does granting `role` need a second person's approval, when `requester` asks for it? */
export function needsSecondPerson(db: Database, role: Role, requester: string): boolean {
  if (!SECOND_PERSON_ROLES.includes(role)) return false;
  if (role !== 'admin') return true;
  // The start: the requester is the only administrator and there is no DPO, so nobody could approve.
  const admins = enabledWith(db, 'admin');
  const start = admins.length === 1 && admins[0]!.username === requester && enabledWith(db, 'dpo').length === 0;
  return !start;
}

export type SecondPersonRule = 'own-roles' | 'own-request' | 'own-grant';

export function refuse(rule: SecondPersonRule, message: string): never {
  throw new EngineError('SEPARATION_OF_DUTIES', message, { rule });
}

/** What `caller` may do about a pending grant. */
export function mayDecide(g: GrantRow, caller: UserRecord): { mayApprove: boolean; mayDecline: boolean } {
  const approver = g.requestedBy !== caller.username && g.username !== caller.username && (caller.roles.includes('admin') || caller.roles.includes('dpo'));
  return { mayApprove: approver, mayDecline: approver || g.requestedBy === caller.username };
}

export function grantView(db: Database, g: GrantRow, caller: UserRecord): RoleGrant {
  return { ...g, displayName: getUser(db, g.username).displayName, ...mayDecide(g, caller) };
}

/** The workspace keeps its DPO once it has one: the last enabled DPO cannot lose the role or be disabled. */
export function assertAnotherDpo(db: Database, username: string): void {
  const others = enabledWith(db, 'dpo').filter((u) => u.username !== username);
  if (!others.length) throw new EngineError('LAST_DPO', 'This is the last enabled DPO; appoint the successor first');
}

/** What a change of roles did, for the log entry's detail and the caller. */
export interface RoleChange {
  given: Role[];
  asked: Role[];
  removed: Role[];
  withdrawn: Role[];
}

/**
 * Sets the roles `target` should have, as `caller` asks: removals at once (guarding the last
 * administrator and DPO), additions at once or as pending grants, pending grants for roles left
 * out withdrawn. `target` is the account before the change (null for a new account).
 */
export function applyRoles(db: Database, target: UserRecord, wanted: readonly Role[], caller: UserRecord, now: string): RoleChange {
  const desired = [...new Set(wanted)];
  const current = target.roles;
  const removed = current.filter((r) => !desired.includes(r));
  const added = desired.filter((r) => !current.includes(r));
  if (target.username === caller.username && (removed.length || added.length)) refuse('own-roles', 'You cannot change your own roles');
  if (removed.includes('admin') && !target.disabled) assertAnotherAdmin(db, target.username);
  if (removed.includes('dpo') && !target.disabled) assertAnotherDpo(db, target.username);
  const asked = added.filter((r) => needsSecondPerson(db, r, caller.username));
  const given = added.filter((r) => !asked.includes(r));
  updateUser(db, target.username, { roles: [...current.filter((r) => !removed.includes(r)), ...given] });
  const pending = pendingRolesOf(db, target.username);
  const withdrawn = pending.filter((r) => !desired.includes(r));
  for (const r of withdrawn) decide(db, target.username, r, 'withdrawn', caller.username, now);
  for (const r of asked.filter((x) => !pending.includes(x))) {
    db.run('INSERT INTO role_grant (username, role, requested_by, requested_at) VALUES (?, ?, ?, ?)', [target.username, r, caller.username, now]);
  }
  return { given, asked, removed, withdrawn };
}

function decide(db: Database, username: string, role: Role, status: 'approved' | 'declined' | 'withdrawn', by: string, at: string): void {
  db.run("UPDATE role_grant SET status = ?, decided_by = ?, decided_at = ? WHERE username = ? AND role = ? AND status = 'pending'", [status, by, at, username, role]);
}

/** The second person's approval: the role is given now. */
export function approveGrant(db: Database, g: GrantRow, caller: UserRecord, now: string): void {
  if (g.requestedBy === caller.username) refuse('own-request', 'A grant you asked for needs another person to approve it');
  if (g.username === caller.username) refuse('own-grant', 'You cannot approve a role for yourself');
  const target = getUser(db, g.username);
  if (!target.roles.includes(g.role)) updateUser(db, g.username, { roles: [...target.roles, g.role] });
  decide(db, g.username, g.role, 'approved', caller.username, now);
}

/** Declined by one who may approve it, or withdrawn by the one who asked. */
export function declineGrant(db: Database, g: GrantRow, caller: UserRecord, now: string): void {
  if (!mayDecide(g, caller).mayDecline) refuse('own-grant', 'You cannot decide a role for yourself');
  decide(db, g.username, g.role, g.requestedBy === caller.username ? 'withdrawn' : 'declined', caller.username, now);
}
