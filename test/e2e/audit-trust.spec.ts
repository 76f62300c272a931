import { expect, test } from '@playwright/test';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFingerprint, parseKeyFile } from '../../electron/engine/base/audit-log/log-key';
import { openApp } from './bridge';

test('the DPO sees their key’s fingerprint, saves the key file that verify-log takes, and moves the witness file', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-trust-'));
  await openApp(page, join(dir, 'workspace.tvaerblik'));
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  await page.getByRole('button', { name: 'Brug demo.dpo' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('button', { name: 'Adgangslog' }).click();

  const panel = page.getByRole('region', { name: 'Loggens nøgle og vidnefil' });
  const fingerprint = panel.getByLabel('Fingeraftryk');
  await expect(fingerprint).toHaveText(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
  await expect(panel.getByRole('button', { name: 'Udskriv' })).toBeVisible();
  // Colleagues by name, as everywhere: the key's holder and who took it into use.
  await expect(panel.getByRole('table', { name: 'Nøgler, loggen kender' }).getByRole('cell').first()).toHaveText('Demo Databeskyttelse (din)');
  await expect(panel.getByRole('table', { name: 'Loggens integritet' })).toContainText('taget i brug af Demo Databeskyttelse.');
  // The default place is beside the workspace: the screen says to choose another.
  await expect(panel.getByText('Vidnefilen ligger i samme mappe som arbejdsområdet.', { exact: false })).toBeVisible();

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Gem nøglefil' }).click();
  const file = join(dir, 'key.txt');
  await (await download).saveAs(file);
  const key = parseKeyFile(await readFile(file, 'utf8'));
  expect(key).not.toBeNull();
  await expect(fingerprint).toHaveText(formatFingerprint(key!.keyId));

  const elsewhere = join(dir, 'tilsyn');
  await mkdir(elsewhere);
  // A folder that does not exist is said at the field, inside the panel.
  await panel.getByLabel('Ny placering (fuld sti til filen)').fill(join(dir, 'findes-ikke', 'tvaerblik.witness'));
  await panel.getByRole('button', { name: 'Flyt vidnefilen' }).click();
  await expect(panel.getByText('Mappen findes ikke, eller Tværblik må ikke skrive i den. Vælg en mappe, der findes.')).toBeVisible();
  await panel.getByLabel('Ny placering (fuld sti til filen)').fill(join(elsewhere, 'tvaerblik.witness'));
  await panel.getByRole('button', { name: 'Flyt vidnefilen' }).click();
  await expect(panel.getByText('Vidnefilen er flyttet', { exact: false })).toBeVisible();
  await expect(panel.getByText('Vidnefilen ligger i samme mappe som arbejdsområdet.', { exact: false })).toHaveCount(0);
  await expect(panel.getByRole('table', { name: 'Loggens integritet' })).toContainText('Vidnefilen blev flyttet.');
  expect((await readFile(join(elsewhere, 'tvaerblik.witness'), 'utf8')).split('\n').some((l) => l.includes('"t":"checkpoint"'))).toBe(true);

  // In English, the same panel in English words.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('region', { name: 'The log’s key and witness file' }).getByLabel('Fingerprint')).toHaveText(formatFingerprint(key!.keyId));
});
