/**
 * The one message catalogue, merged from the common texts and each feature's own table. Every
 * feature's `messages.ts` exports `da` and `en` with exactly the same keys (checked there by the
 * compiler); here the compiler checks that no key is defined twice, and `t(key)` accepts only a key
 * that exists. A new feature adds its table to TABLES.
 */
import { useCallback } from 'react';
import { useUi } from '../app/store';
import type { EngineErrorData } from '../../shared/errors';
import * as common from './common';
import * as setup from '../features/setup/messages';
import * as login from '../features/login/messages';
import * as home from '../features/home/messages';
import * as importing from '../features/import/messages';
import * as catalogue from '../features/catalogue/messages';
import * as screening from '../features/screening/messages';
import * as runs from '../features/runs/messages';
import * as rounds from '../features/rounds/messages';
import * as users from '../features/users/messages';
import * as unit from '../features/unit/messages';
import * as assessment from '../features/assessment/messages';
import * as consent from '../features/consent/messages';
import * as recipients from '../features/recipients/messages';
import * as audit from '../features/audit/messages';
import * as auditLog from '../features/audit/log-messages';

const TABLES = [common, setup, login, home, importing, catalogue, screening, runs, rounds, users, unit, assessment, consent, recipients, audit, auditLog] as const;

type Tables = typeof TABLES;
type KeysOf<T> = T extends { da: infer D } ? keyof D : never;
export type MessageKey = KeysOf<Tables[number]>;

/** Keys that two tables both define (the later would silently win): must be none. */
type Duplicates<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R] ? (KeysOf<H> & KeysOf<R[number]>) | Duplicates<R> : never;
const _noKeyTwice: [Duplicates<Tables>] extends [never] ? true : never = true;
void _noKeyTwice;

const da: Record<MessageKey, string> = Object.assign({}, ...TABLES.map((m) => m.da));
const en: Record<MessageKey, string> = Object.assign({}, ...TABLES.map((m) => m.en));

/** The whole catalogue of one language (the language-sweep test compares the two). */
export const messagesOf = (lang: 'da' | 'en'): Readonly<Record<MessageKey, string>> => (lang === 'en' ? en : da);

/** For words chosen by a value from the engine (an action, a purpose): is there a text for it? */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(da, key);

export type T = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(lang: 'da' | 'en', key: MessageKey, params: Record<string, string | number> = {}): string {
  const text: string = (lang === 'en' ? en : da)[key];
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/**
 * The translator for the current language. The same function until the language changes: tables
 * memoise their columns on it, and a new one each render would remount every cell (and drop the
 * focus from a button in a row).
 */
export function useT(): T {
  const lang = useUi((s) => s.lang);
  return useCallback<T>((key, params) => translate(lang, key, params), [lang]);
}

/** The user-facing text for an engine error, with the specific detail where one helps. */
export function errorText(t: T, e: EngineErrorData): string {
  const refs = e.details?.references;
  if (e.code === 'UNKNOWN_REFERENCE' && Array.isArray(refs)) {
    return t('error.UNKNOWN_REFERENCE', { refs: refs.map((r: { text?: unknown }) => `«${String(r.text)}»`).join(', ') });
  }
  const base = t(`error.${e.code}`);
  return base;
}
