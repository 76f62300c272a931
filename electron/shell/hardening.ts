/**
 * The shell's security settings as plain functions over the few Electron objects they touch, so
 * tests can assert every one of them without an Electron binary (Electron's security checklist).
 * Only type imports of electron here.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN } from './trusted-sender';

/** No "persist:" prefix: an in-memory partition, so no cache, storage or cookies reach the disk. */
export const PARTITION = 'tvaerblik';

type SessionGuards = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'setSpellCheckerEnabled'>;

/** Every permission (camera, notifications, USB, …) is refused, asked or checked. */
export function hardenSession<S extends SessionGuards>(ses: S): S {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setSpellCheckerEnabled(false);
  return ses;
}

/**
 * The window's settings. DevTools exist only in a development run (not packaged), where
 * TVAERBLIK_NO_DEVTOOLS can still turn them off; a packaged build never has them.
 */
export function mainWindowOptions(o: { session: Session; preloadDir: string; packaged: boolean; env: Record<string, string | undefined> }): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 960,
    minHeight: 640,
    title: 'Tværblik',
    show: false,
    webPreferences: {
      session: o.session,
      preload: join(o.preloadDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      devTools: !o.packaged && !o.env.TVAERBLIK_NO_DEVTOOLS,
    },
  };
}

type GuardedContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/**
 * Guards for every web contents the app ever creates (registered on `web-contents-created`, so a
 * contents made some other way is guarded too): no new windows, no navigation away from the app,
 * no redirects, no webviews.
 */
export function guardWebContents(wc: GuardedContents): void {
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  wc.on('will-redirect', (event) => event.preventDefault());
  wc.on('will-attach-webview', (event) => event.preventDefault());
}
