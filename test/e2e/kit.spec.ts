/**
 * The kit on react-aria-components as a user meets it, in Danish and English at 1,366 × 768: a
 * dialog takes the focus on its first field, is named, closes on Escape and gives the focus
 * back; a field with a problem says it under itself and is described by it; the service picker
 * lists matches with the first one active. A screenshot of each is kept with the test's output
 * (and in TVAERBLIK_SHOTS, a folder, when that is set).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, screenshot } from './bridge';

test.use({ viewport: { width: 1366, height: 768 } });

const WORDS = {
  da: { screening: 'Udsøgning', runs: 'Lister', show: 'Vis liste', reveal: 'Vis CPR og navn', purpose: 'Formål', ageMin: 'Alder fra', ageMax: 'Alder til', allOf: 'Modtager alle disse', ageProblem: '«Alder til» skal være mindst «alder fra»', available: /muligheder tilgængelige/ },
  en: { screening: 'Screening', runs: 'Lists', show: 'Show list', reveal: 'Show CPR and name', purpose: 'Purpose', ageMin: 'Age from', ageMax: 'Age to', allOf: 'Receives all of these', ageProblem: '', available: /options available/ },
} as const;

test('dialog, field error and service picker in both languages', async ({ page }, info) => {
  test.setTimeout(120_000);
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-kit-'));
  const shot = (name: string) => screenshot(page, info, name);
  await openApp(page, join(dir, 'workspace.tvaerblik'));
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  await page.getByRole('button', { name: 'Brug demo.udsoeger' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  // A saved list, to open a reveal dialog on.
  await page.getByRole('button', { name: 'Udsøgning' }).click();
  await page.getByLabel('Navn på kriteriesæt').fill('Kit');
  await page.getByRole('button', { name: 'Gem som nyt sæt' }).click();
  await page.getByRole('button', { name: 'Kør og gem listen' }).click();
  await expect(page.getByRole('status')).toContainText('Liste 1 gemt');

  for (const lang of ['da', 'en'] as const) {
    const w = WORDS[lang];
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: w.screening, exact: true }).click();
    await fieldError(page, w);
    await shot(`${lang}-field-error`);
    await page.getByLabel(w.ageMin).fill('');
    await page.getByLabel(w.ageMax).fill('');

    const all = page.getByRole('combobox', { name: w.allOf });
    await all.focus();
    await page.keyboard.type('LAS');
    await expect(all).toHaveAttribute('aria-expanded', 'true');
    await expect(all).toHaveAttribute('aria-activedescendant', /LAS_/);
    // What the screen reader is told follows the app's language, not the machine's.
    await expect(page.locator('[data-live-announcer]')).toContainText(w.available);
    await shot(`${lang}-picker-open`);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: w.runs, exact: true }).click();
    await page.getByRole('button', { name: w.show }).first().click();
    const reveal = page.getByRole('button', { name: w.reveal }).first();
    await reveal.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toHaveAccessibleName(/P-|F-|\w/);
    await expect(dialog.getByLabel(w.purpose)).toBeFocused();
    await shot(`${lang}-dialog`);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(reveal).toBeFocused();
  }
});

async function fieldError(page: Page, w: (typeof WORDS)['da' | 'en']) {
  await page.getByLabel(w.ageMin).fill('80');
  await page.getByLabel(w.ageMax).fill('20');
  const to = page.getByLabel(w.ageMax);
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  if (w.ageProblem) await expect(to).toHaveAccessibleDescription(new RegExp(w.ageProblem));
  else await expect(to).toHaveAccessibleDescription(/\S/);
  await to.evaluate((el) => el.scrollIntoView({ block: 'center' }));
}
