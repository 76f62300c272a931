/**
 * Rounds: review, submission and four-eyes approval of a saved list. Every step is one log entry
 * naming the list's citizens, with the transition (and on approval the hash) as its detail.
 */
import { OPEN_STATES, type RoundState } from '../../../shared/rounds';
import type { Ctx, Handlers } from '../base/context';
import { one } from '../base/database';
import { compareForCall } from '../runs/handlers';
import { applyDecision, candidatesByPseudonym, DECIDE_EFFECT, type DecisionEffect } from './decisions';
import { approveRound, createRound, getRound, getSummary, listRounds, membersOfRound, returnRound, submitRound } from './rounds';
import { requireState, roundRow, type RoundRow } from './state';

/** Names the round as the entry's subject and returns it as stored. */
function roundFor(ctx: Ctx, id: number): RoundRow {
  const r = roundRow(ctx.session().ws.db, id);
  ctx.subject('list', `round=${r.id} run=${r.runId}`);
  return r;
}

/**
 * A transition: the step changes the state, and the entry says from what to what (a refused step
 * keeps where it started, as what was tried); every step concerns everyone on the list.
 */
function transition(ctx: Ctx, r: RoundRow, step: (r: RoundRow) => Record<string, unknown> | void) {
  const { db } = ctx.session().ws;
  ctx.detail({ round: r.id, from: r.state });
  const extra = step(r) ?? {};
  const to = roundRow(db, r.id).state;
  ctx.detail({ round: r.id, from: r.state, to, ...extra });
  ctx.disclose(membersOfRound(db, r));
  return getSummary(db, r.id);
}

export const roundsHandlers = {
  'rounds.create': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('list', `run=${input.runId}`);
    const r = createRound(s.ws.db, input.runId, s.user.username, ctx.deps.now().toISOString());
    ctx.subject('list', `round=${r.id} run=${r.runId}`);
    ctx.detail({ round: r.id, from: null, to: 'draft' satisfies RoundState });
    ctx.disclose(membersOfRound(s.ws.db, r));
    return getSummary(s.ws.db, r.id);
  },

  'rounds.list': async (ctx) => listRounds(ctx.session().ws.db),

  'rounds.get': async (ctx, input) => {
    roundFor(ctx, input.id);
    const { round, members } = getRound(ctx.session().ws.db, input.id);
    ctx.disclose(members);
    return round;
  },

  'rounds.decide': async (ctx, input) => {
    const s = ctx.session();
    const r = roundFor(ctx, input.roundId);
    ctx.detail({ round: r.id, from: r.state, decision: input.decision, reason: input.reason, count: input.pseudonyms.length });
    requireState(r, 'decided on', OPEN_STATES);
    const members = candidatesByPseudonym(s.ws.db, r.runId, input.pseudonyms);
    const effect: DecisionEffect = { round: r.id, pseudonyms: input.pseudonyms, decision: input.decision, reason: input.reason, comment: input.comment, by: s.user.username, at: ctx.deps.now().toISOString() };
    // Applied here and, if no save comes first, again from the journal at the next open: the same function.
    applyDecision(s.ws.db, effect);
    ctx.journal({ kind: DECIDE_EFFECT, data: effect });
    const to = roundRow(s.ws.db, r.id).state;
    ctx.detail({ round: r.id, from: r.state, to, decision: input.decision, reason: input.reason, count: members.size });
    ctx.disclose([...members.values()].flat());
    return getSummary(s.ws.db, r.id);
  },

  'rounds.submit': async (ctx, input) => {
    const s = ctx.session();
    return transition(ctx, roundFor(ctx, input.id), (r) => submitRound(s.ws.db, r, s.user.username, ctx.deps.now().toISOString()));
  },

  'rounds.approve': async (ctx, input) => {
    const s = ctx.session();
    return transition(ctx, roundFor(ctx, input.id), (r) => ({ hash: approveRound(s.ws.db, r, s.user.username, ctx.deps.now().toISOString()) }));
  },

  'rounds.return': async (ctx, input) => {
    const s = ctx.session();
    return transition(ctx, roundFor(ctx, input.id), (r) => returnRound(s.ws.db, r, s.user.username, ctx.deps.now().toISOString(), input.comment));
  },

  'rounds.diff': async (ctx, input) => {
    const { db } = ctx.session().ws;
    const r = roundFor(ctx, input.id);
    // The last approved round of the same criteria set: the list this one would replace.
    const last = one(
      db,
      `SELECT o.id, o.run_id, o.decided_at, o.hash FROM round o JOIN run a ON a.id = o.run_id JOIN run b ON b.id = ?
       WHERE o.state = 'approved' AND o.id != ? AND a.set_id = b.set_id ORDER BY o.decided_at DESC, o.id DESC LIMIT 1`,
      [r.runId, r.id],
    );
    if (!last) return { against: null, comparison: null };
    ctx.subject('list', `round=${r.id} run=${r.runId} round=${Number(last.id)} run=${Number(last.run_id)}`);
    return {
      against: { roundId: Number(last.id), runId: Number(last.run_id), decidedAt: last.decided_at === null ? null : String(last.decided_at), hash: last.hash === null ? null : String(last.hash) },
      comparison: compareForCall(ctx, Number(last.run_id), r.runId),
    };
  },
} satisfies Partial<Handlers>;
