/**
 * Checking a returned answer sheet against what was sent. The file's packet is the one its first
 * known reference belongs to; every row must then be a reference of that packet, once, with its
 * CPR number and name as sent and answer cells from the allowed lists. Any breach refuses the whole file,
 * naming row, column and reason, so nothing half-checked is recorded. Rows that are valid but not
 * fully answered are not errors: they are reported as missing, and the complete rows recorded.
 */
import type { Database } from 'sql.js';
import { parseDate, isoOfDay } from '../../../shared/dates';
import { normaliseCpr } from '../../../shared/cpr';
import type { Sector } from '../../../shared/extract-format';
import { ANSWER_COLUMNS, ANSWER_PROBLEMS, ANSWER_REASONS, SUITABLE, TIMING } from '../../../shared/packets';
import { all, run } from '../base/database';
import { EngineError } from '../base/errors';
import type { RawTable } from '../import/read-table';
import { COMMENT_MAX } from './answer-sheet';

type Problem = { row: number; column: string; reason: (typeof ANSWER_PROBLEMS)[number] };

export interface Answer {
  reference: string;
  suitable: string;
  reason: string | null;
  timing: string | null;
  date: string | null;
  comment: string;
}

export interface CheckedSheet {
  packetId: number;
  roundId: number;
  sector: Sector;
  part: number | null;
  answers: Answer[];
  missing: { reference: string; row: number; columns: string[] }[];
  /** Every citizen the sheet's rows concern, for the log. */
  cprs: string[];
}

const LETTERS = 'ABCDEFGH';
const col = (name: (typeof ANSWER_COLUMNS)[number]) => LETTERS[ANSWER_COLUMNS.indexOf(name)]!;
/** The apostrophe the export put before a formula-like text, and the spacing a person may add. */
const cell = (cells: string[], i: number) => (cells[i] ?? '').trim().replace(/^'/, '');
/**
 * A name as compared with the one sent: spacing, a leading apostrophe (the export's, or a
 * spreadsheet's text marker) and Unicode composition are not changes a person made to it.
 */
const nameKey = (name: string) => name.replace(/\0/g, '').normalize('NFC').trim().replace(/^'/, '').replace(/\s+/g, ' ').trim();
const pick = <T extends string>(values: readonly T[], raw: string): T | null | undefined =>
  raw === '' ? null : values.find((v) => v === raw.toLowerCase().replace(/\s+/g, ' '));

interface SentRow {
  packetId: number;
  roundId: number;
  sector: Sector;
  part: number | null;
  cpr: string;
  /** The name written into the locked Navn cell; null for a row sent before it was kept (not checked). */
  name: string | null;
}

function sentRow(db: Database, reference: string): SentRow | null {
  const r = all(db, 'SELECT r.packet_id, r.cpr, r.name, p.round_id, p.sector, p.part FROM packet_row r JOIN packet p ON p.id = r.packet_id WHERE r.reference = ?', [reference])[0];
  return r
    ? { packetId: Number(r.packet_id), roundId: Number(r.round_id), sector: String(r.sector) as Sector, part: r.part === null ? null : Number(r.part), cpr: String(r.cpr), name: r.name === null ? null : String(r.name) }
    : null;
}

export function checkSheet(db: Database, t: RawTable): CheckedSheet {
  const problems: Problem[] = [];
  const header = t.header.map((h) => h.trim());
  if (ANSWER_COLUMNS.some((c, i) => header[i] !== c)) problems.push({ row: 1, column: LETTERS[ANSWER_COLUMNS.findIndex((c, i) => header[i] !== c)]!, reason: 'wrong-columns' });
  let packet: SentRow | null = null;
  const seen = new Set<string>();
  const answers: Answer[] = [];
  const missing: CheckedSheet['missing'] = [];
  const cprs: string[] = [];
  for (const { row, cells, numeric } of problems.length ? [] : t.rows) {
    if (cells.every((c) => c.trim() === '')) continue;
    const reference = cell(cells, 0).toUpperCase();
    const sent = sentRow(db, reference);
    const bad = (name: (typeof ANSWER_COLUMNS)[number], reason: Problem['reason']) => problems.push({ row, column: col(name), reason });
    if (!sent) {
      bad('Pakkereference', 'unknown-reference');
      continue;
    }
    packet ??= sent;
    if (sent.packetId !== packet.packetId) bad('Pakkereference', 'other-packet');
    else if (seen.has(reference)) bad('Pakkereference', 'duplicate');
    seen.add(reference);
    if (normaliseCpr(cell(cells, 1)) !== sent.cpr) bad('CPR-nummer', 'changed-fixed-cell');
    // The name is locked too, and the reading sheet says a changed locked cell is refused: a sheet
    // answering under another name may be about another person.
    if (sent.name !== null && nameKey(cells[2] ?? '') !== nameKey(sent.name)) bad('Navn', 'changed-fixed-cell');
    cprs.push(sent.cpr);
    const suitable = pick(SUITABLE, cell(cells, 3));
    const reason = pick(ANSWER_REASONS, cell(cells, 4));
    const timing = pick(TIMING, cell(cells, 5));
    const rawDate = cell(cells, 6);
    const day = rawDate === '' ? null : parseDate(rawDate, numeric[6] ?? false);
    const comment = cell(cells, 7);
    if (suitable === undefined) bad('Egnet', 'invalid-value');
    if (reason === undefined) bad('Begrundelse', 'invalid-value');
    if (timing === undefined) bad('Tidspunkt', 'invalid-value');
    if (rawDate !== '' && day === null) bad('Dato', 'invalid-value');
    if (comment.length > COMMENT_MAX) bad('Kommentar', 'invalid-value');
    if (suitable === undefined || reason === undefined || timing === undefined || (rawDate !== '' && day === null)) continue;
    // What a complete answer needs: a yes says when, "not before a date" says which, a no says why, "other" says what.
    const need: string[] = [];
    if (suitable === null) need.push(col('Egnet'));
    if (suitable === 'ja' && timing === null) need.push(col('Tidspunkt'));
    if (timing === 'ikke før dato' && day === null) need.push(col('Dato'));
    if (suitable === 'nej' && reason === null) need.push(col('Begrundelse'));
    if (reason === 'andet' && comment === '') need.push(col('Kommentar'));
    if (need.length) missing.push({ reference, row, columns: need });
    else answers.push({ reference, suitable: suitable!, reason, timing, date: timing === 'ikke før dato' ? isoOfDay(day!) : null, comment });
  }
  if (problems.length) {
    throw new EngineError('ANSWERS_REFUSED', `The answer sheet was refused: ${problems.slice(0, 5).map((p) => `row ${p.row}, column ${p.column}: ${p.reason}`).join('; ')}`, { problems: problems.slice(0, 200), count: problems.length });
  }
  if (!packet) throw new EngineError('ANSWERS_REFUSED', 'The answer sheet holds no reference of any packet', { problems: [{ row: 2, column: 'A', reason: 'unknown-reference' }], count: 1 });
  // Rows sent in this packet but absent from the file are missing too.
  for (const r of all(db, 'SELECT reference FROM packet_row WHERE packet_id = ? ORDER BY reference', [packet.packetId])) {
    if (!seen.has(String(r.reference))) missing.push({ reference: String(r.reference), row: 0, columns: [...LETTERS] });
  }
  return { packetId: packet.packetId, roundId: packet.roundId, sector: packet.sector, part: packet.part, answers, missing, cprs };
}

/** Records the complete answers; a later sheet for the same packet replaces a row's earlier answer. */
export function recordAnswers(db: Database, answers: readonly Answer[], day: string, by: string, at: string): void {
  db.exec('SAVEPOINT answers');
  try {
    for (const a of answers) {
      run(
        db,
        `INSERT INTO packet_answer (reference, suitable, reason, timing, date, comment, answered_day, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (reference) DO UPDATE SET suitable = excluded.suitable, reason = excluded.reason, timing = excluded.timing, date = excluded.date,
           comment = excluded.comment, answered_day = excluded.answered_day, imported_by = excluded.imported_by, imported_at = excluded.imported_at`,
        [a.reference, a.suitable, a.reason, a.timing, a.date, a.comment, day, by, at],
      );
    }
    db.exec('RELEASE answers');
  } catch (err) {
    db.exec('ROLLBACK TO answers; RELEASE answers');
    throw err;
  }
}
