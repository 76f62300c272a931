/**
 * Sector packets on the demo municipality, end to end through the contract with real age (the
 * Debian CLI opens them), real sql.js, pdftotext and the project's own XLSX reader: each sector's
 * packet holds only what that sector already knows.
 */
import * as fsp from 'node:fs/promises';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeWorkspace, openWorkspace } from '../../electron/engine/base/workspace/store';
import { all } from '../../electron/engine/base/database';
import { decryptWith } from '../../electron/engine/base/crypto/age';
import { normaliseCpr } from '../../shared/cpr';
import { dayInCopenhagen, isoOfDay } from '../../shared/dates';
import { SECTORS, type Sector } from '../../shared/extract-format';
import type { FsLike } from '../../electron/engine/base/deps';
import { call, DEMO, expectError, newEngine, testDeps } from '../support/engine';
import { login } from '../support/rounds';
import { approvedRound, openWithCli, readBytes, unpack } from '../support/packets';

/** Everything the database knows, by sector, to tell what belongs only to other sectors; and whom each sector serves on the round. */
async function groundTruth(dir: string, roundId: number) {
  const ws = await openWorkspace(await testDeps(dir), DEMO.screener.username, DEMO.screener.passphrase);
  try {
    const values = new Map<Sector, Set<string>>(SECTORS.map((s) => [s, new Set()]));
    for (const r of all(
      ws.db,
      `SELECT so.sector, c.code, sn.value AS name, dep.value AS department, cw.name AS caseworker FROM service s JOIN source so ON so.id = s.source_id
       JOIN catalogue c ON c.id = s.catalogue_id JOIN dict sn ON sn.id = s.service_name_id JOIN dict dep ON dep.id = s.department_id JOIN caseworker cw ON cw.id = s.caseworker_id`,
    )) {
      for (const v of [r.code, r.name, r.department, r.caseworker]) values.get(String(r.sector) as Sector)!.add(String(v));
    }
    const served = new Map<Sector, Set<string>>(SECTORS.map((s) => [s, new Set()]));
    for (const r of all(
      ws.db,
      `SELECT DISTINCT so.sector, m.cpr FROM round o JOIN run_candidate c ON c.run_id = o.run_id
       JOIN round_decision d ON d.round_id = o.id AND d.pseudonym = c.pseudonym AND d.decision = 'include'
       JOIN run_candidate_member m ON m.run_id = c.run_id AND m.pos = c.pos JOIN person p ON p.cpr = m.cpr
       JOIN service s ON s.person_id = p.id JOIN source so ON so.id = s.source_id WHERE o.id = ?`,
      [roundId],
    )) {
      served.get(String(r.sector) as Sector)!.add(String(r.cpr));
    }
    const onlyOthers = (sector: Sector) => {
      const mine = values.get(sector)!;
      return [...new Set(SECTORS.filter((s) => s !== sector).flatMap((s) => [...values.get(s)!]))].filter((v) => !mine.has(v) && v.length >= 3);
    };
    return { served, onlyOthers };
  } finally {
    closeWorkspace(ws);
  }
}

/** A whole word or code in the text (so "Ressourceforløb" is not found inside "Ressourceforløbsydelse"). */
const holds = (text: string, value: string) => new RegExp(`(?<![\\p{L}\\p{N}_])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'u').test(text);
const oneLine = (t: string) => t.replace(/\s+/g, ' ');

describe('sector recipients', () => {
  it('accepts an X25519 recipient with a fingerprint, refuses post-quantum, plugin and malformed ones with the reason, and is listed for admins and screeners only', async () => {
    const { engine, keys } = await approvedRound();
    await login(engine, DEMO.admin);
    const listed = await call(engine, 'recipients.list', {});
    expect(listed.map((r) => r.sector).sort()).toEqual([...SECTORS].sort());
    expect(listed[0]!.fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    const dept = await call(engine, 'recipients.register', { sector: 'voksen', department: 'Socialpsykiatri', recipient: keys.get('boern')!.recipient });
    expect(dept.fingerprint).toBe(listed.find((r) => r.sector === 'boern')!.fingerprint); // same key, same fingerprint
    const refused = async (recipient: string) => (await expectError(engine.invoke('recipients.register', { sector: 'jobcenter', recipient }), 'RECIPIENT_INVALID')).details!.reason;
    expect(await refused(`age1pq1${'q'.repeat(1900)}`)).toBe('post-quantum');
    expect(await refused('age1yubikey1qwt50d05nh5vutpdzmlg5wn80xq5negm4uj9ghv0snvdd3yysf5yw3rhl3t')).toBe('plugin');
    expect(await refused('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk')).toBe('format');
    const good = keys.get('boern')!.recipient;
    expect(await refused(good.slice(0, -1) + (good.endsWith('x') ? 'y' : 'x'))).toBe('format'); // a typo (another letter) breaks the checksum
    await login(engine, DEMO.screener);
    expect((await call(engine, 'recipients.list', {})).length).toBe(SECTORS.length + 1);
    await expectError(engine.invoke('recipients.register', { sector: 'jobcenter', recipient: keys.get('boern')!.recipient }), 'FORBIDDEN');
    await login(engine, DEMO.supervisor);
    await expectError(engine.invoke('recipients.list', {}), 'FORBIDDEN');
  }, 120_000);
});

describe('blinded packets', () => {
  it('gives each sector one packet only its key opens, holding only its own citizens and nothing that belongs only to another sector', async () => {
    const { engine, dir, round, keys, folder } = await approvedRound();
    await expectError(engine.invoke('packets.export', { roundId: round.id + 1000, folder }), 'NOT_FOUND');
    // A deadline already passed is refused at its field, and nothing is written.
    const today = dayInCopenhagen(new Date());
    const passed = await expectError(engine.invoke('packets.export', { roundId: round.id, folder, deadline: isoOfDay(today - 1) }), 'VALIDATION');
    expect(passed.details).toEqual({ issues: [{ path: 'deadline', message: 'before-today' }] });
    expect(await readdir(folder)).toEqual([]);
    const out = await call(engine, 'packets.export', { roundId: round.id, folder, contact: 'Tlf. 12 34 56 78' });
    expect(out.deadline).toBe(isoOfDay(today + 14)); // the default: 14 days from today
    const truth = await groundTruth(dir, round.id);
    const sent = SECTORS.filter((s) => truth.served.get(s)!.size > 0);
    expect(out.packets.map((p) => p.sector).sort()).toEqual([...sent].sort());
    expect((await readdir(folder)).sort()).toEqual(out.packets.map((p) => p.file).sort()); // nothing else, no temp files
    for (const p of out.packets) {
      const path = join(folder, p.file);
      const bytes = await readBytes(path);
      expect(new TextDecoder().decode(bytes.subarray(0, 21))).toBe('age-encryption.org/v1');
      for (const other of SECTORS.filter((s) => s !== p.sector)) expect(openWithCli(path, keys.get(other)!.file), `${other} opens ${p.sector}`).toBeNull();
      const zip = openWithCli(path, keys.get(p.sector)!.file);
      expect(zip, `${p.sector} opens its own`).not.toBeNull();
      const u = await unpack(zip!, dir);
      expect(u.names.sort()).toEqual(['laeseark.pdf', 'svarark.xlsx']);
      expect(u.text).toMatch(/Side 1 af \d+/);
      expect(u.text).toContain('Svarfrist');
      // What a complete answer needs, in the PDF and in the sheet's Vejledning tab alike: a "nej" says why, a "ja" says when.
      for (const rule of ['Svarer I »nej«, skal I vælge en begrundelse.', 'Svarer I »ja«, skal I vælge et tidspunkt.']) {
        expect(oneLine(u.text)).toContain(rule);
        expect(oneLine(u.xml)).toContain(rule);
      }
      const [header, ...rows] = u.sheet;
      expect(header!.map((c) => c.value)).toEqual(['Pakkereference', 'CPR-nummer', 'Navn', 'Egnet', 'Begrundelse', 'Tidspunkt', 'Dato', 'Kommentar']);
      // Exactly the citizens this sector serves, in the sheet and in the PDF; CPR numbers as text.
      const cprs = rows.map((r) => r[1]!);
      for (const c of cprs) expect(c.numeric).toBe(false);
      expect(new Set(cprs.map((c) => normaliseCpr(c.value)))).toEqual(truth.served.get(p.sector));
      expect(p.candidates).toBe(rows.length);
      const pdfCprs = new Set([...u.text.matchAll(/\b\d{6}-[0-9A-Z]{4}\b/g)].map((m) => normaliseCpr(m[0])));
      expect(pdfCprs).toEqual(truth.served.get(p.sector));
      // Canaries: no code, service, department or caseworker known only to another sector, anywhere.
      const everything = oneLine([u.text, u.info, u.xml, p.file, ...u.names].join('\n'));
      const leaks = truth.onlyOthers(p.sector).filter((v) => holds(everything, oneLine(v)));
      expect(leaks, `${p.sector} packet`).toEqual([]);
      // No formula cells, nothing that starts like one.
      expect(u.xml).not.toMatch(/<f[ >]/);
      for (const r of u.sheet) for (const c of r) expect(c.value).not.toMatch(/^[=+\-@\t\0]/);
      // Each packet's file key is fresh: no two packets share a header stanza.
    }
    const headers = await Promise.all(out.packets.map(async (p) => new TextDecoder().decode((await readBytes(join(folder, p.file))).subarray(0, 200)).split('\n')[2]));
    expect(new Set(headers).size).toBe(out.packets.length);

    // Per caseworker: each citizen once per sector, in one part, and the parts together are the sector's packet.
    const parts = await call(engine, 'packets.export', { roundId: round.id, folder: join(folder, '..'), split: 'caseworker' });
    for (const sector of sent) {
      const mine = parts.packets.filter((p) => p.sector === sector);
      expect(mine.every((p) => p.part !== null)).toBe(true);
      const cprs: string[] = [];
      for (const p of mine) {
        const u = await unpack(openWithCli(join(folder, '..', p.file), keys.get(sector)!.file)!, dir);
        cprs.push(...u.sheet.slice(1).map((r) => normaliseCpr(r[1]!.value)!));
      }
      expect(cprs.length).toBe(new Set(cprs).size);
      expect(new Set(cprs)).toEqual(truth.served.get(sector));
    }
  }, 300_000);

  it('refuses a round that is not approved and a sector without a key, and locks with one-time passphrases when asked', async () => {
    const { engine, round, folder } = await approvedRound();
    await login(engine, DEMO.admin);
    const key = (await call(engine, 'recipients.list', {})).find((r) => r.sector === 'jobcenter' && r.department === '')!;
    expect(await call(engine, 'recipients.remove', { sector: 'jobcenter' })).toEqual({ removed: true });
    // The log says which key went, by its fingerprint.
    await login(engine, DEMO.dpo);
    const removal = (await call(engine, 'audit.list', { limit: 5 })).entries.find((e) => e.action === 'recipients.remove')!;
    expect(JSON.parse(removal.detail)).toEqual({ sector: 'jobcenter', department: '', fingerprint: key.fingerprint, removed: true });
    await login(engine, DEMO.screener);
    expect((await expectError(engine.invoke('packets.export', { roundId: round.id, folder }), 'NO_RECIPIENT')).details).toEqual({ sectors: ['jobcenter'] });
    expect(await readdir(folder)).toEqual([]);
    const out = await call(engine, 'packets.export', { roundId: round.id, folder, passphrase: true });
    const p = out.packets[0]!;
    expect(p.passphrase).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{2}$/);
    expect(new Set(out.packets.map((x) => x.passphrase)).size).toBe(out.packets.length);
    const bytes = await readBytes(join(folder, p.file));
    await expect(decryptWith({ passphrase: out.packets[1]!.passphrase! }, bytes)).rejects.toThrow();
    const zip = await decryptWith({ passphrase: p.passphrase! }, bytes);
    expect(zip[0]).toBe(0x50); // PK: the zip
  }, 300_000);

  it('removes the packets it wrote when its log entry cannot be written, and records nothing', async () => {
    const base = await approvedRound();
    await base.engine.dispose();
    // The disk fills up as the export ends: the entry cannot be appended to the log's journal.
    let full = false;
    const fs: FsLike = {
      ...fsp,
      open: (async (path: string, flags?: string, mode?: number) => {
        if (full && path.endsWith('.journal') && flags === 'a') throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        return fsp.open(path, flags, mode);
      }) as FsLike['open'],
    };
    const engine = await newEngine(base.dir, { fs });
    await login(engine, DEMO.screener);
    full = true;
    await expectError(engine.invoke('packets.export', { roundId: base.round.id, folder: base.folder }), 'AUDIT_WRITE_FAILED');
    full = false;
    expect(await readdir(base.folder)).toEqual([]);
    expect((await call(engine, 'packets.waiting', {})).unsent).toContain(base.round.id);
  }, 300_000);
});
