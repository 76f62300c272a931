/** Screening: live preview, candidate lists and saved criteria sets. */
import { createHash } from 'node:crypto';
import type { Criteria } from '../../../shared/criteria';
import { currentSnapshot, preview, screen, screeningIndex, type CurrentSnapshot } from './current';
import { checkReferences, listCriteriaSets, saveVersion } from './criteria-sets';
import type { Ctx, Handlers } from '../base/context';
import { pseudonymiser } from '../base/crypto/pseudonym';
import { candidateView, nameCandidate } from './views';
import { takeLoaded } from '../import/loaded-services';

export function snapshotFor(ctx: Ctx): CurrentSnapshot {
  const s = ctx.session();
  const current = currentSnapshot(s.ws.db, screeningIndex.get(s) ?? null, () => takeLoaded(s));
  screeningIndex.set(s, current);
  return current;
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
    checkReferences(ctx.session().ws.db, input.criteria);
    const current = snapshotFor(ctx);
    const counts = preview(current, input.criteria);
    logCriteria(ctx, input.criteria, current, counts.count);
    return counts;
  },

  'screening.evaluate': async (ctx, input) => {
    checkReferences(ctx.session().ws.db, input.criteria);
    const current = snapshotFor(ctx);
    const list = screen(current, input.criteria);
    logCriteria(ctx, input.criteria, current, list.count);
    const shown = list.candidates.slice(0, input.limit);
    // An unsaved list: pseudonyms scoped to the data it ran on; those shown are logged by CPR number.
    const name = pseudonymiser(ctx.session().ws.db, `adhoc:${current.info.id}`);
    ctx.disclose(shown.flatMap((c) => c.members));
    return { ...list, candidates: shown.map((c) => candidateView(nameCandidate(c, input.criteria.unit, name), input.criteria.unit)), truncated: list.count > input.limit };
  },

  'criteria.list': async (ctx) => listCriteriaSets(ctx.session().ws.db),

  'criteria.save': async (ctx, input) => {
    const s = ctx.session();
    const v = saveVersion(s.ws.db, input, s.user.username, ctx.deps.now().toISOString());
    ctx.subject('criteria', `set=${v.setId} version=${v.version} ${v.name}`);
    return v;
  },

} satisfies Partial<Handlers>;
