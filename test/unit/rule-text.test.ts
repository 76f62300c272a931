/**
 * A candidate's rule lines, as the lists show them: each in the screen's language only (an English
 * screen said "of the required services: 3 (af 3)"), and an age as its band, as the lists show ages.
 */
import { describe, expect, it } from 'vitest';
import { ruleText } from '../../renderer/features/screening/rule-text';
import { translate, type T } from '../../renderer/i18n';

const t = (lang: 'da' | 'en'): T => (key, params) => translate(lang, key, params);
const allOf = { rule: 'allOf', value: 3, threshold: 3, passed: true };
const age = { rule: 'age', value: 21, threshold: '0–35', passed: true };

describe('a rule line', () => {
  it('is in one language, with its value against what was asked', () => {
    expect(ruleText(t('en'), allOf, 'en')).toBe('of the required services: 3 (of 3)');
    expect(ruleText(t('da'), allOf, 'da')).toBe('af de krævede ydelser: 3 (af 3)');
    // The list shows age bands, never ages: the rule line too (one band per band among a family's members).
    expect(ruleText(t('da'), age, 'da')).toMatch(/: 18–24 \(0–35\)$/);
    expect(ruleText(t('da'), { ...age, value: '34,12,8,33' }, 'da')).toMatch(/: 30–39, 12–14, 6–11 \(0–35\)$/);
    expect(ruleText(t('da'), { rule: 'minSectors', value: 4, threshold: 3, passed: true }, 'da')).toMatch(/: 4 \(≥ 3\)$/);
  });
});
