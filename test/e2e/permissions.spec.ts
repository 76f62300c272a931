import { expect, test, type Page } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from '../../electron/engine/engine';
import { methods } from '../../shared/contract';
import { screensFor } from '../../renderer/app/screens';
import { translate } from '../../renderer/i18n';
import { openApp } from './bridge';

declare global {
  interface Window {
    __calls?: { started: number; pending: number };
  }
}

/** Counts the renderer's engine calls, so a test can wait until a screen has its answers. */
async function countCalls(page: Page) {
  await page.evaluate(() => {
    const api = window.tvaerblik;
    const inner = api.invoke.bind(api);
    const calls = (window.__calls = { started: 0, pending: 0 });
    api.invoke = (async (method: never, input: never) => {
      calls.started++;
      calls.pending++;
      try {
        return await inner(method, input);
      } finally {
        calls.pending--;
      }
    }) as typeof api.invoke;
  });
}

/** Waits until no call is pending and none has started for a while (the live preview waits 150 ms before it asks). */
async function settled(page: Page) {
  const read = () => page.evaluate(() => ({ ...window.__calls! }));
  for (let before = await read(); ; ) {
    await page.waitForTimeout(400);
    const now = await read();
    if (now.pending === 0 && now.started === before.started) return;
    before = now;
  }
}

test('each demo user sees exactly the screens the registry gives their roles, and each opens without an error', async ({ page }, info) => {
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-perm-'));
  const engine = await openApp(page, join(dir, 'workspace.tvaerblik'));
  await countCalls(page);
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  const { demoUsers } = await call(engine, 'app.status', {});
  expect(demoUsers.map((u) => u.username).sort()).toEqual(['demo.admin', 'demo.dpo', 'demo.godkender', 'demo.udsoeger']);
  const nav = page.getByRole('navigation', { name: 'Hovedmenu' });

  for (const user of demoUsers) {
    await page.getByRole('button', { name: `Brug ${user.username}` }).click();
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect(page.getByRole('button', { name: 'Log ud' })).toBeVisible();

    // The tabs are exactly the registry's screens for these roles, in its order.
    const labels = screensFor(user.roles).map((s) => translate('da', s.label));
    await expect(nav.getByRole('button')).toHaveText(labels);

    for (const label of labels) {
      const tab = nav.getByRole('button', { name: label, exact: true });
      await tab.click();
      await expect(tab).toHaveAttribute('aria-current', 'page');
      await expect(page.locator('.content h1')).toBeVisible();
      await settled(page);
      await expect(page.getByRole('alert'), `${user.username} on ${label}`).toHaveCount(0);
      await expect(page.getByText('Henter …')).toHaveCount(0);
      // No method name on screen (the access log's own rows are its record, and left out here).
      const text = await page.locator('.content').evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('table[aria-label="Adgangslog"] tbody').forEach((t) => t.remove());
        return copy.textContent ?? '';
      });
      for (const m of Object.keys(methods)) expect(text, `${label} shows ${m}`).not.toContain(m);
      await page.screenshot({ path: info.outputPath(`${user.username}-${label}.png`) });
    }
    await page.getByRole('button', { name: 'Log ud' }).click();
    await expect(page.getByRole('heading', { name: 'Log ind' })).toBeVisible();
  }
});
