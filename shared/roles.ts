/** The four roles of the trial. A user may hold several. */
export const ROLES = ['screener', 'supervisor', 'dpo', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles that one administrator alone cannot grant: the grant waits until another administrator
 * (not the one who asked) or a DPO approves it. The exception is the workspace's start: while it
 * has one administrator and no DPO, nobody else could approve, so a second administrator is
 * granted at once (and that one then approves the first DPO and supervisors).
 */
export const SECOND_PERSON_ROLES: readonly Role[] = ['admin', 'supervisor', 'dpo'];

/**
 * Who may call a method:
 * - 'public': before login (status, first-run setup, login itself);
 * - 'session': any logged-in user, whatever their roles;
 * - a list of roles: a logged-in user holding at least one of them.
 */
export type Access = 'public' | 'session' | readonly Role[];

/** The role a call is made in: the first of the user's roles that the method allows. */
export function roleFor(access: Access, userRoles: readonly Role[]): Role | 'user' | null {
  if (access === 'public' || access === 'session') return userRoles[0] ?? 'user';
  return userRoles.find((r) => access.includes(r)) ?? null;
}
