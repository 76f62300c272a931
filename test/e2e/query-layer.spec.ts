/**
 * The one query layer through the screens, on the demo municipality: a change made on one screen
 * reaches the others (the menu's counts, the start page) without a reload, because the engine
 * reports it and the cache refreshes what it can make stale; after a lock and a new login nothing
 * of the previous session is shown from the cache. And the menu's counts, in both languages, at
 * 1,366 × 768: what waits for this user at each step, with the count in the step's name.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, type Engine } from '../../electron/engine/engine';
import { newIdentity } from '../../electron/engine/base/crypto/age';
import { SECTORS } from '../../shared/extract-format';
import { login, logout, openApp } from './bridge';

test.use({ viewport: { width: 1366, height: 768 } });

const USERS = {
  admin: { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' },
  screener: { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' },
  supervisor: { username: 'demo.godkender', passphrase: 'demo-godkender-fiktiv' },
};

/** A round on a fresh run of the short list, every candidate included (by the screener, logged in). */
async function decidedRound(engine: Engine, setId: number, version: number): Promise<number> {
  const run = await call(engine, 'runs.create', { setId, version });
  const created = await call(engine, 'rounds.create', { runId: run.id });
  const round = await call(engine, 'rounds.get', { id: created.id });
  await call(engine, 'rounds.decide', { roundId: round.id, pseudonyms: round.candidates.map((c) => c.pseudonym), decision: 'include', reason: 'meets-criteria' });
  return round.id;
}

/**
 * Holds the engine's answers to `method` until released, so a test can look at the screen while
 * the fresh answer is still on its way (what shows then can only come from the cache).
 */
function holdAnswers(engine: Engine, method: string) {
  const invoke = engine.invoke.bind(engine);
  let release: () => void = () => undefined;
  let held: Promise<void> | null = null;
  let asked: () => void = () => undefined;
  let wasAsked = new Promise<void>((r) => (asked = r));
  engine.invoke = async (m, input) => {
    if (m === method && held) {
      asked();
      await held;
    }
    return invoke(m, input);
  };
  return {
    hold() {
      held = new Promise<void>((r) => (release = r));
      wasAsked = new Promise<void>((r) => (asked = r));
    },
    asked: () => wasAsked,
    release() {
      held = null;
      release();
    },
  };
}

test('a change on one screen reaches the menu and the start page without a reload; after a lock nothing is shown from the cache', async ({ page }) => {
  test.setTimeout(180_000);
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-queries-'));
  const engine = await openApp(page, join(dir, 'workspace.tvaerblik'));
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  await expect(page.getByRole('button', { name: 'Brug demo.udsoeger' })).toBeVisible();
  await call(engine, 'session.login', USERS.screener);
  const v = await call(engine, 'criteria.save', { name: 'Mange sektorer', criteria: { version: 1, minSectors: 4 } });
  await decidedRound(engine, v.setId, v.version);
  await call(engine, 'session.logout', {});
  const nav = page.getByRole('navigation', { name: 'Hovedmenu' });

  // The screener sees the round in review in the menu and on the start page.
  await login(page, USERS.screener.username);
  await expect(nav.getByRole('button', { name: 'Gennemgang, 1 under gennemgang', exact: true })).toBeVisible();
  await expect(page.getByTestId('waiting')).toContainText('1 liste er under gennemgang.');

  // Submitted on the review screen: the menu's count goes at once, and so does the start page's line.
  await nav.getByRole('button', { name: 'Gennemgang' }).click();
  await page.getByRole('table', { name: 'Udsøgningsrunder' }).getByRole('button', { name: 'Åbn' }).click();
  const round = page.getByTestId('round');
  await round.getByRole('button', { name: 'Send til godkendelse' }).click();
  await expect(round.getByRole('status').filter({ hasText: 'sendt til godkendelse' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Gennemgang', exact: true })).toBeVisible();
  await expect(page.getByTestId('badge-review')).toHaveCount(0);
  await nav.getByRole('button', { name: 'Oversigt' }).click();
  await expect(page.getByRole('heading', { name: /^Velkommen/ })).toBeVisible();
  await expect(page.getByTestId('waiting')).toHaveCount(0);
  await logout(page);

  // The supervisor finds it waiting, in the menu and on the start page.
  await login(page, USERS.supervisor.username);
  await expect(nav.getByRole('button', { name: 'Godkendelse, 1 venter på dig', exact: true })).toBeVisible();
  await expect(page.getByTestId('waiting')).toContainText('1 liste venter på din godkendelse.');

  // Locked and logged in again, with the rounds' answer held back: what shows meanwhile could only
  // come from the cache, and nothing does. The fresh answer then brings the count back.
  const gate = holdAnswers(engine, 'rounds.list');
  gate.hold();
  await page.getByRole('button', { name: 'Lås' }).click();
  await expect(page.getByRole('heading', { name: 'Log ind' })).toBeVisible();
  await login(page, USERS.supervisor.username);
  await gate.asked();
  await expect(page.getByRole('heading', { name: /^Velkommen/ })).toBeVisible();
  await expect(page.getByTestId('badge-approval')).toHaveCount(0);
  await expect(page.getByTestId('waiting')).toHaveCount(0);
  await expect(page.getByTestId('nothing-waiting')).toHaveCount(0); // not known yet, so not said
  gate.release();
  await expect(nav.getByRole('button', { name: 'Godkendelse, 1 venter på dig', exact: true })).toBeVisible();
  await expect(page.getByTestId('waiting')).toContainText('1 liste venter på din godkendelse.');

  // Returned on the approval screen: the menu's count and the list below both follow, unasked.
  await nav.getByRole('button', { name: 'Godkendelse' }).click();
  await page.getByRole('table', { name: 'Venter på godkendelse' }).getByRole('button', { name: 'Åbn' }).click();
  await page.getByLabel('Kommentar til udsøgeren').fill('Se igen på de første tre kandidater.');
  await page.getByRole('button', { name: 'Send retur' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'sendt retur' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Godkendelse', exact: true })).toBeVisible();
  await expect(page.getByTestId('badge-approval')).toHaveCount(0);
  await expect(page.getByText('Ingen lister venter på godkendelse lige nu.')).toBeVisible();
  // The start page says so too.
  await nav.getByRole('button', { name: 'Oversigt' }).click();
  await expect(page.getByTestId('nothing-waiting')).toContainText('Ingen lister venter på din godkendelse.');
  await expect(page.getByTestId('waiting')).toHaveCount(0);
});

test('the menu shows what waits at each step, in Danish and English, within 1,366 × 768', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-badges-'));
  // The engine's clock, moved on later so the sectors' answers are overdue.
  let ahead = 0;
  const engine = await openApp(page, join(dir, 'workspace.tvaerblik'), { now: () => new Date(Date.now() + ahead) });
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  await expect(page.getByRole('button', { name: 'Brug demo.udsoeger' })).toBeVisible();

  // Every sector's key, one approved round with its packets sent, one waiting for approval, one
  // returned to the screener and one in review.
  await call(engine, 'session.login', USERS.admin);
  for (const sector of SECTORS) await call(engine, 'recipients.register', { sector, recipient: (await newIdentity()).recipient });
  await call(engine, 'session.login', USERS.screener);
  const v = await call(engine, 'criteria.save', { name: 'Mange sektorer', criteria: { version: 1, minSectors: 4 } });
  const sent = await decidedRound(engine, v.setId, v.version);
  const waiting = await decidedRound(engine, v.setId, v.version);
  const returned = await decidedRound(engine, v.setId, v.version);
  await decidedRound(engine, v.setId, v.version);
  for (const id of [sent, waiting, returned]) await call(engine, 'rounds.submit', { id });
  await call(engine, 'session.login', USERS.supervisor);
  await call(engine, 'rounds.approve', { id: sent });
  await call(engine, 'rounds.return', { id: returned, comment: 'Se igen på de første tre kandidater.' });
  await call(engine, 'session.login', USERS.screener);
  const folder = join(dir, 'packets');
  await mkdir(folder);
  await call(engine, 'packets.export', { roundId: sent, folder });
  const status = await call(engine, 'packets.status', { roundId: sent });
  const missing = status.sectors.reduce((n, s) => n + s.missing, 0);
  expect(missing).toBeGreaterThan(1);
  await call(engine, 'session.logout', {});
  ahead = 60 * 24 * 3600_000; // two months on: every deadline has passed
  const nav = page.getByRole('navigation', { name: 'Hovedmenu' });
  const n = new Intl.NumberFormat('da-DK').format(missing);
  const en = new Intl.NumberFormat('en-GB').format(missing);

  const shoot = async (who: string, names: { da: string[]; en: string[] }) => {
    for (const lang of ['da', 'en'] as const) {
      if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
      const menu = page.getByRole('navigation', { name: lang === 'da' ? 'Hovedmenu' : 'Main menu' });
      for (const name of names[lang]) await expect(menu.getByRole('button', { name, exact: true })).toBeVisible();
      await page.screenshot({ path: test.info().outputPath(`sidebar-${who}-${lang}.png`) }); // kept with the test's output
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${who} (${lang}) fits the window`).toBeLessThanOrEqual(1366);
      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => x.id)).toEqual([]);
    }
    await page.getByRole('button', { name: 'Dansk' }).click();
  };

  await login(page, USERS.screener.username);
  await expect(page.getByTestId('badge-review')).toHaveText('2');
  await expect(page.getByTestId('badge-assessment')).toHaveText(n);
  await expect(page.getByTestId('badge-assessment')).toHaveClass(/late/);
  await shoot('screener', {
    da: ['Gennemgang, 1 sendt retur til dig, 1 under gennemgang', `Sektorvurdering, ${n} svar mangler, heraf ${n} forsinkede`],
    en: ['Review, 1 returned to you, 1 in review', `Sector assessment, ${en} answers missing, ${en} of them overdue`],
  });
  await logout(page);

  await login(page, USERS.supervisor.username);
  await expect(page.getByTestId('badge-approval')).toHaveText('1');
  await expect(page.getByTestId('badge-review')).toHaveCount(0); // a supervisor does not review
  await shoot('supervisor', {
    da: ['Godkendelse, 1 venter på dig', `Sektorvurdering, ${n} svar mangler, heraf ${n} forsinkede`],
    en: ['Approval, 1 waiting for you', `Sector assessment, ${en} answers missing, ${en} of them overdue`],
  });
  await nav.getByRole('button', { name: 'Godkendelse' }).click();
  await expect(page.getByRole('table', { name: 'Venter på godkendelse' }).getByRole('row')).toHaveCount(2);
});
