/**
 * The browser preview as a newcomer meets it: the real built renderer, served by the preview host
 * with its own bridge (not the test bridge), over a real engine on the demo municipality.
 */
import { expect, test } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEngine } from '../../electron/engine/engine';
import { nodeDeps } from '../../electron/engine/base/node-host';
import { startBrowserHost } from '../../electron/browser/host';
import { sourceWorkers } from '../support/workers';

test('the preview serves the app over its own bridge: log in as a demo user and see the lists', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-preview-'));
  const engine = createEngine(await nodeDeps(join(dir, 'demo.tvaerblik'), { kdf: { logN: 12, r: 8, p: 1 }, workers: sourceWorkers() }));
  await engine.invoke('workspace.createDemo', {});
  const host = await startBrowserHost({ engine, rendererDir: resolve('dist/renderer'), filesDir: join(dir, 'files') });
  try {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Brug demo.udsoeger' }).click();
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect(page.getByRole('button', { name: 'Log ud' })).toBeVisible();
    await page.getByRole('navigation').getByRole('button', { name: 'Udsøgning' }).click();
    // The live preview answered through the host: a count is on screen.
    await expect(page.getByTestId('found-count')).toHaveText(/^[1-9][\d.]*$/);
  } finally {
    await host.close();
    await engine.dispose();
  }
});
