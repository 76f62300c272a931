/** Serves the built renderer from app://tvaerblik/ instead of file://, with the CSP on every response. */
import type { Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, CSP } from './trusted-sender';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function serveRenderer(ses: Session, root: string): void {
  ses.protocol.handle(APP_SCHEME, (request) => rendererResponse(request.url, root));
}

/**
 * The answer to one app:// request: a file of the built renderer with the CSP, or 404. Whatever
 * the URL holds (a malformed escape, a path out of the folder, another host), this never throws.
 */
export async function rendererResponse(requestUrl: string, root: string, read: (file: string) => Promise<Uint8Array> = readFile): Promise<Response> {
  try {
    const url = new URL(requestUrl);
    const rel = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
    const file = join(root, rel);
    if (url.host !== APP_HOST || !file.startsWith(root + sep)) return new Response('Not found', { status: 404 });
    const body = await read(file);
    return new Response(body.slice(), {
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}
