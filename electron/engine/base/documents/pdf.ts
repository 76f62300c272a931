/**
 * The engine's PDFs (sector packets, notices to caseworkers, letters to citizens, overviews), made
 * by pdfmake in memory with one page frame: A4, Roboto (which has æ, ø and å) embedded from
 * pdfmake's own font files, read into pdfmake's virtual file system once, a running header with
 * the unit's name and the title, and page numbers. The document may load nothing else, from disk
 * or from the network.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type PdfMake from 'pdfmake';

const FONTS = { normal: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf', italics: 'Roboto-Italic.ttf', bolditalics: 'Roboto-MediumItalic.ttf' };
let loaded: typeof PdfMake | null = null;

/** pdfmake with its fonts, loaded on first use (most sessions never write a document). */
async function pdfmakeReady(): Promise<typeof PdfMake> {
  if (loaded) return loaded;
  const pdfmake = (await import('pdfmake')).default;
  const require = createRequire(import.meta.url);
  for (const file of Object.values(FONTS)) pdfmake.virtualfs.writeFileSync(file, readFileSync(require.resolve(`pdfmake/fonts/Roboto/${file}`)));
  pdfmake.setFonts({ Roboto: FONTS });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  loaded = pdfmake;
  return pdfmake;
}

/** 2026-03-01 → 1. marts 2026 */
export const danishDate = (iso: string) => new Intl.DateTimeFormat('da-DK', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
/** 2026-03-01 → 01.03.2026, the short Danish form for tables */
export const shortDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
/** 2026-03-01 → 1 March 2026 */
export const englishDate = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

export interface PdfFrame {
  title: string;
  unitName: string;
  /** The document's subject in its metadata. */
  subject: string;
  /** After the page number in the footer, e.g. that the document holds personal data; '' for none. */
  footerNote: string;
  /** 'Side 1 af 3' or 'Page 1 of 3'. */
  pageWords?: (page: number, pages: number) => string;
}

const danishPages = (page: number, pages: number) => `Side ${page} af ${pages}`;

/** Renders content (pdfmake's document content, checked by pdfmake) in the common frame. */
export async function renderPdf(f: PdfFrame, content: unknown[]): Promise<Uint8Array> {
  const pdfmake = await pdfmakeReady();
  const pageWords = f.pageWords ?? danishPages;
  const doc = pdfmake.createPdf({
    info: { title: f.title, author: f.unitName, subject: f.subject, creator: 'Tværblik', producer: 'Tværblik' },
    pageSize: 'A4',
    pageMargins: [48, 56, 48, 56],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    styles: { h1: { fontSize: 17, bold: true, margin: [0, 0, 0, 6] }, h2: { fontSize: 13, bold: true, margin: [0, 12, 0, 4] }, h3: { fontSize: 11, bold: true } },
    header: { text: `${f.unitName} · ${f.title}`, fontSize: 8, color: '#555', margin: [48, 24, 48, 0] },
    footer: (page: number, pages: number) => ({ text: [pageWords(page, pages), f.footerNote].filter((x) => x !== '').join(' · '), fontSize: 8, color: '#555', alignment: 'center', margin: [0, 16, 0, 0] }),
    content,
  });
  return new Uint8Array(await doc.getBuffer());
}

/** What a caseworker is reached by, in one line: unit, phone and e-mail where known. */
export const contactLine = (cw: { unit: string; phone: string; email: string }) => [cw.unit, cw.phone, cw.email].filter((x) => x !== '').join(' · ');
