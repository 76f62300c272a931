/** The access log on screen: newest first, a page at a time, every entry in words. */
import { expect, test } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from '../../electron/engine/engine';
import { openApp } from './bridge';

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
