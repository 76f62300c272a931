/** The Electron shell's guards are pure functions, tested here without Electron. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import { guardWebContents, hardenSession, mainWindowOptions, PARTITION } from '../../electron/shell/hardening';
import { rendererResponse } from '../../electron/shell/protocol';
import { CSP, isInvokeRequest, isTrustedSender } from '../../electron/shell/trusted-sender';

describe('IPC sender and message checks', () => {
  it('answers only the app origin, main frame, attached', () => {
    expect(isTrustedSender({ url: 'app://tvaerblik/index.html', isMainFrame: true, detached: false })).toBe(true);
    expect(isTrustedSender({ url: 'app://tvaerblik/index.html', isMainFrame: false, detached: false })).toBe(false);
    expect(isTrustedSender({ url: 'app://tvaerblik/index.html', isMainFrame: true, detached: true })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true, detached: false })).toBe(false);
    expect(isTrustedSender({ url: 'file:///C:/app/index.html', isMainFrame: true, detached: false })).toBe(false);
    expect(isTrustedSender({ url: 'app://tvaerblik.evil/', isMainFrame: true, detached: false })).toBe(false);
    expect(isTrustedSender({ url: 'not a url', isMainFrame: true, detached: false })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('accepts only {method, input} requests', () => {
    expect(isInvokeRequest({ method: 'app.status', input: {} })).toBe(true);
    for (const bad of [null, 'x', [], { method: 1 }, { method: 'a', input: {}, extra: 1 }, { input: {} }]) expect(isInvokeRequest(bad)).toBe(false);
  });

  it('has a strict CSP: no eval, no inline script, nothing remote', () => {
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toMatch(/unsafe-eval|unsafe-inline|https?:/);
  });
});

describe('window, session and web contents', () => {
  const ses = {} as Session;

  it('the window is sandboxed, isolated and has no Node, webviews or insecure content', () => {
    const o = mainWindowOptions({ session: ses, preloadDir: '/app/dist/electron', packaged: true, env: {} });
    expect(o.webPreferences).toEqual({
      session: ses,
      preload: '/app/dist/electron/preload.cjs',
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
      devTools: false,
    });
    expect([o.width, o.height]).toEqual([1366, 768]);
  });

  it('DevTools exist only in a development run, and can be turned off there too', () => {
    const dev = (env: Record<string, string | undefined>, packaged: boolean) => mainWindowOptions({ session: ses, preloadDir: '.', packaged, env }).webPreferences!.devTools;
    expect(dev({}, false)).toBe(true);
    expect(dev({ TVAERBLIK_NO_DEVTOOLS: '1' }, false)).toBe(false);
    expect(dev({}, true)).toBe(false);
  });

  it('the session is in memory and refuses every permission', () => {
    expect(PARTITION.startsWith('persist:')).toBe(false);
    const handlers: Record<string, (...a: never[]) => unknown> = {};
    const fake = {
      setPermissionRequestHandler: (h: (...a: never[]) => unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: (...a: never[]) => unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: (...a: never[]) => unknown) => (handlers.device = h),
      setSpellCheckerEnabled: (on: boolean) => (handlers.spell = () => on),
    };
    hardenSession(fake as unknown as Session);
    const answers: boolean[] = [];
    (handlers.request as unknown as (wc: unknown, p: string, cb: (ok: boolean) => void) => void)(null, 'media', (ok) => answers.push(ok));
    expect(answers).toEqual([false]);
    expect((handlers.check as unknown as () => boolean)()).toBe(false);
    expect((handlers.device as unknown as () => boolean)()).toBe(false);
    expect((handlers.spell as unknown as () => boolean)()).toBe(false);
  });

  it('every web contents refuses new windows, navigation away, redirects and webviews', () => {
    const on: Record<string, (event: { preventDefault(): void }, url?: string) => void> = {};
    let openHandler: (() => { action: string }) | null = null;
    guardWebContents({
      setWindowOpenHandler: (h: () => { action: string }) => (openHandler = h),
      on: (name: string, h: (event: { preventDefault(): void }, url?: string) => void) => (on[name] = h),
    } as never);
    expect(openHandler!()).toEqual({ action: 'deny' });
    const prevented = (name: string, url?: string) => {
      let p = false;
      on[name]!({ preventDefault: () => (p = true) }, url);
      return p;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'app://tvaerblik.evil/x')).toBe(true);
    expect(prevented('will-navigate', 'app://tvaerblik/index.html')).toBe(false);
    expect(prevented('will-redirect', 'app://tvaerblik/index.html')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
  });

  it('the app:// handler answers 404 for a malformed escape, a path outside the folder or another host, and sends the CSP', async () => {
    const asked: string[] = [];
    const read = async (f: string) => {
      asked.push(f);
      if (f.endsWith('missing.js')) throw new Error('ENOENT');
      return new TextEncoder().encode(`file ${f}`);
    };
    for (const url of ['app://tvaerblik/%E0%A4%A', 'app://other/index.html', 'app://tvaerblik/missing.js']) {
      expect((await rendererResponse(url, '/srv/renderer', read)).status, url).toBe(404);
    }
    // However a path climbs, encoded or not, only files under the renderer folder are read.
    for (const url of ['app://tvaerblik/../../etc/passwd', 'app://tvaerblik/%2e%2e/%2e%2e/etc/passwd', 'app://tvaerblik/..%2F..%2Fetc%2Fpasswd']) await rendererResponse(url, '/srv/renderer', read);
    expect(asked.every((f) => f.startsWith('/srv/renderer/'))).toBe(true);
    const ok = await rendererResponse('app://tvaerblik/', '/srv/renderer', read);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CSP);
    expect(await ok.text()).toBe('file /srv/renderer/index.html');
  });
});

describe('production bundle', () => {
  it('contains no test-bridge code', async () => {
    const dirs = ['dist/renderer/assets', 'dist/electron'];
    const files = (await Promise.all(dirs.map(async (d) => (await readdir(d)).map((f) => join(d, f))))).flat();
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = await readFile(f, 'utf8');
      expect(text, f).not.toContain('__tvaerblikInvoke');
      expect(text, f).not.toContain('tvaerblik.test');
    }
  });
});
