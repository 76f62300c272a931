/**
 * The browser preview's host (electron/browser/host.ts) over a real engine: it serves the renderer
 * with its bridge, takes calls only from its own origin with the run's token, stays on the demo,
 * and never serves a file outside the renderer's folder.
 */
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/browser/host';
import { call, newEngine, tempDir } from '../support/engine';

let host: BrowserHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

async function preview() {
  const dir = await tempDir();
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>Tværblik</title></head><body></body></html>');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer');
  const engine = await newEngine(dir);
  await call(engine, 'workspace.createDemo', {});
  host = await startBrowserHost({ engine, rendererDir, filesDir: join(dir, 'files') });
  return { host, dir };
}

/** A raw HTTP request, so the Host header and the path can be what an attacker would send. */
function raw(url: string, o: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }) {
  const u = new URL(url);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: o.method ?? 'GET', path: o.path, headers: o.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('the browser preview host', () => {
  it('listens on 127.0.0.1 and puts its bridge before the renderer, with nothing cached', async () => {
    const { host } = await preview();
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    const page = await fetch(host.url);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('<title>Tværblik</title>\n    <script src="/browser-bridge.js"></script>');
    const bridge = await (await fetch(`${host.url}browser-bridge.js`)).text();
    expect(bridge).toContain(JSON.stringify(host.token));
  });

  it('answers calls that carry the token, and refuses those without it or from another origin', async () => {
    const { host } = await preview();
    const invoke = (headers: Record<string, string>) =>
      fetch(`${host.url}invoke`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ method: 'app.status', input: {} }) });
    const ok = await invoke({ 'x-tvaerblik-token': host.token });
    expect(((await ok.json()) as { ok: boolean; value: { workspaceExists: boolean } }).value.workspaceExists).toBe(true);
    expect((await invoke({})).status).toBe(403);
    expect((await invoke({ 'x-tvaerblik-token': 'guess' })).status).toBe(403);
    expect((await invoke({ 'x-tvaerblik-token': host.token, origin: 'http://evil.example' })).status).toBe(403);
  });

  it('answers only requests addressed to itself (no DNS rebinding) and serves nothing outside the renderer', async () => {
    const { host } = await preview();
    expect((await raw(host.url, { path: '/', headers: { host: 'evil.example' } })).status).toBe(421);
    const traversal = await raw(host.url, { path: '/../secret.txt' });
    expect(traversal.status).toBe(404);
    expect((await raw(host.url, { path: '/%2e%2e/secret.txt' })).body).not.toContain('outside the renderer');
  });

  it('runs the demo only: a real workspace cannot be created through it', async () => {
    const { host } = await preview();
    const r = await fetch(`${host.url}invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tvaerblik-token': host.token },
      body: JSON.stringify({ method: 'workspace.create', input: { unitName: 'Rigtig enhed', admin: { username: 'a', displayName: 'A', passphrase: 'en lang nok sætning her' } } }),
    });
    expect(await r.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('stores a picked file where the engine can read it by path, only with the token', async () => {
    const { host, dir } = await preview();
    const bytes = Buffer.from('age-encrypted bytes stand here');
    const up = await fetch(`${host.url}files?name=${encodeURIComponent('../jobcenter.csv.age')}`, { method: 'POST', headers: { 'x-tvaerblik-token': host.token }, body: bytes });
    const { path } = (await up.json()) as { path: string };
    expect(path.startsWith(join(dir, 'files'))).toBe(true);
    expect(path.endsWith('-jobcenter.csv.age')).toBe(true);
    expect(await readFile(path)).toEqual(bytes);
    expect((await fetch(`${host.url}files?name=x`, { method: 'POST', body: bytes })).status).toBe(403);
  });

  it('makes a fresh folder to write into under its own files folder, only with the token', async () => {
    const { host, dir } = await preview();
    const pick = () => fetch(`${host.url}folder`, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-tvaerblik-token': host.token }, body: '' });
    const { path } = (await (await pick()).json()) as { path: string };
    expect(path.startsWith(join(dir, 'files'))).toBe(true);
    expect((await stat(path)).isDirectory()).toBe(true);
    expect(((await (await pick()).json()) as { path: string }).path).not.toBe(path); // each pick its own folder
    expect((await fetch(`${host.url}folder`, { method: 'POST', body: '' })).status).toBe(403);
    expect((await fetch(`${host.url}folder`, { method: 'POST', headers: { 'x-tvaerblik-token': host.token, origin: 'http://evil.example' }, body: '' })).status).toBe(403);
  });

  it('passes the engine\'s change events to the page, with the token only', async () => {
    const { host } = await preview();
    expect((await fetch(`${host.url}events?token=wrong`)).status).toBe(403);
    // Open (its headers arrive) once the host has it in its list of streams.
    const reader = (await fetch(`${host.url}events?token=${encodeURIComponent(host.token)}`)).body!.getReader();
    const invoke = (method: string, input: unknown) =>
      fetch(`${host.url}invoke`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tvaerblik-token': host.token }, body: JSON.stringify({ method, input }) }).then((r) => r.json());
    expect(await invoke('session.login', { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' })).toMatchObject({ ok: true });
    expect(await invoke('criteria.save', { name: 'Mange sektorer', criteria: { version: 1, minSectors: 4 } })).toMatchObject({ ok: true });
    let text = '';
    while (!text.includes('"changed"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(text).toContain(`data: ${JSON.stringify({ type: 'changed', payload: { method: 'criteria.save' } })}\n\n`);
  });
});
