/**
 * The letter to the citizen: every rule that puts someone on a list becomes a plain sentence in
 * Danish and in English, and nothing in it is a service code, a paragraph or a law's reference
 * (checked against the whole bundled catalogue); through the contract, the PDF (pdftotext) holds
 * the Danish letter and then the English one, the citizen's name and no other person's, and the
 * call is logged under the citizen's CPR number.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledCatalogue } from '../../electron/engine/catalogue/catalogue';
import { FUNNEL_RULES, type ExplainedRule, type RuleResult } from '../../shared/criteria';
import { citizenLetter, reasons } from '../../shared/letters/citizen-letter';
import { assessedRound, holds } from '../support/consent';
import { call, DEMO } from '../support/engine';
import { login } from '../support/rounds';

/** Every rule as the screening reports a met one (values as evaluate.ts writes them). */
const MET: Record<ExplainedRule, RuleResult> = {
  minServices: { rule: 'minServices', value: 6, threshold: 3, passed: true },
  minSectors: { rule: 'minSectors', value: 4, threshold: 3, passed: true },
  minDepartments: { rule: 'minDepartments', value: 5, threshold: 2, passed: true },
  minCaseworkers: { rule: 'minCaseworkers', value: 5, threshold: 3, passed: true },
  allOf: { rule: 'allOf', value: 2, threshold: 2, passed: true },
  anyOf: { rule: 'anyOf', value: 1, threshold: 1, passed: true },
  noneOf: { rule: 'noneOf', value: 0, threshold: 0, passed: true },
  age: { rule: 'age', value: 34, threshold: '18–64', passed: true },
  minYearlyCost: { rule: 'minYearlyCost', value: 412000, threshold: 250000, passed: true },
  requireChildAndAdult: { rule: 'requireChildAndAdult', value: 'barn+voksen', threshold: 'barn+voksen', passed: true },
  excludeRecentStart: { rule: 'excludeRecentStart', value: 200, threshold: 90, passed: true },
  excludeEndingWithin: { rule: 'excludeEndingWithin', value: 120, threshold: 60, passed: true },
};
const ALL = Object.values(FUNNEL_RULES).map((r) => MET[r]);

/** What a letter must never show: a catalogue code, a paragraph, a chapter, a law's abbreviation, a rule's name, a CPR number. */
function forbidden(text: string): string[] {
  const found: string[] = [];
  for (const e of bundledCatalogue()) {
    if (holds(text, e.code)) found.push(e.code);
    for (const p of [e.paragraphOld, e.paragraphNew]) if (p.length > 2 && p !== '-' && text.includes(p)) found.push(p);
  }
  if (text.includes('§')) found.push('§');
  for (const word of ['stk.', 'kap.', 'SEL', 'LAB', 'LAS', 'SUL', 'BL', 'FSL', ...Object.values(FUNNEL_RULES)]) if (holds(text, word)) found.push(word);
  if (/\d{6}-?\d{4}/.test(text)) found.push('a CPR number');
  return found;
}

describe('the letter’s words', () => {
  it('explains each rule that selects in a plain sentence, in Danish and English, and never with a code or paragraph', () => {
    for (const lang of ['da', 'en'] as const) {
      const person = reasons(lang, 'person', ALL);
      // Every rule that selects says something; the rules that only keep people off say nothing,
      // and neither does the age range: a bound tuned for one list, not the trial's rule.
      expect(person.length).toBe(ALL.length - 3);
      expect(reasons(lang, 'person', [MET.noneOf, MET.excludeRecentStart, MET.age])).toEqual([]);
      expect(person.some((s) => s.includes('6'))).toBe(true); // the person's own number of services
      const family = reasons(lang, 'family', ALL);
      // For a family no number about the others' help: only the days ahead.
      for (const s of family.filter((x) => !/60/.test(x))) expect(s, s).not.toMatch(/\d/);
      for (const unit of ['person', 'family'] as const) {
        const letter = citizenLetter(lang, { name: 'Ane Borger', unit, rules: ALL, unitName: 'Udsøgningsenheden', contact: 'Tlf. 70 10 20 30' });
        const text = JSON.stringify(letter);
        expect(forbidden(text), `${lang} ${unit}`).toEqual([]);
        expect(text).toContain(lang === 'da' ? 'trække dit samtykke tilbage' : 'withdraw your consent');
        expect(text).toContain('Tlf. 70 10 20 30');
      }
    }
    // Only rules that were met are explained; with none, the letter still says why in general terms.
    expect(reasons('da', 'person', [{ ...MET.minServices, passed: false }])).toEqual([]);
    expect(citizenLetter('da', { name: 'X', unit: 'person', rules: [], unitName: 'U', contact: 'C' }).sections[0]!.points!.length).toBe(1);
  });
});

describe('the letter through the contract', () => {
  it('is a PDF in Danish and then English with the citizen’s name and no one else’s, logged under the CPR number', async () => {
    const { engine, dir, round, refusedCpr, members } = await assessedRound();
    const [citizen] = members.filter((m) => m.cpr !== refusedCpr);
    const out = await call(engine, 'consent.letter', { roundId: round.id, pseudonym: citizen!.pseudonym, contact: 'Udsøgningsenheden, Rådhuset, tlf. 70 10 20 30, hverdage 9–12' });
    expect(out.languages).toEqual(['da', 'en']);
    expect(out.fileName).not.toMatch(/\d{6}/);
    const path = join(dir, 'letter.pdf');
    await writeFile(path, Buffer.from(out.pdfBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    const da = text.indexOf('Tilbud om et koordineret forløb');
    const en = text.indexOf('Offer of a coordinated pathway');
    expect(da).toBeGreaterThanOrEqual(0);
    expect(en).toBeGreaterThan(da);
    expect(text).toContain(`Kære ${citizen!.name}`);
    expect(text).toContain(`Dear ${citizen!.name}`);
    expect(holds(text, 'tlf. 70 10 20 30')).toBe(true);
    expect(text).toMatch(/forskellige dele af\s+kommunen/); // the round's rule (at least four sectors), in words
    expect(forbidden(text)).toEqual([]);
    for (const other of members.filter((m) => m.cpr !== citizen!.cpr)) expect(text.includes(other.name), other.name).toBe(false);
    // The text the screen shows and prints is the PDF's text: one source, both languages.
    expect(out.content.da.title).toBe('Tilbud om et koordineret forløb');
    expect(out.content.en.title).toBe('Offer of a coordinated pathway');
    expect(out.content.da.greeting).toContain(`Kære ${citizen!.name}`);
    expect(out.content.en.greeting).toContain(`Dear ${citizen!.name}`);
    const shown = [out.content.da, out.content.en].flatMap((l) => [l.date, l.title, l.greeting, ...l.sections.flatMap((x) => [x.heading, ...x.paragraphs, ...(x.points ?? [])]), ...l.closing]).filter((x) => x !== '');
    for (const line of shown) expect(holds(text, line), line).toBe(true);
    expect(forbidden(shown.join('\n'))).toEqual([]);
    await login(engine, DEMO.dpo);
    const log = (await call(engine, 'audit.list', { subject: citizen!.cpr })).entries;
    expect(log.filter((e) => e.action === 'consent.letter' && e.outcome === 'ok' && e.subjectCount === 1).length).toBe(1);
  }, 300_000);
});
