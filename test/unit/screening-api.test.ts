/**
 * Screening through the engine's contract, on the demo municipality in a real workspace:
 * preview, candidate lists, criteria versions, runs, comparison, logging and roles.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../shared/presets';
import { CriteriaSchema } from '../../shared/criteria';
import type { CandidateView } from '../../shared/screening';
import { createEngine } from '../../electron/engine/engine';
import { addStaff, call, expectError, testDeps, tempDir } from '../support/engine';
import { csv, encryptedFile, row } from '../support/extracts';

const SCREENER = { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' };
const SUPERVISOR = { username: 'demo.godkender', passphrase: 'demo-godkender-fiktiv' };
const DPO = { username: 'demo.dpo', passphrase: 'demo-dpo-fiktiv-adgang' };

/** A candidate without its pseudonyms, which are scoped to one list. */
const unnamed = ({ pseudonym: _p, members, ...rest }: CandidateView) => ({ ...rest, members: members.map((m) => m.ageBand) });

async function demo() {
  const dir = await tempDir();
  const engine = createEngine(await testDeps(dir));
  await call(engine, 'workspace.createDemo', {});
  await call(engine, 'session.login', SCREENER);
  return { dir, engine };
}

describe('criteria that can match no one are refused with the field that says why (docs/criteria.md)', () => {
  it('refuses more sectors than there are, an age band whose "to" is below its "from", and child-and-adult outside family mode', async () => {
    const { engine } = await demo();
    const refused = async (criteria: Record<string, unknown>) =>
      ((await expectError(engine.invoke('screening.preview', { criteria: { version: 1, ...criteria } }), 'VALIDATION')).details as { issues: { path: string; message: string }[] }).issues;
    expect(await refused({ minSectors: 7 })).toEqual([expect.objectContaining({ path: 'criteria.minSectors' })]);
    expect(await refused({ age: { min: 80, max: 20 } })).toEqual([{ path: 'criteria.age.max', message: 'age-order', code: 'custom' }]);
    expect(await refused({ requireChildAndAdult: true })).toEqual([{ path: 'criteria.requireChildAndAdult', message: 'family-only', code: 'custom' }]);
    // The edges are allowed: all six sectors, a one-year band, child-and-adult for families.
    await call(engine, 'screening.preview', { criteria: { version: 1, minSectors: 6, age: { min: 40, max: 40 } } });
    await call(engine, 'screening.preview', { criteria: { version: 1, unit: 'family', requireChildAndAdult: true } });
  });
});

describe('screening through the contract', () => {
  it('previews every preset on the demo municipality; the count, funnel and list agree', async () => {
    const { engine } = await demo();
    for (const p of PRESETS) {
      const preview = await call(engine, 'screening.preview', { criteria: p.criteria });
      const list = await call(engine, 'screening.evaluate', { criteria: p.criteria, limit: 20_000 });
      expect(preview.count, p.id).toBeGreaterThan(0);
      expect(list.count).toBe(preview.count);
      expect(list.candidates).toHaveLength(preview.count);
      expect(preview.funnel.at(-1)!.remaining).toBe(preview.count);
      expect(preview.funnel[0]!.rule).toBe('considered');
      expect(list.candidates.every((c) => c.rules.length === preview.funnel.length - 1 && c.rules.every((r) => r.passed))).toBe(true);
      // every candidate is counted once in its sector combination
      expect(Object.values(preview.combinations).reduce((a, b) => a + b, 0)).toBe(preview.count);
      expect(preview.snapshot.sources.length).toBeGreaterThan(3);
    }
  });

  it('cuts a long list at the limit and says so', async () => {
    const { engine } = await demo();
    const e = await call(engine, 'screening.evaluate', { criteria: { version: 1 }, limit: 10 });
    expect(e.candidates).toHaveLength(10);
    expect(e.truncated).toBe(true);
    expect(e.count).toBeGreaterThan(10);
  });

  it('logs each search with its criteria in full and the data it ran on', async () => {
    const { engine } = await demo();
    const criteria = { version: 1 as const, minSectors: 3 };
    const p = await call(engine, 'screening.preview', { criteria });
    await call(engine, 'session.login', DPO);
    const entries = (await call(engine, 'audit.list', { limit: 50 })).entries.filter((e) => e.action === 'screening.preview');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.subjectKind).toBe('criteria');
    expect(entries[0]!.subject).toContain(`data=${p.snapshot.id}`);
    expect(entries[0]!.subject).toContain(`found=${p.count}`);
    expect(JSON.parse(entries[0]!.subject.slice(entries[0]!.subject.indexOf('{')))).toEqual(CriteriaSchema.parse(criteria));
    expect(entries[0]!.user).toBe(SCREENER.username);
  });

  it('refuses screening to roles other than screener, in the engine, and logs the refusal', async () => {
    const { engine } = await demo();
    await call(engine, 'session.login', DPO);
    await expectError(engine.invoke('screening.preview', { criteria: { version: 1 } }), 'FORBIDDEN');
    await call(engine, 'session.login', SUPERVISOR);
    await expectError(engine.invoke('screening.evaluate', { criteria: { version: 1 } }), 'FORBIDDEN');
    await expectError(engine.invoke('criteria.save', { name: 'x', criteria: { version: 1 } }), 'FORBIDDEN');
    expect(await call(engine, 'runs.list', {})).toEqual([]); // supervisors may read lists
    await call(engine, 'session.login', DPO);
    const denied = (await call(engine, 'audit.list', { limit: 50 })).entries.filter((e) => e.outcome === 'denied').map((e) => e.action);
    expect(denied).toEqual(expect.arrayContaining(['screening.preview', 'screening.evaluate', 'criteria.save']));
  });

  it('rejects invalid criteria at the boundary with the field that is wrong', async () => {
    const { engine } = await demo();
    const err = await expectError(engine.invoke('screening.preview', { criteria: { version: 1, minSectors: -1 } }), 'VALIDATION');
    expect(JSON.stringify(err.details)).toContain('minSectors');
    await expectError(engine.invoke('screening.preview', { criteria: { version: 2 } }), 'VALIDATION');
    await expectError(engine.invoke('screening.preview', { criteria: { version: 1, score: 3 } }), 'VALIDATION');
  });

  it('says there is nothing to screen before any extract is imported', async () => {
    const dir = await tempDir();
    const engine = createEngine(await testDeps(dir));
    await call(engine, 'workspace.create', { unitName: 'Tom', admin: { username: 'admin', displayName: 'A', passphrase: 'en lang nok sætning her' } });
    await addStaff(engine, [{ username: 'sara', displayName: 'S', roles: ['screener'], passphrase: 'hun har en lang sætning' }], { username: 'admin', passphrase: 'en lang nok sætning her' });
    await call(engine, 'session.login', { username: 'sara', passphrase: 'hun har en lang sætning' });
    await expectError(engine.invoke('screening.preview', { criteria: { version: 1 } }), 'NO_DATA');
  });
});

describe('criteria sets, runs and their comparison', () => {
  it('keeps every saved version with who, when and why; versions never change', async () => {
    const { engine } = await demo();
    const v1 = await call(engine, 'criteria.save', { name: 'Mange sektorer', criteria: { version: 1, minSectors: 2 }, comment: 'første bud' });
    const v2 = await call(engine, 'criteria.save', { setId: v1.setId, name: 'Mange sektorer', criteria: { version: 1, minSectors: 3 }, comment: 'for mange fundet' });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const [set] = await call(engine, 'criteria.list', {});
    expect(set!.versions.map((v) => [v.version, v.comment, v.savedBy, v.criteria.minSectors])).toEqual([
      [2, 'for mange fundet', SCREENER.username, 3],
      [1, 'første bud', SCREENER.username, 2],
    ]);
    await expectError(engine.invoke('criteria.save', { name: 'mange SEKTORER', criteria: { version: 1 } }), 'VALIDATION');
    await expectError(engine.invoke('runs.create', { setId: v1.setId, version: 9 }), 'NOT_FOUND');
  });

  it('a run records version, data and list; a later run says who came in, who left and why', async () => {
    const { engine, dir } = await demo();
    const v1 = await call(engine, 'criteria.save', { name: 'Tre sektorer', criteria: { version: 1, minSectors: 2 } });
    const r1 = await call(engine, 'runs.create', { setId: v1.setId, version: 1, comment: 'første liste' });
    const run1 = await call(engine, 'runs.get', { id: r1.id });
    const direct = await call(engine, 'screening.evaluate', { criteria: v1.criteria, limit: 20_000 });
    // The same list, under the run's own pseudonyms.
    expect(run1.candidates.map(unnamed)).toEqual(direct.candidates.map(unnamed));
    expect(run1.snapshot).toEqual(direct.snapshot);
    expect([run1.version, run1.count, run1.createdBy, run1.previousRunId]).toEqual([1, direct.count, SCREENER.username, null]);

    // Tighter criteria: those with exactly two sectors leave, each with the rule they now fail.
    await call(engine, 'criteria.save', { setId: v1.setId, name: 'Tre sektorer', criteria: { version: 1, minSectors: 3 } });
    const r2 = await call(engine, 'runs.create', { setId: v1.setId, version: 2 });
    expect(r2.previousRunId).toBe(r1.id);
    const c12 = await call(engine, 'runs.compare', { fromId: r1.id, toId: r2.id });
    expect(c12.entered).toEqual([]);
    expect(c12.stayed).toBe(r2.count);
    expect(c12.left.length).toBe(r1.count - r2.count);
    expect(c12.left.every((l) => l.why === 'rules' && l.rules.length === 1 && l.rules[0]!.rule === 'minSectors' && l.rules[0]!.value === 2 && l.rules[0]!.threshold === 3)).toBe(true);
    expect(c12.criteriaChanges).toEqual([{ field: 'minSectors', from: '2', to: '3' }]);
    expect(c12.dataChanges).toEqual([]);

    // New data: a jobcentre extract with one new citizen who now has three sectors, and nobody else.
    const { recipient } = await (async () => {
      await call(engine, 'session.login', { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' });
      const r = await call(engine, 'unit.recipient', {});
      await call(engine, 'session.login', SCREENER);
      return r;
    })();
    // Someone on two sectors, neither of them the jobcentre, and not on run 2. Found inside the
    // engine: the screen never sees a CPR number without a reveal.
    const { openWorkspace, closeWorkspace } = await import('../../electron/engine/base/workspace/store');
    const { currentSnapshot } = await import('../../electron/engine/screening/current');
    const { evaluate } = await import('../../electron/engine/screening/evaluate');
    const { all } = await import('../../electron/engine/base/database');
    const jobcentre = (await call(engine, 'catalogue.list', {})).filter((c) => c.sector === 'jobcenter' && !c.excluded).map((c) => ({ code: c.code }));
    const ws = await openWorkspace(await testDeps(dir), SCREENER.username, SCREENER.passphrase);
    const onR2 = new Set(all(ws.db, 'SELECT cpr FROM run_candidate_member WHERE run_id = ?', [r2.id]).map((r) => String(r.cpr)));
    const noJob = evaluate(currentSnapshot(ws.db, null).snap, CriteriaSchema.parse({ version: 1, minSectors: 2, noneOf: jobcentre }));
    closeWorkspace(ws);
    const someone = noJob.candidates.find((c) => !onR2.has(c.key))!.key;
    const cpr = `${someone.slice(0, 6)}-${someone.slice(6)}`;
    const file = await encryptedFile(dir, 'jobcenter.csv.age', csv([row({ 'CPR-nr': cpr, Ydelseskode: 'LAB_MENTOR' })]), recipient);
    const imported = await call(engine, 'import.file', { path: file });
    expect(imported.status).toBe('imported');
    const r3 = await call(engine, 'runs.create', { setId: v1.setId, version: 2 });
    const c23 = await call(engine, 'runs.compare', { fromId: r2.id, toId: r3.id });
    expect(c23.dataChanges).toEqual(['jobcenter']);
    expect(c23.criteriaChanges).toEqual([]);
    const revealed = await Promise.all(
      c23.entered.map((c) => call(engine, 'candidates.reveal', { runId: r3.id, pseudonym: c.pseudonym, purpose: 'review', reason: 'test: who came in' })),
    );
    expect(revealed.flatMap((r) => r.members.map((m) => m.cpr))).toContain(cpr);
    // those who left lost their jobcentre services, so they now fail the sector rule or have none at all
    expect(c23.left.length).toBeGreaterThan(0);
    expect(c23.left.every((l) => (l.why === 'rules' && l.rules.some((r) => r.rule === 'minSectors')) || l.why === 'not-in-data')).toBe(true);

    // Not adjacent: run 1 against run 3 is explained on the data now loaded (run 3's).
    const c13 = await call(engine, 'runs.compare', { fromId: r1.id, toId: r3.id });
    expect(c13.left.every((l) => l.why !== 'not-recorded')).toBe(true);

    // Runs and versions are in the workspace: still there after logging out and in.
    await call(engine, 'session.logout', {});
    await call(engine, 'session.login', SUPERVISOR);
    expect((await call(engine, 'runs.list', {})).map((r) => r.id)).toEqual([r3.id, r2.id, r1.id]);
    expect((await call(engine, 'runs.get', { id: r1.id })).candidates).toEqual(run1.candidates);
  });

  it('refuses to save a list longer than the limit, and nothing is stored', async () => {
    const { createRun, listRuns } = await import('../../electron/engine/runs/runs');
    const { saveVersion } = await import('../../electron/engine/screening/criteria-sets');
    const { currentSnapshot } = await import('../../electron/engine/screening/current');
    const { openWorkspace } = await import('../../electron/engine/base/workspace/store');
    const dir = await tempDir();
    const engine = createEngine(await testDeps(dir));
    await call(engine, 'workspace.createDemo', {});
    const ws = await openWorkspace(await testDeps(dir), SCREENER.username, SCREENER.passphrase);
    const v = saveVersion(ws.db, { name: 'Alle', criteria: CriteriaSchema.parse({ version: 1 }), comment: '' }, 'x', 'now');
    expect(() => createRun(ws.db, currentSnapshot(ws.db, null), v, 'x', 'now', '', 5)).toThrow(/at most 5/);
    expect(listRuns(ws.db)).toEqual([]);
  });
});

describe('docs/extract-format.md: who a caseworker and a department are', () => {
  it('one caseworker despite a blank e-mail, other case and spacing, or another team; the same department name in two sectors is two departments', async () => {
    const dir = await tempDir();
    const engine = createEngine(await testDeps(dir));
    await call(engine, 'workspace.createDemo', {});
    await call(engine, 'session.login', { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' });
    const { recipient } = await call(engine, 'unit.recipient', {});
    await call(engine, 'session.login', SCREENER);
    const cpr = '710190-1242';
    const jobcentre = csv([
      row({ 'CPR-nr': cpr, Ydelseskode: 'LAB_MENTOR', Afdeling: 'Myndighed', Sagsbehandler: 'Sagsbehandler Sørensen', 'E-mail': 'sb@demo-kommune.example', Enhed: 'Ungeteamet' }),
      row({ 'CPR-nr': cpr, Ydelseskode: 'LAB_PRAKTIK', Afdeling: 'Myndighed', Sagsbehandler: 'sagsbehandler  SØRENSEN', 'E-mail': '', Enhed: 'Ungeteamet' }),
      row({ 'CPR-nr': cpr, Ydelseskode: 'LAB_LONTILSKUD', Afdeling: 'Myndighed', Sagsbehandler: 'Sagsbehandler Sørensen', 'E-mail': 'SB@demo-kommune.example', Enhed: 'Voksenteamet' }),
    ]);
    const adult = csv([row({ 'CPR-nr': cpr, Sektor: 'Voksen social', Ydelseskode: 'SEL85', Afdeling: 'Myndighed', Sagsbehandler: 'Anden Andersen' })]);
    for (const [name, body] of [['jobcenter.age', jobcentre], ['voksen.age', adult]] as const) {
      expect((await call(engine, 'import.file', { path: await encryptedFile(dir, name, body, recipient) })).status).toBe('imported');
    }
    const list = await call(engine, 'screening.evaluate', { criteria: { version: 1, allOf: [{ code: 'LAB_MENTOR' }, { code: 'SEL85' }] } });
    expect(list.candidates).toHaveLength(1);
    expect(list.candidates[0]!.counts).toEqual({ services: 4, sectors: 2, departments: 2, caseworkers: 2 });
  });
});
