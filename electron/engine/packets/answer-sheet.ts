/**
 * The spreadsheet a sector answers in: one row per citizen, the reference, CPR number and name
 * filled in and locked, the answer cells open and restricted to drop-down lists. Written with
 * ExcelJS (only ever as a writer: reading stays with the project's streaming reader), in memory.
 * Every text written is neutralised against formula injection, and the CPR number is text (with
 * its leading zero) in a column formatted as text.
 */
import type ExcelJSType from 'exceljs';
import { formatCpr } from '../../../shared/cpr';
import { ANSWER_COLUMNS, ANSWER_REASONS, FIXED_COLUMNS, SUITABLE, TIMING } from '../../../shared/packets';
import { neutralise } from '../base/files/neutralise';
import type { PlannedRow } from './gather';

/** A list validation as Excel keeps it: the values quoted, comma-separated (none of them holds a comma). */
const list = (values: readonly string[]) => [`"${values.join(',')}"`];

const WIDTHS = [20, 13, 28, 11, 26, 15, 12, 40];
export const COMMENT_MAX = 1000;

const quoted = (values: readonly string[]) => values.map((v) => `»${v}«`).join(', ');

/** The second sheet: how to fill in the first one, in Danish, for whoever opens the spreadsheet without the PDF at hand. */
function guide(deadline: string): string[] {
  const day = `${deadline.slice(8, 10)}.${deadline.slice(5, 7)}.${deadline.slice(0, 4)}`;
  return [
    'Sådan udfylder I svararket',
    '',
    'Arket Svar har én række for hver borger i pakken. Læs læsearket (laeseark.pdf) først: det viser jeres egne indsatser for hver borger.',
    'Pakkereference, CPR-nummer og Navn er udfyldt og låst. Ret dem ikke.',
    `Egnet: vælg ${quoted(SUITABLE)} på listen i cellen.`,
    `Begrundelse: vælg ${quoted(ANSWER_REASONS)}. Svarer I »nej«, skal I vælge en begrundelse. Vælger I »andet«, så skriv hvorfor i Kommentar.`,
    `Tidspunkt: vælg ${quoted(TIMING)}. Svarer I »ja«, skal I vælge et tidspunkt. Vælger I »ikke før dato«, så skriv den tidligste dato for start i Dato, fx ${day}.`,
    `Kommentar (valgfri): højst ${COMMENT_MAX} tegn. Skriv kun det, der er nødvendigt for vurderingen.`,
    '',
    `Gem arket, kryptér det til udsøgningsenheden som beskrevet i læsearket, og send det senest ${day}.`,
  ];
}

export async function answerSheet(rows: readonly PlannedRow[], deadline: string): Promise<Uint8Array> {
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
    row.values = [neutralise(r.reference), neutralise(formatCpr(r.cpr)), neutralise(r.name)];
    for (let c = FIXED_COLUMNS + 1; c <= ANSWER_COLUMNS.length; c++) row.getCell(c).protection = { locked: false };
    const answer = (c: number, values: readonly string[], prompt: string) =>
      (row.getCell(c).dataValidation = { type: 'list', allowBlank: true, formulae: list(values), showErrorMessage: true, errorTitle: 'Ugyldigt svar', error: 'Vælg en værdi fra listen.', showInputMessage: true, prompt });
    answer(4, SUITABLE, 'Er borgeren egnet til et koordineret forløb?');
    answer(5, ANSWER_REASONS, 'Vælg den begrundelse, der passer bedst.');
    answer(6, TIMING, 'Hvornår er det rette tidspunkt at starte?');
    const date = row.getCell(7);
    date.numFmt = 'dd.mm.yyyy';
    date.dataValidation = { type: 'date', operator: 'greaterThan', allowBlank: true, formulae: [new Date(Date.UTC(2000, 0, 1))], showErrorMessage: true, errorTitle: 'Ugyldig dato', error: 'Skriv en dato, fx 01.03.2026.', showInputMessage: true, prompt: 'Kun ved »ikke før dato«: den tidligste dato for start, fx 01.03.2026.' };
    const comment = row.getCell(8);
    comment.numFmt = '@';
    comment.dataValidation = { type: 'textLength', operator: 'lessThanOrEqual', allowBlank: true, formulae: [COMMENT_MAX], showErrorMessage: true, errorTitle: 'For lang kommentar', error: `Højst ${COMMENT_MAX} tegn.`, showInputMessage: true, prompt: 'Valgfri. Skriv kun det, der er nødvendigt for vurderingen.' };
  });
  // No password: the protection keeps the filled-in cells from being changed by mistake; the
  // engine itself refuses a returned sheet whose fixed cells differ from what was sent.
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, autoFilter: true, sort: false });
  const help = wb.addWorksheet('Vejledning');
  help.getColumn(1).width = 110;
  guide(deadline).forEach((line, i) => {
    const c = help.getCell(i + 1, 1);
    c.value = neutralise(line);
    c.alignment = { wrapText: true, vertical: 'top' };
  });
  help.getCell(1, 1).font = { bold: true, size: 13 };
  await help.protect('', { selectLockedCells: true, selectUnlockedCells: true });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
