/** The Electron shell's guards are pure functions, tested here without Electron. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
