/**
 * What is wrong with one field, from the engine's VALIDATION error: each issue names its field
 * (`path`) and how it failed (`code`, and a size issue its bound), so a form marks the field with
 * words instead of leaving "Ret de markerede felter" with nothing marked. A form may say more for
 * a field whose rule needs its own words (a username's letters); these are the general ones.
 */
import type { EngineErrorData } from '../../shared/errors';
import type { T } from '../i18n';

export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
  minimum?: number;
  maximum?: number;
  /** What a size issue limits: `string` (its length), `number`, `array` (its count). */
  origin?: string;
}

export function issuesOf(error: EngineErrorData | string | null): FieldIssue[] {
  if (typeof error === 'string' || error?.code !== 'VALIDATION' || !Array.isArray(error.details?.issues)) return [];
  return error.details.issues as FieldIssue[];
}

/** The first issue at this field (or inside it: `roles.0` is in `roles`) in words, or undefined. */
export function fieldIssue(t: T, error: EngineErrorData | string | null, path: string): string | undefined {
  const i = issuesOf(error).find((x) => x.path === path || x.path.startsWith(`${path}.`));
  if (!i) return undefined;
  if (i.code === 'too_small' && i.minimum !== undefined) {
    if (i.origin === 'number') return t('field.atLeast', { n: i.minimum });
    if (i.origin === 'array') return t('field.chooseAtLeast', { n: i.minimum });
    return i.minimum > 1 ? t('field.tooShort', { n: i.minimum }) : t('field.required');
  }
  if (i.code === 'too_big' && i.maximum !== undefined) {
    if (i.origin === 'number') return t('field.atMost', { n: i.maximum });
    if (i.origin === 'array') return t('field.chooseAtMost', { n: i.maximum });
    return t('field.tooLong', { n: i.maximum });
  }
  if (i.code === 'invalid_format') return t('field.format');
  return t('field.invalid');
}
