/**
 * Notices to caseworkers (the trial asks for them): every caseworker in contact with a finally
 * selected citizen is told that the citizen is being considered for a coordinated pathway. One
 * notice per caseworker and sector, naming only that caseworker's citizens and, for each, only
 * the services that caseworker has: nothing from another sector or another caseworker beyond the
 * fact of consideration. Each is sealed to the sector's recipient (a department's own where all
 * the caseworker's services lie in it) and written like packets (base/documents/sealed.ts).
 */
import type { Database } from 'sql.js';
import { formatCpr } from '../../../shared/cpr';
import { SECTOR_NAMES, type Sector } from '../../../shared/extract-format';
import { one, run } from '../base/database';
import { danishDate, renderPdf } from '../base/documents/pdf';
import { fileStamp, seal, writeSealedBatch, type Batch } from '../base/documents/sealed';
import { EngineError } from '../base/errors';
import { servicesOf, type Caseworker, type PacketService } from '../packets/gather';
import { serviceTable } from '../packets/reading-sheet';
import { recipientFor } from '../packets/recipients';
import type { SelectedCitizen } from './selected';

export interface PlannedNotice {
  sector: Sector;
  caseworker: Caseworker;
  citizens: { cpr: string; name: string; services: PacketService[] }[];
  departments: Set<string>;
}

/** The notices for these citizens: one per (sector, caseworker), each with only that caseworker's services. */
export function planNotices(db: Database, citizens: readonly SelectedCitizen[]): PlannedNotice[] {
  const byCaseworker = new Map<string, PlannedNotice>();
  for (const r of servicesOf(db, citizens.map((c) => c.cpr))) {
    const key = `${r.sector}\u0000${r.caseworkerId}`;
    if (!byCaseworker.has(key)) byCaseworker.set(key, { sector: r.sector, caseworker: r.caseworker, citizens: [], departments: new Set() });
    const n = byCaseworker.get(key)!;
    let citizen = n.citizens.find((c) => c.cpr === r.cpr);
    if (!citizen) n.citizens.push((citizen = { cpr: r.cpr, name: r.name, services: [] }));
    citizen.services.push(r.service);
    n.departments.add(r.service.department);
  }
  return [...byCaseworker.values()].sort((a, b) => a.sector.localeCompare(b.sector) || a.caseworker.name.localeCompare(b.caseworker.name, 'da'));
}

export interface NoticeHead {
  unitName: string;
  contact: string;
  today: string;
}

export async function noticePdf(h: NoticeHead, n: PlannedNotice): Promise<Uint8Array> {
  const title = 'Orientering om koordineret borgerforløb';
  const to = [n.caseworker.name, n.caseworker.unit, SECTOR_NAMES[n.sector].da].filter((x, i, all) => x !== '' && all.indexOf(x) === i).join(', ');
  return renderPdf({ title, unitName: h.unitName, subject: 'Orientering til sagsbehandler', footerNote: 'Fortroligt: indeholder personoplysninger' }, [
    { text: title, style: 'h1' },
    { text: `Til: ${to}` },
    { text: `Fra: ${h.unitName}${h.contact ? ` (${h.contact})` : ''}` },
    { text: `Dato: ${danishDate(h.today)}` },
    { text: 'Hvorfor får du denne orientering', style: 'h2' },
    {
      text: [
        `Du er sagsbehandler for ${n.citizens.length === 1 ? 'den borger' : 'de borgere'}, der står nedenfor. ${n.citizens.length === 1 ? 'Borgeren' : 'Hver af dem'} overvejes nu til et koordineret borgerforløb, hvor kommunens indsatser samles i én fælles plan. `,
        'Udsøgningsenheden kontakter borgeren og spørger, om borgeren vil være med. Først hvis borgeren giver samtykke, får sagsbehandlerne i den fælles plan et samlet overblik.',
      ],
    },
    { text: 'Hvad skal du gøre', style: 'h2' },
    {
      text: [
        { text: 'Du skal ikke gøre noget nu. ', bold: true },
        'Borgeren kan sige nej, og et ja kan altid trækkes tilbage. ',
        `Har du spørgsmål, så kontakt ${h.unitName}${h.contact ? ` (${h.contact})` : ''}.`,
      ],
    },
    { text: 'Orienteringen viser kun de indsatser, du selv har for borgeren.', margin: [0, 4, 0, 0] },
    { text: `Borgere (${n.citizens.length})`, style: 'h2' },
    ...n.citizens.map((c) => ({
      stack: [{ text: `${c.name}  ·  CPR-nummer ${formatCpr(c.cpr)}`, style: 'h3', margin: [0, 0, 0, 4] }, serviceTable(c.services), { text: '', margin: [0, 0, 0, 12] }],
      unbreakable: c.services.length < 12,
    })),
  ]);
}

export interface WrittenNotice {
  file: string;
  sector: Sector;
  caseworker: string;
  citizens: number;
  fingerprint: string;
  cprs: string[];
}

export interface NoticesJob extends Batch, NoticeHead {
  db: Database;
  roundId: number;
  user: string;
  at: string;
}

export async function exportNotices(j: NoticesJob, citizens: readonly SelectedCitizen[]): Promise<WrittenNotice[]> {
  const notices = planNotices(j.db, citizens);
  const locks = notices.map((n) => recipientFor(j.db, n.sector, n.departments));
  const without = [...new Set(notices.filter((_, i) => !locks[i]).map((n) => n.sector))];
  if (without.length) throw new EngineError('NO_RECIPIENT', `No recipient registered for ${without.join(', ')}`, { sectors: without });
  const stamp = fileStamp(j.at);
  const counters = new Map<Sector, number>();
  return writeSealedBatch(
    j,
    notices,
    async (n, i) => {
      const k = (counters.get(n.sector) ?? 0) + 1;
      counters.set(n.sector, k);
      const sealed = await seal({ 'orientering.pdf': await noticePdf(j, n) }, { recipients: [locks[i]!.recipient] });
      const file = `orientering-runde${j.roundId}-${n.sector.replace(/_/g, '-')}-${k}-${stamp}.zip.age`;
      return { sealed, written: { file, sector: n.sector, caseworker: n.caseworker.name, citizens: n.citizens.length, fingerprint: locks[i]!.fingerprint, cprs: n.citizens.map((c) => c.cpr) } };
    },
    (written) => {
      for (const w of written) {
        run(j.db, 'INSERT INTO notice (round_id, sector, caseworker, file_name, fingerprint, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)', [j.roundId, w.sector, w.caseworker, w.file, w.fingerprint, j.at, j.user]);
        const id = Number(one(j.db, 'SELECT last_insert_rowid() AS id')!.id);
        for (const cpr of w.cprs) run(j.db, 'INSERT INTO notice_citizen (notice_id, cpr) VALUES (?, ?)', [id, cpr]);
      }
    },
  );
}
