/**
 * The sector assessment in words: sector names instead of codes, the caseworkers' Danish answer
 * values in the user's language, and the engine's refusals of this feature with their details
 * (which sectors lack a key, that a cancelled export left nothing behind).
 */
import { ANSWER_COLUMNS, type PacketStatus } from '../../../shared/packets';
import { SECTOR_NAMES, type Sector } from '../../../shared/extract-format';
import type { EngineErrorData } from '../../../shared/errors';
import { errorText, translate, type T } from '../../i18n';
import type { Lang } from '../../app/store';
import type { Format } from '../../i18n/format';

export type Answer = PacketStatus['candidates'][number]['answers'][number];

export const sectorName = (lang: Lang, s: Sector) => SECTOR_NAMES[s]?.[lang] ?? s;

/** Sector names joined as a sentence writes a list. */
export const sectorList = (lang: Lang, sectors: readonly Sector[]) => new Intl.ListFormat(lang === 'da' ? 'da-DK' : 'en-GB', { type: 'conjunction' }).format(sectors.map((s) => sectorName(lang, s)));

/**
 * One sector's answer in two parts: the verdict ("Egnet") and what goes with it: for a yes, when
 * to start; otherwise the reason (a yes's reason is optional and says nothing new).
 */
export function answerText(t: T, f: Format, a: Answer): { verdict: string; detail: string } {
  if (a.suitable === null) return { verdict: t('cand.noAnswer'), detail: '' };
  const when = a.timing ? t(`timing.${a.timing}`, { date: a.date ? f.day(a.date) : '' }) : '';
  const why = a.reason ? t(`answerReason.${a.reason}`) : '';
  return { verdict: t(`suitable.${a.suitable}`), detail: a.suitable === 'ja' ? when : [why, when].filter(Boolean).join(' · ') };
}

/** A spreadsheet column letter with the heading the caseworker sees in the sheet, in the user's language. */
export function columnText(t: T, letter: string): string {
  const name = ANSWER_COLUMNS[letter.charCodeAt(0) - 65];
  return name && letter.length === 1 ? t('answers.cell', { letter, name: t(`answers.column.${name}`) }) : letter;
}

const isSectorList = (v: unknown): v is Sector[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && s in SECTOR_NAMES);

/** An error from sending packets, with what to do. */
export function exportErrorText(t: T, lang: Lang, e: EngineErrorData): string {
  const d = e.details ?? {};
  if (e.code === 'NO_RECIPIENT' && isSectorList(d.sectors)) return t('export.err.noRecipient', { sectors: sectorList(lang, d.sectors), screen: translate(lang, 'nav.recipients') });
  if (e.code === 'CANCELLED') return t('export.err.cancelled');
  if (e.code === 'FILE_UNREADABLE' && d.reason === 'no-folder') return t('export.err.noFolder');
  return errorText(t, e);
}
