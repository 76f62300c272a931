/** Runs: a saved criteria version run on the data now loaded, kept with its list, and compared. */
import { type Comparison, MAX_LIST } from '../../../shared/screening';
import type { Ctx, Handlers } from '../base/context';
import { checkReferences, getVersion } from '../screening/criteria-sets';
import { snapshotFor } from '../screening/handlers';
import { compareRuns, createRun, listRuns, loadRun, membersOf, runView } from './runs';

export const runsHandlers = {
  'runs.create': async (ctx, input) => {
    const s = ctx.session();
    const v = getVersion(s.ws.db, input.setId, input.version);
    checkReferences(s.ws.db, v.criteria); // versions saved before references were checked
    const run = createRun(s.ws.db, snapshotFor(ctx), v, s.user.username, ctx.deps.now().toISOString(), input.comment, MAX_LIST);
    ctx.subject('list', `run=${run.summary.id} set=${v.setId} version=${v.version} found=${run.summary.count} data=${run.summary.snapshot.id}`);
    // Everyone on the saved list: their data is now stored in the list.
    ctx.disclose(membersOf(run.candidates));
    return run.summary;
  },

  'runs.list': async (ctx) => listRuns(ctx.session().ws.db),

  'runs.get': async (ctx, input) => {
    ctx.subject('list', `run=${input.id}`);
    const run = loadRun(ctx.session().ws.db, input.id);
    ctx.disclose(membersOf(run.candidates));
    return runView(run);
  },

  'runs.compare': async (ctx, input) => {
    ctx.subject('list', `run=${input.fromId} run=${input.toId}`);
    return compareForCall(ctx, input.fromId, input.toId);
  },
} satisfies Partial<Handlers>;

/** Compares two runs for a call, naming in its log entry everyone the comparison shows. */
export function compareForCall(ctx: Ctx, fromId: number, toId: number): Comparison {
  // Built only if a leaver must be explained from the data now loaded; no data means no explanation.
  const current = () => {
    try {
      return snapshotFor(ctx);
    } catch {
      return null;
    }
  };
  const { comparison, shown } = compareRuns(ctx.session().ws.db, fromId, toId, current);
  ctx.disclose(shown);
  return comparison;
}
