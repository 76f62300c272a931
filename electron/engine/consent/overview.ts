/**
 * The full overview, made only after consent (the handler checks the register first): for the
 * caseworkers of the coordinated plan, all the citizen's ongoing services across sectors as the
 * latest extracts list them, and every caseworker with how to reach them. Sealed to the plan's
 * recipients (those given in the call, or the registered recipients of every sector involved) and
 * written like packets, as a batch of one.
 */
import type { Database } from 'sql.js';
import type { CitizenConsent, CONTACT_MEANS } from '../../../shared/consent';
import { formatCpr } from '../../../shared/cpr';
import { SECTOR_NAMES, type Sector } from '../../../shared/extract-format';
import { danishDate, renderPdf } from '../base/documents/pdf';
import { fileStamp, seal, writeSealedBatch, type Batch } from '../base/documents/sealed';
import type { FsLike } from '../base/deps';
import { EngineError } from '../base/errors';
import { servicesOf, type ServiceRow } from '../packets/gather';
import { serviceTable } from '../packets/reading-sheet';
import { checkRecipient, fingerprintOf, recipientFor } from '../packets/recipients';
import type { SelectedCitizen } from './selected';

const MEANS_DA: Record<(typeof CONTACT_MEANS)[number], string> = { letter: 'i et brev', phone: 'i telefonen', meeting: 'på et møde', 'digital-post': 'med Digital Post' };

/** The step that gave the consent the overview rests on. */
export type Consent = Pick<CitizenConsent['history'][number], 'date' | 'means' | 'by'>;

/** The recipients to seal to: the ones given (each checked like a sector's), or each involved sector's registered one. */
function recipientsFor(db: Database, rows: readonly ServiceRow[], given: readonly string[] | undefined): string[] {
  if (given?.length) return [...new Set(given.map(checkRecipient))];
  const sectors = [...new Set(rows.map((r) => r.sector))];
  const locks = sectors.map((s) => recipientFor(db, s, new Set(rows.filter((r) => r.sector === s).map((r) => r.service.department))));
  const without = sectors.filter((_, i) => !locks[i]);
  if (without.length) throw new EngineError('NO_RECIPIENT', `No recipient registered for ${without.join(', ')}`, { sectors: without });
  return [...new Set(locks.map((l) => l!.recipient))];
}

async function overviewPdf(unitName: string, contact: string, today: string, c: SelectedCitizen, consent: Consent, rows: readonly ServiceRow[]): Promise<Uint8Array> {
  const title = 'Samlet overblik til den koordinerede plan';
  const sectors = [...new Set(rows.map((r) => r.sector))];
  const caseworkers = new Map<string, { sector: Sector; name: string; unit: string; phone: string; email: string }>();
  for (const r of rows) caseworkers.set(`${r.sector}\u0000${r.caseworkerId}`, { sector: r.sector, ...r.caseworker });
  const th = (t: string) => ({ text: t, bold: true });
  return renderPdf({ title, unitName, subject: 'Overblik efter samtykke', footerNote: 'Fortroligt: indeholder personoplysninger' }, [
    { text: title, style: 'h1' },
    { text: `${c.name}  ·  CPR-nummer ${formatCpr(c.cpr)}`, style: 'h3' },
    { text: `Fra: ${unitName}${contact ? ` (${contact})` : ''}` },
    { text: `Dato: ${danishDate(today)}` },
    { text: `Samtykke givet ${danishDate(consent.date)} ${MEANS_DA[consent.means]}.`, bold: true, margin: [0, 6, 0, 0] },
    { text: 'Hvorfor får I dette overblik', style: 'h2' },
    {
      text: [
        'Borgeren har givet samtykke til, at de sagsbehandlere, der laver den fælles plan, ser dette overblik. ',
        'Overblikket viser alle borgerens igangværende ydelser i kommunen og hvem der er sagsbehandler, så I kan aftale planen med hinanden og med borgeren.',
      ],
    },
    { text: 'Brug det kun til den fælles plan. Borgeren kan trække samtykket tilbage; så laves der ikke flere overblik, og dette må ikke bruges til noget nyt.', margin: [0, 4, 0, 0] },
    { text: `Sagsbehandlere (${caseworkers.size})`, style: 'h2' },
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [64, 72, 82, 50, '*'],
        body: [
          [th('Sektor'), th('Sagsbehandler'), th('Afdeling'), th('Telefon'), th('E-mail')],
          ...[...caseworkers.values()].map((w) => [SECTOR_NAMES[w.sector].da, w.name, w.unit || '–', w.phone || '–', { text: w.email || '–', fontSize: 8 }]),
        ],
      },
      layout: 'lightHorizontalLines',
      fontSize: 9,
    },
    { text: 'Igangværende ydelser, sektor for sektor', style: 'h2' },
    ...sectors.map((s) => {
      const services = rows.filter((r) => r.sector === s).map((r) => r.service);
      // A sector's heading stays with its table, unless the table is too long for one page anyway.
      return { stack: [{ text: SECTOR_NAMES[s].da, style: 'h3', margin: [0, 8, 0, 2] }, serviceTable(services)], unbreakable: services.length < 12 };
    }),
  ]);
}

export interface OverviewJob {
  /** The CPR numbers of the citizen's family on the list (the citizen alone for a person): asked only for a member without services. */
  family: () => readonly string[];
  db: Database;
  fs: FsLike;
  folder: string;
  roundId: number;
  unitName: string;
  contact: string;
  today: string;
  at: string;
  recipients: readonly string[] | undefined;
  onRollback: Batch['onRollback'];
}

export async function exportOverview(j: OverviewJob, c: SelectedCitizen, consent: Consent) {
  const rows = servicesOf(j.db, [c.cpr]);
  // A family member without services of their own has no caseworker: the plan is the family's,
  // so the overview goes to the sectors that serve the family (never to nobody).
  const planRows = rows.length || j.recipients?.length ? rows : servicesOf(j.db, j.family());
  const recipients = recipientsFor(j.db, planRows, j.recipients);
  if (recipients.length === 0) {
    throw new EngineError('VALIDATION', 'Neither the citizen nor their family has services: give the plan’s recipients', { issues: [{ path: 'recipients', message: 'required' }] });
  }
  const [written] = await writeSealedBatch(
    // One file: nothing to report along the way, and nothing to cancel between files.
    { fs: j.fs, folder: j.folder, signal: new AbortController().signal, progress: () => undefined, onRollback: j.onRollback },
    [c],
    async () => ({
      sealed: await seal({ 'overblik.pdf': await overviewPdf(j.unitName, j.contact, j.today, c, consent, rows) }, { recipients }),
      written: { file: `overblik-runde${j.roundId}-${c.pseudonym}-${fileStamp(j.at)}.zip.age` },
    }),
    () => undefined,
  );
  return { file: written!.file, services: rows.length, sectors: [...new Set(rows.map((r) => r.sector))], fingerprints: recipients.map(fingerprintOf) };
}
