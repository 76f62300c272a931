/**
 * The contact and consent register and the overview it guards, through the contract on the demo
 * municipality: steps out of order are refused; the overview is refused before consent, after a
 * refusal and after a withdrawal, each refusal logged under the citizen's CPR number; with
 * standing consent it opens with the involved sectors' keys (age CLI) and shows every sector's
 * services and caseworkers.
 */
import { readdir, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newIdentity, decryptWith } from '../../electron/engine/base/crypto/age';
import { SECTORS, type Sector } from '../../shared/extract-format';
import { assessedRound, cprsIn, holds, pdfText } from '../support/consent';
import { call, DEMO, expectError } from '../support/engine';
import { openWithCli, readBytes } from '../support/packets';
import { login, SHORT_FAMILY_LIST } from '../support/rounds';

describe('contact and consent', () => {
  it('enforces contact before consent, refuses the overview until consent and after withdrawal, and logs every step and refusal under the CPR number', async () => {
    const { engine, dir, round, keys, refusedCpr, members, services } = await assessedRound();
    const folder = join(dir, 'overblik');
    await mkdir(folder);
    const [anna, bo] = members.filter((m) => m.cpr !== refusedCpr);
    const refused = members.find((m) => m.cpr === refusedCpr)!;
    const step = (pseudonym: string, event: string, means = 'phone', date?: string) =>
      engine.invoke('consent.record', { roundId: round.id, pseudonym, event, means, ...(date ? { date } : {}) } as never);
    const overview = (pseudonym: string, extra: object = {}) => engine.invoke('overview.export', { roundId: round.id, pseudonym, folder, ...extra });

    const register = await call(engine, 'consent.list', { roundId: round.id });
    expect(register.map((c) => c.pseudonym).sort()).toEqual(members.filter((m) => m.cpr !== refusedCpr).map((m) => m.pseudonym).sort());
    expect(register.every((c) => c.state === 'not-contacted' && c.next.join() === 'contacted' && !c.overviewAllowed)).toBe(true);

    // Not selected: a sector said no.
    await expectError(step(refused.pseudonym, 'contacted'), 'NOT_SELECTED');
    await expectError(engine.invoke('consent.letter', { roundId: round.id, pseudonym: refused.pseudonym, contact: 'Tlf. 1' }), 'NOT_SELECTED');
    // No consent before contact; no overview before consent.
    expect((await expectError(step(anna!.pseudonym, 'consent-given'), 'CONSENT_STATE')).details).toMatchObject({ state: 'not-contacted', allowed: ['contacted'] });
    expect((await expectError(overview(anna!.pseudonym), 'CONSENT_REQUIRED')).details).toEqual({ state: 'not-contacted' });
    await expectError(step(anna!.pseudonym, 'contacted', 'letter', '2999-01-01'), 'VALIDATION');
    const contacted = await call(engine, 'consent.record', { roundId: round.id, pseudonym: anna!.pseudonym, event: 'contacted', means: 'letter' });
    expect(contacted).toMatchObject({ state: 'contacted', next: ['consent-given', 'declined'], overviewAllowed: false });
    await expectError(step(anna!.pseudonym, 'contacted'), 'CONSENT_STATE');
    await expectError(step(anna!.pseudonym, 'withdrawn'), 'CONSENT_STATE');
    await expectError(step(anna!.pseudonym, 'consent-given', 'phone', '2000-01-01'), 'VALIDATION'); // before the contact
    await expectError(overview(anna!.pseudonym), 'CONSENT_REQUIRED');
    expect(await readdir(folder)).toEqual([]);

    // Consent: the overview, sealed to every sector involved and no other.
    const given = await call(engine, 'consent.record', { roundId: round.id, pseudonym: anna!.pseudonym, event: 'consent-given', means: 'meeting' });
    expect(given).toMatchObject({ state: 'consent-given', next: ['withdrawn'], overviewAllowed: true });
    expect(given.history.map((h) => [h.event, h.means, h.by])).toEqual([
      ['contacted', 'letter', DEMO.screener.username],
      ['consent-given', 'meeting', DEMO.screener.username],
    ]);
    const out = await call(engine, 'overview.export', { roundId: round.id, pseudonym: anna!.pseudonym, folder });
    const mine = services.filter((s) => s.cpr === anna!.cpr);
    const involved = [...new Set(mine.map((s) => s.sector))].sort();
    expect([...out.sectors].sort()).toEqual(involved);
    expect(out.services).toBe(mine.length);
    const path = join(folder, out.file);
    expect(out.file).not.toContain(anna!.cpr.slice(0, 6));
    for (const sector of SECTORS) expect(openWithCli(path, keys.get(sector)!.file) !== null, `${sector} opens the overview`).toBe(involved.includes(sector));
    const { names, text, raw } = await pdfText(openWithCli(path, keys.get(involved[0] as Sector)!.file)!, dir);
    expect(names).toEqual(['overblik.pdf']);
    expect(cprsIn(text)).toEqual(new Set([anna!.cpr]));
    for (const s of mine) {
      expect(holds(raw, s.service), s.service).toBe(true);
      expect(holds(text, s.caseworker), s.caseworker).toBe(true);
    }
    expect(text).toContain('Samtykke givet');
    // The plan's own recipients, when given, instead of the sectors'.
    const plan = await newIdentity();
    const toPlan = await call(engine, 'overview.export', { roundId: round.id, pseudonym: anna!.pseudonym, folder: join(folder, '..'), recipients: [plan.recipient] });
    expect((await decryptWith({ identities: [plan.identity] }, await readBytes(join(dir, toPlan.file))))[0]).toBe(0x50);
    await expectError(overview(anna!.pseudonym, { recipients: [`age1pq1${'q'.repeat(1900)}`] }), 'RECIPIENT_INVALID');

    // Withdrawal stops further overviews, for good in this round.
    const withdrawn = await call(engine, 'consent.record', { roundId: round.id, pseudonym: anna!.pseudonym, event: 'withdrawn', means: 'digital-post' });
    expect(withdrawn).toMatchObject({ state: 'withdrawn', next: [], overviewAllowed: false });
    expect((await expectError(overview(anna!.pseudonym), 'CONSENT_REQUIRED')).details).toEqual({ state: 'withdrawn' });
    await expectError(step(anna!.pseudonym, 'consent-given'), 'CONSENT_STATE');
    // A citizen who declines: no consent after it, no overview.
    await call(engine, 'consent.record', { roundId: round.id, pseudonym: bo!.pseudonym, event: 'contacted', means: 'phone' });
    await call(engine, 'consent.record', { roundId: round.id, pseudonym: bo!.pseudonym, event: 'declined', means: 'phone' });
    await expectError(step(bo!.pseudonym, 'consent-given'), 'CONSENT_STATE');
    await expectError(overview(bo!.pseudonym), 'CONSENT_REQUIRED');
    expect((await readdir(folder)).length).toBe(1);

    // Supervisors follow the register; only screeners record.
    await login(engine, DEMO.supervisor);
    const seen = await call(engine, 'consent.list', { roundId: round.id });
    expect(seen.find((c) => c.pseudonym === anna!.pseudonym)!.state).toBe('withdrawn');
    expect(JSON.stringify(seen)).not.toMatch(/\d{6}-?\d{4}/);
    await expectError(step(bo!.pseudonym, 'contacted'), 'FORBIDDEN');

    // The DPO finds every step, every overview and every refusal under the citizen's CPR number.
    await login(engine, DEMO.dpo);
    const log = (await call(engine, 'audit.list', { subject: anna!.cpr })).entries;
    const of = (action: string, outcome: string) => log.filter((e) => e.action === action && e.outcome === outcome).length;
    expect(of('consent.record', 'ok')).toBe(3);
    expect(of('consent.record', 'error')).toBeGreaterThanOrEqual(5);
    expect(of('overview.export', 'ok')).toBe(2);
    expect(of('overview.export', 'denied')).toBe(3);
    for (const e of log.filter((x) => x.action === 'overview.export' && x.outcome === 'denied')) expect(e.detail).toMatch(/"consent":"(not-contacted|contacted|withdrawn)"/);
    // docs/access-log.md: "a consent step refused for its date keeps the step and the field date".
    const datedStep = log.find((e) => e.action === 'consent.record' && e.outcome === 'error' && e.detail.includes('"path":"date"'))!;
    expect(JSON.parse(datedStep.detail)).toMatchObject({ round: round.id, event: expect.any(String), means: expect.any(String), invalid: [{ path: 'date', code: 'custom' }] });
    for (const e of log.filter((x) => x.outcome === 'ok')) expect(e.subjectCount).toBeGreaterThanOrEqual(1);
    const boLog = (await call(engine, 'audit.list', { subject: bo!.cpr })).entries;
    expect(boLog.filter((e) => e.action === 'overview.export' && e.outcome === 'denied').length).toBe(1);
    expect((await call(engine, 'audit.list', { subject: refused.cpr })).entries.filter((e) => e.action === 'consent.record').length).toBe(1);
  }, 300_000);

  it('seals the overview of a family member without services of their own to the sectors serving the family', async () => {
    const { engine, round, keys, folder } = await assessedRound(SHORT_FAMILY_LIST);
    const child = (await call(engine, 'consent.list', { roundId: round.id })).find((r) => !r.ownServices);
    expect(child).toBeDefined();
    for (const event of ['contacted', 'consent-given'] as const) await call(engine, 'consent.record', { roundId: round.id, pseudonym: child!.pseudonym, event, means: 'phone' });
    const out = await call(engine, 'overview.export', { roundId: round.id, pseudonym: child!.pseudonym, folder });
    expect(out).toMatchObject({ services: 0, sectors: [] });
    expect(out.fingerprints.length).toBeGreaterThan(0);
    // Never a file nobody can open: a key of a sector serving the family opens it.
    const opened = [...keys.values()].filter((k) => openWithCli(join(folder, out.file), k.file) !== null);
    expect(opened.length).toBe(out.fingerprints.length);
  }, 300_000);
});
