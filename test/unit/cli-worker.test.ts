/**
 * The built bundles find their worker: `npx tvaerblik validate` (dist/cli) parses in
 * dist/cli/extract-worker.cjs, and the app's copy (dist/electron) answers as a worker in plain
 * Node. Needs `npm run build` (npm test does it).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bundledWorkers } from '../../electron/engine/base/node-host';
import { bundledCatalogue } from '../../electron/engine/catalogue/catalogue';
import { extractParser } from '../../electron/engine/import/parse';
import { csv, row } from '../support/extracts';
import { tempDir } from '../support/engine';

const run = promisify(execFile);

describe('the built bundles and their worker', () => {
  it('tvaerblik validate from dist/cli reads a good file and refuses a hostile workbook with its reason', async () => {
    if (!existsSync('dist/cli/extract-worker.cjs')) throw new Error('Build first: npm run build (npm test does it)');
    const dir = await tempDir();
    await writeFile(join(dir, 'ok.csv'), csv([row()]));
    const ok = await run('node', ['bin/tvaerblik.mjs', 'validate', join(dir, 'ok.csv'), '--demo', '--json']);
    expect(JSON.parse(ok.stdout)).toMatchObject({ importable: true, receipt: { rowsKept: 1 } });
    const hostile = zipSync({
      'xl/workbook.xml': strToU8('<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>'),
      'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${'<row>'.repeat(100_000)}</sheetData></worksheet>`),
    });
    await writeFile(join(dir, 'hostile.xlsx'), hostile);
    const bad = await run('node', ['bin/tvaerblik.mjs', 'validate', join(dir, 'hostile.xlsx'), '--json']).catch((e: { code: number; stdout: string }) => e);
    expect('code' in bad && bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ importable: false, error: { row: 1, reason: 'row 1 is never closed' } });
  });

  it('the app’s worker bundle (dist/electron) answers as a worker, found beside its bundle', async () => {
    if (!existsSync('dist/electron/extract-worker.cjs')) throw new Error('Build first: npm run build (npm test does it)');
    const workers = bundledWorkers(new URL('../../dist/electron/main.mjs', import.meta.url));
    const catalogue = bundledCatalogue().map((c, i) => ({ ...c, id: i + 1 }));
    const out = await extractParser(workers)(csv([row()]), { catalogue, today: Date.UTC(2026, 5, 1) / 86_400_000, demo: true });
    expect(out.validated.tally.rowsKept).toBe(1);
    // Without a built worker beside it, the host says so instead of failing obscurely.
    const missing = await extractParser(bundledWorkers(new URL('file:///nonexistent/main.mjs')))(csv([row()]), { catalogue, today: 0, demo: true }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'INTERNAL' });
  });
});
