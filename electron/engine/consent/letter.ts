/**
 * The letter to the citizen: the Danish letter, then the same letter in English, both from
 * shared/letters/citizen-letter.ts (the words live there, the layout here). The engine returns
 * the letter's structured text (which the screen shows and prints) and the same text as a PDF,
 * so the preview and the PDF are one text. It carries the citizen's name and nothing else about
 * them beyond the reasons in plain words; no CPR number (the unit addresses it by Digital Post or
 * on an envelope), no other person.
 */
import { citizenLetter, type LetterFacts } from '../../../shared/letters/citizen-letter';
import type { LetterContent, LetterText } from '../../../shared/consent';
import { danishDate, englishDate, renderPdf } from '../base/documents/pdf';

/** The letter in both languages, each dated in its own language's way. */
export function letterContent(f: LetterFacts, today: string): LetterContent {
  return { da: { date: danishDate(today), ...citizenLetter('da', f) }, en: { date: englishDate(today), ...citizenLetter('en', f) } };
}

function page(l: LetterText, breakBefore: boolean): unknown[] {
  return [
    { text: l.date, alignment: 'right', ...(breakBefore ? { pageBreak: 'before' } : {}) },
    { text: l.title, style: 'h1', margin: [0, 12, 0, 10] },
    { text: l.greeting, margin: [0, 0, 0, 6] },
    ...l.sections.flatMap((s) => [
      ...(s.heading ? [{ text: s.heading, style: 'h2' }] : []),
      ...s.paragraphs.filter((p) => p !== '').map((p) => ({ text: p, margin: [0, 0, 0, 4] })),
      // A copy: pdfmake rewrites a list's items in place, and the text is also returned as it is.
      ...(s.points?.length ? [{ ul: [...s.points], margin: [0, 0, 0, 6] }] : []),
    ]),
    { text: l.closing.join('\n'), margin: [0, 16, 0, 0] },
  ];
}

export async function letterPdf(content: LetterContent, unitName: string): Promise<Uint8Array> {
  const { da, en } = content;
  return renderPdf(
    {
      title: `${da.title} / ${en.title}`,
      unitName,
      subject: 'Brev til borger',
      footerNote: '',
      // One numbering for both versions, in both languages: the letter is one document.
      pageWords: (p, n) => `Side ${p} af ${n} / Page ${p} of ${n}`,
    },
    [...page(da, false), ...page(en, true)],
  );
}
