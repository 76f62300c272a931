/**
 * A screening round from saved list to frozen list, on the demo municipality, through the screens:
 * the screener starts a round, reveals one candidate for a purpose, excludes and includes
 * candidates in bulk with reasons, is told how many are undecided, submits; holding the
 * supervisor role too does not let them approve their own list; a supervisor returns it with a
 * comment, the screener fixes and resubmits, the supervisor approves; the frozen list offers no
 * change and the engine refuses one; the DPO finds the approval by the revealed CPR number.
 * Screenshots of both screens in Danish and English at 1,366 × 768 are kept with the output.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, type Engine } from '../../electron/engine/engine';
import { PRESETS } from '../../shared/presets';
import { login, logout, openApp } from './bridge';

test.use({ viewport: { width: 1366, height: 768 } });

const PASSPHRASES: Record<string, string> = {
  'demo.admin': 'demo-administrator-fiktiv',
  'demo.udsoeger': 'demo-udsoeger-fiktiv',
  'demo.godkender': 'demo-godkender-fiktiv',
  'demo.dpo': 'demo-dpo-fiktiv-adgang',
};

/** The 1,366 × 768 window as it stands (scrolled to the open round if there is one), in Danish and in English. */
async function shots(page: Page, info: TestInfo, name: string) {
  const round = page.getByTestId('round');
  for (const lang of ['da', 'en'] as const) {
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    if (await round.count()) await round.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: info.outputPath(`${name}-${lang}.png`) });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} (${lang}) fits the window`).toBeLessThanOrEqual(1366);
  }
  await page.getByRole('button', { name: 'Dansk' }).click();
}

/** The administrator asks for the supervisor role for the screener; the DPO approves it (two persons). */
async function makeScreenerSupervisorToo(engine: Engine) {
  await call(engine, 'session.login', { username: 'demo.admin', passphrase: PASSPHRASES['demo.admin']! });
  await call(engine, 'users.update', { username: 'demo.udsoeger', roles: ['screener', 'supervisor'] });
  await call(engine, 'session.logout', {});
  await call(engine, 'session.login', { username: 'demo.dpo', passphrase: PASSPHRASES['demo.dpo']! });
  const grant = (await call(engine, 'users.grants', {})).find((g) => g.username === 'demo.udsoeger' && g.role === 'supervisor')!;
  await call(engine, 'users.approveGrant', { id: grant.id });
  await call(engine, 'session.logout', {});
}

test('a round goes from saved list through review, four eyes and a return to a frozen list the DPO can trace', async ({ page }, info) => {
  test.setTimeout(240_000);
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-round-'));
  const engine = await openApp(page, join(dir, 'workspace.tvaerblik'));
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  await expect(page.getByRole('button', { name: 'Brug demo.udsoeger' })).toBeVisible();
  await makeScreenerSupervisorToo(engine);
  await page.reload();
  const nav = page.getByRole('navigation', { name: 'Hovedmenu' });

  // The screener saves a list (the criteria screens have their own test), then starts a round on it.
  await login(page, 'demo.udsoeger');
  const preset = PRESETS.find((p) => p.id === 'familier-boern-og-voksne')!;
  const version = await call(engine, 'criteria.save', { name: 'Familier i tre sektorer', criteria: { ...preset.criteria, minSectors: 3 }, comment: 'til gennemgang' });
  const run = await call(engine, 'runs.create', { setId: version.setId, version: version.version, comment: '' });
  const figures = await call(engine, 'screening.preview', { criteria: version.criteria }); // the run's funnel, as counts
  expect(run.count).toBeGreaterThan(3);
  await nav.getByRole('button', { name: 'Gennemgang' }).click();
  await expect(page.getByText('Ingen udsøgningsrunder endnu.')).toBeVisible();
  await page.getByLabel('Gemt liste', { exact: true }).selectOption(String(run.id));
  await page.getByRole('button', { name: 'Start gennemgang' }).click();
  const round = page.getByTestId('round');
  const table = round.getByRole('table', { name: 'Kandidater i runde 1' });
  await expect(table.getByRole('row')).toHaveCount(run.count + 1);
  await expect(page.getByTestId('round-counts')).toHaveText(`${run.count} kandidater: 0 medtaget, 0 fravalgt, ${run.count} ikke afgjort.`);

  // One candidate revealed for a purpose, in a dialog that has the focus.
  await table.getByRole('button', { name: 'Vis CPR og navn' }).first().click();
  const why = page.getByRole('dialog');
  await expect(why.getByLabel('Formål')).toBeFocused();
  await why.getByLabel('Begrundelse (gemmes i loggen)').fill('tjek af familiens forløb');
  // Modal: Tab stays inside the dialog, and the page behind it is hidden from screen readers.
  await page.keyboard.press('Shift+Tab');
  expect(await why.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  expect(await page.getByRole('button', { name: 'Log ud' }).evaluate((b) => b.closest('[inert], [aria-hidden="true"]') !== null)).toBe(true);
  await page.screenshot({ path: info.outputPath('00-reveal-dialog-da.png') }); // (the modal dialog keeps the language switch out of reach)
  await why.getByRole('button', { name: 'Vis og log' }).click();
  await expect(why).toHaveCount(0);
  const cpr = (await table.locator('strong.revealed').first().textContent())!.match(/\d{6}-\d{4}/)![0];

  // Two excluded with a reason and a comment, in one bulk decision.
  const rows = table.getByRole('checkbox');
  await rows.nth(1).check();
  await rows.nth(2).check();
  await round.getByRole('radio', { name: 'Fravælg', exact: true }).check();
  await round.getByLabel('Begrundelse', { exact: true }).selectOption({ label: 'Har allerede et koordineret forløb' });
  await round.getByLabel('Kommentar (valgfrit)').fill('har koordinator i forvejen');
  await round.getByRole('button', { name: 'Gem afgørelse for 2 valgte' }).click();
  await expect(round.getByRole('status').filter({ hasText: 'gemt for 2' })).toBeVisible();
  await expect(page.getByTestId('round-counts')).toHaveText(`${run.count} kandidater: 0 medtaget, 2 fravalgt, ${run.count - 2} ikke afgjort.`);

  // Submitting too early says how many are left.
  await round.getByRole('button', { name: 'Send til godkendelse' }).click();
  await expect(round.getByRole('alert')).toHaveText(`${run.count - 2} kandidater mangler en afgørelse. Giv dem en, før listen sendes til godkendelse (vælg filteret «Ikke afgjort»).`);

  // The rest included at once: filter the undecided, tick all shown.
  await round.getByRole('radio', { name: /^Ikke afgjort/ }).check();
  await expect(table.getByRole('row')).toHaveCount(run.count - 2 + 1);
  await table.getByRole('checkbox', { name: 'Vælg alle viste' }).check();
  await round.getByRole('radio', { name: 'Medtag', exact: true }).check();
  await round.getByLabel('Begrundelse', { exact: true }).selectOption({ label: 'Opfylder kriterierne' });
  await round.getByRole('button', { name: `Gem afgørelse for ${run.count - 2} valgte` }).click();
  await expect(table.getByRole('row')).toHaveCount(1);
  await round.getByRole('radio', { name: /^Alle/ }).check();
  await shots(page, info, '01-review');
  await round.getByRole('button', { name: 'Send til godkendelse' }).click();
  await expect(round.getByRole('status').filter({ hasText: 'sendt til godkendelse' })).toBeVisible();
  await expect(round.getByRole('button', { name: /Gem afgørelse/ })).toHaveCount(0);

  // Holding the supervisor role too, the screener still cannot approve the list they prepared.
  await nav.getByRole('button', { name: 'Godkendelse' }).click();
  const waiting = page.getByRole('table', { name: 'Venter på godkendelse' });
  await waiting.getByRole('row', { name: /Runde 1/ }).getByRole('button', { name: 'Åbn' }).click();
  await expect(page.getByText('Du har selv været med til at lave denne liste, så en anden godkender skal godkende den.')).toBeVisible();
  // The button says no before a click; the engine says no to the call itself.
  await expect(page.getByRole('button', { name: 'Godkend og lås listen' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Godkend og lås listen' })).toHaveAccessibleDescription(/Du har selv været med/);
  const ownList = await engine.invoke('rounds.approve', { id: (await call(engine, 'rounds.list', {}))[0]!.id });
  expect(ownList.ok ? null : [ownList.error.code, ownList.error.details?.rule]).toEqual(['SEPARATION_OF_DUTIES', 'four-eyes']);
  await shots(page, info, '02-four-eyes');
  await logout(page);

  // The supervisor sees it waiting on the start page and returns it with a comment.
  await login(page, 'demo.godkender');
  await expect(page.getByTestId('waiting')).toContainText('1 liste venter på din godkendelse.');
  await shots(page, info, '03-home-supervisor');
  await page.getByRole('button', { name: 'Gå til Godkendelse' }).click();
  await page.getByRole('table', { name: 'Venter på godkendelse' }).getByRole('button', { name: 'Åbn' }).click();
  await expect(page.getByText('Der er ingen tidligere godkendt liste med samme kriteriesæt, så hele listen er ny.')).toBeVisible();
  await expect(page.getByText('Kriteriesæt «Familier i tre sektorer», version 1, gemt af Demo Udsøger')).toBeVisible();
  await expect(page.getByTestId('reason-summary')).toContainText(`${run.count - 2} Opfylder kriterierne`);
  // The list in figures: the run's funnel ending in those included, and the sectors of the included.
  await expect(page.getByTestId('approval-funnel').locator('text.chart-num')).toHaveText([...figures.funnel.map((s) => s.remaining), run.count - 2].map((n) => n.toLocaleString('da-DK')));
  await expect(page.getByTestId('approval-funnel').getByRole('img')).toHaveAccessibleName(new RegExp(`${run.count - 2} tilbage efter den sidste regel, «Medtaget ved gennemgang»`));
  await expect(page.getByTestId('approval-combinations').getByRole('table', { name: 'Sektorkombinationer, største først' }).getByRole('cell')).not.toHaveCount(0);
  await shots(page, info, '04-approval');
  await page.getByRole('button', { name: 'Send retur' }).click();
  await expect(page.getByText('Kommentaren skal være på mindst 5 tegn')).toBeVisible();
  await page.getByLabel('Kommentar til udsøgeren').fill('Medtag den første af de fravalgte: koordinatoren er stoppet.');
  await page.getByRole('button', { name: 'Send retur' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'sendt retur' })).toBeVisible();
  await logout(page);

  // The screener reads the comment, fixes and resubmits.
  await login(page, 'demo.udsoeger');
  await expect(page.getByTestId('waiting')).toContainText('1 liste er sendt retur til dig med en kommentar.');
  await page.getByRole('button', { name: 'Gå til Gennemgang' }).click();
  await page.getByRole('table', { name: 'Udsøgningsrunder' }).getByRole('button', { name: 'Åbn' }).click();
  await expect(page.getByTestId('return-comment')).toContainText('koordinatoren er stoppet');
  await shots(page, info, '05-returned');
  await round.getByRole('radio', { name: /^Fravalgt/ }).check();
  await table.getByRole('checkbox').nth(1).check();
  await round.getByRole('radio', { name: 'Medtag', exact: true }).check();
  await round.getByLabel('Begrundelse', { exact: true }).selectOption({ label: 'Tydeligt behov for koordinering' });
  await round.getByRole('button', { name: 'Gem afgørelse for 1 valgte' }).click();
  await expect(page.getByTestId('round-counts')).toHaveText(`${run.count} kandidater: ${run.count - 1} medtaget, 1 fravalgt, 0 ikke afgjort.`);
  await round.getByRole('button', { name: 'Send til godkendelse' }).click();
  await expect(round.getByRole('status').filter({ hasText: 'sendt til godkendelse' })).toBeVisible();
  await logout(page);

  // The supervisor approves: the list is frozen under its hash.
  await login(page, 'demo.godkender');
  await nav.getByRole('button', { name: 'Godkendelse' }).click();
  await page.getByRole('table', { name: 'Venter på godkendelse' }).getByRole('button', { name: 'Åbn' }).click();
  await page.getByRole('button', { name: 'Godkend og lås listen' }).click();
  await page.getByRole('button', { name: 'Ja, godkend og lås' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Listen er godkendt og låst.' })).toBeVisible();
  const frozen = await call(engine, 'rounds.get', { id: 1 });
  expect(frozen.state).toBe('approved');
  await expect(page.getByLabel('SHA-256-kontrolsum for den låste liste')).toHaveText(frozen.hash!.match(/.{4}/g)!.join(' '));
  await shots(page, info, '06-approved');
  await logout(page);

  // The frozen list offers no change, and the engine refuses one.
  await login(page, 'demo.udsoeger');
  await nav.getByRole('button', { name: 'Gennemgang' }).click();
  await page.getByRole('table', { name: 'Udsøgningsrunder' }).getByRole('button', { name: 'Åbn' }).click();
  await expect(page.getByTestId('frozen')).toContainText('Intet på den kan ændres.');
  await expect(table.getByRole('checkbox')).toHaveCount(0);
  await expect(round.getByRole('button', { name: /Gem afgørelse|Send til godkendelse/ })).toHaveCount(0);
  const refused = await engine.invoke('rounds.decide', { roundId: 1, pseudonyms: [frozen.candidates[0]!.pseudonym], decision: 'exclude', reason: 'not-relevant', comment: '' });
  expect(refused.ok ? null : refused.error.code).toBe('ROUND_FROZEN');
  await shots(page, info, '07-frozen-review');
  await logout(page);

  // The DPO finds the approval by the revealed citizen's CPR number.
  await login(page, 'demo.dpo');
  await nav.getByRole('button', { name: 'Adgangslog' }).click();
  await page.getByLabel('Søg på CPR-nummer eller emne').fill(cpr);
  await page.getByRole('button', { name: 'Søg', exact: true }).click();
  const log = page.getByRole('table', { name: 'Adgangslog' });
  await expect(log.getByRole('row').filter({ hasText: 'Godkendte listen' }).first()).toBeVisible();
  await expect(log.getByRole('row').filter({ hasText: 'Viste CPR-nummer og navn' }).first()).toBeVisible();
});
