/** The consent feature's refusals in words, with their details where one helps. */
import { SECTOR_NAMES, type Sector } from '../../../shared/extract-format';
import type { EngineErrorData } from '../../../shared/errors';
import { errorText, translate, type MessageKey, type T } from '../../i18n';
import type { Lang } from '../../app/store';
import { sectorList } from '../assessment/words';

const isSectorList = (v: unknown): v is Sector[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && s in SECTOR_NAMES);

/** An error from sending the notices, with what to do. */
export function noticesErrorText(t: T, lang: Lang, e: EngineErrorData): string {
  const d = e.details ?? {};
  if (e.code === 'NO_RECIPIENT' && isSectorList(d.sectors)) return t('notices.err.noRecipient', { sectors: sectorList(lang, d.sectors), screen: translate(lang, 'nav.recipients') });
  if (e.code === 'CANCELLED') return t('notices.err.cancelled');
  if (e.code === 'FILE_UNREADABLE' && d.reason === 'no-folder') return t('notices.err.noFolder');
  return errorText(t, e);
}

/** Today as the date field writes it (the user's local day). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * A message kept in state by its key and parameters, never as text, so it follows a change of
 * language. keyParams are parameters that are themselves messages (an event's name).
 */
export interface Said {
  key: MessageKey;
  params?: Record<string, string | number>;
  keyParams?: Record<string, MessageKey>;
}

export function say(t: T, s: Said): string {
  const named = Object.fromEntries(Object.entries(s.keyParams ?? {}).map(([k, v]) => [k, t(v)]));
  return t(s.key, { ...s.params, ...named });
}

/** The contact field, as the parts of the screen that need its text see it. */
export interface ContactField {
  /** The trimmed text, or null after marking the field with this error and moving the focus to it. */
  require: (missing: MessageKey) => string | null;
}
