/**
 * The candidate's detail panel in the review, on the demo municipality: opened from a row, it
 * takes focus at its heading, shows the family's members, the services on a timeline (an image
 * with a summary, and the same facts as tables), the caseworker counts per sector and the rules
 * with their values; a decision made in it reaches the row; Escape closes it and gives focus back
 * to the row. With the panel open the screen fits 1,366 × 768, reads as one language, shows no raw
 * identifier and passes axe, in Danish and English. Screenshots are kept with the output and in
 * the notes folder the team looks at.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from '../../electron/engine/engine';
import { methods } from '../../shared/contract';
import { SECTORS, SECTOR_NAMES } from '../../shared/extract-format';
import { PRESETS } from '../../shared/presets';
import { messagesOf, type MessageKey } from '../../renderer/i18n';
import { openApp, screenshot } from './bridge';

test.use({ viewport: { width: 1366, height: 768 } });

/** What the screens sweep checks (screens.spec.ts), for the panel that sweep cannot open. */
async function problemsOf(page: Page, lang: 'da' | 'en'): Promise<string[]> {
  const text = await page.locator('body').evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('script, style, [data-raw]').forEach((n) => n.remove());
    return copy.innerText;
  });
  const problems: string[] = [];
  const method = Object.keys(methods).find((m) => text.includes(m));
  if (method) problems.push(`method name «${method}»`);
  const sector = SECTORS.filter((x) => x.includes('_') || x === 'boern').find((x) => text.includes(x));
  if (sector) problems.push(`sector code «${sector}»`);
  const json = /[{[]\s*"[\w-]+"\s*:/.exec(text);
  if (json) problems.push(`JSON «${json[0]}»`);
  const key = Object.keys(messagesOf('da')).find((k) => k.startsWith('detail.') && text.includes(k));
  if (key) problems.push(`message key «${key}»`);
  const other = lang === 'da' ? 'en' : 'da';
  const mine = new Set(Object.values(messagesOf(lang)));
  const leak = Object.keys(messagesOf(other))
    .map((k) => messagesOf(other)[k as MessageKey])
    .filter((s) => !s.includes('{') && s.length >= 14 && !mine.has(s))
    .find((s) => text.includes(s));
  if (leak) problems.push(`text from the other language «${leak}»`);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
    problems.push(`${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 1366) problems.push(`${width} px wide`);
  return problems.map((p) => `${lang}: ${p}`);
}

async function shot(page: Page, info: TestInfo, name: string, from = page.getByTestId('round')) {
  // As a screener sees it: the round's list in view, the panel beside it.
  await from.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, info, name);
}

/** The demo municipality, the screener logged in, and a saved list of families served in three sectors or more. */
async function familiesInThreeSectors(page: Page, dir: string) {
  const engine = await openApp(page, join(dir, 'workspace.tvaerblik'));
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  await page.getByRole('button', { name: 'Brug demo.udsoeger' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByRole('button', { name: 'Log ud' })).toBeVisible();
  const preset = PRESETS.find((p) => p.id === 'familier-boern-og-voksne')!;
  const version = await call(engine, 'criteria.save', { name: 'Familier i tre sektorer', criteria: { ...preset.criteria, minSectors: 3 }, comment: '' });
  const run = await call(engine, 'runs.create', { setId: version.setId, version: version.version, comment: '' });
  const listed = await call(engine, 'runs.get', { id: run.id });
  return { engine, run, listed };
}

test('the detail panel shows a family’s services on a timeline, its caseworker counts and rules, decides, and closes with Escape', async ({ page }, info) => {
  test.setTimeout(180_000);
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-detail-'));
  const { engine, run, listed } = await familiesInThreeSectors(page, dir);
  const family = listed.candidates.find((c) => c.members.length >= 3) ?? listed.candidates[0]!;

  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('button', { name: 'Gennemgang' }).click();
  await page.getByLabel('Gemt liste', { exact: true }).selectOption(String(run.id));
  await page.getByRole('button', { name: 'Start gennemgang' }).click();
  const table = page.getByRole('table', { name: 'Kandidater i runde 1' });
  await expect(table.getByRole('row')).toHaveCount(run.count + 1);

  // Opened from its row: focus on the panel's heading, the row's button says it is expanded.
  const opener = table.getByRole('button', { name: `Detaljer om ${family.pseudonym}` });
  await opener.click();
  const panel = page.getByTestId('detail-panel');
  const heading = panel.getByRole('heading', { name: `Kandidat ${family.pseudonym}` });
  await expect(heading).toBeFocused();
  await expect(opener).toHaveAttribute('aria-expanded', 'true');
  await expect(panel).toContainText(`Familie med ${family.members.length} medlemmer`);
  await expect(panel.getByText(/^(Voksen|Barn), \d/).first()).toBeVisible();

  // The timeline: one image with a summary, one lane per sector, and the same facts as tables.
  const timeline = panel.getByRole('img', { name: /^Tidslinje over \d+ igangværende ydelser i \d+ sektorer/ });
  await expect(timeline).toBeVisible();
  const detail = await call(engine, 'candidates.detail', { runId: run.id, pseudonym: family.pseudonym });
  const services = detail.sectors.reduce((n, s) => n + s.services.length, 0);
  await expect(timeline).toHaveAttribute('aria-label', new RegExp(`^Tidslinje over ${services} igangværende ydelser i ${detail.sectors.length} sektorer`));
  await expect(timeline.locator('rect.bar')).toHaveCount(services);
  await expect(timeline.locator('line.ref-line')).toHaveCount(1);
  const sectorTables = panel.getByRole('table');
  await expect(sectorTables).toHaveCount(detail.sectors.length);
  await expect(sectorTables.first().getByRole('row')).toHaveCount(detail.sectors[0]!.services.length + 1);
  await expect(panel.getByRole('heading', { level: 4 }).first()).toContainText(/\d+ sagsbehandler/);
  // Dates as Danish dates, never ISO.
  await expect(sectorTables.first()).not.toContainText(/\d{4}-\d{2}-\d{2}/);
  // Every rule with its value, in words.
  const rules = panel.getByRole('list').filter({ hasText: 'Opfyldt' });
  await expect(rules.getByRole('listitem')).toHaveCount(family.rules.length);
  await expect(rules).toContainText('sektorer: ');

  const problems = await problemsOf(page, 'da');
  await shot(page, info, 'review-detail-da');
  // The lower half of the panel (the decision and the tables per sector), to be looked at too.
  await panel.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await shot(page, info, 'review-detail-da-lower');
  await panel.evaluate((el) => el.scrollTo(0, 0));

  // A decision in the panel reaches the row, and the list's command bar is not touched.
  await panel.getByRole('radio', { name: 'Fravælg', exact: true }).check();
  await panel.getByLabel('Begrundelse', { exact: true }).selectOption({ label: 'Har allerede et koordineret forløb' });
  await panel.getByRole('button', { name: 'Gem afgørelse' }).click();
  await expect(panel.getByText('Fravalgt', { exact: true })).toBeVisible();
  await expect(table.getByRole('row', { name: new RegExp(family.pseudonym) })).toContainText('Fravalgt');
  await expect(page.getByTestId('round-counts')).toContainText('1 fravalgt');

  // The reveal from the panel is the logged dialog; Escape there closes the dialog, not the panel.
  await panel.getByRole('button', { name: 'Vis CPR og navn' }).click();
  const why = page.getByRole('dialog');
  await expect(why.getByLabel('Formål')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(why).toHaveCount(0);
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: 'Vis CPR og navn' }).click();
  await why.getByLabel('Begrundelse (gemmes i loggen)').fill('tjek af familiens forløb');
  await why.getByRole('button', { name: 'Vis og log' }).click();
  await expect(why).toHaveCount(0);
  await expect(panel.locator('strong.revealed')).toHaveCount(family.members.length);
  await expect(panel.locator('strong.revealed').first()).toHaveText(/\d{6}-\d{4}/);
  await expect(panel.getByRole('button', { name: 'Vis CPR og navn' })).toHaveCount(0);
  await expect(heading).toBeFocused();

  // Escape closes it and gives focus back to the row's button.
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(opener).toBeFocused();
  await expect(opener).toHaveAttribute('aria-expanded', 'false');

  // In English, opened by keyboard from the row's button; the close button closes it too.
  await page.getByRole('button', { name: 'English' }).click();
  const openerEn = page.getByRole('table', { name: 'Candidates in round 1' }).getByRole('button', { name: `Details of ${family.pseudonym}` });
  await openerEn.focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('heading', { name: `Candidate ${family.pseudonym}` })).toBeFocused();
  await expect(panel.getByRole('img', { name: /^Timeline of \d+ ongoing services in \d+ sectors/ })).toBeVisible();
  await expect(panel).toContainText(`Family of ${family.members.length} members`);
  problems.push(...(await problemsOf(page, 'en')));
  await shot(page, info, 'review-detail-en');
  await panel.getByRole('button', { name: 'Close details' }).click();
  await expect(panel).toHaveCount(0);
  await expect(openerEn).toBeFocused();
  expect(problems).toEqual([]);
});

test('the review list filters by sector, hides and shows columns for the session, opens a family to its members; a supervisor opens the panel read-only', async ({ page }, info) => {
  test.setTimeout(240_000);
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-list-'));
  const { run, listed } = await familiesInThreeSectors(page, dir);
  const family = listed.candidates.find((c) => c.unit === 'family' && c.members.length >= 3) ?? listed.candidates.find((c) => c.unit === 'family')!;
  // A sector some candidates have services in and some not: its chip must change the count.
  const sector = SECTORS.map((s) => ({ s, n: listed.candidates.filter((c) => c.sectors.includes(s)).length })).find((x) => x.n > 0 && x.n < run.count)!;
  expect(sector).toBeDefined();

  const nav = page.getByRole('navigation', { name: 'Hovedmenu' });
  await nav.getByRole('button', { name: 'Gennemgang' }).click();
  await page.getByLabel('Gemt liste', { exact: true }).selectOption(String(run.id));
  await page.getByRole('button', { name: 'Start gennemgang' }).click();
  const table = page.getByRole('table', { name: 'Kandidater i runde 1' });
  await expect(table.getByRole('row')).toHaveCount(run.count + 1);
  const count = page.getByTestId('filter-count');
  await expect(count).toHaveText(`${run.count} kandidater`);

  // A sector chip keeps those with services in that sector, says how many, and resets.
  const chip = page.getByRole('group', { name: 'Har ydelser i:' }).getByRole('button', { name: SECTOR_NAMES[sector.s].da, exact: true });
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await expect(count).toHaveText(`Viser ${sector.n} af ${run.count} kandidater`);
  await expect(table.getByRole('row')).toHaveCount(sector.n + 1);
  await shot(page, info, 'list-filtered-da');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('filter-count')).toHaveText(`Showing ${sector.n} of ${run.count} candidates`);
  await shot(page, info, 'list-filtered-en');
  await page.getByRole('button', { name: 'Dansk' }).click();
  await page.getByRole('button', { name: 'Nulstil filtre' }).click();
  await expect(chip).toHaveAttribute('aria-pressed', 'false');
  await expect(table.getByRole('row')).toHaveCount(run.count + 1);
  await expect(count).toHaveText(`${run.count} kandidater`);

  // Columns: hidden from the menu, still hidden after leaving the screen and coming back.
  await expect(table.getByRole('columnheader', { name: 'Sektorer' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Kolonner' }).click();
  const menu = page.getByRole('menu', { name: 'Kolonner' });
  await menu.getByRole('menuitemcheckbox', { name: 'Sektorer' }).click();
  await expect(table.getByRole('columnheader', { name: 'Sektorer' })).toHaveCount(0);
  await expect(menu.getByRole('menuitemcheckbox', { name: 'Sektorer' })).toHaveAttribute('aria-checked', 'false');
  await shot(page, info, 'list-columns-da');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await nav.getByRole('button', { name: 'Oversigt' }).click();
  await nav.getByRole('button', { name: 'Gennemgang' }).click();
  if (!(await table.count())) await page.getByRole('table', { name: 'Udsøgningsrunder' }).getByRole('button', { name: 'Åbn' }).click();
  await expect(table.getByRole('row')).toHaveCount(run.count + 1);
  await expect(table.getByRole('columnheader', { name: 'Sektorer' })).toHaveCount(0);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Columns' }).click();
  await expect(page.getByRole('menu', { name: 'Columns' }).getByRole('menuitemcheckbox', { name: 'Sectors' })).toHaveAttribute('aria-checked', 'false');
  await shot(page, info, 'list-columns-en');
  await page.getByRole('menu', { name: 'Columns' }).getByRole('menuitemcheckbox', { name: 'Sectors' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Dansk' }).click();
  await expect(table.getByRole('columnheader', { name: 'Sektorer' })).toHaveCount(1);

  // A family opens to its members (pseudonym, adult or child, age band) as rows of the table.
  const n = family.members.length;
  const expander = table.getByRole('button', { name: `Vis de ${n} medlemmer af ${family.pseudonym}` });
  await expander.click();
  await expect(table.getByRole('row')).toHaveCount(run.count + 1 + n);
  for (const m of family.members) await expect(table.getByRole('row', { name: new RegExp(m.pseudonym) })).toContainText(/(Voksen|Barn), \d/);
  await expect(table.getByRole('button', { name: `Skjul medlemmerne af ${family.pseudonym}` })).toHaveAttribute('aria-expanded', 'true');
  await shot(page, info, 'list-family-da');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(table.or(page.getByRole('table', { name: 'Candidates in round 1' })).getByRole('row', { name: new RegExp(family.members[0]!.pseudonym) })).toContainText(/(Adult|Child), aged \d/);
  await shot(page, info, 'list-family-en');
  await page.getByRole('button', { name: 'Dansk' }).click();
  // The keyboard: Left on a member goes to its family, Left again closes it, Right opens it,
  // Down walks into the members, and Enter on a member opens its family's panel.
  const familyRow = table.getByRole('row', { name: new RegExp(family.pseudonym) });
  const firstMember = table.getByRole('row', { name: new RegExp(family.members[0]!.pseudonym) });
  await firstMember.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(familyRow).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(table.getByRole('row')).toHaveCount(run.count + 1);
  await page.keyboard.press('ArrowRight');
  await expect(table.getByRole('row')).toHaveCount(run.count + 1 + n);
  await page.keyboard.press('ArrowDown');
  await expect(firstMember).toBeFocused();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('detail-panel');
  await expect(panel.getByRole('heading', { name: `Kandidat ${family.pseudonym}` })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  // Space on a family's row still ticks its checkbox (the kit's checkbox).
  await familyRow.focus();
  await page.keyboard.press('Space');
  await expect(table.getByRole('checkbox', { name: `Vælg ${family.pseudonym}` })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Gem afgørelse for 1 valgte' })).toBeVisible();
  const problems = await problemsOf(page, 'da');

  // The supervisor opens the same panel on the approval screen, without the decision, and the
  // header's language and log-out buttons stay uncovered.
  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.getByRole('button', { name: 'Brug demo.godkender' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByRole('button', { name: 'Log ud' })).toBeVisible();
  await nav.getByRole('button', { name: 'Godkendelse' }).click();
  await page.getByRole('table', { name: 'Godkendte og øvrige runder' }).getByRole('button', { name: 'Åbn' }).click();
  const approvalTable = page.getByRole('table', { name: 'Kandidater i runde 1' });
  const opener = approvalTable.getByRole('button', { name: `Detaljer om ${family.pseudonym}` });
  await opener.click();
  await expect(panel.getByRole('heading', { name: `Kandidat ${family.pseudonym}` })).toBeFocused();
  await expect(panel).toContainText(`Familie med ${n} medlemmer`);
  await expect(panel.getByRole('radio')).toHaveCount(0);
  await expect(panel.getByRole('button', { name: /Gem afgørelse/ })).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const name of ['English', 'Log ud']) {
    const box = (await page.getByRole('button', { name }).boundingBox())!;
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.textContent ?? '', [box.x + box.width / 2, box.y + box.height / 2]);
    expect(hit, `${name} is not covered by the panel`).toBe(name);
  }
  const head = (await page.locator('header.top').boundingBox())!;
  expect((await panel.boundingBox())!.y).toBeGreaterThanOrEqual(head.y + head.height - 1);
  problems.push(...(await problemsOf(page, 'da')));
  await shot(page, info, 'approval-panel-top-da', page.locator('header.top'));
  await shot(page, info, 'approval-panel-da', approvalTable);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(panel.getByRole('heading', { name: `Candidate ${family.pseudonym}` })).toBeVisible();
  problems.push(...(await problemsOf(page, 'en')));
  await shot(page, info, 'approval-panel-en', page.getByRole('table', { name: 'Candidates in round 1' }));
  await panel.getByRole('button', { name: 'Close details' }).click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Candidates in round 1' }).getByRole('button', { name: `Details of ${family.pseudonym}` })).toBeFocused();
  expect(problems).toEqual([]);
});
