/**
 * A whole session on the demo municipality, watched for personal data:
 * - every payload that crosses from the engine to the renderer (answers and events) is recorded,
 *   and no CPR number, in any format, and no name crosses except in `candidates.reveal` answers;
 * - afterwards every file the session wrote (the workspace and its journal, the browser profile,
 *   downloads, and anything new in the temp folder) is swept for the canary citizens' CPR numbers
 *   and names in UTF-8, UTF-16LE and base64: none may be there in plaintext.
 */
import { chromium, expect, test } from '@playwright/test';
import { mkdir, mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCpr } from '../../shared/cpr';
import { encryptTo } from '../../electron/engine/base/crypto/age';
import { csv, row } from '../support/extracts';
import { translate } from '../../renderer/i18n';
import { chooseFiles, openApp, unitRecipientAsAdmin, type Crossing } from './bridge';

/** Fictitious citizens (day + 60) whose data only this test brings in. */
const CANARIES = [
  { cpr: '6101851237', name: 'Kanariefugl Sangsvanesen' },
  { cpr: '6202861238', name: 'Kolibri Pippilottasen' },
];

/** A value's byte patterns: UTF-8, UTF-16LE, and base64 at each of the three alignments. */
function patterns(value: string): { how: string; bytes: Buffer }[] {
  const utf8 = Buffer.from(value, 'utf8');
  const out = [
    { how: 'UTF-8', bytes: utf8 },
    { how: 'UTF-16LE', bytes: Buffer.from(value, 'utf16le') },
  ];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), utf8]).toString('base64');
    // Drop the characters that depend on the neighbouring bytes.
    const inner = b64.slice(Math.ceil((pad * 4) / 3) + 1, Math.floor(((pad + utf8.length) * 4) / 3) - 1);
    out.push({ how: `base64/${pad}`, bytes: Buffer.from(inner) });
  }
  return out;
}

async function* filesUnder(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(p);
    else if (e.isFile()) yield p;
  }
}

// Playwright wants the fixtures argument as a pattern; this test launches its own browser, with a known profile folder.
// eslint-disable-next-line no-empty-pattern
test('no CPR number or name reaches the renderer without a purpose, and none reaches the disk', async ({}, info) => {
  test.setTimeout(180_000);
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-e2e-privacy-'));
  const profile = join(dir, 'chromium-profile');
  const downloads = join(dir, 'downloads');
  await mkdir(downloads);
  const launch = info.project.use.launchOptions ?? {};
  const context = await chromium.launchPersistentContext(profile, { ...launch, acceptDownloads: true, downloadsPath: downloads });
  const page = context.pages()[0] ?? (await context.newPage());
  const crossings: Crossing[] = [];
  const files = join(dir, 'files');
  await mkdir(files);
  await openApp(page, join(dir, 'workspace.tvaerblik'), {}, files, (c) => crossings.push(c));

  // The demo municipality; the administrator gives out the unit's key.
  await page.getByRole('button', { name: 'Åbn demokommunen (fiktive data)' }).click();
  // The administrator reads the unit's public key, as a source system's supplier would get it.
  const recipient = await unitRecipientAsAdmin(page);

  // The jobcentre sends an extract with the canary citizens (encrypted before it touches the disk).
  const extract = csv(CANARIES.map((c) => row({ 'CPR-nr': formatCpr(c.cpr), Navn: c.name, Ydelseskode: 'LAB_MENTOR' })));
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(files, 'jobcenter.csv.age'), await encryptTo([recipient], extract));

  // The screener imports it, finds the canaries, saves the list and reveals one of them.
  await page.getByRole('button', { name: 'Brug demo.udsoeger' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await chooseFiles(page, 'Vælg filer', join(files, 'jobcenter.csv.age'));
  await expect(page.getByRole('article', { name: 'jobcenter.csv.age' }).getByRole('status')).toHaveText('Importeret.');
  await page.getByRole('button', { name: 'Udsøgning' }).click();
  await page.getByLabel('Ydelser, mindst').fill('1');
  await page.getByLabel('Sektorer, mindst').fill('1');
  await page.getByLabel('Modtager mindst én af disse').fill('LAB_MENTOR');
  await page.getByLabel('Modtager mindst én af disse').press('Enter');
  await expect(page.getByTestId('found-count')).toHaveText(String(CANARIES.length));
  await page.getByRole('button', { name: 'Vis kandidater' }).click();
  await expect(page.getByRole('table', { name: 'Kandidater' }).getByRole('row')).toHaveCount(CANARIES.length + 1);
  await page.getByLabel('Navn på kriteriesæt').fill('Kanarier');
  await page.getByRole('button', { name: 'Gem som nyt sæt' }).click();
  await page.getByRole('button', { name: 'Kør og gem listen' }).click();
  await expect(page.getByRole('status')).toContainText(`Liste 1 gemt med ${CANARIES.length} kandidater.`);
  await page.getByRole('button', { name: 'Se listen under Lister' }).click();
  await page.getByRole('table', { name: 'Kørsler' }).getByRole('button', { name: 'Vis liste' }).click();
  const list = page.getByTestId('run-list');
  await list.getByRole('button', { name: 'Vis CPR og navn' }).first().click();
  await page.getByRole('dialog').getByLabel('Begrundelse (gemmes i loggen)').fill('kontrol af data i test');
  await page.getByRole('dialog').getByRole('button', { name: 'Vis og log' }).click();
  await expect(list.locator('strong.revealed')).toContainText(formatCpr(CANARIES[0]!.cpr));
  await page.getByRole('button', { name: 'Log ud' }).click();

  // The data-protection officer answers the first canary's request and downloads the export.
  await page.getByRole('button', { name: 'Brug demo.dpo' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('button', { name: 'Adgangslog' }).click();
  await page.getByLabel('Søg på CPR-nummer eller emne').fill(formatCpr(CANARIES[0]!.cpr));
  await page.getByRole('button', { name: 'Søg', exact: true }).click();
  const log = page.getByRole('table', { name: 'Adgangslog' });
  for (const action of ['import.file', 'screening.evaluate', 'runs.create', 'runs.get', 'candidates.reveal'] as const) {
    await expect(log.getByRole('row').filter({ hasText: translate('da', `action.${action}`) }).first(), action).toBeVisible();
  }
  const dpoKey = (await import('../../electron/engine/base/crypto/age')).newIdentity;
  const { recipient: dpoRecipient } = await dpoKey();
  await page.getByLabel('Din age-modtager (age1…)').fill(dpoRecipient);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Eksportér krypteret' }).click();
  await (await download).saveAs(join(downloads, 'export.jsonl.age'));
  await page.getByRole('button', { name: 'Log ud' }).click();
  await context.close();

  // 1. What crossed to the renderer.
  const CPR_ANY = /(?<![0-9A-Za-z])\d{6}[- ]?\d{4}(?![0-9A-Za-z])/;
  const revealAnswers = crossings.filter((c) => c.kind === 'answer' && c.name === 'candidates.reveal');
  expect(revealAnswers.length).toBe(1);
  expect(revealAnswers[0]!.json).toContain(formatCpr(CANARIES[0]!.cpr));
  const others = crossings.filter((c) => !(c.kind === 'answer' && c.name === 'candidates.reveal'));
  expect(others.length).toBeGreaterThan(20);
  for (const c of others) {
    expect(CPR_ANY.exec(c.json)?.[0], `${c.kind} ${c.name}`).toBeUndefined();
    for (const k of CANARIES) expect(c.json, `${c.kind} ${c.name}`).not.toContain(k.name);
  }
  // The engine's change events (the query layer refreshes on them) say which method changed
  // something and nothing else.
  const changes = crossings.filter((c) => c.kind === 'event' && c.name === 'changed');
  expect(changes.length).toBeGreaterThan(0);
  for (const c of changes) expect(JSON.parse(c.json)).toEqual({ type: 'changed', payload: { method: expect.stringMatching(/^[a-z]+\.[A-Za-z]+$/) } });

  // 2. What reached the disk: this test's folder (workspace, journal, profile, downloads) and
  // anything new in the temp folder.
  const swept: string[] = [];
  const hits: string[] = [];
  const needles = CANARIES.flatMap((k) => [k.cpr, formatCpr(k.cpr), k.name].flatMap((v) => patterns(v).map((p) => ({ ...p, value: v }))));
  for (const root of new Set([dir, tmpdir()])) {
    for await (const f of filesUnder(root)) {
      const s = await stat(f).catch(() => null);
      if (!s || s.mtimeMs < started - 1000 || s.size > 512 * 1024 * 1024) continue;
      const bytes = await readFile(f).catch(() => null);
      if (!bytes) continue;
      swept.push(f);
      for (const n of needles) if (bytes.includes(n.bytes)) hits.push(`${f}: ${n.value} as ${n.how}`);
    }
  }
  expect(swept.some((f) => f.endsWith('workspace.tvaerblik'))).toBe(true);
  expect(swept.some((f) => f.startsWith(profile))).toBe(true);
  expect(swept.some((f) => f.endsWith('export.jsonl.age'))).toBe(true);
  expect(hits).toEqual([]);
});
