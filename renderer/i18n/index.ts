import { useUi } from '../app/store';
import type { EngineErrorData } from '../../shared/errors';
import { da, en, type MessageKey } from './messages';

export type T = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(lang: 'da' | 'en', key: MessageKey, params: Record<string, string | number> = {}): string {
  const text: string = (lang === 'en' ? en : da)[key];
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

export function useT(): T {
  const lang = useUi((s) => s.lang);
  return (key, params) => translate(lang, key, params);
}

/** The user-facing text for an engine error, with the specific detail where one helps. */
export function errorText(t: T, e: EngineErrorData): string {
  const base = t(`error.${e.code}`);
  const left = e.details?.attemptsLeft;
  if (e.code === 'WRONG_CREDENTIALS' && typeof left === 'number') return `${base} ${t('login.attemptsLeft', { n: left })}`;
  return base;
}
