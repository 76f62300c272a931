/**
 * The `window.tvaerblik` object for the browser preview, as a classic script the host serves
 * before the renderer's module. It does what the Electron preload does, over HTTP to the host on
 * 127.0.0.1: calls as POSTs carrying the run's token in a header (a page of another origin cannot
 * send that header without a CORS preflight, which the host refuses), events as server-sent events,
 * a picked file uploaded so the engine can read it by path, and a
 * folder to write into made by the host (a browser has no folder dialog).
 */
export function bridgeScript(token: string): string {
  return `(() => {
  'use strict';
  const token = ${JSON.stringify(token)};
  const post = async (path, body, type) => {
    const r = await fetch(path, { method: 'POST', headers: { 'content-type': type, 'x-tvaerblik-token': token }, body });
    if (!r.ok) throw new Error('The preview host answered ' + r.status);
    return r.json();
  };
  const listeners = new Set();
  const events = new EventSource('/events?token=' + encodeURIComponent(token));
  events.onmessage = (m) => { const e = JSON.parse(m.data); listeners.forEach((l) => l(e)); };
  window.tvaerblik = {
    invoke: (method, input) => post('/invoke', JSON.stringify({ method, input }), 'application/json'),
    pathForFile: async (file) => (await post('/files?name=' + encodeURIComponent(file.name), file, 'application/octet-stream')).path,
    pickFolder: async () => (await post('/folder', '', 'text/plain')).path,
    onEvent(listener) { listeners.add(listener); return () => listeners.delete(listener); },
  };
})();
`;
}
