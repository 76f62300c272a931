/**
 * The browser preview's host: serves the built renderer and the engine to the system's Chromium
 * over HTTP, for walking the app where no Electron binary exists (a newcomer, a reviewer). It
 * listens on 127.0.0.1 only, answers only requests addressed to that host and port (no DNS
 * rebinding), takes calls only with the run's random token, and runs a demo workspace only: a
 * call that would create a real one is refused. Plain Node; it never imports electron.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Engine } from '../engine/engine';
import { bridgeScript } from './bridge-script';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };
/** Calls that would leave the demo: the preview never holds a real unit's workspace. */
const NOT_IN_PREVIEW = new Set(['workspace.create']);
const MAX_CALL_BYTES = 16 << 20;
const MAX_FILE_BYTES = 1 << 30; // as the importer's own limit

export interface BrowserHost {
  url: string;
  token: string;
  close(): Promise<void>;
}

export async function startBrowserHost(o: { engine: Engine; rendererDir: string; filesDir: string; port?: number }): Promise<BrowserHost> {
  const token = randomBytes(24).toString('base64url');
  const streams = new Set<ServerResponse>();
  o.engine.onEvent((e) => streams.forEach((s) => s.write(`data: ${JSON.stringify(e)}\n\n`)));
  let origin = '';

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => send(res, 500, 'text/plain', 'Internal error'));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (req.headers.host !== new URL(origin).host) return send(res, 421, 'text/plain', 'Wrong host');
    if (req.method === 'GET') {
      if (url.pathname === '/events') return events(url, res);
      if (url.pathname === '/browser-bridge.js') return send(res, 200, TYPES['.js']!, bridgeScript(token));
      return staticFile(url.pathname, res);
    }
    // A call must carry the token in a header and come from the preview's own page.
    if (req.method !== 'POST' || req.headers['x-tvaerblik-token'] !== token || (req.headers.origin && req.headers.origin !== origin)) {
      return send(res, 403, 'text/plain', 'Forbidden');
    }
    if (url.pathname === '/invoke') return invoke(req, res);
    if (url.pathname === '/files') return upload(url, req, res);
    if (url.pathname === '/folder') return folder(res);
    return send(res, 404, 'text/plain', 'Not found');
  }

  async function invoke(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_CALL_BYTES) return send(res, 413, 'text/plain', 'Too large');
      chunks.push(c as Buffer);
    }
    const msg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { method?: unknown; input?: unknown };
    const method = String(msg.method);
    const answer = NOT_IN_PREVIEW.has(method)
      ? { ok: false, error: { code: 'FORBIDDEN', message: 'The browser preview runs the demo municipality only' } }
      : await o.engine.invoke(method, msg.input);
    send(res, 200, 'application/json', JSON.stringify(answer));
  }

  /** A picked file, stored beside the demo workspace so the engine can open it by path (extracts are encrypted). */
  async function upload(url: URL, req: IncomingMessage, res: ServerResponse) {
    if (Number(req.headers['content-length'] ?? 0) > MAX_FILE_BYTES) return send(res, 413, 'text/plain', 'Too large');
    await mkdir(o.filesDir, { recursive: true });
    const path = join(o.filesDir, `${randomUUID()}-${basename(url.searchParams.get('name') ?? 'fil')}`);
    await pipeline(req, createWriteStream(path, { mode: 0o600 }));
    send(res, 200, 'application/json', JSON.stringify({ path }));
  }

  /**
   * A fresh folder for the engine to write into (sector packets), under the preview's own files
   * folder: a browser has no folder dialog, and the preview must not write where the user keeps files.
   */
  async function folder(res: ServerResponse) {
    const path = join(o.filesDir, `mappe-${randomUUID()}`);
    await mkdir(path, { recursive: true, mode: 0o700 });
    send(res, 200, 'application/json', JSON.stringify({ path }));
  }

  function events(url: URL, res: ServerResponse) {
    if (url.searchParams.get('token') !== token) return send(res, 403, 'text/plain', 'Forbidden');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    streams.add(res);
    res.on('close', () => streams.delete(res));
    // The page hears at once that the stream is open, not with the first event (a change, a lock).
    res.flushHeaders();
  }

  async function staticFile(pathname: string, res: ServerResponse) {
    const rel = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
    const file = join(o.rendererDir, rel);
    if (!file.startsWith(o.rendererDir + sep)) return send(res, 404, 'text/plain', 'Not found');
    let body: Buffer | string;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, 'text/plain', 'Not found');
    }
    // The bridge must be in place before the renderer's module runs: a classic script in <head> is.
    if (extname(file) === '.html') body = body.toString('utf8').replace('</title>', '</title>\n    <script src="/browser-bridge.js"></script>');
    send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body);
  }

  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        streams.forEach((s) => s.end());
        server.close(() => resolve());
        // The page's open connections (its event stream, kept-alive calls) would hold the close
        // open until they time out: the preview is over, so they end now.
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer) {
  // No answer is kept by the browser: it may hold personal data of the demo.
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}
