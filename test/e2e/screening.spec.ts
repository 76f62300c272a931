import { expect, test, type Page } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from '../../electron/engine/engine';
import { PRESETS } from '../../shared/presets';
import { SECTOR_NAMES, SECTORS, type Sector } from '../../shared/extract-format';
import type { Preview } from '../../shared/screening';
import { TOP_COMBINATIONS } from '../../renderer/features/screening/FigureCharts';
import { topCombinations } from '../../renderer/ui/charts/prepare';
import { openApp } from './bridge';

const da = (n: number) => n.toLocaleString('da-DK');
const sectorsDa = (sectors: readonly string[]) => sectors.map((s) => SECTOR_NAMES[s as Sector].da).join(' + ');

/**
 * The preview's charts show the engine's own figures: each funnel step's number, a bar per
 * combination (the largest, then the rest folded) with a dot per sector in it, each sector's size
 * in the table behind the chart, and a summary that names the largest combination in words.
 */
async function expectCharts(page: Page, preview: Preview) {
  const funnel = page.getByTestId('funnel-chart');
  await expect(funnel.locator('svg text.chart-num')).toHaveText(preview.funnel.map((s) => da(s.remaining)));
  await expect(funnel.getByRole('img')).toHaveAccessibleName(new RegExp(`${da(preview.count)} tilbage efter den sidste regel`));
  const view = topCombinations(preview.combinations, TOP_COMBINATIONS, SECTORS);
  const combos = page.getByTestId('combinations-chart');
  await expect(combos.locator('svg g.combination text')).toHaveText([...view.shown.map((c) => da(c.count)), ...(view.others ? [da(view.others.count)] : [])]);
  const columns = combos.locator('g.combination-column');
  await expect(columns).toHaveCount(view.shown.length);
  for (const [i, c] of view.shown.entries()) await expect(columns.nth(i).locator('circle.chart-dot')).toHaveCount(c.sectors.length);
  await expect(combos.getByRole('img')).toHaveAccessibleName(new RegExp(`Den største er ${sectorsDa(view.shown[0]!.sectors).replaceAll('+', '\\+')} med ${da(view.shown[0]!.count)}\\.`));
  const sets = combos.getByRole('table', { name: 'Antal pr. sektor' });
  await expect(sets.getByRole('rowheader')).toHaveText(SECTORS.map((s) => SECTOR_NAMES[s].da));
  await expect(sets.getByRole('cell')).toHaveText(SECTORS.map((s) => da(preview.perSector[s] ?? 0)));
}

/** The demo municipality, opened and logged into as its screener, on the screening screen. */
async function screeningOnDemo(page: Page, prefix: string) {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const engine = await openApp(page, join(dir, 'workspace.tvaerblik'));
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  await page.getByRole('button', { name: 'Brug demo.udsoeger' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('button', { name: 'Udsøgning' }).click();
  return engine;
}

test('a screener tunes criteria with a live count, sees reasons, saves versions, runs and compares lists', async ({ page }, info) => {
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-screen-'));
  const shot = (name: string) => page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
  const engine = await openApp(page, join(dir, 'workspace.tvaerblik'));
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  await page.getByRole('button', { name: 'Brug demo.udsoeger' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('button', { name: 'Udsøgning' }).click();

  // A preset from the seeds: its origin sentence is shown and the count is the engine's own.
  const preset = PRESETS.find((p) => p.id === 'familier-boern-og-voksne')!;
  await page.getByLabel('Udgangspunkt').selectOption(preset.id);
  await expect(page.locator('blockquote.origin')).toContainText('familier, hvor både børn og voksne modtager tilbud i kommunen');
  const expected = await call(engine, 'screening.preview', { criteria: preset.criteria });
  await expect(page.getByTestId('found-count')).toHaveText(expected.count.toLocaleString('da-DK'));
  await expectCharts(page, expected);
  await shot('01-preset-preview');

  // Typing a stricter threshold updates the count while typing.
  await page.getByLabel('Sektorer, mindst').fill('3');
  const stricter = await call(engine, 'screening.preview', { criteria: { ...preset.criteria, minSectors: 3 } });
  expect(stricter.count).toBeLessThan(expected.count);
  await expect(page.getByTestId('found-count')).toHaveText(stricter.count.toLocaleString('da-DK'));
  // ... and the charts follow: the funnel's last step falls, and the combinations are the stricter ones.
  await expectCharts(page, stricter);
  expect(stricter.funnel.map((s) => s.remaining)).not.toEqual(expected.funnel.map((s) => s.remaining));
  expect(topCombinations(stricter.combinations, TOP_COMBINATIONS, SECTORS)).not.toEqual(topCombinations(expected.combinations, TOP_COMBINATIONS, SECTORS));

  // The candidates, each with the reasons that put them on the list.
  await page.getByRole('button', { name: 'Vis kandidater' }).click();
  const table = page.getByRole('table', { name: 'Kandidater' });
  await expect(table.getByRole('row')).toHaveCount(Math.min(stricter.count, 1000) + 1);
  await expect(table.getByRole('row').nth(1)).toContainText('sektorer: ');
  await expect(table.getByRole('row').nth(1)).toContainText('barn og voksen');
  await shot('02-candidates');

  // Save as a set, run; then loosen, save a version, run, and compare.
  await page.getByLabel('Navn på kriteriesæt').fill('Familier i tre sektorer');
  await page.getByLabel('Kommentar (hvorfor)').fill('første udkast');
  await page.getByRole('button', { name: 'Gem som nyt sæt' }).click();
  await expect(page.getByRole('status')).toContainText('Gemt som version 1 af «Familier i tre sektorer».');
  await page.getByRole('button', { name: 'Kør og gem listen' }).click();
  await expect(page.getByRole('status')).toContainText(`Liste 1 gemt med ${stricter.count} kandidater.`);

  await page.getByLabel('Sektorer, mindst').fill('2');
  await expect(page.getByText('Kriterierne er ændret siden sidst gemt.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Kør og gem listen' })).toBeDisabled();
  await page.getByRole('button', { name: 'Gem som ny version af «Familier i tre sektorer»' }).click();
  await expect(page.getByRole('status')).toContainText('Gemt som version 2');
  await page.getByRole('button', { name: 'Kør og gem listen' }).click();
  await expect(page.getByRole('status')).toContainText(`Liste 2 gemt med ${expected.count} kandidater.`);
  await expect(page.getByRole('table', { name: 'Kandidater' })).toHaveCount(0); // the shown list went with the criteria it matched

  // The saved lists are their own screen, one click from the run.
  await page.getByRole('button', { name: 'Se listen under Lister' }).click();
  await expect(page.getByRole('heading', { name: 'Lister', level: 1 })).toBeVisible();
  const runs = page.getByRole('table', { name: 'Kørsler' });
  await expect(runs.getByRole('row')).toHaveCount(3);
  await runs.getByRole('button', { name: 'Sammenlign med forrige' }).click();
  const comparison = page.getByTestId('comparison');
  await expect(comparison).toContainText('Kørsel 1 → 2');
  await expect(comparison).toContainText('Sektorer, mindst: 3 → 2');
  await expect(comparison).toContainText(`Kommet med (${expected.count - stricter.count})`);
  await expect(comparison).toContainText('Faldet fra (0)');
  await comparison.screenshot({ path: info.outputPath('03-runs-compared.png') });

  // A saved list shows pseudonyms; a CPR number and name only after a purpose is given (and logged).
  await runs.getByRole('row', { name: /^1 / }).getByRole('button', { name: 'Vis liste' }).click();
  const list = page.getByTestId('run-list');
  await expect(list.getByRole('table', { name: 'Kørsel 1: Familier i tre sektorer, version 1' }).getByRole('row')).toHaveCount(stricter.count + 1);
  await expect(list.locator('strong.revealed')).toHaveCount(0);
  await list.getByRole('button', { name: 'Vis CPR og navn' }).first().click();
  const why = page.getByRole('dialog');
  await why.getByLabel('Begrundelse (gemmes i loggen)').fill('gennemgang af listen i test');
  await why.getByRole('button', { name: 'Vis og log' }).click();
  await expect(why).toHaveCount(0);
  await expect(list.locator('strong.revealed').first()).toContainText(/\d{6}-\d{4}/);
  await shot('04-revealed');

  // English works too.
  await page.getByRole('button', { name: 'Udsøgning' }).click();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Screening', exact: true })).toBeVisible();
  await shot('05-english');
});

test('the criteria a screener works on survive a lock and their next login', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-draft-'));
  await openApp(page, join(dir, 'workspace.tvaerblik'));
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  const login = async (username: string) => {
    await page.getByRole('button', { name: `Brug ${username}` }).click();
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect(page.getByRole('button', { name: 'Log ud' })).toBeVisible();
  };
  await login('demo.udsoeger');
  await page.getByRole('button', { name: 'Udsøgning' }).click();
  await page.getByLabel('Udgangspunkt').selectOption('familier-boern-og-voksne');
  await page.getByLabel('Sektorer, mindst').fill('4');

  await page.getByRole('button', { name: 'Lås' }).click();
  // The login names who locked; logging in again takes them back to where they were.
  await expect(page.getByLabel('Brugernavn')).toHaveValue('demo.udsoeger');
  await login('demo.udsoeger');
  await expect(page.getByRole('heading', { level: 1, name: 'Udsøgning' })).toBeVisible();
  await expect(page.getByLabel('Udgangspunkt')).toHaveValue('familier-boern-og-voksne');
  await expect(page.getByLabel('Sektorer, mindst')).toHaveValue('4');
  await expect(page.locator('blockquote.origin')).toBeVisible();
});

test('a value that can match no one is marked in its own field with what to write', async ({ page }, info) => {
  await screeningOnDemo(page, 'tvaerblik-e2e-fields-');
  // Nothing saved yet: why the list cannot be run is said beside the disabled button.
  await expect(page.getByRole('button', { name: 'Kør og gem listen' })).toBeDisabled();
  await expect(page.getByText('Giv kriterierne et navn, og gem dem som et sæt, før listen kan køres og gemmes.')).toBeVisible();
  await expect(page.getByTestId('found-count')).toBeVisible(); // figures of valid criteria first

  await page.getByLabel('Alder fra').fill('80');
  await page.getByLabel('Alder til').fill('20');
  await expect(page.getByLabel('Alder til')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Alder til')).toHaveAccessibleDescription('«Alder til» skal være mindst «alder fra», ellers passer ingen.');
  await page.getByLabel('Alder til').fill('');
  await page.getByLabel('Sektorer, mindst').fill('9');
  await expect(page.getByLabel('Sektorer, mindst')).toHaveAccessibleDescription('Der er seks sektorer: skriv et helt tal fra 0 til 6.');
  await expect(page.getByLabel('Alder til')).not.toHaveAttribute('aria-invalid', 'true');
  // The figures of the last valid criteria stay, said to be those and greyed.
  const stale = page.getByText('Tallene nedenfor gælder de sidste gyldige kriterier', { exact: false });
  await expect(stale).toBeVisible();
  await page.screenshot({ path: info.outputPath('field-problem.png') });
  await page.getByLabel('Sektorer, mindst').fill('2');
  await page.getByLabel('Alder fra').fill('');
  await expect(page.getByLabel('Sektorer, mindst')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(stale).toHaveCount(0);
  await expect(page.getByTestId('found-count')).toHaveText(/^[1-9][\d.]*$/);
});

test('services are picked from the catalogue by name or paragraph, and a group takes alternatives', async ({ page }, info) => {
  const engine = await screeningOnDemo(page, 'tvaerblik-e2e-picker-');
  await page.getByLabel('Ydelser, mindst').fill('');
  await page.getByLabel('Sektorer, mindst').fill('');

  // By name: "kontanthjælp" finds cash benefit; Enter picks the first match.
  const all = page.getByRole('combobox', { name: 'Modtager alle disse' });
  // A word no service has: said, with how to search, rather than an empty list.
  await all.fill('ydelsen-findes-ikke');
  await expect(page.getByText('Ingen ydelse i kataloget matcher «ydelsen-findes-ikke».', { exact: false })).toBeVisible();
  await all.fill('kontanthjælp');
  await expect(page.getByRole('listbox', { name: 'Ydelser, der passer' }).getByRole('option').first()).toContainText('LAS_KH');
  await all.press('Enter');
  // "+ eller" makes the next pick an alternative in the same group: by paragraph this time.
  await page.getByRole('button', { name: /^Tilføj et alternativ til / }).click();
  await all.fill('§§23-24');
  await page.getByRole('option', { name: /LAS_UH/ }).click();
  const chosen = page.getByRole('list', { name: 'Valgt under Modtager alle disse' });
  await expect(chosen.getByRole('listitem')).toHaveCount(1);
  await expect(chosen.getByRole('listitem')).toContainText('én af:');
  const expected = await call(engine, 'screening.preview', { criteria: { version: 1, allOf: [[{ code: 'LAS_KH' }, { code: 'LAS_UH' }]] } });
  await expect(page.getByTestId('found-count')).toHaveText(expected.count.toLocaleString('da-DK'));
  await page.screenshot({ path: info.outputPath('picker.png') });

  // Removing one alternative leaves the other; the count follows.
  await chosen.getByRole('button', { name: /^Fjern .*uddannelseshjælp/i }).click();
  const cashOnly = await call(engine, 'screening.preview', { criteria: { version: 1, allOf: [{ code: 'LAS_KH' }] } });
  await expect(page.getByTestId('found-count')).toHaveText(cashOnly.count.toLocaleString('da-DK'));
});

test('the service picker works by keyboard alone: type, arrows, Enter, Escape, Backspace and "+ eller"', async ({ page }) => {
  const engine = await screeningOnDemo(page, 'tvaerblik-e2e-picker-keys-');
  await page.getByLabel('Ydelser, mindst').fill('');
  await page.getByLabel('Sektorer, mindst').fill('');
  const all = page.getByRole('combobox', { name: 'Modtager alle disse' });
  const list = page.getByRole('listbox', { name: 'Ydelser, der passer' });
  /** The option the combobox says is active (aria-activedescendant), as text. */
  const active = async () => {
    const id = await all.getAttribute('aria-activedescendant');
    return id ? ((await page.locator(`[id="${id}"]`).textContent()) ?? '') : '';
  };

  // Into the field (focus, as Tab would); typing opens the matches with the first one active.
  await all.focus();
  await page.keyboard.type('hjælp');
  await expect(all).toHaveAttribute('aria-expanded', 'true');
  const options = await list.getByRole('option').allTextContents();
  expect(options.length).toBeGreaterThan(1);
  await expect.poll(active).toBe(options[0]);
  await page.keyboard.press('ArrowDown');
  await expect.poll(active).toBe(options[1]);
  await page.keyboard.press('ArrowUp');
  await expect.poll(active).toBe(options[0]);
  // Enter picks the active one: a chip, an empty search, the list closed.
  await page.keyboard.press('Enter');
  const chosen = page.getByRole('list', { name: 'Valgt under Modtager alle disse' });
  await expect(chosen.getByRole('listitem')).toHaveCount(1);
  await expect(chosen.getByRole('listitem')).toContainText(options[0]!.split(' ')[0]!);
  await expect(all).toHaveValue('');
  await expect(all).toHaveAttribute('aria-expanded', 'false');

  // Escape closes the list and keeps the text; Backspace in an empty search removes the last chip.
  await page.keyboard.type('uddannelse');
  await expect(list).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(all).toHaveValue('uddannelse');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await expect(chosen).toHaveCount(0);

  // A code picks by code; Shift+Tab reaches "+ eller", and the next pick joins that chip as an alternative.
  await page.keyboard.type('LAS_KH');
  await expect.poll(active).toMatch(/^LAS_KH/);
  await page.keyboard.press('Enter');
  await expect(chosen.getByRole('listitem')).toHaveCount(1);
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: /^Tilføj et alternativ til / })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /^Tilføj et alternativ til / })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Tab');
  await expect(all).toBeFocused();
  await page.keyboard.type('§§23-24');
  await expect.poll(active).toMatch(/^LAS_UH/);
  await page.keyboard.press('Enter');
  await expect(chosen.getByRole('listitem')).toHaveCount(1);
  await expect(chosen.getByRole('listitem')).toContainText('én af:');
  const expected = await call(engine, 'screening.preview', { criteria: { version: 1, allOf: [[{ code: 'LAS_KH' }, { code: 'LAS_UH' }]] } });
  await expect(page.getByTestId('found-count')).toHaveText(expected.count.toLocaleString('da-DK'));
});
