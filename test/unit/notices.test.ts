/**
 * Notices to caseworkers on the demo municipality, after a whole sector assessment: one per
 * caseworker and sector, opened with Debian's age CLI and that sector's key only, read with
 * pdftotext. Each names exactly that caseworker's finally selected citizens and, for each, only
 * that caseworker's own services: no other caseworker and no code they alone hold appears.
 */
import { readdir, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECTORS, type Sector } from '../../shared/extract-format';
import { assessedRound, cprsIn, holds, pdfText } from '../support/consent';
import { call, DEMO, expectError } from '../support/engine';
import { openWithCli } from '../support/packets';
import { login } from '../support/rounds';

describe('notices to caseworkers', () => {
  it('tells every caseworker of a selected citizen, showing only their own citizens and services, sealed to their sector', async () => {
    const { engine, dir, round, keys, refusedCpr, members, services } = await assessedRound();
    const folder = join(dir, 'orienteringer');
    await mkdir(folder);
    const selected = new Set(members.map((m) => m.cpr).filter((c) => c !== refusedCpr));
    const out = await call(engine, 'notices.export', { roundId: round.id, folder, contact: 'Tlf. 12 34 56 78' });
    expect((await readdir(folder)).sort()).toEqual(out.notices.map((n) => n.file).sort());

    // What each (sector, caseworker) should be told: their selected citizens, and per citizen their codes.
    const key = (sector: string, caseworker: string, cpr: string) => `${sector}|${caseworker}|${cpr}`;
    const expected = new Set(services.filter((s) => selected.has(s.cpr)).map((s) => key(s.sector, s.caseworker, s.cpr)));
    const told = new Set<string>();
    for (const n of out.notices) {
      const path = join(folder, n.file);
      for (const other of SECTORS.filter((s) => s !== n.sector)) expect(openWithCli(path, keys.get(other)!.file), `${other} opens ${n.file}`).toBeNull();
      const zip = openWithCli(path, keys.get(n.sector as Sector)!.file);
      expect(zip, `${n.sector} opens its notice`).not.toBeNull();
      const { names, text, raw } = await pdfText(zip!, dir);
      expect(names).toEqual(['orientering.pdf']);
      expect(text).toContain('koordineret borgerforløb');
      expect(text).toContain('Tlf. 12 34 56 78');
      expect(text).toMatch(/Side 1 af \d+/);
      const cprs = cprsIn(text);
      expect(cprs.size).toBe(n.citizens);
      expect(cprs.has(refusedCpr)).toBe(false);
      for (const cpr of cprs) {
        told.add(key(n.sector, n.caseworker, cpr));
        const mine = services.filter((s) => s.cpr === cpr && s.sector === n.sector && s.caseworker === n.caseworker);
        const theirs = services.filter((s) => s.cpr === cpr && !(s.sector === n.sector && s.caseworker === n.caseworker));
        for (const s of mine) expect(holds(raw, s.service), `${n.file}: own service ${s.service}`).toBe(true);
        // Services are named, never shown by their catalogue code.
        for (const s of [...mine, ...theirs]) expect(holds(text, `(${s.code})`), `${n.file}: code ${s.code}`).toBe(false);
        // Another caseworker's services and names for the same citizen stay out (unless this caseworker has one by that name).
        for (const s of theirs) {
          if (!mine.some((m) => m.service.includes(s.service))) expect(holds(raw, s.service), `${n.file}: ${s.service} of ${s.caseworker}`).toBe(false);
          if (s.caseworker !== n.caseworker) expect(holds(text, s.caseworker), `${n.file}: names ${s.caseworker}`).toBe(false);
        }
      }
    }
    expect(told).toEqual(expected);
    // The register counts them per citizen: none exactly for a citizen without services of their own (no caseworker to notify).
    const register = await call(engine, 'consent.list', { roundId: round.id });
    expect(register.some((r) => r.ownServices)).toBe(true);
    for (const r of register) expect(r.notices === 0, r.pseudonym).toBe(!r.ownServices);

    // Logged with every CPR number disclosed: the DPO finds the export under a citizen's number.
    const someone = [...selected][0]!;
    await login(engine, DEMO.dpo);
    const log = await call(engine, 'audit.list', { subject: someone });
    expect(log.entries.some((e) => e.action === 'notices.export' && e.outcome === 'ok')).toBe(true);
    expect((await call(engine, 'audit.list', { subject: refusedCpr })).entries.some((e) => e.action === 'notices.export')).toBe(false);
  }, 300_000);

  it('refuses without the unit\'s contact or a sector\'s key and writes nothing; only screeners send notices', async () => {
    const { engine, dir, round } = await assessedRound();
    const folder = join(dir, 'orienteringer');
    await mkdir(folder);
    await login(engine, DEMO.admin);
    await call(engine, 'recipients.remove', { sector: 'jobcenter' });
    await login(engine, DEMO.screener);
    // The unit's contact is printed on every notice: without it nothing is sent, and the refusal names the field.
    for (const contact of [undefined, '', '   ']) {
      const refused = await expectError(engine.invoke('notices.export', { roundId: round.id, folder, ...(contact === undefined ? {} : { contact }) }), 'VALIDATION');
      expect((refused.details?.issues as { path: string }[]).map((i) => i.path)).toEqual(['contact']);
    }
    expect((await expectError(engine.invoke('notices.export', { roundId: round.id, folder, contact: 'Tlf. 1' }), 'NO_RECIPIENT')).details).toEqual({ sectors: ['jobcenter'] });
    expect(await readdir(folder)).toEqual([]);
    await login(engine, DEMO.supervisor);
    await expectError(engine.invoke('notices.export', { roundId: round.id, folder, contact: 'Tlf. 1' }), 'FORBIDDEN');
  }, 300_000);
});
