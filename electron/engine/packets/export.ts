/**
 * Writing a round's packets: for each, the reading sheet (PDF) and the answer sheet (XLSX),
 * sealed (to the sector's recipient, or with a one-time passphrase) and written as one batch
 * (base/documents/sealed.ts: no plaintext on disk, all or nothing). What was sent (each reference
 * with its citizen) is recorded only when every packet is written.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'sql.js';
import type { Sector } from '../../../shared/extract-format';
import { getMeta, one, run } from '../base/database';
import type { FsLike } from '../base/deps';
import { EngineError } from '../base/errors';
import { fileStamp, seal, writeSealedBatch, type Batch } from '../base/documents/sealed';
import { answerSheet } from './answer-sheet';
import { planPackets, type PlannedPacket } from './gather';
import { readingSheet } from './reading-sheet';
import { recipientFor } from './recipients';

export interface ExportJob {
  db: Database;
  fs: FsLike;
  roundId: number;
  folder: string;
  split: 'sector' | 'caseworker';
  passphrase: boolean;
  today: string;
  deadline: string;
  contact: string;
  unitName: string;
  user: string;
  at: string;
  progress: (done: number, total: number) => void;
  signal: AbortSignal;
  onRollback?: Batch['onRollback'];
}

export interface Written {
  file: string;
  sector: Sector;
  part: number | null;
  candidates: number;
  fingerprint: string | null;
  passphrase: string | null;
  cprs: string[];
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 26 random characters (130 bits) in groups of four, to be read aloud or typed from a text message. */
function oneTimePassphrase(): string {
  const chars = Array.from(randomBytes(26), (b) => ALPHABET[b & 31]).join('');
  return chars.match(/.{1,4}/g)!.join('-');
}

const fileName = (roundId: number, p: PlannedPacket, stamp: string) =>
  `sektorpakke-runde${roundId}-${p.sector.replace(/_/g, '-')}${p.part === null ? '' : `-del${p.part}`}-${stamp}.zip.age`;

export async function exportPackets(j: ExportJob): Promise<Written[]> {
  const packets = planPackets(j.db, j.roundId, j.split);
  const locks = packets.map((p) => (j.passphrase ? null : recipientFor(j.db, p.sector, p.departments)));
  const without = [...new Set(packets.filter((_, i) => !j.passphrase && !locks[i]).map((p) => p.sector))];
  if (without.length) throw new EngineError('NO_RECIPIENT', `No recipient registered for ${without.join(', ')}`, { sectors: without });
  const unitRecipient = getMeta(j.db, 'unit_recipient') ?? '';
  const stamp = fileStamp(j.at);
  return writeSealedBatch(
    j,
    packets,
    async (p, i) => {
      const pdf = await readingSheet({ unitName: j.unitName, contact: j.contact, unitRecipient, sector: p.sector, part: p.part, today: j.today, deadline: j.deadline }, p.rows);
      const xlsx = await answerSheet(p.rows, j.deadline);
      const passphrase = j.passphrase ? oneTimePassphrase() : null;
      const lock = locks[i];
      const sealed = await seal({ 'laeseark.pdf': pdf, 'svarark.xlsx': xlsx }, passphrase !== null ? { passphrase } : { recipients: [lock!.recipient] });
      const file = fileName(j.roundId, p, stamp);
      return { sealed, written: { file, sector: p.sector, part: p.part, candidates: p.rows.length, fingerprint: lock?.fingerprint ?? null, passphrase, cprs: p.rows.map((r) => r.cpr) } };
    },
    (written) => record(j, packets, written),
  );
}

/** Which references went to which sector, in which packet: what a returned sheet is checked against. */
function record(j: ExportJob, packets: PlannedPacket[], written: Written[]): void {
  j.db.exec('SAVEPOINT packets');
  try {
    packets.forEach((p, i) => {
      const w = written[i]!;
      run(
        j.db,
        'INSERT INTO packet (round_id, sector, part, file_name, locked_with, fingerprint, deadline, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [j.roundId, p.sector, p.part, w.file, w.passphrase === null ? 'recipient' : 'passphrase', w.fingerprint, j.deadline, j.at, j.user],
      );
      const id = Number(one(j.db, 'SELECT last_insert_rowid() AS id')!.id);
      for (const r of p.rows) run(j.db, 'INSERT INTO packet_row (reference, packet_id, candidate, cpr, name) VALUES (?, ?, ?, ?, ?)', [r.reference, id, r.candidate, r.cpr, r.name]);
    });
    j.db.exec('RELEASE packets');
  } catch (err) {
    j.db.exec('ROLLBACK TO packets; RELEASE packets');
    throw err;
  }
}
