/**
 * The app's table with 100,000 rows (the largest list a round could hold is far smaller): only a
 * bounded number of rows is in the page, it scrolls to the last row, and sorting reorders all of
 * them. Render and sort times are printed for the record, never asserted.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { build } from 'vite';

const OUT = resolve('.tmp/harness');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

test.use({ viewport: { width: 1366, height: 768 } });

/** Builds the table harness with Vite and serves it to the page from the build folder. */
async function serveHarness(page: Page) {
  await build({ root: resolve('test/e2e/harness'), base: './', configFile: false, logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true, target: 'chrome130' } });
  await page.route('http://harness.test/**', async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = join(OUT, path === '/' ? 'index.html' : path);
    try {
      await route.fulfill({ body: await readFile(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream' });
    } catch {
      await route.fulfill({ status: 404 });
    }
  });
}

test('100,000 rows: a bounded number rendered, scrolls to the end, sorts', async ({ page }, info) => {
  test.setTimeout(120_000);
  await serveHarness(page);
  const started = Date.now();
  await page.goto('http://harness.test/index.html?rows=100000');
  const table = page.getByRole('table', { name: 'Kandidater' });
  await expect(table).toHaveAttribute('aria-rowcount', '100001');
  await expect(table.locator('tbody tr[data-index]').first()).toContainText('P-000000');
  const rendered = Date.now() - started;
  const inPage = await table.locator('tbody tr[data-index]').count();
  expect(inPage).toBeGreaterThan(5);
  expect(inPage).toBeLessThan(100);

  // To the end: the last row is there, and still only a screenful is in the page.
  await page.getByRole('region', { name: 'Kandidater' }).evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(table.locator('tbody tr[data-index="99999"]')).toContainText('P-099999');
  expect(await table.locator('tbody tr[data-index]').count()).toBeLessThan(100);

  // Sorting by services (numbers sort highest first) puts 999 first, over all rows.
  await page.getByRole('region', { name: 'Kandidater' }).evaluate((el) => el.scrollTo(0, 0));
  const sortStarted = Date.now();
  await table.getByRole('button', { name: 'Ydelser' }).click();
  await expect(table.getByRole('columnheader', { name: /Ydelser/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(table.locator('tbody tr[data-index="0"] td').nth(1)).toHaveText('999');
  const sorted = Date.now() - sortStarted;
  info.annotations.push({ type: 'figures', description: `100,000 rows: first render ${rendered} ms (page load included), sort ${sorted} ms, ${inPage} rows in the page` });
  process.stdout.write(`long table: 100,000 rows, first render ${rendered} ms (page load included), sort ${sorted} ms, ${inPage} rows in the page\n`);
});

test('100,000 rows by keyboard: one Tab stop, arrows and End move the active row, Enter opens it', async ({ page }) => {
  test.setTimeout(120_000);
  await serveHarness(page);
  await page.goto('http://harness.test/index.html?rows=100000');
  const table = page.getByRole('table', { name: 'Kandidater' });
  await expect(table.locator('tbody tr[data-index]').first()).toContainText('P-000000');
  const focusedRow = table.locator('tbody tr:focus');

  // Tab: the three sort buttons, then the body as one stop, on the first row.
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  await expect(focusedRow).toHaveAttribute('aria-rowindex', '2');
  await expect(focusedRow).toContainText('P-000000');

  // Down twice: the third row; Up: the second.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(focusedRow).toContainText('P-000002');
  await page.keyboard.press('ArrowUp');
  await expect(focusedRow).toContainText('P-000001');
  await expect(focusedRow).toHaveAttribute('aria-rowindex', '3');

  // A page down moves by a screenful, still with only a bounded number of rows in the page.
  await page.keyboard.press('PageDown');
  const afterPage = Number(await focusedRow.getAttribute('data-row'));
  expect(afterPage).toBeGreaterThan(5);

  // End: row 100,000 is rendered, in view and focused; still a bounded number of rows in the page.
  await page.keyboard.press('End');
  await expect(focusedRow).toContainText('P-099999');
  await expect(focusedRow).toHaveAttribute('aria-rowindex', '100001');
  await expect(focusedRow).toBeInViewport();
  expect(await table.locator('tbody tr[data-index]').count()).toBeLessThan(100);

  // Enter opens the active row; Home goes back to the first.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Åbnet: P-099999');
  await page.keyboard.press('Home');
  await expect(focusedRow).toContainText('P-000000');
  await expect(focusedRow).toBeInViewport();

  // Tab leaves the body in one step (no row is a second stop); Shift+Tab comes back to the active row.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('tbody') === null)).toBe(true);
  await page.keyboard.press('Shift+Tab');
  await expect(focusedRow).toContainText('P-000000');

  // A click on a row opens it too.
  await table.locator('tbody tr[data-index="3"]').click();
  await expect(page.getByRole('status')).toHaveText('Åbnet: P-000003');
});
