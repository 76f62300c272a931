/**
 * Colleagues by name: who imported a file, made a list, recorded a step. The engine stores logins
 * (the access log's precise identity); screens show the display name, with the login in the
 * tooltip, as the header does for the user themselves. A login no account has (the system, an
 * account from before) is shown as it is.
 */
import { useCallback, useMemo } from 'react';
import { useQuery } from '../api/client';

/** A function from login to display name, once the names have come (the login until then). */
export function useStaffNames(): (username: string) => string {
  const names = useQuery('users.names', {});
  const byLogin = useMemo(() => new Map((names.data ?? []).map((u) => [u.username, u.displayName])), [names.data]);
  return useCallback((username: string) => byLogin.get(username) ?? username, [byLogin]);
}

/** One colleague's display name, the login on hover. */
export function StaffName({ username }: { username: string }) {
  const name = useStaffNames();
  return <span title={username}>{name(username)}</span>;
}
