/**
 * The test-only bridge: serves the real built renderer to Debian's Chromium and installs the same
 * `window.tvaerblik` object the Electron preload installs, wired to a real engine running in the
 * Playwright process. Lives only under test/; the production bundle has none of it.
 */
import { expect, type Page, type TestInfo } from '@playwright/test';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
    __tvaerblikInvoke(method: string, input: unknown): ReturnType<TvaerblikApi<File>['invoke']>;
    __tvaerblikEmit(e: EngineEvent): void;
    __tvaerblikPathFor(name: string): Promise<string>;
    __tvaerblikPickFolder(): Promise<string | null>;
  }
}

/**
 * In plain Chromium a File has no path, so the bridge resolves picked files by name in the
 * directory the test says its files are in (Electron's preload asks webUtils instead).
 */
/** One payload that crossed from the engine to the renderer: a call's answer or a pushed event. */
export interface Crossing {
  kind: 'answer' | 'event';
  /** The method answered, or the event's type. */
  name: string;
  json: string;
}

export async function openApp(
  page: Page,
  workspacePath: string,
  overrides: Partial<EngineDeps> = {},
  filesDir = '/nonexistent',
  /** Sees every payload on its way to the renderer (the privacy test records them all). */
  watch: (c: Crossing) => void = () => undefined,
  /** What the folder dialog answers: the test's temporary folder, or null as if the user cancelled. */
  pickedFolder: string | null = null,
): Promise<Engine> {
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
  await page.exposeFunction('__tvaerblikInvoke', async (method: string, input: unknown) => {
    const answer = await engine.invoke(method, input);
    watch({ kind: 'answer', name: method, json: JSON.stringify(answer) });
    return answer;
  });
  await page.exposeFunction('__tvaerblikPathFor', (name: string) => join(filesDir, basename(name)));
  await page.exposeFunction('__tvaerblikPickFolder', () => pickedFolder);
  await page.addInitScript(() => {
    const listeners = new Set<(e: EngineEvent) => void>();
    window.tvaerblik = {
      invoke: ((method: string, input: unknown) => window.__tvaerblikInvoke(method, input)) as TvaerblikApi<File>['invoke'],
      pathForFile: (file: File) => window.__tvaerblikPathFor(file.name),
      pickFolder: () => window.__tvaerblikPickFolder(),
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    window.__tvaerblikEmit = (e) => listeners.forEach((l) => l(e));
  });
  engine.onEvent((e) => {
    watch({ kind: 'event', name: e.type, json: JSON.stringify(e) });
    void page.evaluate((ev) => window.__tvaerblikEmit(ev), e).catch(() => undefined);
  });
  await page.goto(APP_URL);
  return engine;
}

/**
 * The demo administrator reads the unit's public key on its screen, as a source system's
 * supplier would be given it, and logs out again.
 */
export async function unitRecipientAsAdmin(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Brug demo.admin' }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('button', { name: 'Enhedens nøgle' }).click();
  // The key arrives from the engine after the screen appears: wait for it rather than read early.
  await expect(page.getByTestId('unit-recipient')).toHaveText(/^\s*age1/);
  const recipient = (await page.getByTestId('unit-recipient').textContent())!.trim();
  await page.getByRole('button', { name: 'Log ud' }).click();
  return recipient;
}

/** Logs in as a demo user from the login screen's list (the demo municipality shows them). */
export async function login(page: Page, username: string) {
  await page.getByRole('button', { name: `Brug ${username}` }).click();
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByRole('button', { name: 'Log ud' })).toBeVisible();
}

export async function logout(page: Page) {
  await page.getByRole('button', { name: 'Log ud' }).click();
  await expect(page.getByRole('heading', { name: 'Log ind' })).toBeVisible();
}

/** Chooses files as a user does: presses the named button and answers the picker it opens. */
export async function chooseFiles(page: Page, button: string, paths: string | string[]) {
  const picker = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button, exact: true }).click();
  await (await picker).setFiles(paths);
}

/**
 * A screenshot of the window with the test's output, and also in the folder TVAERBLIK_SHOTS names
 * when it is set (for looking at a whole walk's screens together).
 */
export async function screenshot(page: Page, info: TestInfo, name: string): Promise<void> {
  const png = await page.screenshot();
  await writeFile(info.outputPath(`${name}.png`), png);
  const folder = process.env.TVAERBLIK_SHOTS;
  if (folder) {
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, `${name}.png`), png);
  }
}
