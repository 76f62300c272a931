/** `tvaerblik screen` gives the app engine's list for the same extracts and criteria. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sourceWorkers } from '../support/workers';
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/tvaerblik';
import { encryptTo } from '../../electron/engine/base/crypto/age';
import { getMeta } from '../../electron/engine/base/database';
import { DEMO_SEED } from '../../electron/engine/demo/demo-workspace';
import { generateMunicipality } from '../../electron/engine/demo/generate';
import { createEngine } from '../../electron/engine/engine';
import { closeWorkspace, openWorkspace } from '../../electron/engine/base/workspace/store';
import { PRESETS } from '../../shared/presets';
import { call, testDeps, tempDir } from '../support/engine';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: {}, workers: sourceWorkers() } };
}

/** A demo workspace, the unit's key as a file, and the same extracts the workspace holds, encrypted to it. */
async function fixture() {
  const dir = await tempDir();
  const deps = await testDeps(dir);
  const engine = createEngine(deps);
  await call(engine, 'workspace.createDemo', {});
  const ws = await openWorkspace(deps, 'demo.admin', 'demo-administrator-fiktiv');
  const identity = getMeta(ws.db, 'unit_identity')!;
  const recipient = getMeta(ws.db, 'unit_recipient')!;
  closeWorkspace(ws);
  const keyFile = join(dir, 'unit-key.txt');
  await writeFile(keyFile, `# test unit key\n${identity}\n`, { mode: 0o600 });
  const files: string[] = [];
  await mkdir(join(dir, 'in'));
  for (const f of generateMunicipality('small', DEMO_SEED, new Date()).files) {
    const path = join(dir, 'in', `${f.name}.age`);
    await writeFile(path, await encryptTo([recipient], f.bytes));
    files.push(path);
  }
  await call(engine, 'session.login', { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' });
  // the same files through the app (duplicates of the demo's own are recognised and skipped)
  for (const path of files) await call(engine, 'import.file', { path, acceptRejected: true });
  return { dir, engine, keyFile, files };
}

describe('tvaerblik screen', () => {
  // Fourteen runs of the CLI, each importing every demo file: 15–18 s here, too near vitest's 30 s default.
  it('prints the engine’s own list, funnel and explanations for each preset; pseudonyms unless --reveal', { timeout: 120_000 }, async () => {
    const f = await fixture();
    for (const preset of PRESETS) {
      const criteriaFile = join(f.dir, `${preset.id}.json`);
      await writeFile(criteriaFile, JSON.stringify(preset.criteria));
      const revealed = io();
      expect(await main(['screen', '--identity', f.keyFile, '--criteria', criteriaFile, ...f.files, '--demo', '--accept-rejected', '--reveal', '--json'], revealed.io), revealed.err.join()).toBe(0);
      const cli = JSON.parse(revealed.out[0]!);
      const app = await call(f.engine, 'screening.evaluate', { criteria: preset.criteria, limit: 20_000 });
      // The same list in the same order, with the same explanations; the app shows pseudonyms.
      expect(cli.candidates.map((c: { rules: unknown }) => c.rules), preset.id).toEqual(app.candidates.map((c) => c.rules));
      expect(cli.candidates.map((c: { members: string[] }) => c.members.length)).toEqual(app.candidates.map((c) => c.members.length));
      expect(cli.funnel).toEqual(app.funnel);
      expect([cli.snapshot.persons, cli.snapshot.services, cli.snapshot.families]).toEqual([app.snapshot.persons, app.snapshot.services, app.snapshot.families]);

      const hidden = io();
      expect(await main(['screen', '--identity', f.keyFile, '--criteria', criteriaFile, ...f.files, '--demo', '--accept-rejected', '--json'], hidden.io)).toBe(0);
      const pseud = JSON.parse(hidden.out[0]!);
      expect(pseud.pseudonymised).toBe(true);
      expect(pseud.count).toBe(app.count);
      expect(hidden.out[0]).not.toMatch(/\d{10}/); // no CPR number anywhere
      // the same people get the same pseudonyms, one each
      const members = pseud.candidates.flatMap((c: { members: string[] }) => c.members);
      expect(new Set(members).size).toBe(new Set(app.candidates.flatMap((c) => c.members.map((m) => m.pseudonym))).size);
    }
  });

  it('stops with a clear message on rejected rows, bad criteria or a wrong key (exit 2)', async () => {
    const f = await fixture();
    const criteriaFile = join(f.dir, 'c.json');
    await writeFile(criteriaFile, JSON.stringify({ version: 1, minSectors: 2 }));
    const rejected = io();
    expect(await main(['screen', '--identity', f.keyFile, '--criteria', criteriaFile, ...f.files, '--demo'], rejected.io)).toBe(2);
    expect(rejected.err.join()).toMatch(/has \d+ rejected rows: see them with 'tvaerblik validate', or pass --accept-rejected/);

    const bad = join(f.dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ version: 1, minSectors: 'mange' }));
    const badCriteria = io();
    expect(await main(['screen', '--identity', f.keyFile, '--criteria', bad, ...f.files, '--demo'], badCriteria.io)).toBe(2);
    expect(badCriteria.err.join()).toContain('minSectors');

    const typo = join(f.dir, 'typo.json');
    await writeFile(typo, JSON.stringify({ version: 1, anyOf: [{ code: 'SEL 85' }], noneOf: [{ code: 'SEL 58' }] }));
    const unknown = io();
    expect(await main(['screen', '--identity', f.keyFile, '--criteria', typo, ...f.files, '--demo', '--accept-rejected'], unknown.io)).toBe(2);
    expect(unknown.err.join()).toContain('no service matches "SEL 58" (noneOf.0)');
    expect(unknown.err.join()).not.toContain('SEL 85'); // that one is SEL85

    const otherKey = join(f.dir, 'other.txt');
    await writeFile(otherKey, 'AGE-SECRET-KEY-1GQ9778VQXMMJVE8SK7J6VT8UJ4HDQAJUVSFCWCM02D8GEWQ72PVQ2Y5J33\n');
    const wrong = io();
    expect(await main(['screen', '--identity', otherKey, '--criteria', criteriaFile, ...f.files, '--demo'], wrong.io)).toBe(2);
    expect(wrong.err.join()).toMatch(/not encrypted to this unit|key/i);

    const text = io();
    expect(await main(['screen', '--identity', f.keyFile, '--criteria', criteriaFile, ...f.files, '--demo', '--accept-rejected'], text.io)).toBe(0);
    expect(text.out[0]).toMatch(/^data [0-9a-f]{16} of \d{4}-\d{2}-\d{2}: \d+ persons/);
    expect(text.out[0]).toMatch(/funnel: considered \d+ → sectors \d+/);
  });
});
