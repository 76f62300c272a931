/**
 * The round through the contract on the demo municipality, in a real workspace: the state machine,
 * four eyes with one user holding both roles, the frozen list and its hash, decisions by
 * pseudonym, the log a DPO reads, and the difference from the last approved list.
 */
import { describe, expect, it } from 'vitest';
import { call, DEMO, expectError } from '../support/engine';
import { decideAll, documentedHash, login, roundWorkspace, SHORT_LIST } from '../support/rounds';

describe('a round from saved list to approval', () => {
  it('goes draft → in review → submitted → returned → in review → submitted → approved, each step by the right person', async () => {
    const { engine, runs } = await roundWorkspace();
    const created = await call(engine, 'rounds.create', { runId: runs[0]!.id });
    expect(created).toMatchObject({ state: 'draft', awaiting: 'review', createdBy: DEMO.screener.username, hash: null, preparedBy: [DEMO.screener.username] });
    expect(created.counts).toEqual({ candidates: runs[0]!.count, included: 0, excluded: 0, undecided: runs[0]!.count });
    expect(runs[0]!.count).toBeGreaterThan(2);
    await expectError(engine.invoke('rounds.create', { runId: runs[0]!.id }), 'ROUND_EXISTS');

    const round = await call(engine, 'rounds.get', { id: created.id });
    const [first, second] = round.candidates;
    // Submitting with undecided candidates says how many.
    expect((await expectError(engine.invoke('rounds.submit', { id: round.id }), 'ROUND_UNDECIDED')).details).toEqual({ undecided: runs[0]!.count });
    const one = await call(engine, 'rounds.decide', { roundId: round.id, pseudonyms: [first!.pseudonym], decision: 'exclude', reason: 'services-ending', comment: 'indsatsen slutter i næste måned' });
    expect(one).toMatchObject({ state: 'in_review', counts: { excluded: 1, undecided: runs[0]!.count - 1 } });
    expect((await expectError(engine.invoke('rounds.submit', { id: round.id }), 'ROUND_UNDECIDED')).details).toEqual({ undecided: runs[0]!.count - 1 });
    await decideAll(engine, round, [first!.pseudonym]);
    const submitted = await call(engine, 'rounds.submit', { id: round.id });
    expect(submitted).toMatchObject({ state: 'submitted', awaiting: 'approval', submittedBy: DEMO.screener.username });
    // Submitted: no more decisions until it is returned.
    await expectError(engine.invoke('rounds.decide', { roundId: round.id, pseudonyms: [second!.pseudonym], decision: 'exclude', reason: 'not-relevant' }), 'ROUND_STATE');
    await expectError(engine.invoke('rounds.submit', { id: round.id }), 'ROUND_STATE');

    await login(engine, DEMO.supervisor);
    await expectError(engine.invoke('rounds.decide', { roundId: round.id, pseudonyms: [second!.pseudonym], decision: 'exclude', reason: 'not-relevant' }), 'FORBIDDEN');
    await expectError(engine.invoke('rounds.return', { id: round.id, comment: '' }), 'VALIDATION'); // the comment is mandatory
    const returned = await call(engine, 'rounds.return', { id: round.id, comment: 'Se igen på kandidat nummer to.' });
    expect(returned).toMatchObject({ state: 'returned', awaiting: 'fixes', decidedBy: DEMO.supervisor.username, returnComment: 'Se igen på kandidat nummer to.' });
    await expectError(engine.invoke('rounds.approve', { id: round.id }), 'ROUND_STATE');

    await login(engine, DEMO.screener);
    const fixed = await call(engine, 'rounds.decide', { roundId: round.id, pseudonyms: [second!.pseudonym], decision: 'exclude', reason: 'other', comment: 'flyttet fra kommunen' });
    expect(fixed).toMatchObject({ state: 'in_review', counts: { excluded: 2 } });
    await call(engine, 'rounds.submit', { id: round.id });

    await login(engine, DEMO.supervisor);
    const approved = await call(engine, 'rounds.approve', { id: round.id });
    expect(approved).toMatchObject({ state: 'approved', awaiting: null, decidedBy: DEMO.supervisor.username });
    expect(approved.hash).toMatch(/^[0-9a-f]{64}$/);
    const shown = await call(engine, 'rounds.get', { id: round.id });
    expect(shown.candidates.find((c) => c.pseudonym === second!.pseudonym)!.review).toMatchObject({ decision: 'exclude', reason: 'other', comment: 'flyttet fra kommunen', decidedBy: DEMO.screener.username });
    expect((await call(engine, 'rounds.list', {})).map((r) => [r.id, r.state, r.awaiting])).toEqual([[round.id, 'approved', null]]);
  });

  it('refuses approval to the user who holds both roles and prepared the list; a second supervisor approves', async () => {
    const { engine, runs } = await roundWorkspace();
    const round = await call(engine, 'rounds.get', { id: (await call(engine, 'rounds.create', { runId: runs[0]!.id })).id });
    await decideAll(engine, round);
    await call(engine, 'rounds.submit', { id: round.id });
    // The same account, now in its supervisor role: the engine refuses, whatever the roles.
    const refused = await expectError(engine.invoke('rounds.approve', { id: round.id }), 'SEPARATION_OF_DUTIES');
    expect(refused.details).toEqual({ rule: 'four-eyes', acts: ['created', 'decided', 'submitted'] });
    expect((await call(engine, 'rounds.get', { id: round.id })).state).toBe('submitted');

    // Returned and resubmitted unchanged: still the same preparer, still refused; another supervisor approves.
    await login(engine, DEMO.supervisor);
    await call(engine, 'rounds.return', { id: round.id, comment: 'Én beslutning mangler begrundelse.' });
    await login(engine, DEMO.screener);
    await call(engine, 'rounds.submit', { id: round.id });
    await expectError(engine.invoke('rounds.approve', { id: round.id }), 'SEPARATION_OF_DUTIES');
    await login(engine, DEMO.supervisor);
    const approved = await call(engine, 'rounds.approve', { id: round.id });
    expect(approved.state).toBe('approved');

    await login(engine, DEMO.dpo);
    const denied = (await call(engine, 'audit.list', { limit: 100 })).entries.filter((e) => e.action === 'rounds.approve' && e.outcome === 'denied');
    expect(denied.map((e) => e.user)).toEqual([DEMO.screener.username, DEMO.screener.username]); // both refusals, before and after the return
  });

  it('freezes the approved list under the hash of its documented canonical form, and refuses every later change', async () => {
    const { engine, runs } = await roundWorkspace([SHORT_LIST, SHORT_LIST]);
    const hashes: string[] = [];
    for (const [i, run] of runs.entries()) {
      await login(engine, DEMO.screener);
      const round = await call(engine, 'rounds.get', { id: (await call(engine, 'rounds.create', { runId: run.id })).id });
      // The same list twice; only the first candidate's decision differs.
      await decideAll(engine, round, i === 0 ? [] : [round.candidates[0]!.pseudonym]);
      await call(engine, 'rounds.submit', { id: round.id });
      await login(engine, DEMO.supervisor);
      const approved = await call(engine, 'rounds.approve', { id: round.id });
      const frozen = await call(engine, 'rounds.get', { id: round.id });
      expect(approved.hash).toBe(documentedHash(frozen));
      hashes.push(approved.hash!);

      await expectError(engine.invoke('rounds.return', { id: round.id, comment: 'for sent, men alligevel' }), 'ROUND_FROZEN');
      await expectError(engine.invoke('rounds.approve', { id: round.id }), 'ROUND_FROZEN');
      await login(engine, DEMO.screener);
      const change = await expectError(engine.invoke('rounds.decide', { roundId: round.id, pseudonyms: [round.candidates[1]!.pseudonym], decision: 'exclude', reason: 'data-error' }), 'ROUND_FROZEN');
      expect(change.details).toMatchObject({ hash: approved.hash });
      await expectError(engine.invoke('rounds.submit', { id: round.id }), 'ROUND_FROZEN');
      const after = await call(engine, 'rounds.get', { id: round.id });
      expect(after.candidates).toEqual(frozen.candidates);
      expect(documentedHash(after)).toBe(approved.hash);
    }
    expect(hashes[0]).not.toBe(hashes[1]);
    // And a decision changed in the canonical form changes the hash.
    const round = await call(engine, 'rounds.get', { id: 1 });
    const flipped = { ...round, candidates: round.candidates.map((c, i) => (i === 0 ? { ...c, review: { ...c.review!, decision: 'exclude' as const } } : c)) };
    expect(documentedHash(flipped)).not.toBe(hashes[0]);
  });

  it('decides by pseudonym only: an unknown one is an error naming it, and nothing of that call is kept', async () => {
    const { engine, runs } = await roundWorkspace();
    const round = await call(engine, 'rounds.get', { id: (await call(engine, 'rounds.create', { runId: runs[0]!.id })).id });
    const stranger = 'P-BCDFGHJKLMNP';
    const e = await expectError(engine.invoke('rounds.decide', { roundId: round.id, pseudonyms: [round.candidates[0]!.pseudonym, stranger], decision: 'include', reason: 'meets-criteria' }), 'UNKNOWN_PSEUDONYM');
    expect(e.details).toEqual({ pseudonyms: [stranger], count: 1 });
    expect((await call(engine, 'rounds.get', { id: round.id })).counts.included).toBe(0);
    // A CPR number is not a pseudonym; a reason must fit the decision; "other" needs words.
    await expectError(engine.invoke('rounds.decide', { roundId: round.id, pseudonyms: ['0101701234'], decision: 'include', reason: 'meets-criteria' }), 'VALIDATION');
    await expectError(engine.invoke('rounds.decide', { roundId: round.id, pseudonyms: [round.candidates[0]!.pseudonym], decision: 'include', reason: 'data-error' }), 'VALIDATION');
    await expectError(engine.invoke('rounds.decide', { roundId: round.id, pseudonyms: [round.candidates[0]!.pseudonym], decision: 'exclude', reason: 'other' }), 'VALIDATION');
    await expectError(engine.invoke('rounds.get', { id: 999 }), 'NOT_FOUND');
  });
});
