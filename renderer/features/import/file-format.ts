/**
 * A receipt's file format in words. The engine records it as a short machine text
 * (read-extract.ts: `xlsx`, or `csv <encoding> <separator>` such as `csv utf-8 ";"`), kept as it
 * is in old receipts; the screen says what it means. A text this does not know (none is written
 * today) is shown as it is rather than hidden.
 */
import type { T } from '../../i18n';

const ENCODINGS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (BOM)',
  'windows-1252': 'Windows-1252',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
};

const SEPARATORS = { '";"': 'receipt.format.semicolon', '","': 'receipt.format.comma', tab: 'receipt.format.tab' } as const;

export function describeFormat(t: T, format: string): string {
  if (format === 'xlsx') return t('receipt.format.xlsx');
  const m = /^csv (\S+) ("[;,]"|tab)$/.exec(format);
  const encoding = m && ENCODINGS[m[1]!];
  if (!m || !encoding) return format;
  return t('receipt.format.csv', { encoding, separator: t(SEPARATORS[m[2] as keyof typeof SEPARATORS]) });
}
