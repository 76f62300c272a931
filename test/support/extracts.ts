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
