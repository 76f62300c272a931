/** Staff accounts: rows in the database, key slots and failed-login records in the workspace header. */
import type { Database } from 'sql.js';
import { RoleSchema } from '../../../shared/schemas';
import type { Role } from '../../../shared/roles';
import type { UserSummary } from '../../../shared/schemas';
import type { FailedLogin } from '../base/crypto/failure-seal';
import { all, one, type Row } from '../base/database';
import { EngineError } from '../base/errors';
import { MAX_FAILED_LOGINS } from '../base/workspace/login';
import type { UserRecord } from '../base/context';

export type { UserRecord };

const toRecord = (r: Row): UserRecord => ({
  id: Number(r.id),
  username: String(r.username),
  displayName: String(r.display_name),
  roles: RoleSchema.array().parse(JSON.parse(String(r.roles))),
  mustChangePassphrase: r.must_change === 1,
  disabled: r.disabled === 1,
  createdAt: String(r.created_at),
  createdBy: r.created_by === null ? null : String(r.created_by),
});

export function findUser(db: Database, username: string): UserRecord | undefined {
  const r = one(db, 'SELECT * FROM users WHERE username = ?', [username]);
  return r ? toRecord(r) : undefined;
}

export function getUser(db: Database, username: string): UserRecord {
  const u = findUser(db, username);
  if (!u) throw new EngineError('USER_NOT_FOUND', `No user named ${username}`);
  return u;
}

export function listUsers(db: Database): UserRecord[] {
  return all(db, 'SELECT * FROM users ORDER BY username').map(toRecord);
}

/** Roles asked for `username` that wait for a second person (role_grant, see grants.ts). */
export const pendingRolesOf = (db: Database, username: string): Role[] =>
  all(db, "SELECT role FROM role_grant WHERE status = 'pending' AND username = ? ORDER BY id", [username]).map((r) => RoleSchema.parse(r.role));

/** `failed`: the session's failed-login records (OpenWorkspace.failures), which hold each account's lockout. */
export function summarise(db: Database, u: UserRecord, failed: readonly FailedLogin[]): UserSummary {
  const failedAttempts = failed.filter((f) => f.username === u.username).length;
  return {
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    disabled: u.disabled,
    locked: failedAttempts >= MAX_FAILED_LOGINS,
    failedAttempts,
    mustChangePassphrase: u.mustChangePassphrase,
    createdAt: u.createdAt,
    createdBy: u.createdBy,
    pendingRoles: pendingRolesOf(db, u.username),
  };
}

export function insertUser(
  db: Database,
  u: { username: string; displayName: string; roles: Role[]; createdBy: string; createdAt: string },
): void {
  if (findUser(db, u.username)) throw new EngineError('USER_EXISTS', `A user named ${u.username} already exists`);
  db.run('INSERT INTO users (username, display_name, roles, created_at, created_by, must_change) VALUES (?, ?, ?, ?, ?, 1)', [
    u.username,
    u.displayName,
    JSON.stringify([...new Set(u.roles)]),
    u.createdAt,
    u.createdBy,
  ]);
}

export function updateUser(db: Database, username: string, patch: { displayName?: string; roles?: Role[]; disabled?: boolean; mustChange?: boolean }): void {
  const columns: [string, string | number | undefined][] = [
    ['display_name', patch.displayName],
    ['roles', patch.roles && JSON.stringify([...new Set(patch.roles)])],
    ['disabled', patch.disabled === undefined ? undefined : Number(patch.disabled)],
    ['must_change', patch.mustChange === undefined ? undefined : Number(patch.mustChange)],
  ];
  const given = columns.filter((c): c is [string, string | number] => c[1] !== undefined);
  const sets = given.map(([col]) => `${col} = ?`);
  const params = given.map(([, v]) => v);
  if (!sets.length) return;
  db.run(`UPDATE users SET ${sets.join(', ')} WHERE username = ?`, [...params, username]);
}

/** The workspace must always keep one enabled administrator, or nobody can manage it. */
export function assertAnotherAdmin(db: Database, username: string): void {
  const others = listUsers(db).filter((u) => u.username !== username && !u.disabled && u.roles.includes('admin'));
  if (!others.length) throw new EngineError('LAST_ADMIN', 'This is the last enabled administrator');
}
