/**
 * The access log's subjects in words: every shape the engine writes on a plain subject (the
 * `ctx.subject` calls for CPR numbers, users and the workspace) reads as words in Danish and
 * English, never as a code, and a CPR number has its dash.
 */
import { describe, expect, it } from 'vitest';
import { plainSubject, refusalReason } from '../../renderer/features/audit/LogEntries';
import { ERROR_CODES } from '../../shared/errors';
import { translate } from '../../renderer/i18n';
import { SECTORS } from '../../shared/extract-format';
import { UNKNOWN_ACCOUNT } from '../../shared/schemas';
import { REVEAL_PURPOSE_IN_LOG } from '../../shared/screening';
import { isMessageKey } from '../../renderer/i18n';

const say = (lang: 'da' | 'en', kind: string, subject: string) => plainSubject((k, p) => translate(lang, k, p), lang, kind, subject);

describe('plain subjects of the access log', () => {
  it('writes sector keys, settings, users and CPR numbers in words in both languages', () => {
    expect(say('da', 'workspace', 'recipient skole_dagtilbud')).toBe('Sektornøgle: Skole og dagtilbud');
    expect(say('en', 'workspace', 'recipient skole_dagtilbud')).toBe('Sector key: School and daycare');
    expect(say('da', 'workspace', 'recipient aeldre_sundhed/Hjemmeplejen')).toBe('Sektornøgle: Ældre og sundhed – Hjemmeplejen');
    expect(say('da', 'workspace', 'plainAnswers=true')).toBe('Ukrypterede svar fra sektorerne: tilladt');
    expect(say('en', 'workspace', 'plainAnswers=false')).toBe('Unencrypted answers from the sectors: not allowed');
    expect(say('da', 'workspace', 'idleMinutes=20')).toBe('Lås efter 20 minutters inaktivitet');
    expect(say('en', 'workspace', 'idleMinutes=20')).toBe('Lock after 20 minutes without activity');
    expect(say('da', 'workspace', 'Demokommune (fiktive data)')).toBe('Demokommune (fiktive data)');
    expect(say('da', 'user', '*')).toBe('Alle brugere');
    expect(say('en', 'user', UNKNOWN_ACCOUNT)).toBe('(no account by that name)');
    expect(say('da', 'user', 'demo.dpo')).toBe('demo.dpo');
    expect(say('da', 'cpr', '6812893528')).toBe('681289-3528');
    for (const lang of ['da', 'en'] as const)
      for (const sector of SECTORS) expect(say(lang, 'workspace', `recipient ${sector}`)).not.toMatch(/recipient|_|boern|\{/);
  });

  it('has words for every purpose a reveal is logged with', () => {
    for (const p of Object.values(REVEAL_PURPOSE_IN_LOG)) {
      const key = `purpose.udsøgning: ${p}`;
      expect(isMessageKey(key), key).toBe(true);
      if (isMessageKey(key)) expect(translate('en', key)).toMatch(/^Screening – /);
    }
  });

  it('says why a call was refused or failed, from the code its entry keeps, in words and with no placeholder left', () => {
    const why = (lang: 'da' | 'en', detail: string) => refusalReason((k, p) => translate(lang, k, p), detail);
    expect(why('da', '{"error":"FORBIDDEN"}')).toBe('Din rolle giver ikke adgang til dette. Forsøget er logget.');
    expect(why('en', '{"error":"NOT_FOUND","round":3}')).toBe('It does not exist (any more).');
    // The one message with a value in it is said without the value, which the log does not keep.
    expect(why('da', '{"error":"UNKNOWN_REFERENCE"}')).toBe('En kode eller paragraf i kriterierne passede ikke til nogen ydelse i kataloget.');
    for (const lang of ['da', 'en'] as const) for (const code of ERROR_CODES) expect(why(lang, JSON.stringify({ error: code })), code).toMatch(/^[^{}]+$/);
    // An entry from before the log kept codes, or one that went through, says nothing more.
    for (const detail of ['', '{"grant":7}', '{"refused":"passphrase-change-required"}', 'null', '{"error":"NO_SUCH_CODE"}']) expect(why('da', detail), detail).toBeNull();
  });
});
