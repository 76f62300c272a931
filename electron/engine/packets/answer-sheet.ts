/**
 * The spreadsheet a sector answers in: one row per citizen, the reference, CPR number and name
 * filled in and locked, the answer cells open and restricted to drop-down lists. Written with
 * ExcelJS (only ever as a writer: reading stays with the project's streaming reader), in memory.
 * Every text written is neutralised against formula injection, and the CPR number is text (with
 * its leading zero) in a column formatted as text.
 */
import type ExcelJSType from 'exceljs';
import { ANSWER_COLUMNS, ANSWER_REASONS, FIXED_COLUMNS, SUITABLE, TIMING } from '../../../shared/packets';
import { neutralise } from '../base/files/neutralise';
import type { PlannedRow } from './gather';

/** A list validation as Excel keeps it: the values quoted, comma-separated (none of them holds a comma). */
const list = (values: readonly string[]) => [`"${values.join(',')}"`];

const WIDTHS = [20, 13, 28, 11, 26, 15, 12, 40];
export const COMMENT_MAX = 1000;

export async function answerSheet(rows: readonly PlannedRow[]): Promise<Uint8Array> {
  // Loaded on first use: ExcelJS is large, and most sessions never write a packet.
  const ExcelJS: typeof ExcelJSType = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tværblik';
  wb.lastModifiedBy = 'Tværblik';
  const ws = wb.addWorksheet('Svar', { views: [{ state: 'frozen', ySplit: 1, xSplit: FIXED_COLUMNS }] });
  ws.columns = ANSWER_COLUMNS.map((header, i) => ({ header, width: WIDTHS[i]! }));
  ws.getRow(1).font = { bold: true };
  ws.getColumn(2).numFmt = '@';
  rows.forEach((r, i) => {
    const row = ws.getRow(i + 2);
    row.values = [neutralise(r.reference), neutralise(r.cpr), neutralise(r.name)];
    for (let c = FIXED_COLUMNS + 1; c <= ANSWER_COLUMNS.length; c++) row.getCell(c).protection = { locked: false };
    const answer = (c: number, values: readonly string[], prompt: string) =>
      (row.getCell(c).dataValidation = { type: 'list', allowBlank: true, formulae: list(values), showErrorMessage: true, errorTitle: 'Ugyldigt svar', error: 'Vælg en værdi fra listen.', showInputMessage: true, prompt });
    answer(4, SUITABLE, 'Er borgeren egnet til et koordineret forløb?');
    answer(5, ANSWER_REASONS, 'Vælg den begrundelse, der passer bedst.');
    answer(6, TIMING, 'Hvornår er det rette tidspunkt at starte?');
    const date = row.getCell(7);
    date.numFmt = 'yyyy-mm-dd';
    date.dataValidation = { type: 'date', operator: 'greaterThan', allowBlank: true, formulae: [new Date(Date.UTC(2000, 0, 1))], showErrorMessage: true, error: 'Skriv en dato, fx 2026-03-01.' };
    const comment = row.getCell(8);
    comment.numFmt = '@';
    comment.dataValidation = { type: 'textLength', operator: 'lessThanOrEqual', allowBlank: true, formulae: [COMMENT_MAX], showErrorMessage: true, error: `Højst ${COMMENT_MAX} tegn.` };
  });
  // No password: the protection keeps the filled-in cells from being changed by mistake; the
  // engine itself refuses a returned sheet whose fixed cells differ from what was sent.
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, autoFilter: true, sort: false });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
