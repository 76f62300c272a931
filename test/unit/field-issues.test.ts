/**
 * A form marks the field the engine refused, in words: the contract's VALIDATION error names each
 * field (path) and how it failed (code, and a size issue's bound), through the real engine.
 */
import { describe, expect, it } from 'vitest';
import { fieldIssue } from '../../renderer/ui/field-issues';
import { translate, type T } from '../../renderer/i18n';
import { ADMIN, expectError, withWorkspace } from '../support/engine';

const t = (lang: 'da' | 'en'): T => (key, params) => translate(lang, key, params);

describe('a refused field in words', () => {
  it('says which field of a new user is wrong and how, and nothing about the fields that are right', async () => {
    const { engine } = await withWorkspace();
    const error = await expectError(engine.invoke('users.add', { username: 'Hanne Hansen', displayName: 'Hanne Hansen', passphrase: '', roles: [] }), 'VALIDATION');
    expect(fieldIssue(t('da'), error, 'username')).toBe('Er ikke skrevet i den rigtige form.');
    expect(fieldIssue(t('da'), error, 'passphrase')).toBe('Skal udfyldes.');
    expect(fieldIssue(t('da'), error, 'roles')).toBe('Vælg mindst 1.');
    expect(fieldIssue(t('en'), error, 'roles')).toBe('Choose at least 1.');
    expect(fieldIssue(t('da'), error, 'displayName')).toBeUndefined();
    // A name longer than the contract allows: its bound, as a length.
    const long = await expectError(engine.invoke('users.add', { username: 'hanne', displayName: 'x'.repeat(121), passphrase: ADMIN.passphrase, roles: ['screener'] }), 'VALIDATION');
    expect(fieldIssue(t('da'), long, 'displayName')).toBe('Må højst være 120 tegn.');
    // A username left blank is required, not in the wrong form.
    const blank = await expectError(engine.invoke('session.login', { username: ' ', passphrase: '' }), 'VALIDATION');
    expect(fieldIssue(t('da'), blank, 'username')).toBe('Skal udfyldes.');
    expect(fieldIssue(t('da'), blank, 'passphrase')).toBe('Skal udfyldes.');
  });
});
