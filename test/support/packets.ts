/** An approved round on the demo municipality with every sector's key registered, for the packet tests. */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import type { Engine } from '../../electron/engine/engine';
import { encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { readFirstSheet } from '../../electron/engine/import/xlsx';
import { SECTORS, type Sector } from '../../shared/extract-format';
import { call, DEMO } from './engine';
import { decideAll, login, roundWorkspace, type RoundCriteria } from './rounds';

export async function approvedRound(criteria?: RoundCriteria) {
  const ws = await roundWorkspace(criteria ? [criteria] : undefined);
  const { engine } = ws;
  const created = await call(engine, 'rounds.create', { runId: ws.runs[0]!.id });
  const round = await call(engine, 'rounds.get', { id: created.id });
  await decideAll(engine, round);
  await call(engine, 'rounds.submit', { id: round.id });
  await login(engine, DEMO.supervisor);
  await call(engine, 'rounds.approve', { id: round.id });
  await login(engine, DEMO.admin);
  const keys = new Map<Sector, { identity: string; recipient: string; file: string }>();
  await mkdir(join(ws.dir, 'keys'));
  for (const sector of SECTORS) {
    const id = await newIdentity();
    const file = join(ws.dir, 'keys', `${sector}.txt`);
    await writeFile(file, `${id.identity}\n`, { mode: 0o600 });
    keys.set(sector, { ...id, file });
    await call(engine, 'recipients.register', { sector, recipient: id.recipient });
  }
  await login(engine, DEMO.screener);
  const folder = join(ws.dir, 'out');
  await mkdir(folder);
  return { ...ws, round, keys, folder };
}

type Approved = Awaited<ReturnType<typeof approvedRound>>;

/**
 * The round's packets exported by the screener and opened by each sector with its own key, with
 * the unit's recipient (which the answers are encrypted to) read by the administrator first.
 */
export async function exportedPackets(base: Approved) {
  const { engine, dir, round, keys, folder } = base;
  await login(engine, DEMO.admin);
  const { recipient } = await call(engine, 'unit.recipient', {});
  await login(engine, DEMO.screener);
  const out = await call(engine, 'packets.export', { roundId: round.id, folder });
  const packets = [];
  for (const p of out.packets) packets.push(await unpack(openWithCli(join(folder, p.file), keys.get(p.sector)!.file)!, dir));
  return { recipient, packets };
}

/** A filled-in answer sheet, encrypted to the unit as a sector sends it back, and imported. */
export async function returnAnswers(base: Approved, recipient: string, sheet: Uint8Array, n: number) {
  const path = join(base.dir, `svar-${n}.xlsx.age`);
  await writeFile(path, await encryptTo([recipient], sheet));
  await call(base.engine, 'packets.importAnswers', { path });
}

/** Opens a packet as a sector would, with Debian's age CLI and its own key file; null when the key does not fit. */
export function openWithCli(path: string, keyFile: string): Uint8Array | null {
  try {
    return execFileSync('age', ['-d', '-i', keyFile, path], { maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/** What a packet holds: its file names, the PDF's text (pdftotext) and metadata (pdfinfo), and the answer sheet's cells. */
export async function unpack(zip: Uint8Array, dir: string) {
  const files = unzipSync(zip);
  const pdfPath = join(dir, `read-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(pdfPath, files['laeseark.pdf']!);
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
  const sheet = readFirstSheet(files['svarark.xlsx']!);
  const xml = Object.entries(files)
    .filter(([n]) => n === 'svarark.xlsx')
    .map(([, b]) => Object.values(unzipSync(b)).map((part) => new TextDecoder().decode(part)).join('\n'))
    .join('\n');
  return { names: Object.keys(files), text, info, sheet, xml, xlsx: files['svarark.xlsx']! };
}

export const readBytes = (p: string) => readFile(p).then((b) => new Uint8Array(b));
export type { Engine };

/** Opens the packet's sheet, lets `edit` type into it, and saves it again (as Excel or LibreOffice would). */
export async function filled(xlsx: Uint8Array, edit: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
  edit(wb.getWorksheet('Svar')!);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
