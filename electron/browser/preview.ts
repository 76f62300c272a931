/**
 * `npm run preview`: the app in the system's Chromium, over the real engine, on a fresh demo
 * municipality in a temporary folder that is removed at the end. For walking the app where the
 * Electron binary is missing; never for a real unit's data (the host refuses to create one).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../engine/engine';
import { nodeDeps } from '../engine/base/node-host';
import { startBrowserHost } from './host';

const here = dirname(fileURLToPath(import.meta.url));
const BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge'];

/** The browser to open: $CHROMIUM_PATH, or the first of the usual names on the PATH. */
function findBrowser(): string | null {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) for (const b of BROWSERS) if (existsSync(join(dir, b))) return join(dir, b);
  return null;
}

const dir = await mkdtemp(join(tmpdir(), 'tvaerblik-preview-'));
const engine = createEngine(await nodeDeps(join(dir, 'demo.tvaerblik')));
const created = await engine.invoke('workspace.createDemo', {});
if (!created.ok) throw new Error(created.error.message);
const port = Number(process.env.PORT ?? 0);
const host = await startBrowserHost({ engine, rendererDir: join(here, '..', 'renderer'), filesDir: join(dir, 'files'), port });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await engine.dispose();
  await host.close();
  await rm(dir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

process.stdout.write(`Tværblik, demokommunen i browseren: ${host.url}  (Ctrl+C stopper og sletter demoen)\n`);
const browser = process.argv.includes('--no-browser') ? null : findBrowser();
if (browser) {
  const args = [`--app=${host.url}`, `--user-data-dir=${join(dir, 'profile')}`, '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1366,768', '--lang=da'];
  // Chromium refuses to start as root without this (a container, a CI machine).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  spawn(browser, args, { stdio: 'ignore' }).on('exit', () => void stop());
} else if (!process.argv.includes('--no-browser')) {
  process.stdout.write('Ingen Chromium fundet: åbn adressen ovenfor i en browser, eller sæt CHROMIUM_PATH.\n');
}
