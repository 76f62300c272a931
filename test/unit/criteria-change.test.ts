/**
 * A comparison of two runs says in words what changed in the criteria: each side is the JSON text
 * the engine records (runs.ts), and no brace, bracket or quote of it reaches the screen.
 */
import { describe, expect, it } from 'vitest';
import { CriteriaSchema } from '../../shared/criteria';
import { criterionText } from '../../renderer/features/runs/criteria-change';
import { translate, type T } from '../../renderer/i18n';
import { formatFor } from '../../renderer/i18n/format';

const t = (lang: 'da' | 'en'): T => (key, params) => translate(lang, key, params);

const criteria = CriteriaSchema.parse({
  version: 1,
  unit: 'family',
  countUniversal: true,
  minServices: 3,
  allOf: [{ code: 'SEL_85' }, [{ paragraph: '§ 103' }, { code: 'LAB_MENTOR' }]],
  anyOf: [{ code: 'SEL_107' }],
  age: { min: 18, max: 35 },
  minYearlyCost: 250000,
  excludeRecentStart: { days: 90, services: [{ code: 'SEL_85' }] },
  excludeEndingWithin: { days: 30 },
  requireChildAndAdult: true,
});

describe('a changed criterion in words', () => {
  it('says every field of the criteria without its JSON, in Danish and English', () => {
    for (const lang of ['da', 'en'] as const) {
      for (const [field, value] of Object.entries(criteria)) {
        const text = criterionText(t(lang), formatFor(lang), field, JSON.stringify(value));
        expect(text, `${lang} ${field}`).not.toMatch(/[{}[\]"]/);
      }
    }
    const da = (field: keyof typeof criteria) => criterionText(t('da'), formatFor('da'), field, JSON.stringify(criteria[field]));
    expect(da('age')).toBe('18–35 år');
    expect(da('minYearlyCost')).toBe('250.000 kr.');
    expect(da('unit')).toBe('Familier');
    expect(da('countUniversal')).toBe('Ja');
    expect(da('allOf')).toBe('SEL_85, (§ 103 eller LAB_MENTOR)');
    expect(da('excludeRecentStart')).toBe('90 dage: SEL_85');
    expect(criterionText(t('da'), formatFor('da'), 'age', JSON.stringify({ max: 29 }))).toBe('op til 29 år');
    expect(criterionText(t('en'), formatFor('en'), 'age', '–')).toBe('not set');
  });
});
