/**
 * Which IPC senders the main process answers: only the app's own origin, only the main frame.
 * Pure so it can be tested without Electron (VS Code validates every IPC message the same way).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tvaerblik';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isTrustedSender(frame: { url: string; isMainFrame: boolean; detached: boolean } | null): boolean {
  if (!frame || frame.detached || !frame.isMainFrame) return false;
  try {
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** The one request shape the invoke channel accepts; everything else is refused before the engine. */
export function isInvokeRequest(msg: unknown): msg is { method: string; input: unknown } {
  return (
    typeof msg === 'object' &&
    msg !== null &&
    !Array.isArray(msg) &&
    Object.keys(msg).every((k) => k === 'method' || k === 'input') &&
    typeof (msg as { method?: unknown }).method === 'string'
  );
}

/** Strict CSP for the renderer: only the app's own scripts and styles, nothing remote, no eval. */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
