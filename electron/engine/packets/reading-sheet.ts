/**
 * The PDF a sector's caseworkers read: in Danish, with the unit's name and contact, the date,
 * the deadline, how to answer, and per citizen that sector's own services and caseworker. Made in
 * memory in the engine's common page frame (base/documents/pdf.ts).
 */
import { formatCpr } from '../../../shared/cpr';
import { SECTOR_NAMES, type Sector } from '../../../shared/extract-format';
import { ANSWER_REASONS, SUITABLE, TIMING } from '../../../shared/packets';
import { contactLine, danishDate, renderPdf, shortDate } from '../base/documents/pdf';
import type { PacketService, PlannedRow } from './gather';

export interface SheetHead {
  unitName: string;
  contact: string;
  unitRecipient: string;
  sector: Sector;
  part: number | null;
  today: string;
  deadline: string;
}

const quoted = (values: readonly string[]) => values.map((v) => `»${v}«`).join(', ');

function howToAnswer(h: SheetHead) {
  return [
    { text: 'Sådan svarer I', style: 'h2' },
    {
      ol: [
        'Åbn svararket (filen svarark.xlsx i samme pakke; fanen Vejledning i filen gentager denne vejledning). Der er én række for hver borger. De tre første kolonner (pakkereference, CPR-nummer og navn) er udfyldt og låst: ret dem ikke.',
        `Egnet: vælg ${quoted(SUITABLE)}. Vælg »ved ikke«, hvis I ikke kan vurdere det; så tager udsøgningsenheden stilling.`,
        `Begrundelse: vælg ${quoted(ANSWER_REASONS)}. Svarer I »nej«, skal I vælge en begrundelse. Vælger I »andet«, så skriv hvorfor i kommentaren.`,
        `Tidspunkt: vælg ${quoted(TIMING)}. Svarer I »ja«, skal I vælge et tidspunkt. Vælger I »ikke før dato«, så skriv den tidligste dato for start i kolonnen Dato, fx ${shortDate(h.deadline)}.`,
        'Kommentar (valgfri): højst 1000 tegn. Skriv kun det, der er nødvendigt for vurderingen.',
        {
          stack: [
            'Gem arket, og kryptér det til udsøgningsenheden med programmet age, før I sender det. Skriv denne kommando i mappen med arket:',
            { text: `age -r ${h.unitRecipient} -o svarark.xlsx.age svarark.xlsx`, fontSize: 8, color: '#222', background: '#eeeeee', margin: [0, 3, 0, 3] },
            'Kan I ikke kryptere, så kontakt udsøgningsenheden. Send aldrig arket ukrypteret med almindelig e-mail.',
          ],
        },
        { text: `Send den krypterede fil (svarark.xlsx.age) til udsøgningsenheden senest ${danishDate(h.deadline)}.`, bold: true },
      ],
    },
    { text: 'Et ark, hvor en låst celle er ændret, eller hvor en værdi ikke er på listen, bliver afvist med besked om række og kolonne, og I bliver bedt om at rette det.', margin: [0, 4, 0, 0] },
    { text: 'Spørgsmål', style: 'h2' },
    { text: `Kontakt ${h.unitName}${h.contact ? `: ${h.contact}` : ''}.` },
  ];
}

/** A legal basis as the reader should see it: without the catalogue's "[?]" marks for uncertain references, which mean nothing to a reader. */
const legalBasis = (text: string) => text.replace(/\s*\[\?\]/g, '').trim() || '–';

/**
 * A citizen's services as a table: the service's name, its legal basis, department and dates
 * (dd.mm.åååå). No catalogue code: the name is what a caseworker knows the service by. The same
 * column widths in every table, so the tables of a document line up. Also used by notices and overviews.
 */
export function serviceTable(services: readonly PacketService[]) {
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: ['*', 100, 82, 48, 58],
      body: [
        ['Ydelse', 'Lovgrundlag', 'Afdeling', 'Start', 'Slut eller revurdering'].map((t) => ({ text: t, bold: true })),
        ...services.map((s) => [s.name, legalBasis(s.legalBasis), s.department, shortDate(s.start), s.end ? shortDate(s.end) : '–']),
      ],
    },
    layout: 'lightHorizontalLines',
    fontSize: 9,
  };
}

function citizen(r: PlannedRow) {
  const cw = r.caseworker;
  const contact = contactLine(cw);
  return {
    stack: [
      { text: `${r.name}  ·  CPR-nummer ${formatCpr(r.cpr)}`, style: 'h3' },
      { text: `Pakkereference: ${r.reference}`, margin: [0, 0, 0, 4] },
      serviceTable(r.services),
      { text: `Sagsbehandler: ${cw.name}${contact ? ` (${contact})` : ''}`, margin: [0, 4, 0, 14] },
    ],
    unbreakable: r.services.length < 12,
  };
}

export async function readingSheet(h: SheetHead, rows: readonly PlannedRow[]): Promise<Uint8Array> {
  const sectorName = SECTOR_NAMES[h.sector].da;
  const title = `Sektorvurdering: ${sectorName}${h.part === null ? '' : `, del ${h.part}`}`;
  return renderPdf({ title, unitName: h.unitName, subject: 'Vurdering af egnethed til koordineret borgerforløb', footerNote: 'Fortroligt: indeholder personoplysninger' }, [
    { text: title, style: 'h1' },
    { text: `Fra: ${h.unitName}${h.contact ? ` (${h.contact})` : ''}` },
    { text: `Dato: ${danishDate(h.today)}` },
    { text: `Svarfrist: ${danishDate(h.deadline)}`, bold: true },
    { text: 'Hvorfor får I denne pakke', style: 'h2' },
    {
      text: [
        'Udsøgningsenheden har udvalgt borgere, som kan have gavn af et sammenhængende, koordineret borgerforløb. ',
        `Denne pakke handler om ${rows.length === 1 ? 'én borger' : `${rows.length} borgere`}, som i dag modtager indsatser fra jer. `,
        'Vi beder jer vurdere, om hver borger er egnet, og hvornår det rette tidspunkt er at gå i gang. ',
        'Pakken indeholder kun jeres egne oplysninger om borgeren. Borgeren er ikke kontaktet endnu.',
      ],
    },
    ...howToAnswer(h),
    { text: `Borgere (${rows.length})`, style: 'h2', pageBreak: 'before' },
    ...rows.map(citizen),
  ]);
}
