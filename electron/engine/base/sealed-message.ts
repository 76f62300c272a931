/**
 * A worker's answer that names citizens, sent as bytes the receiver zeroes.
 *
 * `postMessage` copies a message through V8's serializer into a buffer of the C allocator, which
 * is freed (not cleared) once the receiver has read it: the CPR numbers and names of a whole
 * extract would stay in the process's free memory after the session ends. So the strings of an
 * answer are written as JSON into an ArrayBuffer that is *moved* to the receiver (a transfer
 * copies nothing), and the receiver zeroes it once parsed. Typed arrays (numbers only) are moved
 * beside it as they are, named in the JSON by their index.
 */
const VIEW = '\u0000view';

export interface Sealed {
  json: Uint8Array;
  views: ArrayBufferView[];
}

/**
 * A copy of `v` with each typed array replaced by its placeholder (only the objects and arrays on
 * the way to one are copied). A walk rather than a JSON replacer: a replacer is a call per value,
 * and an extract's answer has a million of them (a second on the engine's thread at copenhagen
 * scale); the walk only looks at the type of each string.
 */
function withPlaceholders(v: unknown, views: ArrayBufferView[]): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) return { [VIEW]: views.push(v) - 1 };
  let copy: Record<string, unknown> | unknown[] | null = null;
  const source = v as Record<string, unknown>;
  const keys = Array.isArray(v) ? null : Object.keys(v);
  const n = keys ? keys.length : (v as unknown[]).length;
  for (let i = 0; i < n; i++) {
    const k = keys ? keys[i]! : i;
    const x = source[k];
    if (x === null || typeof x !== 'object') continue;
    const y = withPlaceholders(x, views);
    if (y === x) continue;
    copy ??= Array.isArray(v) ? v.slice() : { ...source };
    (copy as Record<string, unknown>)[k] = y;
  }
  return copy ?? v;
}

/** The parsed value with its placeholders replaced, in place, by the typed arrays they name. */
function withViews(v: unknown, views: readonly ArrayBufferView[]): unknown {
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (!Array.isArray(v) && VIEW in o) return views[o[VIEW] as number];
  const keys = Array.isArray(v) ? null : Object.keys(v);
  const n = keys ? keys.length : (v as unknown[]).length;
  for (let i = 0; i < n; i++) {
    const k = keys ? keys[i]! : i;
    const x = o[k];
    if (x !== null && typeof x === 'object') o[k] = withViews(x, views);
  }
  return v;
}

/** The value as JSON bytes plus its typed arrays, and the buffers to move with postMessage. */
export function seal(value: unknown): { sealed: Sealed; transfer: ArrayBuffer[] } {
  const views: ArrayBufferView[] = [];
  const text = JSON.stringify(withPlaceholders(value, views));
  const json = new Uint8Array(new ArrayBuffer(Buffer.byteLength(text, 'utf8')));
  new TextEncoder().encodeInto(text, json);
  return { sealed: { json, views }, transfer: [json.buffer as ArrayBuffer, ...views.map((v) => v.buffer as ArrayBuffer)] };
}

/** The value back; its JSON bytes are zeroed. */
export function unseal<T>(s: Sealed): T {
  try {
    return withViews(JSON.parse(Buffer.from(s.json.buffer, s.json.byteOffset, s.json.byteLength).toString('utf8')), s.views) as T;
  } finally {
    s.json.fill(0);
  }
}
