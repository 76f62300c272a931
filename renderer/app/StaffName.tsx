/**
 * Colleagues by name: who imported a file, made a list, recorded a step. The engine stores logins
 * (the access log's precise identity); screens show the display name, with the login in the
 * tooltip, as the header does for the user themselves. A login no account has (the system, an
 * account from before) is shown as it is.
 */
import { useCallback } from 'react';
import { useQuery } from '../api/client';

type Names = readonly { username: string; displayName: string }[];
const NONE: Names = [];

/** One map per answer, shared by every cell that shows a name (a log page has hundreds). */
const maps = new WeakMap<Names, ReadonlyMap<string, string>>();
function byLogin(names: Names): ReadonlyMap<string, string> {
  let m = maps.get(names);
  if (!m) maps.set(names, (m = new Map(names.map((u) => [u.username, u.displayName]))));
  return m;
}

/** A function from login to display name, once the names have come (the login until then). */
export function useStaffNames(): (username: string) => string {
  const names = byLogin(useQuery('users.names', {}).data ?? NONE);
  return useCallback((username: string) => names.get(username) ?? username, [names]);
}

/** One colleague's display name, the login on hover. */
export function StaffName({ username }: { username: string }) {
  const name = useStaffNames();
  return <span title={username}>{name(username)}</span>;
}
