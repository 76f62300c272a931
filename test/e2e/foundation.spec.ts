import { expect, test } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from './bridge';

const ADMIN = { username: 'anna.admin', name: 'Anna Administrator', passphrase: 'korrekt hest batteri hæfteklamme' };

test('first run, login, wrong passphrase, add a screener, idle lock hides the user list', async ({ page }, info) => {
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-'));
  const shot = async (name: string) => page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
  // Idle limit of 4 s so the lock can be seen within the test; the UI flow re-arms it on every call.
  await openApp(page, join(dir, 'workspace.tvaerblik'), { idleMsOverride: 4000 });

  // First run: create the workspace and its administrator.
  await expect(page.getByRole('heading', { name: 'Opret arbejdsområde' })).toBeVisible();
  await page.getByLabel('Enhedens navn').fill('Udsøgningsenheden, Testkommune');
  await page.getByLabel('Brugernavn').fill(ADMIN.username);
  await page.getByLabel('Navn', { exact: true }).fill(ADMIN.name);
  await page.getByLabel('Adgangsudtryk', { exact: true }).fill(ADMIN.passphrase);
  await page.getByLabel('Gentag adgangsudtryk').fill(ADMIN.passphrase);
  await shot('01-setup');
  await page.getByRole('button', { name: 'Opret arbejdsområde' }).click();
  await expect(page.getByRole('heading', { name: `Velkommen, ${ADMIN.name}.` })).toBeVisible();

  // Log out, then a wrong passphrase gets a clear error.
  await page.getByRole('button', { name: 'Log ud' }).click();
  await expect(page.getByRole('heading', { name: 'Log ind' })).toBeVisible();
  // Nothing typed: each field says what it needs, where it is.
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByText('Skal udfyldes.')).toHaveCount(2);
  await expect(page.getByLabel('Brugernavn')).toHaveAttribute('aria-invalid', 'true');
  await shot('02a-login-empty');
  await page.getByLabel('Brugernavn').fill(ADMIN.username);
  await page.getByLabel('Adgangsudtryk').fill('det her er forkert');
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByRole('alert')).toHaveText('Forkert brugernavn eller adgangsudtryk, eller kontoen er spærret efter 5 mislykkede forsøg (en administrator kan låse den op).');
  await shot('02-wrong-passphrase');

  // The right one logs in.
  await page.getByLabel('Adgangsudtryk').fill(ADMIN.passphrase);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByRole('heading', { name: `Velkommen, ${ADMIN.name}.` })).toBeVisible();

  // Add a screener.
  await page.getByRole('button', { name: 'Brugere' }).click();
  const form = page.getByRole('form', { name: 'Tilføj bruger' });
  // A name with a space as username and no passphrase: both fields are marked with what is wrong.
  await form.getByLabel('Brugernavn').fill('Sara Screener');
  await form.getByRole('button', { name: 'Tilføj bruger' }).click();
  await expect(form.getByText('Er ikke skrevet i den rigtige form.')).toBeVisible();
  await expect(form.getByText('Skal udfyldes.')).toHaveCount(2); // the name and the passphrase
  await shot('03a-add-user-refused');
  await form.getByLabel('Brugernavn').fill('sara.screener');
  await form.getByLabel('Navn', { exact: true }).fill('Sara Screener');
  await form.getByLabel('Midlertidigt adgangsudtryk').fill('midlertidig lang sætning 1');
  await form.getByRole('button', { name: 'Tilføj bruger' }).click();
  await expect(page.getByRole('status')).toHaveText('Brugeren Sara Screener er oprettet.');
  const users = page.getByRole('table', { name: 'Brugere' });
  await expect(users.getByRole('row', { name: /sara\.screener/ })).toContainText('Udsøger');
  await expect(users.getByRole('row', { name: /sara\.screener/ })).toContainText('Skal skifte adgangsudtryk');
  // The wrong passphrase above reached the log at the login after it, and shows here in words.
  const security = page.getByRole('table', { name: 'Sikkerhedshændelser' });
  await expect(security.getByRole('row', { name: /anna\.admin/ })).toContainText('Mislykkede forsøg på at logge ind');
  await shot('03-users');
  // Disabling asks once more and says how the account comes back; nobody can disable themselves.
  await expect(users.getByRole('row', { name: /anna\.admin/ }).getByRole('button', { name: 'Deaktivér' })).toHaveCount(0);
  await users.getByRole('row', { name: /sara\.screener/ }).getByRole('button', { name: 'Deaktivér' }).click();
  const confirm = page.getByRole('dialog', { name: 'Deaktivér Sara Screener?' });
  await expect(confirm).toContainText('nulstiller kontoens adgangsudtryk');
  await shot('03b-disable-confirm');
  await confirm.getByRole('button', { name: 'Deaktivér' }).click();
  await expect(users.getByRole('row', { name: /sara\.screener/ })).toContainText('Deaktiveret');

  // Idle: the engine locks, the list disappears, the login screen says why.
  await expect(page.getByText('Sessionen blev låst efter inaktivitet. Log ind igen.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.getByText('sara.screener')).toHaveCount(0);
  await shot('04-locked');

  // English is one click away.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
});
