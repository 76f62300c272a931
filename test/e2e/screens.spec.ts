/**
 * Every screen, for every demo user, in both languages, on a 1,366 × 768 screen (the staff's
 * laptops): no raw identifier (method names, role and sector codes, JSON), no text from the other
 * language's catalogue, nothing wider than the window, and no serious or critical accessibility
 * violation (axe-core, WCAG 2.1 A and AA). A screenshot of each is kept with the test's output, to
 * be looked at.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from '../../electron/engine/engine';
import { methods } from '../../shared/contract';
import { ROLES } from '../../shared/roles';
import { SECTORS } from '../../shared/extract-format';
import { screensFor } from '../../renderer/app/screens';
import { messagesOf, translate, type MessageKey } from '../../renderer/i18n';
import { openApp } from './bridge';

test.use({ viewport: { width: 1366, height: 768 } });

/** Texts that belong to one language only: long enough to be telling, and not the same in both. */
function onlyIn(lang: 'da' | 'en'): string[] {
  const other = lang === 'da' ? 'en' : 'da';
  const mine = new Set(Object.values(messagesOf(lang)));
  return Object.keys(messagesOf(other))
    .map((k) => messagesOf(other)[k as MessageKey])
    .filter((s) => !s.includes('{') && s.length >= 14 && !mine.has(s));
}

/** What a user must never read: identifiers meant for code. */
const RAW: { name: string; test: (text: string, lang: 'da' | 'en') => string | null }[] = [
  { name: 'method name', test: (s) => Object.keys(methods).find((m) => s.includes(m)) ?? null },
  // (in English, "supervisor" and "screener" are words too)
  { name: 'role code', test: (s, lang) => (lang === 'da' ? (ROLES.find((r) => new RegExp(`(^|[^\\p{L}.@])${r}([^\\p{L}.@]|$)`, 'u').test(s)) ?? null) : null) },
  { name: 'sector code', test: (s) => SECTORS.filter((x) => x.includes('_') || x === 'boern').find((x) => s.includes(x)) ?? null },
  { name: 'JSON', test: (s) => /[{[]\s*"[\w-]+"\s*:/.exec(s)?.[0] ?? null },
  { name: 'message key', test: (s) => Object.keys(messagesOf('da')).find((k) => k.includes('.') && s.includes(k)) ?? null },
];

async function visibleText(page: Page): Promise<string> {
  // The header, navigation and the screen; the demo users' names are data, not the UI's words.
  return page.locator('body').evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('script, style, [data-raw]').forEach((n) => n.remove());
    return copy.innerText;
  });
}

test('every screen reads as one language, shows no identifiers, fits 1,366 × 768 and passes axe', async ({ page }, info) => {
  test.setTimeout(180_000);
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-screens-'));
  const engine = await openApp(page, join(dir, 'workspace.tvaerblik'));
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  const { demoUsers } = await call(engine, 'app.status', {});
  const nav = page.getByRole('navigation');
  const problems: string[] = [];

  for (const user of demoUsers) {
    await page.getByRole('button', { name: `Brug ${user.username}` }).click();
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect(page.getByRole('button', { name: 'Log ud' })).toBeVisible();
    for (const lang of ['da', 'en'] as const) {
      if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
      const foreign = onlyIn(lang);
      for (const s of screensFor(user.roles)) {
        const label = translate(lang, s.label);
        await nav.getByRole('button', { name: label, exact: true }).click();
        await expect(page.locator('.content h1')).toBeVisible();
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300); // the live preview asks after 150 ms
        const where = `${user.username} · ${label} (${lang})`;
        const text = await visibleText(page);
        for (const r of RAW) {
          const hit = r.test(text, lang);
          if (hit) problems.push(`${where}: ${r.name} «${hit}»`);
        }
        const leak = foreign.find((f) => text.includes(f));
        if (leak) problems.push(`${where}: text from the other language «${leak}»`);
        const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        if (axe.passes.length === 0) problems.push(`${where}: axe checked nothing`);
        for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
          problems.push(`${where}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
        }
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 1366) problems.push(`${where}: ${width} px wide`);
        await page.screenshot({ path: info.outputPath(`${lang}-${user.username}-${s.id}.png`) });
      }
      if (lang === 'en') await page.getByRole('button', { name: 'Dansk' }).click();
    }
    await page.getByRole('button', { name: 'Log ud' }).click();
    await expect(page.getByRole('heading', { name: 'Log ind' })).toBeVisible();
  }
  expect(problems).toEqual([]);
});
