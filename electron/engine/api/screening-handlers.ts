/** Screening: live preview, candidate lists, saved criteria sets, runs and their comparison. */
import { createHash } from 'node:crypto';
import type { Criteria } from '../../../shared/criteria';
import { MAX_LIST } from '../../../shared/screening';
import { currentSnapshot, screen, type CurrentSnapshot } from '../screening/current';
import { compareRuns, createRun, getRun, getVersion, listCriteriaSets, listRuns, saveVersion } from '../screening/runs';
import type { Ctx, Handlers } from './context';

function snapshotFor(ctx: Ctx): CurrentSnapshot {
  const s = ctx.session();
  s.screening = currentSnapshot(s.ws.db, s.screening);
  return s.screening;
}

/**
 * A search is logged by its criterion, as Danish logging practice asks: the criteria in full and
 * the data they ran on, so the DPO can see (and reproduce) exactly which search was made.
 */
function logCriteria(ctx: Ctx, criteria: Criteria, current: CurrentSnapshot, found: number): void {
  const text = JSON.stringify(criteria);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  ctx.subject('criteria', `${hash} data=${current.info.id} found=${found} ${text}`);
}

export const screeningHandlers = {
  'screening.preview': async (ctx, input) => {
    const current = snapshotFor(ctx);
    const { candidates: _c, ...preview } = screen(current, input.criteria, false);
    logCriteria(ctx, input.criteria, current, preview.count);
    return preview;
  },

  'screening.evaluate': async (ctx, input) => {
    const current = snapshotFor(ctx);
    const list = screen(current, input.criteria);
    logCriteria(ctx, input.criteria, current, list.count);
    return { ...list, candidates: list.candidates.slice(0, input.limit), truncated: list.count > input.limit };
  },

  'criteria.list': async (ctx) => listCriteriaSets(ctx.session().ws.db),

  'criteria.save': async (ctx, input) => {
    const s = ctx.session();
    const v = saveVersion(s.ws.db, input, s.user.username, ctx.deps.now().toISOString());
    ctx.subject('criteria', `set=${v.setId} version=${v.version} ${v.name}`);
    return v;
  },

  'runs.create': async (ctx, input) => {
    const s = ctx.session();
    const v = getVersion(s.ws.db, input.setId, input.version);
    const run = createRun(s.ws.db, snapshotFor(ctx), v, s.user.username, ctx.deps.now().toISOString(), input.comment, MAX_LIST);
    ctx.subject('list', `run=${run.id} set=${v.setId} version=${v.version} found=${run.count} data=${run.snapshot.id}`);
    const { criteria: _c, candidates: _k, funnel: _f, ...summary } = run;
    return summary;
  },

  'runs.list': async (ctx) => listRuns(ctx.session().ws.db),

  'runs.get': async (ctx, input) => {
    ctx.subject('list', `run=${input.id}`);
    return getRun(ctx.session().ws.db, input.id);
  },

  'runs.compare': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('list', `run=${input.fromId} run=${input.toId}`);
    // Built only if a leaver must be explained from the data now loaded; no data means no explanation.
    const current = () => {
      try {
        return snapshotFor(ctx);
      } catch {
        return null;
      }
    };
    return compareRuns(s.ws.db, input.fromId, input.toId, current);
  },
} satisfies Partial<Handlers>;
