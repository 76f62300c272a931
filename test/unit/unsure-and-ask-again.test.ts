/**
 * After the answers: the screener's decision on a candidate a sector was unsure about, and the
 * day to ask again, through the contract on the demo municipality (real sql.js, sheets filled in
 * with ExcelJS and opened with the age CLI). The decision is refused where the answers call for
 * none, off the list, twice, by a supervisor and on a round that is not approved; once made it
 * decides the final selection (the consent register and its refusals follow it) and is logged
 * under the citizen's CPR number. The ask-again list holds pseudonyms, dates and counts, due or
 * not, until the candidate has been contacted.
 */
import { describe, expect, it } from 'vitest';
import { dayInCopenhagen, dayOfIso, isoOfDay } from '../../shared/dates';
import { normaliseCpr } from '../../shared/cpr';
import { groundTruth } from '../support/consent';
import { call, DEMO, expectError } from '../support/engine';
import { approvedRound, exportedPackets, filled, returnAnswers } from '../support/packets';
import { login } from '../support/rounds';

const today = isoOfDay(dayInCopenhagen(new Date()));
const soon = isoOfDay(dayOfIso(today) + 10);
const past = isoOfDay(dayOfIso(today) - 30);

/**
 * An approved round whose sheets came back: two candidates with an unsure sector (the second's
 * other sectors "not before" ahead), one "not before" ahead, one "not before" passed; the rest "ja, nu".
 */
async function answeredRound() {
  const base = await approvedRound();
  const { dir, round } = base;
  const { recipient, packets } = await exportedPackets(base);
  const { members } = await groundTruth(dir, round.run.id);
  const candidateOf = new Map(members.map((m) => [m.cpr, m.candidate]));
  // People (not families), in the order the first packets list them, each its own candidate.
  const people: string[] = [];
  for (const p of packets)
    for (const row of p.sheet.slice(1)) {
      const c = candidateOf.get(normaliseCpr(row[1]!.value)!)!;
      if (c.startsWith('P-') && !people.includes(c)) people.push(c);
    }
  const [unsure, unsure2, ahead, passed] = people;
  const unsureSaid = new Set<string>();
  for (const [i, p] of packets.entries()) {
    const sheet = await filled(p.xlsx, (ws) => {
      for (let r = 2; r <= ws.rowCount; r++) {
        const c = candidateOf.get(normaliseCpr(String(ws.getRow(r).getCell(2).value))!)!;
        const firstFor = (c === unsure || c === unsure2) && !unsureSaid.has(c) && (unsureSaid.add(c), true);
        const cells = firstFor
          ? ['ved ikke', 'andet', 'ikke relevant', null, 'Kender ikke borgeren godt nok']
          : c === ahead || c === unsure2
            ? ['ja', 'behov for koordinering', 'ikke før dato', new Date(`${soon}T00:00:00Z`), '']
            : c === passed
              ? ['ja', 'behov for koordinering', 'ikke før dato', new Date(`${past}T00:00:00Z`), '']
              : ['ja', 'behov for koordinering', 'nu', null, ''];
        cells.forEach((v, k) => (ws.getRow(r).getCell(4 + k).value = v));
      }
    });
    await returnAnswers(base, recipient, sheet, i);
  }
  const cprOf = (candidate: string) => members.filter((m) => m.candidate === candidate).map((m) => m.cpr);
  return { ...base, unsure: unsure!, unsure2: unsure2!, ahead: ahead!, passed: passed!, cprOf };
}

describe('the screener’s decision on an unsure candidate', () => {
  it('is refused where the answers call for none, then decides the final selection once, logged under the citizen', async () => {
    const { engine, dir, round, unsure, unsure2, ahead, cprOf } = await answeredRound();
    const decide = (input: object) => engine.invoke('packets.decideUnsure', { roundId: round.id, decision: 'include', reason: 'clarified-with-sector', ...input } as never);
    const status = await call(engine, 'packets.status', { roundId: round.id });
    const of = (p: string) => status.candidates.find((c) => c.pseudonym === p)!;
    expect(of(unsure)).toMatchObject({ outcome: 'needs-decision', decision: null });
    expect(of(unsure2)).toMatchObject({ outcome: 'needs-decision', decision: null, askAgain: soon });
    expect(of(ahead)).toMatchObject({ outcome: 'suitable', askAgain: soon });

    // Not finally selected while undecided: the register leaves them out, and refuses them.
    const register = (await call(engine, 'consent.list', { roundId: round.id })).map((c) => c.candidate);
    expect(register).not.toContain(unsure);
    expect(register).toContain(ahead);
    await expectError(engine.invoke('consent.record', { roundId: round.id, pseudonym: unsure, event: 'contacted', means: 'phone' }), 'NOT_SELECTED');

    // Refusals, each its own.
    expect((await expectError(decide({ pseudonym: 'P-BBBBBBBBBBBB' }), 'UNKNOWN_PSEUDONYM')).details).toMatchObject({ pseudonyms: ['P-BBBBBBBBBBBB'] });
    expect((await expectError(decide({ pseudonym: ahead }), 'NOT_UNSURE')).details).toEqual({ outcome: 'suitable', decided: false });
    await expectError(decide({ pseudonym: unsure, reason: 'other' }), 'VALIDATION');
    await expectError(decide({ pseudonym: unsure, reason: 'the sector called' }), 'VALIDATION');
    await login(engine, DEMO.supervisor);
    await expectError(decide({ pseudonym: unsure }), 'FORBIDDEN');
    await login(engine, DEMO.screener);
    const v = await call(engine, 'criteria.save', { name: 'Endnu en liste', criteria: { version: 1, minSectors: 3 } });
    const run = await call(engine, 'runs.create', { setId: v.setId, version: v.version });
    const draft = await call(engine, 'rounds.create', { runId: run.id });
    const draftCandidate = (await call(engine, 'rounds.get', { id: draft.id })).candidates[0]!.pseudonym;
    expect((await expectError(engine.invoke('packets.decideUnsure', { roundId: draft.id, pseudonym: draftCandidate, decision: 'include', reason: 'clarified-with-sector' }), 'ROUND_STATE')).details).toMatchObject({ state: 'draft' });
    await expectError(engine.invoke('consent.record', { roundId: draft.id, pseudonym: draftCandidate, event: 'contacted', means: 'phone' }), 'ROUND_STATE');
    await expectError(engine.invoke('consent.letter', { roundId: draft.id, pseudonym: draftCandidate, contact: 'Tlf. 12 34 56 78' }), 'ROUND_STATE');
    expect((await call(engine, 'packets.status', { roundId: round.id })).candidates.filter((c) => c.decision !== null)).toEqual([]); // nothing recorded

    // Include one, exclude the other.
    const included = await call(engine, 'packets.decideUnsure', { roundId: round.id, pseudonym: unsure, decision: 'include', reason: 'clarified-with-sector', comment: 'Ringet til sektoren' });
    expect(included).toMatchObject({ pseudonym: unsure, outcome: 'suitable', decision: { decision: 'include', reason: 'clarified-with-sector', comment: 'Ringet til sektoren', by: DEMO.screener.username } });
    const excluded = await call(engine, 'packets.decideUnsure', { roundId: round.id, pseudonym: unsure2, decision: 'exclude', reason: 'too-uncertain' });
    expect(excluded).toMatchObject({ outcome: 'excluded', decision: { decision: 'exclude', comment: '' }, startDate: null, askAgain: null });
    // Made once.
    expect((await expectError(decide({ pseudonym: unsure, decision: 'exclude', reason: 'too-uncertain' }), 'NOT_UNSURE')).details).toEqual({ outcome: 'suitable', decided: true });

    // The final selection follows: the included candidate is in the register (and may be contacted), the excluded one not.
    const after = (await call(engine, 'consent.list', { roundId: round.id })).map((c) => c.candidate);
    expect(after).toContain(unsure);
    expect(after).not.toContain(unsure2);
    await call(engine, 'consent.record', { roundId: round.id, pseudonym: unsure, event: 'contacted', means: 'phone' });
    await expectError(engine.invoke('consent.record', { roundId: round.id, pseudonym: unsure2, event: 'contacted', means: 'phone' }), 'NOT_SELECTED');

    // The DPO finds the decision and the refusals after the candidate was known (the "other" without a comment, the second decision) under the citizen's CPR number.
    await login(engine, DEMO.dpo);
    const log = (await call(engine, 'audit.list', { subject: cprOf(unsure)[0]! })).entries.filter((e) => e.action === 'packets.decideUnsure');
    expect(log.map((e) => e.outcome).sort()).toEqual(['error', 'error', 'ok']);
    expect(log.find((e) => e.outcome === 'ok')!.subjectCount).toBe(1);
    expect(JSON.stringify(log)).not.toContain('Ringet til sektoren'); // the comment stays in the assessment, not the log
    // Refused because the round is not approved: found under the citizen's CPR number too.
    const draftCpr = (await groundTruth(dir, run.id)).members.find((m) => m.pseudonym === draftCandidate)!.cpr;
    const refused = (await call(engine, 'audit.list', { subject: draftCpr })).entries.filter((e) => ['packets.decideUnsure', 'consent.record', 'consent.letter'].includes(e.action));
    expect(refused.map((e) => [e.action, e.outcome]).sort()).toEqual([
      ['consent.letter', 'error'],
      ['consent.record', 'error'],
      ['packets.decideUnsure', 'error'],
    ]);
  }, 300_000);
});

describe('the day to ask again', () => {
  it('lists per round the finally selected candidates to ask again by date, due or not, with counts and no CPR number, until they are contacted', async () => {
    const { engine, round, ahead, passed, unsure, unsure2 } = await answeredRound();
    const status = await call(engine, 'packets.status', { roundId: round.id });
    expect(status.candidates.find((c) => c.pseudonym === passed)).toMatchObject({ outcome: 'suitable', startDate: past, askAgain: past });
    expect(status.candidates.find((c) => c.pseudonym === unsure)!.askAgain).toBeNull();
    // Unsure with a day to ask again: not on the list while the screener's decision is missing (it cannot be contacted yet).
    expect(status.candidates.find((c) => c.pseudonym === unsure2)).toMatchObject({ outcome: 'needs-decision', askAgain: soon });

    const list = await call(engine, 'consent.askAgain', {});
    expect(list).toMatchObject({ today, soonUntil: isoOfDay(dayOfIso(today) + 14) });
    expect(list.rounds).toEqual([
      {
        roundId: round.id,
        candidates: [
          { pseudonym: passed, date: past, citizens: 1, due: true },
          { pseudonym: ahead, date: soon, citizens: 1, due: false },
        ],
      },
    ]);
    expect(await call(engine, 'consent.askAgain', { roundId: round.id })).toEqual(list);
    expect(JSON.stringify(list)).not.toMatch(/\d{6}-?\d{4}/);

    // Included by the screener, it is finally selected: on the list, and its contact may be recorded.
    await call(engine, 'packets.decideUnsure', { roundId: round.id, pseudonym: unsure2, decision: 'include', reason: 'clarified-with-sector' });
    expect((await call(engine, 'consent.askAgain', {})).rounds[0]!.candidates).toContainEqual({ pseudonym: unsure2, date: soon, citizens: 1, due: false });
    await call(engine, 'consent.record', { roundId: round.id, pseudonym: unsure2, event: 'contacted', means: 'phone' });

    // Contacted: asked again, off the list; the other stays.
    await call(engine, 'consent.record', { roundId: round.id, pseudonym: passed, event: 'contacted', means: 'letter' });
    expect((await call(engine, 'consent.askAgain', {})).rounds[0]!.candidates.map((c) => c.pseudonym)).toEqual([ahead]);

    // Only screeners ask, and only for an approved round.
    await expectError(engine.invoke('consent.askAgain', { roundId: 999 }), 'NOT_FOUND');
    await login(engine, DEMO.supervisor);
    await expectError(engine.invoke('consent.askAgain', {}), 'FORBIDDEN');
  }, 300_000);
});
