/**
 * One candidate in detail (`candidates.detail`) on the demo municipality, in a real workspace:
 * the services and counts are the candidate's own and agree with the list's counts, every rule
 * carries its value, a family's members say adult or child, no CPR number or caseworker's name
 * crosses, the DPO's per-citizen export finds the look by CPR number, a change of the loaded data
 * is said, and unknown pseudonyms, unknown runs and other roles are refused.
 */
import { describe, expect, it } from 'vitest';
import { decryptWith, newIdentity } from '../../electron/engine/base/crypto/age';
import type { Engine } from '../../electron/engine/engine';
import type { CandidateDetail } from '../../shared/candidate-detail';
import { PRESETS } from '../../shared/presets';
import type { CandidateView } from '../../shared/screening';
import { call, DEMO, expectError } from '../support/engine';
import { row } from '../support/extracts';
import { login, roundWorkspace } from '../support/rounds';
import { screenerInDemo } from '../support/screener';

const CPR_LIKE = /\b\d{6}-?\d{4}\b/;

/** What the detail says in sum, to set beside what the list says of the same candidate. */
function totals(d: CandidateDetail) {
  const counted = d.sectors.map((s) => ({ ...s, services: s.services.filter((x) => x.counted) })).filter((s) => s.services.length > 0);
  return {
    sectors: counted.map((s) => s.sector).sort(),
    counts: {
      services: counted.reduce((n, s) => n + s.services.length, 0),
      sectors: counted.length,
      departments: counted.reduce((n, s) => n + s.departments, 0),
      caseworkers: counted.reduce((n, s) => n + s.caseworkers, 0),
    },
  };
}

function expectAgrees(d: CandidateDetail, c: CandidateView) {
  expect(d.pseudonym).toBe(c.pseudonym);
  expect(d.members.map((m) => [m.pseudonym, m.ageBand])).toEqual(c.members.map((m) => [m.pseudonym, m.ageBand]));
  expect(totals(d)).toEqual({ sectors: [...c.sectors].sort(), counts: c.counts });
  // Services belong to the candidate's members only.
  const members = new Set(c.members.map((m) => m.pseudonym));
  expect(d.sectors.flatMap((s) => s.services).every((x) => members.has(x.member))).toBe(true);
  expect(d.rules).toEqual(c.rules);
}

async function exported(engine: Engine, subject: string): Promise<string> {
  const { identity, recipient } = await newIdentity();
  const out = await call(engine, 'audit.export', { recipient, subject });
  return new TextDecoder().decode(await decryptWith({ identities: [identity] }, Buffer.from(out.base64, 'base64')));
}

describe('candidates.detail', () => {
  it('shows one person’s services per sector, counts that agree with the list, the rules with their values, and logs the look per citizen', async () => {
    const { engine, runs } = await roundWorkspace();
    const run = await call(engine, 'runs.get', { id: runs[0]!.id });
    const [first] = run.candidates;
    const d = await call(engine, 'candidates.detail', { runId: run.id, pseudonym: first!.pseudonym });
    expect(d).toMatchObject({ runId: run.id, unit: 'person', dataNow: null, madeOn: { referenceDate: run.snapshot.referenceDate } });
    expectAgrees(d, first!);
    expect(d.rules.length).toBeGreaterThan(0);
    expect(d.rules.find((r) => r.rule === 'minSectors')).toMatchObject({ value: first!.counts.sectors, threshold: 4, passed: true });
    const services = d.sectors.flatMap((s) => s.services);
    expect(services.every((x) => x.nameDa && x.nameEn && x.paragraph && x.department && /^\d{4}-\d{2}-\d{2}$/.test(x.start))).toBe(true);
    expect(services.every((x) => x.start <= d.madeOn.referenceDate && (x.end === null || x.end >= d.madeOn.referenceDate))).toBe(true);
    // Every other candidate too: each detail has that candidate's services and counts, none of another's.
    for (const c of run.candidates.slice(1)) expectAgrees(await call(engine, 'candidates.detail', { runId: run.id, pseudonym: c.pseudonym }), c);
    expect(run.candidates.length).toBeGreaterThan(2);

    // Pseudonymised: no CPR number and no name, neither the citizen's nor a caseworker's.
    const revealed = await call(engine, 'candidates.reveal', { runId: run.id, pseudonym: first!.pseudonym, purpose: 'review', reason: 'test af detaljer' });
    const text = JSON.stringify(d);
    expect(text).not.toMatch(CPR_LIKE);
    expect(text).not.toContain(revealed.members[0]!.name!);
    expect(text).not.toMatch(/"(caseworker|name)"\s*:\s*"/);

    // The DPO's export for this citizen holds the look, by the screener, for screening.
    await login(engine, DEMO.dpo);
    const cpr = revealed.members[0]!.cpr;
    const entries = (await call(engine, 'audit.list', { subject: cpr, limit: 100 })).entries.filter((e) => e.action === 'candidates.detail');
    expect(entries.map((e) => [e.user, e.outcome, e.purpose, e.subjectCount])).toEqual([[DEMO.screener.username, 'ok', 'udsøgning', 1]]);
    const file = await exported(engine, cpr);
    expect(file).toContain('candidates.detail');
    // The other candidates' looks do not name this citizen.
    expect(file.split('candidates.detail').length - 1).toBe(1);
  });

  it('a reveal’s reason may name no other citizen: a CPR number in it is refused, so a citizen’s export never carries another’s number', async () => {
    const { engine, runs } = await roundWorkspace();
    const run = await call(engine, 'runs.get', { id: runs[0]!.id });
    const [first, second] = run.candidates;
    const other = (await call(engine, 'candidates.reveal', { runId: run.id, pseudonym: second!.pseudonym, purpose: 'review', reason: 'den anden kandidat' })).members[0]!.cpr;
    for (const written of [other, other.replace('-', ''), other.replace('-', ' ')]) {
      const err = await expectError(engine.invoke('candidates.reveal', { runId: run.id, pseudonym: first!.pseudonym, purpose: 'contact', reason: `ring også til ${written} (naboen)` }), 'VALIDATION');
      expect(err.details).toMatchObject({ issues: [{ path: 'reason' }] });
    }
    // A number that is no CPR number (a ten-digit case number) is the user's business.
    const shown = await call(engine, 'candidates.reveal', { runId: run.id, pseudonym: first!.pseudonym, purpose: 'contact', reason: 'sag 2026123456 i Jobcentret' });

    await login(engine, DEMO.dpo);
    const file = await exported(engine, shown.members[0]!.cpr);
    expect(file).toContain('sag 2026123456 i Jobcentret');
    expect(file).not.toContain(other);
    expect(file).not.toContain(other.replace('-', ''));
    // The refusals are logged (who, what, which field), without what was written.
    const refused = (await call(engine, 'audit.list', { limit: 50 })).entries.filter((e) => e.action === 'candidates.reveal' && e.outcome === 'error');
    expect(refused).toHaveLength(3);
    expect(refused.every((e) => e.detail.includes('"path":"reason"') && !e.detail.includes(other.slice(0, 6)))).toBe(true);
  });

  it('shows a family’s members as adult or child, and counts over the whole family', async () => {
    const { engine } = await roundWorkspace();
    const preset = PRESETS.find((p) => p.id === 'familier-boern-og-voksne')!;
    const v = await call(engine, 'criteria.save', { name: 'Familier', criteria: { ...preset.criteria, minSectors: 3 } });
    const run = await call(engine, 'runs.get', { id: (await call(engine, 'runs.create', { setId: v.setId, version: v.version })).id });
    const family = run.candidates.find((c) => c.members.length > 1)!;
    const d = await call(engine, 'candidates.detail', { runId: run.id, pseudonym: family.pseudonym });
    expect(d.unit).toBe('family');
    expectAgrees(d, family);
    expect(d.members.some((m) => m.adult) && d.members.some((m) => !m.adult)).toBe(true);
    expect(d.members.every((m) => m.adult === !['0–5', '6–11', '12–14', '15–17'].includes(m.ageBand))).toBe(true);
    expect(d.rules.find((r) => r.rule === 'requireChildAndAdult')).toMatchObject({ passed: true });
  });

  it('says when the data loaded now is not what the list was made on, and marks services the criteria do not count', async () => {
    const { engine, runs } = await roundWorkspace();
    const run = await call(engine, 'runs.get', { id: runs[0]!.id });
    const c = run.candidates[0]!;
    const before = await call(engine, 'candidates.detail', { runId: run.id, pseudonym: c.pseudonym });
    const service = before.sectors[0]!.services[0]!;
    await login(engine, DEMO.admin);
    const entry = (await call(engine, 'catalogue.list', {})).find((e) => e.nameDa === service.nameDa)!;
    await call(engine, 'catalogue.update', { code: entry.code, universal: true });
    await login(engine, DEMO.screener);
    const after = await call(engine, 'candidates.detail', { runId: run.id, pseudonym: c.pseudonym });
    expect(after.dataNow).toEqual({ referenceDate: before.madeOn.referenceDate });
    expect(after.sectors.flatMap((s) => s.services).filter((x) => x.nameDa === service.nameDa).every((x) => !x.counted)).toBe(true);
    expect(after.rules).toEqual(before.rules); // the values that put them on the list stay as they were
  });

  it('counts a department as the list does: its name within the sector, whatever the case or spacing', async () => {
    const { engine, file } = await screenerInDemo();
    // The jobcentre's new extract: one citizen, two services, one department written two ways.
    const rows = [row({ Afdeling: 'Myndighed Nord' }), row({ Ydelseskode: 'LAB_PRAKTIK', Ydelse: 'Virksomhedspraktik', Afdeling: 'myndighed  NORD' })];
    expect((await call(engine, 'import.file', { path: await file('jobcenter.age', rows) })).status).toBe('imported');
    const v = await call(engine, 'criteria.save', { name: 'To jobcenterydelser', criteria: { version: 1, allOf: [{ code: 'LAB_MENTOR' }, { code: 'LAB_PRAKTIK' }] } });
    const run = await call(engine, 'runs.get', { id: (await call(engine, 'runs.create', { setId: v.setId, version: v.version })).id });
    expect(run.candidates.length).toBe(1);
    const d = await call(engine, 'candidates.detail', { runId: run.id, pseudonym: run.candidates[0]!.pseudonym });
    expect(d.sectors.find((x) => x.sector === 'jobcenter')!.departments).toBe(1);
    expectAgrees(d, run.candidates[0]!);
  });

  it('refuses an unknown pseudonym or run by name, and every role but screening staff and supervisors', async () => {
    const { engine, runs } = await roundWorkspace();
    const run = await call(engine, 'runs.get', { id: runs[0]!.id });
    const pseudonym = run.candidates[0]!.pseudonym;
    const stranger = 'P-BBBBBBBBBBBB';
    const unknown = await expectError(engine.invoke('candidates.detail', { runId: run.id, pseudonym: stranger }), 'UNKNOWN_PSEUDONYM');
    expect(unknown.details).toMatchObject({ pseudonyms: [stranger] });
    expect(unknown.message).toContain(stranger);
    expect((await expectError(engine.invoke('candidates.detail', { runId: 999, pseudonym }), 'NOT_FOUND')).message).toContain('999');
    await expectError(engine.invoke('candidates.detail', { runId: run.id, pseudonym: 'H:H000001' }), 'VALIDATION');
    await login(engine, DEMO.supervisor);
    await call(engine, 'candidates.detail', { runId: run.id, pseudonym });
    for (const who of [DEMO.dpo, DEMO.admin]) {
      await login(engine, who);
      await expectError(engine.invoke('candidates.detail', { runId: run.id, pseudonym }), 'FORBIDDEN');
    }
  });
});
