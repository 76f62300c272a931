/**
 * Answers coming back: a sector's answer sheet filled in programmatically as a caseworker would
 * (ExcelJS opens the packet's sheet, types into the answer cells, saves), encrypted to the unit,
 * imported through the contract; each kind of breach refused with its own reason, row and column;
 * and the aggregation rules, on their own.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { encryptTo } from '../../electron/engine/base/crypto/age';
import { aggregate } from '../../electron/engine/packets/status';
import { fsp, call, DEMO, expectError } from '../support/engine';
import { login } from '../support/rounds';
import { approvedRound, filled, openWithCli, unpack } from '../support/packets';

type Cells = (string | Date | null)[];

const answerAll = (cells: (row: number) => Cells) => (ws: ExcelJS.Worksheet) => {
  for (let r = 2; r <= ws.rowCount; r++) cells(r).forEach((v, i) => (ws.getRow(r).getCell(4 + i).value = v));
};

describe('answers from a sector', () => {
  it('refuses each breach with its own reason, records a partial sheet with what is missing, then a complete one', async () => {
    const { engine, dir, round, keys, folder } = await approvedRound();
    await login(engine, DEMO.admin);
    const { recipient } = await call(engine, 'unit.recipient', {});
    await login(engine, DEMO.screener);
    const out = await call(engine, 'packets.export', { roundId: round.id, folder });
    const packet = async (i: number) => unpack(openWithCli(join(folder, out.packets[i]!.file), keys.get(out.packets[i]!.sector)!.file)!, dir);
    const [first, second] = [await packet(0), await packet(1)];
    const mine = first.xlsx;
    const mineRows = first.sheet.length; // the header included
    const otherRow = second.sheet[1]!.map((c) => c.value);
    let n = 0;
    const importing = async (bytes: Uint8Array, encrypt = true) => {
      const path = join(dir, `svar-${++n}.xlsx${encrypt ? '.age' : ''}`);
      await fsp.writeFile(path, encrypt ? await encryptTo([recipient], bytes) : bytes);
      return engine.invoke('packets.importAnswers', { path });
    };
    const yes = answerAll(() => ['ja', 'behov for koordinering', 'nu', null, '']);
    const problems = async (edit: (ws: ExcelJS.Worksheet) => void) =>
      (await expectError(importing(await filled(mine, (ws) => (yes(ws), edit(ws)))), 'ANSWERS_REFUSED')).details!.problems as { row: number; column: string; reason: string }[];

    await expectError(importing(await filled(mine, yes), false), 'ANSWERS_UNENCRYPTED');
    expect(await problems((ws) => (ws.getCell('A2').value = 'R-AAAA-BBBB-CCCC'))).toEqual([{ row: 2, column: 'A', reason: 'unknown-reference' }]);
    expect(await problems((ws) => ws.addRow([...otherRow.slice(0, 3), 'ja', '', 'nu']))).toEqual([{ row: mineRows + 1, column: 'A', reason: 'other-packet' }]);
    expect(await problems((ws) => ws.addRow([ws.getCell('A2').value, ws.getCell('B2').value, ws.getCell('C2').value, 'nej', 'andet', '', null, 'igen']))).toEqual([
      { row: mineRows + 1, column: 'A', reason: 'duplicate' },
    ]);
    expect(await problems((ws) => (ws.getCell('D2').value = 'måske'))).toEqual([{ row: 2, column: 'D', reason: 'invalid-value' }]);
    expect(await problems((ws) => (ws.getCell('B2').value = '010101-0000'))).toEqual([{ row: 2, column: 'B', reason: 'changed-fixed-cell' }]);
    expect(await problems((ws) => (ws.getCell('C2').value = 'Et helt andet navn'))).toEqual([{ row: 2, column: 'C', reason: 'changed-fixed-cell' }]);
    expect(await problems((ws) => (ws.getCell('G2').value = 'i morgen'))).toEqual([{ row: 2, column: 'G', reason: 'invalid-value' }]);
    expect((await call(engine, 'packets.status', { roundId: round.id })).sectors.every((s) => s.answered === 0)).toBe(true); // nothing of a refused sheet is kept

    // Partial: row 3 not answered, row 4 "not before" without its date.
    const partial = await importing(
      await filled(mine, (ws) => {
        yes(ws);
        ws.getCell('D3').value = null;
        if (ws.rowCount >= 4) ws.getRow(4).values = [...(ws.getRow(4).values as Cells).slice(1, 4), 'ja', 'behov for koordinering', 'ikke før dato', null, ''];
      }),
    );
    if (!partial.ok) throw new Error(JSON.stringify(partial.error));
    const rows = mineRows - 1;
    expect(partial.value).toMatchObject({ status: 'partial', sector: out.packets[0]!.sector, recorded: rows - Math.min(2, rows - 1) });
    expect((partial.value as { missing: { row: number; columns: string[] }[] }).missing.map((m) => [m.row, m.columns])).toEqual(rows >= 3 ? [[3, ['D']], [4, ['G']]] : [[3, ['D']]]);

    // Complete, with one sector saying "not before" a date ahead: the candidate's start and ask-again date.
    const later = '2099-01-15';
    const answered = answerAll((r) => (r === 2 ? ['ja', 'behov for koordinering', 'ikke før dato', new Date(`${later}T00:00:00Z`), ''] : ['ja', 'behov for koordinering', 'nu', null, '']));
    const okPath = join(dir, 'svar-ok.xlsx.age');
    // The name's spacing is no change to it: only another name is.
    const respaced = (ws: ExcelJS.Worksheet) => (ws.getCell('C2').value = `  ${String(ws.getCell('C2').value).replace(/ /g, '   ')} `);
    await fsp.writeFile(okPath, await encryptTo([recipient], await filled(mine, (ws) => (answered(ws), respaced(ws)))));
    const complete = await call(engine, 'packets.importAnswers', { path: okPath });
    expect(complete).toMatchObject({ status: 'complete', recorded: rows, missing: [] });

    // Plain sheets only where the unit allows it.
    await login(engine, DEMO.admin);
    await call(engine, 'packets.setPlainAnswers', { allow: true });
    await login(engine, DEMO.screener);
    expect((await importing(await filled(mine, answered), false)).ok).toBe(true);

    await login(engine, DEMO.supervisor);
    const status = await call(engine, 'packets.status', { roundId: round.id });
    const s0 = status.sectors.find((s) => s.sector === out.packets[0]!.sector)!;
    expect(s0).toMatchObject({ sent: rows, answered: rows, missing: 0, overdue: false });
    expect(status.sectors.filter((s) => s !== s0).every((s) => s.answered === 0 && s.missing === s.sent)).toBe(true);
    expect(status.candidates.filter((c) => c.askAgain === later).length).toBe(1);
    expect(JSON.stringify(status)).not.toMatch(/\d{6}-?\d{4}/); // pseudonyms, never CPR numbers

    // Sent again (a lost packet or passphrase): each citizen still counts once per sector, and
    // the answers that came back to the first sending stay.
    await login(engine, DEMO.screener);
    const again = join(dir, 'sendt-igen');
    await mkdir(again);
    await call(engine, 'packets.export', { roundId: round.id, folder: again });
    const after = await call(engine, 'packets.status', { roundId: round.id });
    expect(after.sectors.map((s) => [s.sector, s.sent, s.answered, s.missing])).toEqual(status.sectors.map((s) => [s.sector, s.sent, s.answered, s.missing]));
    expect(after.sectors.every((s, i) => s.packets === 2 * status.sectors[i]!.packets)).toBe(true);
    expect(after.candidates).toEqual(status.candidates);
  }, 300_000);
});

describe('aggregation per candidate', () => {
  const a = (sector: string, suitable: string | null, timing: string | null = 'nu', date: string | null = null, day: string | null = '2026-03-01') =>
    ({ sector, suitable, reason: null, timing, date, comment: '', day }) as Parameters<typeof aggregate>[1][number];
  const today = '2026-03-01';
  it('any no excludes, a missing answer waits, unsure needs the screener, all yes is suitable', () => {
    expect(aggregate('P-1', [a('jobcenter', 'ja'), a('voksen', 'nej')]).outcome).toBe('excluded');
    expect(aggregate('P-1', [a('jobcenter', 'ved ikke'), a('voksen', 'nej')]).outcome).toBe('excluded');
    expect(aggregate('P-1', [a('jobcenter', 'ved ikke'), a('voksen', null, null, null, null)]).outcome).toBe('pending');
    expect(aggregate('P-1', [a('jobcenter', 'ved ikke'), a('voksen', 'ja')]).outcome).toBe('needs-decision');
    expect(aggregate('P-1', [a('jobcenter', 'ja'), a('voksen', 'ja')])).toMatchObject({ outcome: 'suitable', startDate: today, askAgain: null });
  });
  it('starts at the latest of the sectors’ earliest dates, and asks again then when a sector said not before', () => {
    const r = aggregate('P-1', [a('jobcenter', 'ja'), a('voksen', 'ja', 'ikke før dato', '2026-06-01'), a('boern', 'ja', 'ikke før dato', '2026-04-01'), a('ydelse', 'ja', 'ikke relevant')]);
    expect(r).toMatchObject({ outcome: 'suitable', startDate: '2026-06-01', askAgain: '2026-06-01' });
    // The day stays once it has come (it is then due); a later "now" sets the start instead, and asks nothing.
    expect(aggregate('P-1', [a('voksen', 'ja', 'ikke før dato', '2026-02-01')])).toMatchObject({ startDate: '2026-02-01', askAgain: '2026-02-01' });
    expect(aggregate('P-1', [a('voksen', 'ja', 'ikke før dato', '2026-02-01'), a('jobcenter', 'ja')])).toMatchObject({ startDate: today, askAgain: null });
    expect(aggregate('P-1', [a('voksen', 'nej', 'ikke før dato', '2026-06-01')])).toMatchObject({ startDate: null, askAgain: null });
  });
  it('reads every row of a family, and shows per sector the one that weighs most', () => {
    // Two members in one sector: a "nej" about either excludes, a blank one waits, the later date sets the start.
    for (const rows of [[a('voksen', 'ja'), a('voksen', 'nej')], [a('voksen', 'nej'), a('voksen', 'ja')]]) {
      const r = aggregate('F-1', rows);
      expect(r).toMatchObject({ outcome: 'excluded', startDate: null });
      expect(r.answers.map((x) => [x.sector, x.suitable])).toEqual([['voksen', 'nej']]);
    }
    const waiting = aggregate('F-1', [a('voksen', 'ja'), a('voksen', null, null, null, null), a('boern', 'ved ikke')]);
    expect(waiting.outcome).toBe('pending');
    expect(waiting.answers.map((x) => [x.sector, x.suitable])).toEqual([['voksen', null], ['boern', 'ved ikke']]);
    const dated = aggregate('F-1', [a('voksen', 'ja', 'ikke før dato', '2026-06-01'), a('voksen', 'ja'), a('boern', 'ja')]);
    expect(dated).toMatchObject({ outcome: 'suitable', startDate: '2026-06-01', askAgain: '2026-06-01' });
    expect(dated.answers.map((x) => [x.sector, x.timing])).toEqual([['voksen', 'ikke før dato'], ['boern', 'nu']]);
  });
  it('takes the screener’s decision where a sector is unsure, and only there', () => {
    const include = { decision: 'include', reason: 'clarified-with-sector', comment: '', by: 'u', at: 't' } as const;
    const exclude = { ...include, decision: 'exclude', reason: 'too-uncertain' } as const;
    const unsure = [a('jobcenter', 'ved ikke'), a('voksen', 'ja', 'ikke før dato', '2026-06-01')];
    expect(aggregate('P-1', unsure)).toMatchObject({ outcome: 'needs-decision', decision: null, askAgain: '2026-06-01' });
    expect(aggregate('P-1', unsure, include)).toMatchObject({ outcome: 'suitable', decision: include, startDate: '2026-06-01', askAgain: '2026-06-01' });
    expect(aggregate('P-1', unsure, exclude)).toMatchObject({ outcome: 'excluded', decision: exclude, startDate: null, askAgain: null });
    // A "nej" excludes whatever was decided; a missing answer still waits; all "ja" needs nothing decided.
    expect(aggregate('P-1', [...unsure, a('boern', 'nej')], include)).toMatchObject({ outcome: 'excluded', decision: null });
    expect(aggregate('P-1', [...unsure, a('boern', null, null, null, null)], include)).toMatchObject({ outcome: 'pending', decision: null });
    expect(aggregate('P-1', [a('jobcenter', 'ja')], exclude)).toMatchObject({ outcome: 'suitable', decision: null });
  });
});
