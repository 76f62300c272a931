/** The access log on screen: newest first, a page at a time, every entry in words. */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newIdentity } from '../../electron/engine/base/crypto/age';
import { call } from '../../electron/engine/engine';
import { PRESETS } from '../../shared/presets';
import { formatFor } from '../../renderer/i18n/format';
import { DEMO } from '../support/engine';
import { login, logout, openApp, screenshot } from './bridge';

test('the DPO sees the newest hundred entries and asks for older ones a page at a time', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-log-'));
  const engine = await openApp(page, join(dir, 'workspace.tvaerblik'));
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  await page.getByRole('button', { name: 'Brug demo.dpo' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByRole('button', { name: 'Log ud' })).toBeVisible();
  // More entries than one page: each look at the log's state is itself logged.
  for (let i = 0; i < 120; i++) await call(engine, 'audit.integrity', {});
  await page.getByRole('button', { name: 'Adgangslog' }).click();

  const table = page.getByRole('table', { name: 'Adgangslog' });
  await expect(table.locator('tbody tr')).toHaveCount(100);
  await expect(page.getByText(/^Viser de nyeste 100 af [\d.]+ poster\.$/)).toBeVisible();
  await expect(table.locator('tbody tr').filter({ hasText: 'Viste loggens tilstand' })).toHaveCount(100);
  await page.getByRole('button', { name: /^Vis [\d.]+ ældre$/ }).click();
  await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(120);
  await expect(page.getByText(/^Viser de nyeste 1\d\d af [\d.]+ poster\.$/)).toBeVisible();
});

/** Whether an element's text sits on one line (a button or a name broken mid-word has two). */
const oneLine = (el: Element) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size === 1;
};

async function both(page: Page, info: TestInfo, name: string, check: (lang: 'da' | 'en') => Promise<void>) {
  await check('da');
  await screenshot(page, info, `${name}-da`);
  await page.getByRole('button', { name: 'English' }).click();
  await check('en');
  await screenshot(page, info, `${name}-en`);
  await page.getByRole('button', { name: 'Dansk' }).click();
}

test.describe('in words, at 1,366 × 768', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('the start pages say what to do now, the lists say which data, a reveal says when it is logged, and the log says every subject, purpose and reason in words', async ({ page }, info) => {
    test.setTimeout(240_000);
    const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-log-words-'));
    const engine = await openApp(page, join(dir, 'workspace.tvaerblik'));
    await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();

    // The login: every demo user's name and "Use" button on one line.
    await both(page, info, 'login', async (lang) => {
      const demo = page.getByRole('table', { name: lang === 'da' ? 'Demobrugere (kun fiktive data)' : 'Demo users (fictitious data only)' });
      await expect(demo.locator('tr')).toHaveCount(4);
      for (const cell of await demo.locator('button, td.mono').all()) expect(await cell.evaluate(oneLine), await cell.innerText()).toBe(true);
    });

    // The screener before the first round: where to begin, with a way there.
    await login(page, 'demo.udsoeger');
    const next = page.getByTestId('next-step');
    await both(page, info, 'home-screener-begin', async (lang) => {
      await expect(next.getByRole('button', { name: lang === 'da' ? 'Begynd her' : 'Begin here' })).toBeVisible();
      await expect(next).toContainText(
        lang === 'da' ? 'Ingen runder i gang. Begynd under Udsøgning: vælg et udgangspunkt, og gem listen.' : 'No rounds in progress. Begin under Screening: choose a starting point, and save the list.',
      );
    });

    const preset = PRESETS.find((p) => p.id === 'familier-boern-og-voksne')!;
    const version = await call(engine, 'criteria.save', { name: 'Familier i tre sektorer', criteria: { ...preset.criteria, minSectors: 3 }, comment: '' });
    const run = await call(engine, 'runs.create', { setId: version.setId, version: version.version, comment: '' });
    // A family with a member whose extract row has no name (the demo data has some).
    const listed = await call(engine, 'runs.get', { id: run.id });
    let nameless: string | null = null;
    let someCpr = '';
    for (const c of listed.candidates) {
      const r = await call(engine, 'candidates.reveal', { runId: run.id, pseudonym: c.pseudonym, purpose: 'data-quality', reason: 'Finder en uden navn' });
      someCpr = r.members[0]!.cpr;
      if (r.members.some((m) => m.name === '')) {
        nameless = c.pseudonym;
        break;
      }
    }
    expect(nameless, 'the demo data has a candidate member without a name').not.toBeNull();

    // Lister: the data's reference date in words, the fingerprint only under its label; the moment via Intl.
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('button', { name: 'Lister' }).click();
    const runs = page.getByRole('table', { name: 'Kørsler' });
    const reference = formatFor('da').day(run.snapshot.referenceDate);
    await expect(runs).toContainText(`Data til og med ${reference}`);
    await expect(runs).toContainText(`Kontrolsum: ${run.snapshot.id}`);
    await expect(runs).toContainText(formatFor('da').moment(run.createdAt));

    // The reveal: "will be logged" before, "has been logged" after; the nameless member says so.
    await page.getByRole('button', { name: 'Vis liste' }).click();
    const row = page.getByTestId('run-list').locator('tr', { hasText: nameless! });
    await row.getByRole('button', { name: 'Vis CPR og navn' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Visningen logges med dit formål og din begrundelse.');
    await expect(dialog).not.toContainText('er logget');
    // A CPR number in the reason would name someone else in the log: said at the field, and not sent.
    const reason = dialog.getByLabel('Begrundelse (gemmes i loggen)');
    await reason.fill('Ring også til 010203-4321 (naboen)');
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog).toContainText('Skriv ikke et CPR-nummer i begrundelsen: loggen gemmer den. Nævn borgeren ved pseudonymet.');
    await expect(dialog.getByRole('button', { name: 'Vis og log' })).toBeDisabled();
    await screenshot(page, info, 'reveal-reason-cpr-da');
    await reason.fill('Familien skal gennemgås før mødet');
    await expect(reason).not.toHaveAttribute('aria-invalid', 'true');
    await dialog.getByRole('button', { name: 'Vis og log' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Visningen er logget med dit formål og din begrundelse.' })).toBeVisible();
    await expect(row).toContainText('(navn mangler i udtrækket)');
    await row.scrollIntoViewIfNeeded();
    await both(page, info, 'lists-revealed', async (lang) => {
      await expect(page.getByTestId('run-list')).toContainText(lang === 'da' ? '(navn mangler i udtrækket)' : '(no name in the extract)');
      await expect(runs.or(page.getByRole('table', { name: 'Runs' }))).toContainText(lang === 'da' ? `Data til og med ${reference}` : `Data up to and including ${formatFor('en').day(run.snapshot.referenceDate)}`);
    });

    // A round approved (by the supervisor): the screener's start page says to send the sector packets.
    const created = await call(engine, 'rounds.create', { runId: run.id });
    const round = await call(engine, 'rounds.get', { id: created.id });
    await call(engine, 'rounds.decide', { roundId: round.id, pseudonyms: round.candidates.map((c) => c.pseudonym), decision: 'include', reason: 'meets-criteria' });
    await call(engine, 'rounds.submit', { id: round.id });
    await call(engine, 'session.login', DEMO.supervisor);
    await call(engine, 'rounds.approve', { id: round.id });
    await call(engine, 'session.login', DEMO.screener);
    // An answer sheet that cannot be read: logged, and named as an answer sheet, not an extract.
    const unread = await engine.invoke('packets.importAnswers', { path: join(tmpdir(), 'findes-ikke', 'svar-jobcenter.xlsx.age') });
    expect(unread.ok ? null : unread.error.code).toBe('FILE_UNREADABLE');
    await page.reload();
    await expect(page.getByRole('button', { name: 'Log ud' })).toBeVisible();
    await both(page, info, 'home-screener-approved', async (lang) => {
      await expect(next).toContainText(lang === 'da' ? `Runde ${round.id} er godkendt. Send vurderingspakkerne under Sektorvurdering.` : `Round ${round.id} is approved. Send the suitability packets under Sector assessment.`);
      await expect(next).not.toContainText(lang === 'da' ? 'Ingen runder i gang' : 'No rounds in progress');
    });
    await next.getByRole('button', { name: 'Gå til Sektorvurdering' }).click();
    await expect(page.locator('.content h1')).toHaveText('Sektorvurdering');
    await logout(page);

    // The administrator registers two sectors' keys, one of a department.
    await call(engine, 'session.login', DEMO.admin);
    await call(engine, 'recipients.register', { sector: 'skole_dagtilbud', recipient: (await newIdentity()).recipient });
    await call(engine, 'recipients.register', { sector: 'aeldre_sundhed', department: 'Hjemmeplejen', recipient: (await newIdentity()).recipient });
    await call(engine, 'packets.setPlainAnswers', { allow: false });
    await call(engine, 'session.logout', {});
    await page.reload();

    // The DPO: the witness warning on the start page, with a way to the log.
    await login(page, 'demo.dpo');
    // A citizen's request: the DPO's search by CPR number is logged with that number as its subject.
    await call(engine, 'audit.list', { subject: someCpr.replace('-', '') });
    await both(page, info, 'home-dpo', async (lang) => {
      await expect(next).toContainText(lang === 'da' ? 'Vidnefilen ligger i samme mappe som arbejdsområdet.' : 'The witness file is in the same folder as the workspace.');
    });
    await next.getByRole('button', { name: 'Se vidnefilen' }).click();
    const table = page.getByRole('table', { name: 'Adgangslog' });
    await expect(table).toBeVisible();
    const recipientRow = table.locator('tbody tr').filter({ hasText: 'Registrerede en sektors nøgle' });
    await expect(recipientRow.filter({ hasText: 'Sektornøgle: Skole og dagtilbud' })).toHaveCount(1);
    await expect(recipientRow.filter({ hasText: 'Sektornøgle: Ældre og sundhed – Hjemmeplejen' })).toHaveCount(1);
    await expect(table.locator('tbody tr').filter({ hasText: 'Ukrypterede svar fra sektorerne: ikke tilladt' })).toHaveCount(1);
    const reveal = table.locator('tbody tr').filter({ hasText: 'Udsøgning – gennemgang af kandidaten' });
    await expect(reveal).toHaveCount(1);
    await reveal.getByText('Liste', { exact: true }).click();
    await expect(reveal).toContainText(`Liste ${run.id}, kandidat ${nameless}`);
    await expect(reveal).toContainText('Begrundelse: Familien skal gennemgås før mødet');
    const answers = table.locator('tbody tr').filter({ hasText: 'Indlæste svar fra en sektor' });
    await expect(answers.getByText('Svarark', { exact: true })).toBeVisible();
    // Why it failed: what the screener was told, one click from the outcome (the log keeps the code).
    const told = answers.getByText('Brugeren fik at vide: Filen kan ikke læses.');
    await expect(told).toBeHidden();
    await answers.getByText('Fejl', { exact: true }).click();
    await expect(told).toBeVisible();
    await both(page, info, 'log-failed-why', async (lang) => {
      const row = page.locator('table.log tbody tr').filter({ hasText: lang === 'da' ? 'Indlæste svar fra en sektor' : 'Imported answers from a sector' });
      await row.scrollIntoViewIfNeeded();
      await expect(row.getByText(lang === 'da' ? 'Brugeren fik at vide: Filen kan ikke læses.' : 'The user was told: The file cannot be read.')).toBeVisible();
    });
    const roundRow = table.locator('tbody tr').filter({ hasText: 'Oprettede udsøgningsrunde' });
    await roundRow.getByText('Liste', { exact: true }).click();
    await expect(roundRow).toContainText(`Udsøgningsrunde ${round.id} (liste ${run.id})`);
    // No raw code in the subjects and purposes, in either language.
    const subjects = () => table.locator('tbody tr td:nth-child(6), tbody tr td:nth-child(8)').allInnerTexts();
    for (const text of await subjects()) expect(text).not.toMatch(/recipient |skole_dagtilbud|aeldre_sundhed|plainAnswers|idleMinutes|udsøgning:/);
    await both(page, info, 'log-reveal', async (lang) => {
      await page.locator('table.log tbody tr').filter({ hasText: lang === 'da' ? 'Udsøgning – gennemgang af kandidaten' : 'Screening – review of the candidate' }).scrollIntoViewIfNeeded();
      await expect(table.or(page.getByRole('table', { name: 'Access log' }))).toContainText(lang === 'da' ? 'Udsøgning – gennemgang af kandidaten' : 'Screening – review of the candidate');
      if (lang === 'en') for (const text of await page.getByRole('table', { name: 'Access log' }).locator('tbody tr td:nth-child(8)').allInnerTexts()) expect(text).not.toMatch(/udsøgning|Udsøgning/);
    });
    await both(page, info, 'log-recipient', async (lang) => {
      await page.locator('table.log tbody tr').filter({ hasText: lang === 'da' ? 'Sektornøgle: Skole og dagtilbud' : 'Sector key: School and daycare' }).scrollIntoViewIfNeeded();
      await expect(table.or(page.getByRole('table', { name: 'Access log' }))).toContainText(lang === 'da' ? 'Sektornøgle: Skole og dagtilbud' : 'Sector key: School and daycare');
    });

    // A CPR number the log holds is written with its dash.
    expect(someCpr).toMatch(/^\d{6}-\d{4}$/);
    await expect(table.locator('tbody tr').filter({ hasText: 'Læste adgangsloggen' }).filter({ hasText: someCpr })).not.toHaveCount(0);
    await expect(table).not.toContainText(someCpr.replace('-', ''));
  });
});
