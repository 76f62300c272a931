/**
 * A round on the demo municipality through the sector assessment: packets exported, every sheet
 * answered as a caseworker would (ExcelJS types into it, the sheet is encrypted to the unit and
 * imported), all "ja" but one citizen that a sector says "nej" to. What the database knows about
 * the finally selected citizens comes back as ground truth, read from the saved workspace.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { all } from '../../electron/engine/base/database';
import { closeWorkspace, openWorkspace } from '../../electron/engine/base/workspace/store';
import { normaliseCpr } from '../../shared/cpr';
import { DEMO, testDeps } from './engine';
import { approvedRound, exportedPackets, filled, returnAnswers } from './packets';
import type { RoundCriteria } from './rounds';

export interface TruthService {
  sector: string;
  caseworker: string;
  cpr: string;
  code: string;
  /** The service's name as the documents show it (they show no catalogue code). */
  service: string;
}

export async function assessedRound(criteria?: RoundCriteria) {
  const base = await approvedRound(criteria);
  const { dir, round } = base;
  const { recipient, packets } = await exportedPackets(base);
  const refusedCpr = normaliseCpr(packets[0]!.sheet[1]![1]!.value)!;
  for (const [i, u] of packets.entries()) {
    const sheet = await filled(u.xlsx, (ws) => {
      for (let r = 2; r <= ws.rowCount; r++) {
        const no = normaliseCpr(String(ws.getRow(r).getCell(2).value)) === refusedCpr;
        [no ? 'nej' : 'ja', no ? 'ikke kendt i sektoren' : 'behov for koordinering', 'nu'].forEach((v, c) => (ws.getRow(r).getCell(4 + c).value = v));
      }
    });
    await returnAnswers(base, recipient, sheet, i);
  }
  const truth = await groundTruth(dir, round.run.id);
  return { ...base, unitRecipient: recipient, refusedCpr, ...truth };
}

/** Every member of the run by pseudonym, with CPR number and name, and every service of every member. */
export async function groundTruth(dir: string, runId: number) {
  const ws = await openWorkspace(await testDeps(dir), DEMO.screener.username, DEMO.screener.passphrase);
  try {
    const members = all(ws.db, 'SELECT m.pseudonym, m.cpr, p.name, c.pseudonym AS candidate FROM run_candidate_member m JOIN run_candidate c ON c.run_id = m.run_id AND c.pos = m.pos JOIN person p ON p.cpr = m.cpr WHERE m.run_id = ?', [runId]).map((r) => ({
      pseudonym: String(r.pseudonym),
      cpr: String(r.cpr),
      name: String(r.name),
      candidate: String(r.candidate),
    }));
    const services: TruthService[] = all(
      ws.db,
      `SELECT so.sector, cw.name AS caseworker, p.cpr, c.code, sn.value AS service FROM run_candidate_member m JOIN person p ON p.cpr = m.cpr JOIN service s ON s.person_id = p.id
       JOIN source so ON so.id = s.source_id JOIN catalogue c ON c.id = s.catalogue_id JOIN dict sn ON sn.id = s.service_name_id JOIN caseworker cw ON cw.id = s.caseworker_id WHERE m.run_id = ?`,
      [runId],
    ).map((r) => ({ sector: String(r.sector), caseworker: String(r.caseworker), cpr: String(r.cpr), code: String(r.code), service: String(r.service) }));
    return { members, services };
  } finally {
    closeWorkspace(ws);
  }
}

/**
 * The text of the one PDF in a sealed zip, by pdftotext: as laid out on the page, and raw (in the
 * order it was written, so a table cell's wrapped lines stay together).
 */
export async function pdfText(zip: Uint8Array, dir: string): Promise<{ names: string[]; text: string; raw: string }> {
  const files = unzipSync(zip);
  const [name] = Object.keys(files);
  await mkdir(join(dir, 'pdf'), { recursive: true });
  const path = join(dir, 'pdf', `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(path, files[name!]!);
  return { names: Object.keys(files), text: execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }), raw: execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }) };
}

/** CPR numbers as a PDF prints them (ddmmyy-xxxx), normalised. */
export const cprsIn = (text: string) => new Set([...text.matchAll(/\b\d{6}-[0-9A-Z]{4}\b/g)].map((m) => normaliseCpr(m[0])!));

/** A whole word or code in the text (so "PPR" is not found inside "PPRX"). */
export const holds = (text: string, value: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}_])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'u').test(text.replace(/\s+/g, ' '));
