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

/** The value as JSON bytes plus its typed arrays, and the buffers to move with postMessage. */
export function seal(value: unknown): { sealed: Sealed; transfer: ArrayBuffer[] } {
  const views: ArrayBufferView[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) ? { [VIEW]: views.push(v) - 1 } : v));
  const json = new Uint8Array(new ArrayBuffer(Buffer.byteLength(text, 'utf8')));
  new TextEncoder().encodeInto(text, json);
  return { sealed: { json, views }, transfer: [json.buffer as ArrayBuffer, ...views.map((v) => v.buffer as ArrayBuffer)] };
}

/** The value back; its JSON bytes are zeroed. */
export function unseal<T>(s: Sealed): T {
  try {
    return JSON.parse(new TextDecoder().decode(s.json), (_k, v: unknown) =>
      v !== null && typeof v === 'object' && VIEW in v ? s.views[(v as Record<string, number>)[VIEW]!] : v,
    ) as T;
  } finally {
    s.json.fill(0);
  }
}
