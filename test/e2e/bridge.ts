/**
 * The test-only bridge: serves the real built renderer to Debian's Chromium and installs the same
 * `window.tvaerblik` object the Electron preload installs, wired to a real engine running in the
 * Playwright process. Lives only under test/; the production bundle has none of it.
 */
import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, normalize, resolve } from 'node:path';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { nodeDeps } from '../../electron/engine/base/node-host';
import type { EngineDeps } from '../../electron/engine/base/deps';
import { sourceWorkers } from '../support/workers';
import type { TvaerblikApi } from '../../shared/api';
import type { EngineEvent } from '../../shared/contract';

export const APP_URL = 'http://tvaerblik.test/index.html';
const RENDERER = resolve('dist/renderer');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

declare global {
  interface Window {
    __tvaerblikInvoke(method: string, input: unknown): ReturnType<TvaerblikApi['invoke']>;
    __tvaerblikEmit(e: EngineEvent): void;
    __tvaerblikPathFor(name: string): Promise<string>;
  }
}

/**
 * In plain Chromium a File has no path, so the bridge resolves picked files by name in the
 * directory the test says its files are in (Electron's preload asks webUtils instead).
 */
export async function openApp(page: Page, workspacePath: string, overrides: Partial<EngineDeps> = {}, filesDir = '/nonexistent'): Promise<Engine> {
  const engine = createEngine(await nodeDeps(workspacePath, { kdf: { logN: 12, r: 8, p: 1 }, workers: sourceWorkers(), ...overrides }));
  await page.route('http://tvaerblik.test/**', async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = join(RENDERER, normalize(path === '/' ? '/index.html' : path));
    if (!file.startsWith(RENDERER)) return route.fulfill({ status: 404 });
    try {
      return await route.fulfill({ body: await readFile(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream' });
    } catch {
      return route.fulfill({ status: 404 });
    }
  });
  await page.exposeFunction('__tvaerblikInvoke', (method: string, input: unknown) => engine.invoke(method, input));
  await page.exposeFunction('__tvaerblikPathFor', (name: string) => join(filesDir, basename(name)));
  await page.addInitScript(() => {
    const listeners = new Set<(e: EngineEvent) => void>();
    window.tvaerblik = {
      invoke: ((method: string, input: unknown) => window.__tvaerblikInvoke(method, input)) as TvaerblikApi['invoke'],
      pathForFile: (file: File) => window.__tvaerblikPathFor(file.name),
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    window.__tvaerblikEmit = (e) => listeners.forEach((l) => l(e));
  });
  engine.onEvent((e) => void page.evaluate((ev) => window.__tvaerblikEmit(ev), e).catch(() => undefined));
  await page.goto(APP_URL);
  return engine;
}
