/**
 * Separation of duties as the screens show it: an administrator asks for a supervisor role, it
 * waits, the administrator cannot approve it, the DPO approves it on the Audit screen; the new
 * user's first login goes to choosing their own passphrase.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from './bridge';

const GUS = { username: 'gus.godkender', name: 'Gus Godkender', temporary: 'gus midlertidige sætning', own: 'gus helt egen sætning her' };

async function loginAsDemo(page: Page, username: string) {
  await page.getByRole('button', { name: `Brug ${username}` }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByRole('button', { name: 'Log ud' })).toBeVisible();
}

test('a supervisor role waits for a second person, who approves it; the new user must choose a passphrase first', async ({ page }, info) => {
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-sod-'));
  await openApp(page, join(dir, 'workspace.tvaerblik'));
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  const nav = page.getByRole('navigation', { name: 'Hovedmenu' });

  // The administrator adds Gus as a supervisor: the role is asked for, not given.
  await loginAsDemo(page, 'demo.admin');
  await nav.getByRole('button', { name: 'Brugere' }).click();
  const form = page.getByRole('form', { name: 'Tilføj bruger' });
  await form.getByLabel('Brugernavn').fill(GUS.username);
  await form.getByLabel('Navn', { exact: true }).fill(GUS.name);
  await form.getByLabel('Midlertidigt adgangsudtryk').fill(GUS.temporary);
  await form.getByRole('checkbox', { name: 'Udsøger' }).uncheck();
  await form.getByRole('checkbox', { name: 'Godkender' }).check();
  await form.getByRole('button', { name: 'Tilføj bruger' }).click();
  await expect(page.getByRole('status')).toContainText('Brugeren Gus Godkender er oprettet. Godkender gives først, når en anden administrator');
  const gus = page.getByRole('table', { name: 'Brugere' }).getByRole('row', { name: /gus\.godkender/ });
  await expect(gus).toContainText('afventer: Godkender');
  await expect(gus.getByTitle('demo.admin')).toHaveText('Demo Administrator'); // who created him, by name
  const waiting = page.getByRole('table', { name: 'Roller der venter på godkendelse' }).getByRole('row', { name: /Gus Godkender/ });
  await expect(waiting).toContainText('Demo Administrator'); // who asked, by display name (the login on hover)
  await expect(waiting).toContainText('Venter på en anden person');
  await expect(waiting.getByRole('button', { name: 'Godkend' })).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('01-asked.png'), fullPage: true });

  // The DPO approves it from the Audit screen.
  await page.getByRole('button', { name: 'Log ud' }).click();
  await loginAsDemo(page, 'demo.dpo');
  await nav.getByRole('button', { name: 'Adgangslog' }).click();
  const row = page.getByRole('table', { name: 'Roller der venter på godkendelse' }).getByRole('row', { name: /Gus Godkender/ });
  await row.getByRole('button', { name: 'Godkend' }).click();
  // (the Audit screen has other notices too, such as where the witness file lies)
  await expect(page.getByRole('status').filter({ hasText: 'Gus Godkender' })).toHaveText('Gus Godkender har nu rollen Godkender.');
  await expect(page.getByText('Ingen roller venter på godkendelse.')).toBeVisible();
  await page.screenshot({ path: info.outputPath('02-approved.png'), fullPage: true });

  // Gus's first login: nothing but choosing his own passphrase, then his work.
  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.getByLabel('Brugernavn').fill(GUS.username);
  await page.getByLabel('Adgangsudtryk').fill(GUS.temporary);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByRole('heading', { name: 'Vælg dit eget adgangsudtryk' })).toBeVisible();
  await expect(nav.getByRole('button')).toHaveCount(0);
  await page.getByLabel('Nuværende adgangsudtryk').fill(GUS.temporary);
  await page.getByLabel('Nyt adgangsudtryk', { exact: true }).fill(GUS.own);
  await page.getByLabel('Gentag adgangsudtryk').fill(GUS.own);
  await page.getByRole('button', { name: 'Skift adgangsudtryk' }).click();
  await expect(nav.getByRole('button', { name: 'Lister' })).toBeVisible();
});
