/**
 * The query layer's half in the engine and in shared/: the engine reports a change after each
 * successful call that changed state (a method marked `mutates`, or one that journals its change
 * like a decision) and after nothing else; every such method says which domains' reads it can make
 * stale; and the menu's count of missing sector answers agrees with the sector assessment.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { CHANGES, EVERYTHING, domainOf, staleAfter, type MutatingMethod, type ReadMethod } from '../../shared/contract/changes';
import { events, methods, type EngineEvent, type MethodName } from '../../shared/contract';
import { call, DEMO, expectError } from '../support/engine';
import { approvedRound } from '../support/packets';
import { login, roundWorkspace } from '../support/rounds';

const names = Object.keys(methods) as MethodName[];
const mutating = names.filter((m) => methods[m].mutates);
const domains = new Set(names.map(domainOf));

describe('the change map', () => {
  it('lists every method marked mutates, only contract methods, and only real domains', () => {
    expect(mutating.length).toBeGreaterThan(20);
    for (const m of mutating) expect(Object.hasOwn(CHANGES, m), `${m} has no entry in CHANGES`).toBe(true);
    // Beside those, only the journalled decision.
    expect(Object.keys(CHANGES).filter((m) => !mutating.includes(m as MethodName))).toEqual(['rounds.decide']);
    for (const [m, stale] of Object.entries(CHANGES)) {
      expect(names, m).toContain(m);
      if (stale !== EVERYTHING) {
        expect(stale.length, `${m} makes nothing stale`).toBeGreaterThan(0);
        for (const d of stale) expect(domains, `${m}: ${d}`).toContain(d);
      }
    }
  });

  it('is checked by the compiler: leaving out a mutating method does not compile', () => {
    const { 'rounds.submit': _left, ...rest } = CHANGES;
    // @ts-expect-error 'rounds.submit' is marked mutates, so the map must say what it makes stale
    const incomplete: typeof CHANGES = rest;
    expect(Object.keys(incomplete)).not.toContain('rounds.submit');
    const sure: MutatingMethod = 'rounds.approve';
    // @ts-expect-error a read is not a mutating method
    const read: MutatingMethod = 'rounds.list';
    // Only reads go through the query cache (useQuery takes a ReadMethod): a decision is not one.
    const cached: ReadMethod = 'rounds.list';
    // @ts-expect-error a decision changes the round, so it cannot be a cached read
    const decision: ReadMethod = 'rounds.decide';
    expect([sure, read, cached, decision]).toHaveLength(4);
  });

  it('a decision or a submission refreshes what waits for whom (the start page and the menu read rounds.list and packets.waiting)', () => {
    for (const m of ['rounds.decide', 'rounds.submit', 'rounds.approve', 'rounds.return', 'rounds.create']) {
      const stale = staleAfter(m);
      expect(stale).not.toBe(EVERYTHING);
      expect([...(stale as Set<string>)]).toEqual(expect.arrayContaining(['rounds', 'packets', 'consent']));
    }
    expect([...(staleAfter('packets.importAnswers') as Set<string>)]).toContain('packets');
    expect([...(staleAfter('import.file') as Set<string>)]).toEqual(expect.arrayContaining(['import', 'screening', 'catalogue', 'runs']));
    // A change the map does not know refreshes everything rather than nothing.
    expect(staleAfter('no.such')).toBe(EVERYTHING);
    expect(staleAfter('workspace.create')).toBe(EVERYTHING);
  });
});

/** Every `changed` event the engine pushes while `fn` runs. */
async function changesDuring(engine: Engine, fn: () => Promise<unknown>): Promise<string[]> {
  const seen: EngineEvent[] = [];
  const off = engine.onEvent((e) => seen.push(e));
  try {
    await fn();
  } finally {
    off();
  }
  return seen.filter((e) => e.type === 'changed').map((e) => {
    // The payload is what the contract declares and nothing more (strictObject: no extra fields).
    expect(events.changed.parse(e.payload)).toEqual(e.payload);
    return (e.payload as { method: string }).method;
  });
}

describe('the engine reports changes', () => {
  it('after a successful mutating call and a journalled decision, never after a read or a refused or failed call', async () => {
    const { engine, runs } = await roundWorkspace();
    expect(await changesDuring(engine, () => call(engine, 'rounds.list', {}))).toEqual([]);
    expect(await changesDuring(engine, () => call(engine, 'runs.list', {}))).toEqual([]);

    const created = await call(engine, 'rounds.create', { runId: runs[0]!.id });
    expect(await changesDuring(engine, () => expectError(engine.invoke('rounds.create', { runId: runs[0]!.id }), 'ROUND_EXISTS'))).toEqual([]);
    const round = await call(engine, 'rounds.get', { id: created.id });
    // Refused by the engine's own rule (undecided candidates): nothing changed, nothing reported.
    expect(await changesDuring(engine, () => expectError(engine.invoke('rounds.submit', { id: round.id }), 'ROUND_UNDECIDED'))).toEqual([]);
    // Invalid input, and a method the caller's role may not call: nothing reported.
    expect(await changesDuring(engine, () => expectError(engine.invoke('rounds.submit', { id: -1 }), 'VALIDATION'))).toEqual([]);
    expect(await changesDuring(engine, () => expectError(engine.invoke('users.add', { username: 'x', displayName: 'X', roles: ['screener'], passphrase: 'en lang nok sætning her' }), 'FORBIDDEN'))).toEqual([]);

    // A decision is not marked mutates (it rides in the journal), but it changes the round.
    expect(methods['rounds.decide'].mutates).toBe(false);
    const decide = () =>
      call(engine, 'rounds.decide', { roundId: round.id, pseudonyms: round.candidates.map((c) => c.pseudonym), decision: 'include', reason: 'meets-criteria' });
    expect(await changesDuring(engine, decide)).toEqual(['rounds.decide']);
    expect(await changesDuring(engine, () => call(engine, 'rounds.submit', { id: round.id }))).toEqual(['rounds.submit']);

    // The screener holds the supervisor role too, but prepared the list: the four-eyes refusal changes nothing.
    expect(await changesDuring(engine, () => expectError(engine.invoke('rounds.approve', { id: round.id }), 'SEPARATION_OF_DUTIES'))).toEqual([]);
    // A logged read is logged, but changes nothing the screens show.
    expect(await changesDuring(engine, () => call(engine, 'rounds.diff', { id: round.id }))).toEqual([]);
    await login(engine, DEMO.supervisor);
    expect(await changesDuring(engine, () => call(engine, 'rounds.approve', { id: round.id }))).toEqual(['rounds.approve']);
  });
});

describe('the count of missing sector answers', () => {
  it('is zero before packets go out, then the sum of what the sector assessment says is missing, with no citizen in it', async () => {
    const { engine, round, folder } = await approvedRound();
    // Before: the approved round is named as one whose packets are still to be sent (the start page says so).
    expect(await call(engine, 'packets.waiting', {})).toEqual({ missing: 0, overdue: 0, unsent: [round.id] });
    expect(await changesDuring(engine, () => call(engine, 'packets.export', { roundId: round.id, folder }))).toEqual(['packets.export']);
    const status = await call(engine, 'packets.status', { roundId: round.id });
    const missing = status.sectors.reduce((n, s) => n + s.missing, 0);
    expect(missing).toBeGreaterThan(0);
    // The deadline lies ahead, so nothing is overdue yet.
    expect(await call(engine, 'packets.waiting', {})).toEqual({ missing, overdue: 0, unsent: [] });
    await login(engine, DEMO.dpo);
    await expectError(engine.invoke('packets.waiting', {}), 'FORBIDDEN');
  });
});
