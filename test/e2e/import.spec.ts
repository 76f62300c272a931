import { expect, test } from '@playwright/test';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptTo } from '../../electron/engine/base/crypto/age';
import { generateMunicipality } from '../../electron/engine/demo/generate';
import { chooseFiles, openApp, unitRecipientAsAdmin } from './bridge';
import { csv, row } from '../support/extracts';

test.use({ viewport: { width: 1366, height: 768 } });

test('demo municipality: a screener imports extracts, sees progress, receipts and rejected rows', async ({ page }, info) => {
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-import-'));
  const files = join(dir, 'files');
  const shot = (name: string) => page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
  /** What the screen shows, at the window's size. */
  const view = (name: string) => page.screenshot({ path: info.outputPath(`${name}.png`) });
  await openApp(page, join(dir, 'workspace.tvaerblik'), {}, files);

  // First run: the fictitious demo municipality.
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  await expect(page.getByRole('table', { name: 'Demobrugere (kun fiktive data)' })).toBeVisible();
  await expect(page.getByText('DEMO – fiktive data')).toBeVisible();
  await shot('01-demo-login');

  // The administrator reads the unit's public key, as a source system's supplier would get it.
  const recipient = await unitRecipientAsAdmin(page);

  // A source system's new extracts, encrypted to that key.
  const { mkdir } = await import('node:fs/promises');
  await mkdir(files);
  const m = generateMunicipality('small', 5, new Date());
  const paths: string[] = [];
  for (const f of m.files) {
    const p = join(files, `${f.name}.age`);
    await writeFile(p, await encryptTo([recipient], f.bytes));
    paths.push(p);
  }

  // The screener imports them.
  await page.getByRole('button', { name: 'Brug demo.udsoeger' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('button', { name: 'Import' }).click();
  await chooseFiles(page, 'Vælg filer', paths);

  const jobcenter = page.getByRole('article', { name: 'jobcenter.csv.age' });
  await expect(jobcenter.getByRole('status')).toContainText('rækker blev afvist. Intet er importeret endnu');
  // The files dropped together are one batch: one progress bar, whole or nothing.
  await expect(page.getByRole('progressbar', { name: `Fremdrift for ${paths.length} filer` })).toHaveAttribute('aria-valuenow', '100');
  const rejected = jobcenter.getByRole('table', { name: 'Afviste rækker' });
  await expect(rejected.getByRole('row').nth(1)).toContainText(/\d+/);
  await expect(rejected).toContainText(/Påkrævet felt mangler|Ugyldigt CPR-nummer|Ukendt ydelseskode|Dublet/);
  await expect(page.getByRole('article', { name: 'familierelationer.csv.age' }).getByRole('status')).toHaveText('Klar. Importeres sammen med de øvrige filer, når de er afgjort.');
  await shot('02-needs-decision');

  await jobcenter.getByRole('button', { name: /Importér de \d+ gyldige rækker/ }).click();
  // Other files of the batch may still wait for a decision (the generator's data has wrong rows
  // in several sources): accept each, and the batch runs again once none is left.
  for (const article of await page.getByRole('article').all()) {
    const accept = article.getByRole('button', { name: /Importér de \d+ gyldige rækker/ });
    if (await accept.isVisible()) await accept.click();
  }
  await expect(jobcenter.getByRole('status')).toHaveText('Importeret.');
  await expect(page.getByRole('article', { name: 'familierelationer.csv.age' }).getByRole('status')).toHaveText('Importeret.');
  await expect(jobcenter).toContainText('Udeladt (');
  // The file's format in words, not the engine's machine text (csv utf-8 ";").
  await expect(jobcenter.locator('dd').filter({ hasText: /^CSV, tegnsæt [\w-]+( \(BOM\))?, (semikolon|komma|tabulator) mellem felterne$/ })).toHaveCount(1);
  const snapshots = page.getByRole('table', { name: 'Indlæste udtræk pr. kilde' });
  await expect(snapshots.getByRole('row', { name: /Jobcenter/ })).toContainText('jobcenter.csv.age');
  // Each receipt adds up: the rows read are those left out, those rejected and those kept.
  const receipts = page.getByRole('table', { name: 'Importkvitteringer' });
  const jobRow = receipts.getByRole('row').filter({ hasText: 'jobcenter.csv.age' }).first();
  await expect(jobRow).toBeVisible();
  const [read, left, refused, kept] = (await jobRow.getByRole('cell').allInnerTexts()).slice(4).map((x) => Number(x.replace(/\./g, '')));
  expect(left! + refused!).toBeGreaterThan(0);
  expect(left! + refused! + kept!).toBe(read);
  await shot('03-imported');

  // The voksen extract carried a journal-note column: it is named as left out.
  await expect(page.getByRole('article', { name: 'voksen.csv.age' })).toContainText('Journalnotat');

  // A relations file without relations would remove every family link: it waits for the user.
  const empty = join(files, 'tomme-relationer.csv.age');
  await writeFile(empty, await encryptTo([recipient], new TextEncoder().encode('Forælder_CPR;Barn_CPR;Husstand\r\n')));
  await chooseFiles(page, 'Vælg filer', empty);
  const relations = page.getByRole('article', { name: 'tomme-relationer.csv.age' });
  await expect(relations.getByRole('status')).toHaveText('Filen har ingen relationer. Intet er importeret endnu: bekræft, at alle familierelationer skal fjernes.');
  await shot('04-empty-relations');
  await relations.getByRole('button', { name: 'Fjern alle familierelationer' }).click();
  await expect(relations.getByRole('status')).toHaveText('Importeret.');

  // A jobcentre file whose every row is refused still names its source: each row is shown with its
  // reason, and leaving them all out empties the source only once that is confirmed too.
  const allRefusedFile = join(files, 'alle-afvist.csv.age');
  await writeFile(allRefusedFile, await encryptTo([recipient], csv([row({ Status: 'Pause' }), row({ 'CPR-nr': '710190-2222', Ydelseskode: 'SEL58' })])));
  await chooseFiles(page, 'Vælg filer', allRefusedFile);
  const allRefused = page.getByRole('article', { name: 'alle-afvist.csv.age' });
  await expect(allRefused.getByRole('status')).toHaveText('Ingen af filens rækker kan importeres: 2 blev afvist. Intet er importeret endnu: ret filen, eller udelad dem bevidst.');
  const reasons = allRefused.getByRole('table', { name: 'Afviste rækker' });
  await expect(reasons).toContainText('Ukendt status');
  await expect(reasons).toContainText('Ukendt ydelseskode');
  await view('05-all-rows-refused');
  await allRefused.getByRole('button', { name: 'Udelad alle de afviste rækker' }).click();
  await expect(allRefused.getByRole('status')).toHaveText('Filen har ingen igangværende ydelser. Intet er importeret endnu: bekræft, at kildens udtræk skal erstattes af et tomt.');
  await view('06-all-refused-then-empty');
  await allRefused.getByRole('button', { name: 'Erstat Jobcenters udtræk med et tomt' }).click();
  await expect(allRefused.getByRole('status')).toHaveText('Importeret.');
  await expect(snapshots.getByRole('row', { name: /Jobcenter/ })).toContainText('alle-afvist.csv.age');

  // Two files that cannot be read: nothing can be imported, so neither offers to be left out for
  // the other; the bar says nothing was imported, and the batch can be taken off the screen.
  const garbage = [join(files, 'ikke-krypteret-1.age'), join(files, 'ikke-krypteret-2.age')];
  for (const g of garbage) await writeFile(g, 'CPR-nr;Ydelseskode\n');
  await chooseFiles(page, 'Vælg filer', garbage);
  const unread = page.getByRole('article', { name: 'ikke-krypteret-1.age' });
  await expect(unread.getByRole('alert')).toContainText('Filen er ikke krypteret');
  await expect(page.getByRole('button', { name: 'Udelad denne fil og importér resten' })).toHaveCount(0);
  await expect(page.getByText('Intet importeret', { exact: true })).toBeVisible();
  await expect(page.getByText('Afgør de markerede filer', { exact: false })).toHaveCount(0); // there is nothing to settle
  await view('07-nothing-importable');
  await page.getByRole('button', { name: 'Luk' }).first().click();
  await expect(unread).toHaveCount(0);
});
