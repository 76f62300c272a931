/** The four roles of the trial. A user may hold several. */
export const ROLES = ['screener', 'supervisor', 'dpo', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
