/**
 * Sector assessment through the screens, on the demo municipality: an approved round is built
 * through the engine (round.spec walks those screens); the administrator registers every sector's
 * key on Sektornøgler (a post-quantum key refused with the reason, a department key removed); the
 * screener sends the packets into the bridge's temporary folder, where each opens with Debian's
 * `age` and only its own sector's key; answer sheets filled in as a caseworker would are loaded
 * (a broken one refused by row and column, a partial one, good ones) and the answers stand side by
 * side per candidate; one-time passphrases are shown once; the supervisor reads without controls.
 * Screenshots at 1,366 × 768 in Danish and English are kept with the output.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import ExcelJS from 'exceljs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, type Engine } from '../../electron/engine/engine';
import { decryptWith, encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { SECTORS, type Sector } from '../../shared/extract-format';
import { formatFor } from '../../renderer/i18n/format';
import { openWithCli, unpack } from '../support/packets';
import { chooseFiles, login, logout, openApp } from './bridge';

test.use({ viewport: { width: 1366, height: 768 } });

const USERS = {
  admin: { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' },
  screener: { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' },
  supervisor: { username: 'demo.godkender', passphrase: 'demo-godkender-fiktiv' },
};

/** The window as it stands, scrolled to `at` if given, in Danish and English; it must fit 1,366 px and pass axe. */
async function shots(page: Page, info: TestInfo, name: string, at?: string) {
  for (const lang of ['da', 'en'] as const) {
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    if (at) await page.getByTestId(at).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: info.outputPath(`${name}-${lang}.png`) });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} (${lang}) fits the window`).toBeLessThanOrEqual(1366);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  await page.getByRole('button', { name: 'Dansk' }).click();
}

/** A short list (every candidate in at least four sectors), reviewed and submitted by the screener, approved by the supervisor. */
async function approvedRound(engine: Engine): Promise<number> {
  await call(engine, 'session.login', USERS.screener);
  const v = await call(engine, 'criteria.save', { name: 'Mange sektorer', criteria: { version: 1, minSectors: 4 } });
  const run = await call(engine, 'runs.create', { setId: v.setId, version: v.version });
  const created = await call(engine, 'rounds.create', { runId: run.id });
  const round = await call(engine, 'rounds.get', { id: created.id });
  await call(engine, 'rounds.decide', { roundId: round.id, pseudonyms: round.candidates.map((c) => c.pseudonym), decision: 'include', reason: 'meets-criteria' });
  await call(engine, 'rounds.submit', { id: round.id });
  await call(engine, 'session.login', USERS.supervisor);
  await call(engine, 'rounds.approve', { id: round.id });
  await call(engine, 'session.logout', {});
  return round.id;
}

type Cells = (string | Date | null)[];

/** Opens a packet's answer sheet, types `cells(row, cpr)` into the answer columns of each row (null: leave the row), saves it. */
async function filled(xlsx: Uint8Array, cells: (row: number, cpr: string) => Cells | null): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Svar')!;
  for (let r = 2; r <= ws.rowCount; r++) cells(r, String(ws.getRow(r).getCell(2).value))?.forEach((v, i) => (ws.getRow(r).getCell(4 + i).value = v));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const sectorOf = (file: string) => SECTORS.find((s) => file.includes(`-${s.replace(/_/g, '-')}-`))!;

test('sector keys, packets to a folder, answer sheets and the answers side by side, through the screens', async ({ page }, info) => {
  test.setTimeout(300_000);
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-assess-'));
  const [files, out] = [join(dir, 'files'), join(dir, 'out')];
  await Promise.all([mkdir(files), mkdir(out)]);
  const engine = await openApp(page, join(dir, 'workspace.tvaerblik'), {}, files, undefined, out);
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  await expect(page.getByRole('button', { name: 'Brug demo.udsoeger' })).toBeVisible();
  const roundId = await approvedRound(engine);
  await page.reload();
  const nav = page.getByRole('navigation', { name: 'Hovedmenu' });

  // Each sector makes its key; the administrator registers the public part on Sektornøgler.
  const keys = new Map<Sector, { recipient: string; file: string }>();
  for (const s of SECTORS) {
    const id = await newIdentity();
    const file = join(dir, `${s}.key`);
    await writeFile(file, `${id.identity}\n`, { mode: 0o600 });
    keys.set(s, { recipient: id.recipient, file });
  }
  await login(page, USERS.admin.username);
  const unitRecipient = (await call(engine, 'unit.recipient', {})).recipient;
  await nav.getByRole('button', { name: 'Sektornøgler' }).click();
  await expect(page.getByText('Ingen sektor har en registreret nøgle endnu.')).toBeVisible();
  const sectorField = page.getByLabel('Sektor', { exact: true });
  const keyField = page.getByLabel('Offentlig nøgle');
  await keyField.fill(`age1pq1${'q'.repeat(1900)}`);
  await page.getByRole('button', { name: 'Registrér nøgle' }).click();
  await expect(page.getByText('Post-kvante-nøgler (age1pq…) kan ikke bruges')).toBeVisible();
  await expect(keyField).toHaveAttribute('aria-invalid', 'true');
  for (const [s, k] of keys) {
    await sectorField.selectOption(s);
    await keyField.fill(k.recipient);
    await page.getByRole('button', { name: 'Registrér nøgle' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'er registreret' })).toBeVisible();
    await expect(keyField).toHaveValue('');
  }
  // A department key, then removed again after one clear question.
  await sectorField.selectOption('voksen');
  await page.getByLabel('Afdeling (valgfrit)').fill('Socialpsykiatri');
  await keyField.fill(keys.get('boern')!.recipient);
  await page.getByRole('button', { name: 'Registrér nøgle' }).click();
  await expect(page.getByText('Nøglen for Voksen social, Socialpsykiatri er registreret.')).toBeVisible();
  // Who registered a key is a colleague by name; the confirmation follows a switch of language.
  await expect(page.getByRole('table', { name: 'Registrerede nøgler' }).getByRole('row').nth(1)).toContainText('Demo Administrator');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByText('The key for Adult social services, Socialpsykiatri is registered.')).toBeVisible();
  await page.getByRole('button', { name: 'Dansk' }).click();
  await shots(page, info, 'recipients');
  await page.getByRole('button', { name: 'Fjern nøglen for Voksen social, Socialpsykiatri' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Fjern nøglen', exact: true }).click();
  await expect(page.getByText('Nøglen for Voksen social, Socialpsykiatri er fjernet.')).toBeVisible();
  const listed = await call(engine, 'recipients.list', {});
  expect(listed.map((r) => `${r.sector}/${r.department}`).sort()).toEqual(SECTORS.map((s) => `${s}/`).sort());
  await logout(page);

  // The screener sends the packets into the folder the dialog gives.
  await login(page, USERS.screener.username);
  await nav.getByRole('button', { name: 'Sektorvurdering' }).click();
  await expect(page.getByText('Næste skridt: send vurderingspakkerne til sektorerne.')).toBeVisible();
  await expect(page.getByTestId('missing-keys')).toHaveCount(0);
  await shots(page, info, 'assessment-before');
  // A deadline already passed is said at its field, and nothing is sent until it is changed.
  const deadline = page.getByLabel('Svarfrist (valgfrit)');
  await deadline.fill('2020-01-15');
  await expect(page.getByText('Datoen er passeret. Vælg i dag eller en senere dag.')).toBeVisible();
  await expect(deadline).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Vælg mappe og send pakker' }).click();
  await expect(page.getByTestId('export-folder')).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('assessment-deadline-passed-da.png') });
  await deadline.fill('');
  await page.getByRole('button', { name: 'Vælg mappe og send pakker' }).click();
  await expect(page.getByTestId('export-folder')).toHaveText(out);
  const packets = (await readdir(out)).filter((f) => f.endsWith('.zip.age'));
  expect(packets.length).toBeGreaterThanOrEqual(4);
  const sheets = new Map<Sector, Uint8Array>();
  for (const f of packets) {
    const sector = sectorOf(f);
    const zip = openWithCli(join(out, f), keys.get(sector)!.file);
    expect(zip, `${f} opens with ${sector}'s key`).not.toBeNull();
    const other = SECTORS.find((s) => s !== sector)!;
    expect(openWithCli(join(out, f), keys.get(other)!.file), `${f} does not open with ${other}'s key`).toBeNull();
    sheets.set(sector, (await unpack(zip!, dir)).xlsx);
  }
  await expect(page.getByText('Næste skridt: vent på sektorernes svar')).toBeVisible();
  await shots(page, info, 'assessment-sent');

  // Answer sheets come back, encrypted to the unit, and are picked like extracts.
  const [a, b, c, ...rest] = [...sheets.keys()];
  let n = 0;
  const pick = async (sector: Sector, cells: (row: number, cpr: string) => Cells | null) => {
    const name = `svar-${sector.replace(/_/g, '-')}-${++n}.xlsx.age`;
    await writeFile(join(files, name), await encryptTo([unitRecipient], await filled(sheets.get(sector)!, cells)));
    await chooseFiles(page, 'Vælg svarark', join(files, name));
  };
  const later = '2099-01-15';
  await pick(a!, (r) => (r === 2 ? ['måske', 'behov for koordinering', 'nu', null, ''] : ['ja', 'behov for koordinering', 'nu', null, '']));
  const refused = page.getByTestId('answers-refused');
  await expect(refused).toContainText('D (Egnet)');
  await expect(refused.getByRole('row').nth(1)).toContainText('2');
  await shots(page, info, 'answers-refused', 'answers-refused');
  await pick(a!, (r) => (r === 2 ? ['ja', 'behov for koordinering', 'ikke før dato', new Date(`${later}T00:00:00Z`), ''] : ['ja', 'behov for koordinering', 'nu', null, '']));
  await expect(page.getByRole('status').filter({ hasText: 'Arket var udfyldt helt.' })).toBeVisible();
  const rowsOfB = (await unpack(openWithCli(join(out, packets.find((f) => sectorOf(f) === b)!), keys.get(b!)!.file)!, dir)).sheet.length;
  await pick(b!, (r) => (r === rowsOfB ? null : r === 2 ? ['ved ikke', 'andet', 'ikke relevant', null, 'Kender ikke borgeren godt nok'] : ['ja', 'behov for koordinering', 'nu', null, '']));
  await expect(page.getByTestId('answers-partial')).toContainText(`Række ${rowsOfB}`);
  // C says no about someone other than A's "not before" citizen, so that one keeps an ask-again date.
  const notBefore = String((await unpack(openWithCli(join(out, packets.find((f) => sectorOf(f) === a)!), keys.get(a!)!.file)!, dir)).sheet[1]![1]!.value);
  let said = false;
  await pick(c!, (_, cpr) => (!said && cpr !== notBefore && (said = true) ? ['nej', 'allerede koordineret', null, null, ''] : ['ja', 'behov for koordinering', 'nu', null, '']));
  await expect(page.getByRole('status').filter({ hasText: 'Arket var udfyldt helt.' })).toBeVisible();
  // The other sectors answer "yes, now" (through the contract: the screens were seen above).
  for (const s of rest) {
    const path = join(files, `svar-${s}.xlsx.age`);
    await writeFile(path, await encryptTo([unitRecipient], await filled(sheets.get(s)!, () => ['ja', 'behov for koordinering', 'nu', null, ''])));
    await call(engine, 'packets.importAnswers', { path });
  }
  await nav.getByRole('button', { name: 'Gennemgang' }).click();
  await nav.getByRole('button', { name: 'Sektorvurdering' }).click();

  // Per candidate: the sectors' answers side by side, the outcome, the start and ask-again dates.
  const table = page.getByRole('table', { name: 'Sektorernes svar pr. kandidat' });
  await expect(table).toContainText('Ikke egnet');
  await expect(table).toContainText(/Usikker\s*andet · tidspunkt ikke relevant/);
  await expect(table).toContainText('Kender ikke borgeren godt nok');
  await expect(table).toContainText(new RegExp(`Egnet\\s*ikke før ${formatFor('da').day(later)}`));
  const status = await call(engine, 'packets.status', { roundId });
  expect(status.candidates.some((x) => x.askAgain === later)).toBe(true);
  for (const o of ['excluded', 'pending'] as const) expect(status.candidates.some((x) => x.outcome === o), o).toBe(true);
  await expect(page.getByTestId('sector-status')).toContainText('Alle svar');
  await shots(page, info, 'assessment-answers', 'sector-status');
  await page.getByRole('heading', { name: 'Pr. kandidat' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('assessment-candidates-da.png') });
  await logout(page);

  // The supervisor follows the state and is offered nothing to send or load.
  await login(page, USERS.supervisor.username);
  await nav.getByRole('button', { name: 'Sektorvurdering' }).click();
  await expect(page.getByTestId('sector-status')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Vælg mappe og send pakker' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Vælg svarark' })).toHaveCount(0);
  await shots(page, info, 'assessment-supervisor');
  await logout(page);

  // One-time passphrases: shown once in a dialog, gone when it closes (sent again: the status counts both sendings).
  await login(page, USERS.screener.username);
  await nav.getByRole('button', { name: 'Sektorvurdering' }).click();
  await page.getByText('Send pakker igen').click();
  await page.getByLabel('Engangsadgangskoder').check();
  await page.getByRole('button', { name: 'Vælg mappe og send pakker' }).click();
  const dialog = page.getByRole('dialog', { name: 'Engangsadgangskoder – vises kun nu' });
  await expect(dialog).toBeVisible({ timeout: 120_000 }); // age's scrypt, once per packet, in JavaScript
  await expect(dialog).toContainText('ad en anden vej end pakken');
  const file = (await dialog.getByRole('row').nth(1).getByRole('cell').nth(1).textContent())!.trim();
  const passphrase = (await dialog.getByTestId('passphrase').first().textContent())!.trim();
  expect((await decryptWith({ passphrase }, new Uint8Array(await readFile(join(out, file)))))[0]).toBe(0x50); // PK: the zip
  await page.screenshot({ path: info.outputPath('passphrases-da.png') });
  await expect(dialog.getByRole('button', { name: 'Luk – koderne forsvinder' })).toBeDisabled();
  await dialog.getByLabel('Jeg har noteret koderne').check();
  await dialog.getByRole('button', { name: 'Luk – koderne forsvinder' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await page.locator('body').innerText()).not.toContain(passphrase);

});
