/**
 * Families in the sector assessment: a packet has one row per citizen, so a family has a row per
 * member in each sector that serves them, and every one of those rows counts. Through the contract
 * on the demo municipality's family list (real sql.js, sheets filled in with ExcelJS, opened with
 * the age CLI): a "nej" about one member excludes the family, whichever row it is in; one member
 * left blank keeps the family pending and the sector's answer missing (and so the menu's count);
 * the latest "not before" of any member sets the start and the day to ask again.
 */
import { describe, expect, it } from 'vitest';
import { dayInCopenhagen, isoOfDay } from '../../shared/dates';
import { normaliseCpr } from '../../shared/cpr';
import { groundTruth } from '../support/consent';
import { call, DEMO, expectError } from '../support/engine';
import { approvedRound, exportedPackets, filled, returnAnswers } from '../support/packets';
import { login, SHORT_FAMILY_LIST } from '../support/rounds';

const later = isoOfDay(dayInCopenhagen(new Date()) + 10);
type Cells = (string | Date | null)[];
const YES: Cells = ['ja', 'behov for koordinering', 'nu', null];
const NO: Cells = ['nej', 'ikke kendt i sektoren', null, null];
const BLANK: Cells = [null, null, null, null];
const NOT_BEFORE: Cells = ['ja', 'behov for koordinering', 'ikke før dato', new Date(`${later}T00:00:00Z`)];

describe('a family’s answers', () => {
  it('are read row by row: a "nej" about any member excludes, a blank member keeps it pending and missing, the latest date of any member sets the start', async () => {
    const base = await approvedRound(SHORT_FAMILY_LIST);
    const { engine, round } = base;
    const { recipient, packets } = await exportedPackets(base);
    const { members } = await groundTruth(base.dir, round.run.id);
    const candidateOf = new Map(members.map((m) => [m.cpr, m.candidate]));

    // Families with two or more members in one packet, each family once, in the packets' order.
    const pairs: { packet: number; candidate: string; cprs: string[] }[] = [];
    for (const [i, p] of packets.entries()) {
      const byCandidate = new Map<string, string[]>();
      for (const row of p.sheet.slice(1)) {
        const cpr = normaliseCpr(row[1]!.value)!;
        const c = candidateOf.get(cpr)!;
        byCandidate.set(c, [...(byCandidate.get(c) ?? []), cpr]);
      }
      for (const [candidate, cprs] of byCandidate) if (cprs.length >= 2 && !pairs.some((x) => x.candidate === candidate)) pairs.push({ packet: i, candidate, cprs });
    }
    expect(pairs.length).toBeGreaterThanOrEqual(4);
    const [noSecond, noFirst, blank, dated] = pairs;
    // Each family's chosen packet and member rows; every other row "ja, nu".
    const plan = new Map<string, Cells>([
      [`${noSecond!.packet}:${noSecond!.cprs[1]}`, NO],
      [`${noFirst!.packet}:${noFirst!.cprs[0]}`, NO],
      [`${blank!.packet}:${blank!.cprs[1]}`, BLANK],
      [`${dated!.packet}:${dated!.cprs[1]}`, NOT_BEFORE],
    ]);
    for (const [i, p] of packets.entries()) {
      const sheet = await filled(p.xlsx, (ws) => {
        for (let r = 2; r <= ws.rowCount; r++) {
          const cpr = normaliseCpr(String(ws.getRow(r).getCell(2).value))!;
          (plan.get(`${i}:${cpr}`) ?? YES).forEach((v, k) => (ws.getRow(r).getCell(4 + k).value = v));
        }
      });
      await returnAnswers(base, recipient, sheet, i);
    }

    const status = await call(engine, 'packets.status', { roundId: round.id });
    const of = (c: string) => status.candidates.find((x) => x.pseudonym === c)!;
    // One member "nej", the other "ja", in the same sector: excluded, whichever row the "nej" is in, and the sector's cell shows the "nej".
    for (const family of [noSecond!, noFirst!]) {
      expect(of(family.candidate)).toMatchObject({ outcome: 'excluded', startDate: null, askAgain: null });
      expect(of(family.candidate).answers.filter((a) => a.suitable === 'nej')).toHaveLength(1);
    }
    // One member answered, the other blank: pending, and the sector still owes an answer about the family.
    expect(of(blank!.candidate).outcome).toBe('pending');
    expect(of(blank!.candidate).answers.filter((a) => a.suitable === null)).toHaveLength(1);
    const owing = status.sectors.find((s) => s.sector === of(blank!.candidate).answers.find((a) => a.suitable === null)!.sector)!;
    expect(owing).toMatchObject({ missing: 1, answered: owing.sent - 1 });
    expect(status.sectors.filter((s) => s !== owing).every((s) => s.missing === 0)).toBe(true);
    expect(await call(engine, 'packets.waiting', {})).toMatchObject({ missing: 1 });
    // One member "ja, nu", the other "ja, ikke før": the later date sets the start and the day to ask again.
    expect(of(dated!.candidate)).toMatchObject({ outcome: 'suitable', startDate: later, askAgain: later });
    expect(of(dated!.candidate).answers.find((a) => a.timing === 'ikke før dato')).toBeTruthy();

    // The consent register holds no member of the excluded or pending families, and every member of the others.
    const register = new Set((await call(engine, 'consent.list', { roundId: round.id })).map((r) => r.candidate));
    for (const family of [noSecond!, noFirst!, blank!]) expect(register.has(family.candidate)).toBe(false);
    expect(register.has(dated!.candidate)).toBe(true);
    expect(JSON.stringify(status)).not.toMatch(/\d{6}-?\d{4}/); // pseudonyms, never CPR numbers

    // A refused decision about a family (it needs none) is logged under the member whose CPR number sorts first.
    await expectError(engine.invoke('packets.decideUnsure', { roundId: round.id, pseudonym: dated!.candidate, decision: 'include', reason: 'clarified-with-sector' }), 'NOT_UNSURE');
    const [first] = members.filter((m) => m.candidate === dated!.candidate).map((m) => m.cpr).sort();
    await login(engine, DEMO.dpo);
    const refused = (await call(engine, 'audit.list', { subject: first! })).entries.filter((e) => e.action === 'packets.decideUnsure');
    expect(refused.map((e) => e.outcome)).toEqual(['error']);
  }, 600_000);
});
