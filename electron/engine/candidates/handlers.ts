/** Revealing who a candidate is: one candidate of a saved list, for a stated purpose, logged. */
import { formatCpr } from '../../../shared/cpr';
import { ageBandOf, REVEAL_PURPOSE_IN_LOG } from '../../../shared/screening';
import type { Handlers } from '../base/context';
import { all, one } from '../base/database';
import { EngineError } from '../base/errors';
import { candidateDetail } from './detail';

export const candidatesHandlers = {
  'candidates.reveal': async (ctx, input) => {
    const { db } = ctx.session().ws;
    ctx.subject('list', `liste ${input.runId}, ${input.pseudonym}: ${input.reason}`);
    ctx.purpose(`udsøgning: ${REVEAL_PURPOSE_IN_LOG[input.purpose]}`);
    const c = one(db, 'SELECT pos FROM run_candidate WHERE run_id = ? AND pseudonym = ?', [input.runId, input.pseudonym]);
    if (!c) throw new EngineError('NOT_FOUND', `No candidate ${input.pseudonym} on run ${input.runId}`);
    const members = all(
      db,
      `SELECT m.cpr, m.pseudonym, m.age, p.name FROM run_candidate_member m LEFT JOIN person p ON p.cpr = m.cpr
       WHERE m.run_id = ? AND m.pos = ? ORDER BY m.cpr`,
      [input.runId, Number(c.pos)],
    );
    ctx.disclose(members.map((m) => String(m.cpr)));
    return {
      runId: input.runId,
      pseudonym: input.pseudonym,
      members: members.map((m) => ({
        pseudonym: String(m.pseudonym),
        ageBand: ageBandOf(Number(m.age)),
        cpr: formatCpr(String(m.cpr)),
        name: m.name === null ? null : String(m.name),
      })),
    };
  },

  'candidates.detail': async (ctx, input) => {
    ctx.subject('list', `liste ${input.runId}, ${input.pseudonym}`);
    const { detail, members } = candidateDetail(ctx.session().ws.db, input.runId, input.pseudonym);
    ctx.disclose(members);
    return detail;
  },
} satisfies Partial<Handlers>;
