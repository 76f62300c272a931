/**
 * What a round leaves behind: log entries a DPO finds by CPR number, the difference from the last
 * approved list without a CPR number in it, and decisions kept in the journal instead of a full
 * save (on disk before the result is shown, back after a crash, folded in at the next save).
 */
import { describe, expect, it } from 'vitest';
import type { FsLike } from '../../electron/engine/base/deps';
import { call, DEMO, expectError, fsp, newEngine } from '../support/engine';
import { decideAll, login, roundWorkspace } from '../support/rounds';

/** A CPR number standing alone (hashes and ids may hold ten digits in a row inside them). */
const CPR_LIKE = /\b\d{6}-?\d{4}\b/;

describe('the round in the log, the diff and the journal', () => {
  it('names the list’s citizens in each transition’s entry: the DPO finds the approval, with its hash, by CPR number', async () => {
    const { engine, runs } = await roundWorkspace();
    const round = await call(engine, 'rounds.get', { id: (await call(engine, 'rounds.create', { runId: runs[0]!.id })).id });
    const last = round.candidates.at(-1)!;
    const cpr = (await call(engine, 'candidates.reveal', { runId: runs[0]!.id, pseudonym: last.pseudonym, purpose: 'review', reason: 'test af loggen' })).members[0]!.cpr;
    await decideAll(engine, round, [last.pseudonym]);
    await call(engine, 'rounds.submit', { id: round.id });
    await login(engine, DEMO.supervisor);
    const approved = await call(engine, 'rounds.approve', { id: round.id });

    await login(engine, DEMO.dpo);
    const found = (await call(engine, 'audit.list', { subject: cpr, limit: 100 })).entries.filter((e) => e.action.startsWith('rounds.')).reverse();
    expect(found.map((e) => [e.action, e.user, e.outcome])).toEqual([
      ['rounds.create', DEMO.screener.username, 'ok'],
      ['rounds.get', DEMO.screener.username, 'ok'],
      ['rounds.decide', DEMO.screener.username, 'ok'], // the exclusion of this citizen, not the bulk inclusion of the others
      ['rounds.submit', DEMO.screener.username, 'ok'],
      ['rounds.approve', DEMO.supervisor.username, 'ok'],
    ]);
    const detail = found.map((e) => JSON.parse(e.detail || '{}') as Record<string, unknown>);
    expect(detail.map((d) => [d.from, d.to])).toEqual([[null, 'draft'], [undefined, undefined], ['in_review', 'in_review'], ['in_review', 'submitted'], ['submitted', 'approved']]);
    expect(detail[2]).toMatchObject({ decision: 'exclude', reason: 'already-coordinated', count: 1 });
    expect(detail[4]).toMatchObject({ round: round.id, hash: approved.hash });
    // Every step names everyone on the list; the decision names whom it decided on.
    expect(found.filter((e) => e.action !== 'rounds.decide').every((e) => e.subjectCount === runs[0]!.count)).toBe(true);
    expect(found[2]!.subjectCount).toBe(last.members.length);
    expect(found.every((e) => e.subject === `round=${round.id} run=${runs[0]!.id}` && !CPR_LIKE.test(e.detail))).toBe(true);
  });

  it('compares with the last approved round of the same criteria: who left, by the earlier list’s pseudonyms, never a CPR number', async () => {
    const { engine, runs } = await roundWorkspace([{ version: 1, minSectors: 3 }, { version: 1, minSectors: 4 }]);
    const [wide, narrow] = runs;
    const first = await call(engine, 'rounds.get', { id: (await call(engine, 'rounds.create', { runId: wide!.id })).id });
    expect(await call(engine, 'rounds.diff', { id: first.id })).toEqual({ against: null, comparison: null });
    await decideAll(engine, first);
    await call(engine, 'rounds.submit', { id: first.id });
    await login(engine, DEMO.supervisor);
    const approved = await call(engine, 'rounds.approve', { id: first.id });

    await login(engine, DEMO.screener);
    const second = await call(engine, 'rounds.get', { id: (await call(engine, 'rounds.create', { runId: narrow!.id })).id });
    const diff = await call(engine, 'rounds.diff', { id: second.id });
    expect(diff.against).toEqual({ roundId: first.id, runId: wide!.id, decidedAt: approved.decidedAt, hash: approved.hash });
    const c = diff.comparison!;
    expect(c.entered).toEqual([]);
    expect(c.stayed).toBe(narrow!.count);
    expect(c.left).toHaveLength(wide!.count - narrow!.count);
    expect(c.left.length).toBeGreaterThan(0);
    // Pseudonyms are scoped to a list: those who left carry the approved list's, and why (a rule they now fail).
    const earlier = new Set(first.candidates.map((x) => x.pseudonym));
    expect(c.left.every((l) => earlier.has(l.pseudonym) && l.why === 'rules' && l.rules.some((r) => r.rule === 'minSectors'))).toBe(true);
    expect(CPR_LIKE.test(JSON.stringify(diff))).toBe(false);
  });

  it('keeps a decision in the encrypted journal, not a rewritten workspace; after a crash it is back, and the next save folds it in', async () => {
    const { dir, engine, path, runs } = await roundWorkspace();
    const round = await call(engine, 'rounds.get', { id: (await call(engine, 'rounds.create', { runId: runs[0]!.id })).id });
    const saved = await fsp.readFile(path);
    const journalBefore = (await fsp.stat(`${path}.journal`)).size;
    const [a, b] = round.candidates;
    await call(engine, 'rounds.decide', { roundId: round.id, pseudonyms: [a!.pseudonym, b!.pseudonym], decision: 'exclude', reason: 'other', comment: 'Flyttet til Århus' });
    await call(engine, 'rounds.decide', { roundId: round.id, pseudonyms: [b!.pseudonym], decision: 'include', reason: 'coordination-need' });
    expect((await fsp.readFile(path)).equals(saved)).toBe(true); // the workspace file was not touched
    const journal = await fsp.readFile(`${path}.journal`);
    expect(journal.length).toBeGreaterThan(journalBefore);
    expect(journal.includes(Buffer.from('Flyttet'))).toBe(false); // encrypted

    // The process dies here (no dispose, no save). The next open replays the journal.
    const again = await newEngine(dir);
    await login(again, DEMO.screener);
    const back = await call(again, 'rounds.get', { id: round.id });
    expect(back.state).toBe('in_review');
    expect(back.candidates.slice(0, 2).map((c) => [c.review?.decision, c.review?.reason, c.review?.comment])).toEqual([
      ['exclude', 'other', 'Flyttet til Århus'],
      ['include', 'coordination-need', ''],
    ]);
    expect(back.preparedBy).toEqual([DEMO.screener.username]);
    await login(again, DEMO.dpo);
    const log = (await call(again, 'audit.list', { limit: 200 })).entries;
    expect(log.filter((x) => x.action.startsWith('audit.journal.')).map((x) => x.action)).toEqual([]); // nothing rejected, torn or missing
    expect((await call(again, 'audit.verify', {})).ok).toBe(true);
    // Logging out saves: the decisions are now in the workspace file, and a fresh open without a journal has them.
    await again.dispose();
    expect((await fsp.readFile(path)).equals(saved)).toBe(false);
    await fsp.unlink(`${path}.journal`);
    const third = await newEngine(dir);
    await login(third, DEMO.screener);
    expect((await call(third, 'rounds.get', { id: round.id })).counts).toMatchObject({ excluded: 1, included: 1 });
  });

  it('refuses a decision whose journal record cannot be written, and keeps nothing of it', async () => {
    const { dir, engine, runs } = await roundWorkspace();
    const { id } = await call(engine, 'rounds.create', { runId: runs[0]!.id });
    const round = await call(engine, 'rounds.get', { id });
    await engine.dispose();
    let full = false;
    const fs: FsLike = {
      ...fsp,
      open: (async (p: string, flags?: string, mode?: number) => {
        if (full && String(p).endsWith('.journal') && flags === 'a') throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
        return fsp.open(p, flags, mode);
      }) as FsLike['open'],
    };
    const e = await newEngine(dir, { fs });
    await login(e, DEMO.screener);
    full = true;
    await expectError(e.invoke('rounds.decide', { roundId: id, pseudonyms: [round.candidates[0]!.pseudonym], decision: 'include', reason: 'meets-criteria' }), 'AUDIT_WRITE_FAILED');
    full = false;
    expect(await call(e, 'rounds.get', { id })).toMatchObject({ state: 'draft', counts: { included: 0 } });
  });
});
