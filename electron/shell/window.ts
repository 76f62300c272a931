/** The one application window, hardened per the security checklist (settings in hardening.ts). */
import { app, BrowserWindow, session, type Session } from 'electron';
import { APP_ORIGIN } from './trusted-sender';
import { hardenSession as guardSession, mainWindowOptions, PARTITION } from './hardening';

export function hardenSession(): Session {
  return guardSession(session.fromPartition(PARTITION, { cache: false }));
}

export function createMainWindow(ses: Session, preloadDir: string): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions({ session: ses, preloadDir, packaged: app.isPackaged, env: process.env }));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
