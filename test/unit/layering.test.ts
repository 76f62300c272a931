/**
 * The layering rules are real: the project's own ESLint config, run on code that breaks them,
 * reports an error; and the tree as it is has none.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
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
  ])('%s refuses: %s', async (file, code) => {
    expect((await problems(file, code)).length).toBeGreaterThan(0);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const x = z.string();"],
    ['electron/shell/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['electron/engine/x.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;"],
    ['renderer/x.ts', "import { methods } from '../shared/contract';\nexport const x = methods;"],
  ])('%s allows: %s', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it('the tree as it stands breaks no layering rule', async () => {
    const results = await eslint.lintFiles(['shared', 'electron', 'renderer']);
    const bad = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => `${r.filePath}:${m.line} ${m.message}`),
    );
    expect(bad).toEqual([]);
  });
});
