/**
 * The letter to the citizen as a PDF: the Danish letter, then on a new page the same letter in
 * English, both from shared/letters/citizen-letter.ts (the words live there, the layout here).
 * It carries the citizen's name and nothing else about them beyond the reasons in plain words; no
 * CPR number (the unit addresses it by Digital Post or on an envelope), no other person.
 */
import { citizenLetter, type CitizenLetter, type LetterFacts } from '../../../shared/letters/citizen-letter';
import { danishDate, englishDate, renderPdf } from '../base/documents/pdf';

function page(l: CitizenLetter, date: string, breakBefore: boolean): unknown[] {
  return [
    { text: date, alignment: 'right', ...(breakBefore ? { pageBreak: 'before' } : {}) },
    { text: l.title, style: 'h1', margin: [0, 12, 0, 10] },
    { text: l.greeting, margin: [0, 0, 0, 6] },
    ...l.sections.flatMap((s) => [
      ...(s.heading ? [{ text: s.heading, style: 'h2' }] : []),
      ...s.paragraphs.filter((p) => p !== '').map((p) => ({ text: p, margin: [0, 0, 0, 4] })),
      ...(s.points?.length ? [{ ul: s.points, margin: [0, 0, 0, 6] }] : []),
    ]),
    { text: l.closing.join('\n'), margin: [0, 16, 0, 0] },
  ];
}

export async function letterPdf(f: LetterFacts, today: string): Promise<Uint8Array> {
  const da = citizenLetter('da', f);
  const en = citizenLetter('en', f);
  return renderPdf(
    {
      title: `${da.title} / ${en.title}`,
      unitName: f.unitName,
      subject: 'Brev til borger',
      footerNote: '',
      // One numbering for both versions, in both languages: the letter is one document.
      pageWords: (p, n) => `Side ${p} af ${n} / Page ${p} of ${n}`,
    },
    [...page(da, danishDate(today), false), ...page(en, englishDate(today), true)],
  );
}
