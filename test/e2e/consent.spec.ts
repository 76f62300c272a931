/**
 * The Samtykke screen with real citizens: a round assessed by every sector (all "ja" but one
 * "nej"), then through the screen: contact and consent recorded for one citizen, the letter
 * downloaded (a PDF), and the overview offered only once consent is given.
 */
import { expect, test } from '@playwright/test';
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { call } from '../../electron/engine/engine';
import { assessedRound } from '../support/consent';
import { openApp } from './bridge';

test.use({ viewport: { width: 1366, height: 768 } });

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
  await page.getByRole('dialog').getByRole('button', { name: 'Registrér' }).click();
  await expect(row).toContainText('Kontaktet');
  await row.getByRole('button', { name: 'Registrér samtykke' }).click();
  await page.getByRole('dialog').getByLabel('møde').check();
  await page.getByRole('dialog').getByRole('button', { name: 'Registrér' }).click();
  await expect(row).toContainText('Samtykke givet');
  await expect(row).toContainText('Kontaktet (telefon), registreret af demo.udsoeger');
  expect((await call(engine, 'consent.list', { roundId: a.round.id })).find((c) => c.pseudonym === first)).toMatchObject({ state: 'consent-given' });
  await expect(row.getByRole('button', { name: 'Overblik' })).toBeVisible();
  await page.screenshot({ path: info.outputPath('consent-da.png') });

  // The letter: a PDF named without any CPR number.
  const contact = page.getByLabel('Kontakt til enheden');
  if (await contact.count()) await contact.fill('Udsøgningsenheden, tlf. 33 66 33 66, hverdage 9–15');
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: 'Brev til borgeren' }).click();
  const letter = await download;
  expect(letter.suggestedFilename()).not.toMatch(/\d{6}-?\d{4}/);
  const bytes = await readFile((await letter.path())!);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(1366);
});
