/**
 * What the logged-in user may do, asked of the contract's one permission map. Screens use it for
 * controls that only some of their users may use (the engine refuses the call regardless).
 */
import { canCall, type MethodName } from '../../shared/contract';
import { useUi } from './store';

export function useCan(): (method: MethodName) => boolean {
  const roles = useUi((s) => s.status?.session?.roles ?? null);
  return (method) => canCall(roles, method);
}
