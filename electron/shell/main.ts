/**
 * The Electron main process: lifecycle only. All logic is in the plain-Node engine; this file
 * wires it to a hardened window. The workspace is `<userData>/workspace.tvaerblik` unless
 * TVAERBLIK_WORKSPACE names another file.
 */
import { app, Menu, protocol, type BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../engine/engine';
import { nodeDeps } from '../engine/base/node-host';
import { registerIpc } from './ipc';
import { serveRenderer } from './protocol';
import { APP_SCHEME } from './trusted-sender';
import { guardWebContents } from './hardening';
import { createMainWindow, hardenSession } from './window';

const here = dirname(fileURLToPath(import.meta.url));

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
// No disk cache anywhere, and no crash reporter is started, so no dump with personal data is written.
app.commandLine.appendSwitch('disk-cache-size', '0');
// Chromium's own controls (a date field's dd.mm.åååå, a file field's button) speak Danish
// whatever the Windows language: the app itself switches between Danish and English.
app.commandLine.appendSwitch('lang', 'da');
app.enableSandbox();

if (!app.requestSingleInstanceLock()) app.quit();

// Every web contents, however it comes to be, gets the same guards before it can load anything.
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
// A packaged build has no menu (no View → Toggle DevTools, no Reload); a development run keeps it.
if (app.isPackaged) Menu.setApplicationMenu(null);

let win: BrowserWindow | null = null;

app.whenReady().then(async () => {
  const workspacePath = process.env.TVAERBLIK_WORKSPACE ?? join(app.getPath('userData'), 'workspace.tvaerblik');
  const engine = createEngine(await nodeDeps(workspacePath));
  const ses = hardenSession();
  serveRenderer(ses, join(here, '..', 'renderer'));
  registerIpc(engine, () => win);
  win = createMainWindow(ses, here);
  app.on('second-instance', () => win?.focus());
  app.on('window-all-closed', () => app.quit());
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    void engine.dispose().finally(() => {
      disposed = true;
      app.quit();
    });
  });
});
