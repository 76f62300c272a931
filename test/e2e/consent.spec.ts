/**
 * The Samtykke screen with real citizens: a round assessed by every sector (all "ja" but one
 * "nej"), then through the screen: contact and consent recorded for one citizen, the letter shown
 * in a preview and printed from memory (no download, no file), the unit's contact required
 * before the letter or the notices, and the overview offered only once consent is given.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { call } from '../../electron/engine/engine';
import { assessedRound } from '../support/consent';
import { SHORT_FAMILY_LIST } from '../support/rounds';
import { openApp } from './bridge';

test.use({ viewport: { width: 1366, height: 768 } });

async function axeClean(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a screener records contact and consent, gets the letter, and the overview opens only with consent', async ({ page }, info) => {
  test.setTimeout(180_000);
  const a = await assessedRound();
  await a.engine.dispose(); // saved: the app opens the same workspace
  const out = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-consent-'));
  const engine = await openApp(page, join(a.dir, 'workspace.tvaerblik'), {}, '/nonexistent', () => undefined, out);
  await page.getByRole('button', { name: 'Brug demo.udsoeger' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('navigation').getByRole('button', { name: 'Samtykke' }).click();
  await expect(page.getByLabel('Godkendt runde')).toBeVisible();

  const register = await call(engine, 'consent.list', { roundId: a.round.id });
  expect(register.length).toBeGreaterThan(0);
  const first = register[0]!.pseudonym;
  const table = page.getByRole('table', { name: 'Kontakt og samtykke pr. borger' });
  const row = table.getByRole('row').filter({ hasText: first });
  await expect(row).toContainText('Ikke kontaktet');
  await expect(row.getByRole('button', { name: 'Overblik' })).toHaveCount(0);

  // Contact, then consent, each with its means.
  await row.getByRole('button', { name: 'Registrér kontakt' }).click();
  await page.getByRole('dialog').getByLabel('telefon').check();
  // A day in the future is refused and said at the date field.
  const today = await page.getByRole('dialog').getByLabel('Dato').inputValue();
  await page.getByRole('dialog').getByLabel('Dato').fill('2099-01-15');
  await page.getByRole('dialog').getByRole('button', { name: 'Registrér' }).click();
  await expect(page.getByRole('dialog').getByText('Datoen ligger i fremtiden. Vælg den dag, det skete.')).toBeVisible();
  await page.screenshot({ path: info.outputPath('consent-date-future-da.png') });
  await page.getByRole('dialog').getByLabel('Dato').fill(today);
  await page.getByRole('dialog').getByRole('button', { name: 'Registrér' }).click();
  await expect(row).toContainText('Kontaktet');
  await row.getByRole('button', { name: 'Registrér samtykke' }).click();
  await page.getByRole('dialog').getByLabel('møde').check();
  await page.getByRole('dialog').getByRole('button', { name: 'Registrér' }).click();
  await expect(row).toContainText('Samtykke givet');
  await expect(row).toContainText('Kontaktet (telefon), registreret af Demo Udsøger');
  expect((await call(engine, 'consent.list', { roundId: a.round.id })).find((c) => c.pseudonym === first)).toMatchObject({ state: 'consent-given' });
  await expect(row.getByRole('button', { name: 'Overblik' })).toBeVisible();
  await page.screenshot({ path: info.outputPath('consent-da.png') });

  // A member without services of their own has no caseworker to notify: the zero says so in words.
  for (const c of register) {
    const note = table.getByRole('row').filter({ hasText: c.pseudonym }).getByTestId('no-notices');
    if (c.ownServices) await expect(note).toHaveCount(0);
    else await expect(note).toHaveText('ingen egne ydelser – ingen sagsbehandler at orientere');
  }

  // Nothing may be downloaded from this screen: the letter carries the citizen's name.
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.evaluate(() => {
    const w = window as unknown as { printed: number };
    w.printed = 0;
    window.print = () => void (w.printed += 1);
  });

  // Without the unit's contact the letter is not made: the field says why, in the language shown.
  const contact = page.getByLabel('Kontakt til enheden');
  await row.getByRole('button', { name: 'Brev til borgeren' }).click();
  await expect(contact).toBeFocused();
  await expect(contact).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('consent')).toContainText('Skriv først, hvordan borgeren kontakter enheden. Det står i brevet.');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('consent')).toContainText('First write how the citizen reaches the unit. It is printed in the letter.');
  await expect(page.getByTestId('consent')).not.toContainText('Skriv først');
  // The notices too: their contact is printed on each one; nothing is chosen or written.
  await page.getByRole('button', { name: 'Choose folder and send notices' }).click();
  await expect(page.getByLabel('How to reach the unit')).toBeFocused();
  await expect(page.getByTestId('consent')).toContainText('First write how the caseworkers reach the unit. It is printed on every notice.');
  await page.screenshot({ path: info.outputPath('notices-contact-missing-en.png') });
  await page.getByRole('button', { name: 'Dansk' }).click();
  await expect(page.getByTestId('consent')).toContainText('Skriv først, hvordan sagsbehandlerne kontakter enheden. Det står på hver orientering.');
  await expect(contact).toHaveAttribute('aria-invalid', 'true');
  expect(await readdir(out)).toEqual([]);
  await page.screenshot({ path: info.outputPath('notices-contact-missing-da.png') });
  await axeClean(page);

  // The letter in a preview, Danish then English, printed from memory.
  await contact.fill('Udsøgningsenheden, tlf. 33 66 33 66, hverdage 9–15');
  await expect(contact).not.toHaveAttribute('aria-invalid', 'true');
  await row.getByRole('button', { name: 'Brev til borgeren' }).click();
  const dialog = page.getByRole('dialog', { name: `Brev til ${first}` });
  const letter = dialog.getByTestId('letter');
  await expect(letter.locator('article[lang="da"]')).toContainText('Tilbud om et koordineret forløb');
  await expect(letter.locator('article[lang="en"]')).toContainText('Offer of a coordinated pathway');
  await expect(letter).toContainText('tlf. 33 66 33 66, hverdage 9–15');
  await expect(letter).not.toContainText(/\d{6}-?\d{4}/);
  await page.screenshot({ path: info.outputPath('consent-letter-da.png') });
  await axeClean(page);
  await dialog.getByRole('button', { name: 'Udskriv' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  // Printed, only the letter shows: the app behind it is out of the page.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#root')).toBeHidden();
  await expect(page.getByTestId('letter').locator('article[lang="da"]')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Udskriv' })).toBeHidden();
  await page.screenshot({ path: info.outputPath('consent-letter-print.png') });
  await page.emulateMedia({ media: 'screen' });
  await dialog.getByRole('button', { name: 'Luk' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // In English the preview's own words follow; the letter stays Danish, then English.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('table', { name: 'Contact and consent per citizen' }).getByRole('row').filter({ hasText: first }).getByRole('button', { name: 'Letter to the citizen' }).click();
  const dialogEn = page.getByRole('dialog', { name: `Letter to ${first}` });
  await expect(dialogEn.getByRole('button', { name: 'Print' })).toBeVisible();
  await expect(dialogEn.locator('article[lang="da"]')).toContainText('Tilbud om et koordineret forløb');
  await page.screenshot({ path: info.outputPath('consent-letter-en.png') });
  await dialogEn.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Dansk' }).click();
  expect(downloads).toEqual([]);

  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(1366);
});

test('a family round: the register names each member’s family beside them, in both languages', async ({ page }, info) => {
  test.setTimeout(180_000);
  const a = await assessedRound(SHORT_FAMILY_LIST);
  await a.engine.dispose();
  const engine = await openApp(page, join(a.dir, 'workspace.tvaerblik'));
  await page.getByRole('button', { name: 'Brug demo.udsoeger' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('navigation').getByRole('button', { name: 'Samtykke' }).click();

  const register = await call(engine, 'consent.list', { roundId: a.round.id });
  const member = register.find((c) => c.candidate !== c.pseudonym);
  expect(member, 'a family round lists members under their family').toBeDefined();
  const table = page.getByRole('table', { name: 'Kontakt og samtykke pr. borger' });
  await expect(table.getByRole('columnheader', { name: 'Familie' })).toBeVisible();
  const row = table.getByRole('row').filter({ hasText: member!.pseudonym });
  await expect(row.getByRole('cell').first()).toHaveText(member!.candidate);
  // The members of one family follow one another.
  const families = register.map((c) => c.candidate);
  expect(families.filter((f, i) => i > 0 && f !== families[i - 1]).length).toBe(new Set(families).size - 1);
  await axeClean(page);
  await page.screenshot({ path: info.outputPath('consent-family-da.png') });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('table', { name: 'Contact and consent per citizen' }).getByRole('columnheader', { name: 'Family' })).toBeVisible();
  await page.screenshot({ path: info.outputPath('consent-family-en.png') });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  await page.getByRole('button', { name: 'Dansk' }).click();
});
