/**
 * What a change can make stale: for each method that changes state, the domains whose reads may
 * answer differently afterwards. The engine pushes a `changed` event naming the method after each
 * successful call that changed something (a method marked `mutates`, or one whose change rides in
 * its journal record, like `rounds.decide`); the renderer's query layer then refreshes exactly the
 * reads of these domains. A read's domain is the first part of its method name (`rounds.list` →
 * `rounds`).
 *
 * The compiler insists on an entry for every method marked `mutates` and every one named in
 * `JournalledMethod` (a unit test checks that the engine reports exactly those). A change the
 * renderer finds no entry for refreshes everything. Listing a domain too many costs a read; one
 * too few shows a stale screen, so when in doubt, list it.
 */
import type { MethodName, Methods } from './index';

/** The domain of a method: the part of its name before the dot. */
export type Domain = MethodName extends infer M ? (M extends `${infer D}.${string}` ? D : never) : never;

/** Methods whose contract says they change what is saved in the workspace. */
export type MutatingMethod = { [M in MethodName]: Methods[M]['mutates'] extends true ? M : never }[MethodName];
/** Methods not marked `mutates` whose change rides in their journal record (a click never rewrites the workspace). */
export type JournalledMethod = 'rounds.decide';
/** Methods that change nothing: the only ones a screen may read through the query cache. */
export type ReadMethod = Exclude<MethodName, MutatingMethod | JournalledMethod>;

export const domainOf = (method: string): string => method.split('.')[0] ?? method;

/** Every read that depends on the list data of a municipality: its extracts and what came of them. */
const DATA: readonly Domain[] = ['import', 'catalogue', 'screening', 'criteria', 'runs', 'candidates', 'rounds', 'packets', 'consent', 'audit'];
/** A round moved on: its lists, what hangs on its state (packets, consent) and the runs it was made from. */
const ROUND: readonly Domain[] = ['rounds', 'runs', 'candidates', 'packets', 'consent', 'audit'];
/** Accounts and grants, shown with the security events they cause. */
const PEOPLE: readonly Domain[] = ['users', 'audit'];

/** Every domain: for a change that starts afresh (a new workspace). */
export const EVERYTHING = 'everything' as const;

/**
 * Every logged call adds to the access log, so `audit` stands in nearly every entry: the log
 * screen is the only reader, and it should show the entry a change just wrote.
 */
export const CHANGES: { readonly [M in MutatingMethod | JournalledMethod]: readonly Domain[] | typeof EVERYTHING } = {
  'workspace.create': EVERYTHING,
  'session.changePassphrase': PEOPLE,
  'users.add': PEOPLE,
  'users.update': PEOPLE,
  'users.disable': PEOPLE,
  'users.resetPassphrase': PEOPLE,
  'users.unlock': PEOPLE,
  'users.approveGrant': PEOPLE,
  'users.declineGrant': PEOPLE,
  'settings.update': ['settings', 'packets', 'consent', 'audit'],
  'audit.setWitness': ['audit'],
  'import.file': DATA,
  'import.files': DATA,
  'catalogue.update': ['catalogue', 'screening', 'criteria', 'runs', 'audit'],
  'criteria.save': ['criteria', 'screening', 'audit'],
  'runs.create': ['runs', 'rounds', 'audit'],
  'rounds.create': ROUND,
  // Not marked `mutates` (the decision rides in the journal), but it changes the round.
  'rounds.decide': ROUND,
  'rounds.submit': ROUND,
  'rounds.approve': ROUND,
  'rounds.return': ROUND,
  'recipients.register': ['recipients', 'packets', 'audit'],
  'recipients.remove': ['recipients', 'packets', 'audit'],
  'packets.setPlainAnswers': ['packets', 'settings', 'audit'],
  'packets.export': ['packets', 'rounds', 'consent', 'audit'],
  'packets.importAnswers': ['packets', 'rounds', 'consent', 'audit'],
  'packets.decideUnsure': ['packets', 'consent', 'rounds', 'audit'],
  'notices.export': ['consent', 'packets', 'audit'],
  'consent.record': ['consent', 'packets', 'rounds', 'audit'],
  'overview.export': ['consent', 'audit'],
};

/** The domains a change by `method` can make stale, or everything when the method is not listed. */
export function staleAfter(method: string): ReadonlySet<string> | typeof EVERYTHING {
  const entry = (CHANGES as Partial<Record<string, readonly Domain[] | typeof EVERYTHING>>)[method];
  return entry === undefined || entry === EVERYTHING ? EVERYTHING : new Set(entry);
}
