/**
 * The layering rules are real: the project's own ESLint config, run on code that breaks them,
 * reports an error; and the tree as it is has none.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
const RULES = ['no-restricted-imports', 'no-restricted-globals', 'import-x/no-restricted-paths', 'import-x/no-cycle'];

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => RULES.includes(m.ruleId ?? '')).map((m) => m.message);
}

describe('layering', () => {
  it.each([
    ['shared/x.ts', "import { readFile } from 'node:fs/promises';\nexport const x = readFile;"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['shared/x.ts', "import { useState } from 'react';\nexport const x = useState;"],
    ['shared/x.ts', "import { createEngine } from '../electron/engine/engine';\nexport const x = createEngine;"],
    ['shared/x.ts', 'export const x = () => window.location;'],
    ['electron/engine/x.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;"],
    ['electron/engine/audit/x.ts', "import { App } from '../../../renderer/app/App';\nexport const x = App;"],
    ['renderer/x.ts', "import { readFile } from 'fs';\nexport const x = readFile;"],
    ['renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;"],
    ['renderer/features/x.ts', "import { createEngine } from '../../electron/engine/engine';\nexport const x = createEngine;"],
    ['renderer/x.ts', 'export const x = process.env;'],
    // Domain walls: a domain imports base/, shared/ and only the domains it declares.
    ['electron/engine/users/x.ts', "import { screen } from '../screening/current';\nexport const x = screen;"],
    ['electron/engine/catalogue/x.ts', "import { importExtract } from '../import/import-extract';\nexport const x = importExtract;"],
    ['electron/engine/base/x.ts', "import { getUser } from '../users/users';\nexport const x = getUser;"],
    ['electron/engine/base/workspace/x.ts', "import { handlers } from '../../handlers';\nexport const x = handlers;"],
  ])('%s refuses: %s', async (file, code) => {
    expect((await problems(file, code)).length).toBeGreaterThan(0);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const x = z.string();"],
    ['electron/shell/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['electron/engine/x.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;"],
    ['renderer/x.ts', "import { methods } from '../shared/contract';\nexport const x = methods;"],
    ['electron/engine/runs/x.ts', "import { screen } from '../screening/current';\nexport const x = screen;"],
    ['electron/engine/users/x.ts', "import { one } from '../base/database';\nexport const x = one;"],
  ])('%s allows: %s', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it('an import cycle is refused: shared/schemas.ts imports roles.ts, so roles.ts may not import it', async () => {
    const code = "import { RoleSchema } from './schemas';\nexport const x = RoleSchema;\n";
    const [r] = await eslint.lintText(code, { filePath: 'shared/roles.ts' });
    expect(r!.messages.filter((m) => m.ruleId === 'import-x/no-cycle').length).toBeGreaterThan(0);
    const [ok] = await eslint.lintText(code, { filePath: 'shared/presets.ts' });
    expect(ok!.messages.filter((m) => m.ruleId === 'import-x/no-cycle')).toEqual([]);
  });

  it('the tree as it stands breaks no layering rule', async () => {
    const results = await eslint.lintFiles(['shared', 'electron', 'renderer']);
    const bad = results.flatMap((r) =>
      r.messages.filter((m) => RULES.includes(m.ruleId ?? '')).map((m) => `${r.filePath}:${m.line} ${m.message}`),
    );
    expect(bad).toEqual([]);
  });
});
