/** Small hand-written extracts for import tests, encrypted for real with age. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encryptTo } from '../../electron/engine/base/crypto/age';
import { toCsv } from '../../electron/engine/base/files/csv';

export const HEADER_DA = ['CPR-nr', 'Navn', 'Sektor', 'Afdeling', 'Ydelseskode', 'Ydelse', 'Paragraf', 'Status', 'Startdato', 'Slutdato', 'Mål', 'Sagsbehandler', 'Telefon', 'E-mail', 'Enhed', 'Årlig udgift'];

/** A valid ongoing jobcentre row for a fictitious person; override fields by header name. */
export function row(overrides: Partial<Record<(typeof HEADER_DA)[number], string>> = {}): string[] {
  const base: Record<string, string> = {
    'CPR-nr': '710190-1234',
    Navn: 'Test Testesen',
    Sektor: 'Jobcenter',
    Afdeling: 'Jobcenter Nord',
    Ydelseskode: 'LAB_MENTOR',
    Ydelse: 'Mentorstøtte',
    Paragraf: 'LAB §167',
    Status: 'Igangværende',
    Startdato: '01-03-2026',
    Slutdato: '',
    Mål: 'Fastholdelse i uddannelse',
    Sagsbehandler: 'Sagsbehandler Sørensen',
    Telefon: '33 10 20 30',
    'E-mail': 'sb@demo-kommune.example',
    Enhed: 'Ungeteamet',
    'Årlig udgift': '40.000,00',
    ...overrides,
  };
  return HEADER_DA.map((h) => base[h]!);
}

export function csv(rows: string[][], header = HEADER_DA): Uint8Array {
  return new TextEncoder().encode(toCsv([header, ...rows], ';'));
}

export async function encryptedFile(dir: string, name: string, bytes: Uint8Array, recipient: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, await encryptTo([recipient], bytes));
  return path;
}

const SURNAMES = ['Bjørnsdóttir', 'Åkesdóttir', 'Ølundsdóttir', 'Æbelødóttir'];
const WORDS = ['Abildgaard', 'Bregnhøj', 'Cederfeld', 'Dybkjær', 'Egholm', 'Fjeldsø', 'Gyldenstjerne', 'Hvidkilde', 'Ibsgaard', 'Jernved', 'Kløvermark', 'Lindholt'];

/**
 * Canary citizens for the tests that look for leftovers: names, CPR numbers and goals that occur
 * nowhere else. `tag` (one digit) makes sets that differ from each other.
 */
export function canaries(tag: string) {
  return WORDS.map((w, i) => {
    const dd = String(i + 1).padStart(2, '0');
    return {
      cpr: `${dd}11479${tag}${String(i).padStart(2, '0')}`, // DDMMYY-SSSS, born 1947, ordinary
      name: `Kanarie ${w} Qvistgård-${SURNAMES[Number(tag) % SURNAMES.length]!}`,
      goal: `Kanariemål ${w} ${tag}: ugentlig samtale`,
      caseworker: `Kanariesagsbehandler ${w} ${tag}`,
    };
  });
}

/** An extract with the canaries among ordinary rows, so the database grows as a real one does. */
export function extractWith(people: ReturnType<typeof canaries>, filler = 3000): Uint8Array {
  const rows = people.map((p) => row({ 'CPR-nr': `${p.cpr.slice(0, 6)}-${p.cpr.slice(6)}`, Navn: p.name, Mål: p.goal, Sagsbehandler: p.caseworker }));
  for (let i = 0; i < filler; i++) {
    const d = String((i % 28) + 1).padStart(2, '0');
    const m = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
    rows.push(row({ 'CPR-nr': `${d}${m}85-${String(1000 + (i % 9000)).padStart(4, '0')}`, Navn: `Person Nummer ${i}`, Mål: `Mål nummer ${i % 40}` }));
  }
  return csv(rows);
}
