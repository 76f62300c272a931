/**
 * A worker's answer that names citizens, sent as bytes the receiver zeroes.
 *
 * `postMessage` copies a message through V8's serializer into a buffer of the C allocator, which
 * is freed (not cleared) once the receiver has read it: the CPR numbers and names of a whole
 * extract would stay in the process's free memory after the session ends. So the strings of an
 * answer are written as JSON into an ArrayBuffer that is *moved* to the receiver (a transfer
 * copies nothing), and the receiver zeroes it once parsed. Typed arrays (numbers only) are moved
 * beside it as they are, named in the JSON by their index.
 *
 * A long array of strings (an extract's CPR numbers, names, texts) does not go into the JSON: its
 * strings cross one after another as one text, with their lengths, and are cut from it again. The
 * engine's thread parsed an extract's answer at about 36 MB/s as JSON (its hundreds of thousands of
 * short strings): 32-86 ms for each large file at copenhagen scale, against 14-24 ms now.
 */
const VIEW = '\u0000view';
const TEXTS = '\u0000texts';

/** Arrays of at least this many strings cross as one text (shorter ones as JSON, where they cost nothing). */
const TEXT_COLUMN_MIN = 64;

export interface Sealed {
  json: Uint8Array;
  views: ArrayBufferView[];
  /**
   * The string columns' strings one after another, moved like the JSON and zeroed once read: a
   * byte per code unit when every unit is below 256 (Danish text is; the strings cut from it are
   * then V8's compact one-byte strings), else as UTF-16 (any code unit kept as it is).
   */
  texts: Uint8Array;
  wide: boolean;
  /** Each string's length in the text, in code units, columns one after another. */
  lengths: Uint32Array;
}

/** A string column's place: its first length in `lengths`, its number of strings, its first code unit in the text. */
type TextsPlace = [first: number, count: number, at: number];

/** The string columns met while sealing, in order. */
class TextColumns {
  readonly columns: string[][] = [];
  private strings = 0;
  private units = 0;
  /** The placeholder for `list`, if it is a column (long, and strings only); null if not. */
  take(list: unknown[]): { [TEXTS]: TextsPlace } | null {
    if (list.length < TEXT_COLUMN_MIN || typeof list[0] !== 'string') return null;
    let units = 0;
    for (const x of list) {
      if (typeof x !== 'string') return null;
      units += x.length;
    }
    const place: TextsPlace = [this.strings, list.length, this.units];
    this.columns.push(list as string[]);
    this.strings += list.length;
    this.units += units;
    return { [TEXTS]: place };
  }
  /** The columns' text as bytes of its own buffer (never a slice of Node's shared pool: it is moved), and the lengths. */
  pack(): { texts: Uint8Array; wide: boolean; lengths: Uint32Array } {
    const lengths = new Uint32Array(this.strings);
    let k = 0;
    for (const list of this.columns) for (const x of list) lengths[k++] = x.length;
    const text = this.columns.map((list) => list.join('')).join('');
    const wide = /[\u0100-\uffff]/.test(text);
    const texts = new Uint8Array((wide ? 2 : 1) * this.units);
    Buffer.from(texts.buffer, texts.byteOffset, texts.byteLength).write(text, wide ? 'utf16le' : 'latin1');
    return { texts, wide, lengths };
  }
}

/**
 * A copy of `v` with each typed array replaced by its placeholder (only the objects and arrays on
 * the way to one are copied). A walk rather than a JSON replacer: a replacer is a call per value,
 * and an extract's answer has a million of them (a second on the engine's thread at copenhagen
 * scale); the walk only looks at the type of each string.
 */
function withPlaceholders(v: unknown, views: ArrayBufferView[], columns: TextColumns): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) return { [VIEW]: views.push(v) - 1 };
  if (Array.isArray(v)) {
    const column = columns.take(v);
    if (column) return column;
  }
  let copy: Record<string, unknown> | unknown[] | null = null;
  const source = v as Record<string, unknown>;
  const keys = Array.isArray(v) ? null : Object.keys(v);
  const n = keys ? keys.length : (v as unknown[]).length;
  for (let i = 0; i < n; i++) {
    const k = keys ? keys[i]! : i;
    const x = source[k];
    if (x === null || typeof x !== 'object') continue;
    const y = withPlaceholders(x, views, columns);
    if (y === x) continue;
    copy ??= Array.isArray(v) ? v.slice() : { ...source };
    (copy as Record<string, unknown>)[k] = y;
  }
  return copy ?? v;
}

/** The parsed value with its placeholders replaced, in place, by the typed arrays and string columns they name. */
function withViews(v: unknown, views: readonly ArrayBufferView[], texts: Texts): unknown {
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (!Array.isArray(v) && VIEW in o) return views[o[VIEW] as number];
  if (!Array.isArray(v) && TEXTS in o) return texts.column(o[TEXTS] as TextsPlace);
  const keys = Array.isArray(v) ? null : Object.keys(v);
  const n = keys ? keys.length : (v as unknown[]).length;
  for (let i = 0; i < n; i++) {
    const k = keys ? keys[i]! : i;
    const x = o[k];
    if (x !== null && typeof x === 'object') o[k] = withViews(x, views, texts);
  }
  return v;
}

/** The value as JSON bytes plus its typed arrays, and the buffers to move with postMessage. */
export function seal(value: unknown): { sealed: Sealed; transfer: ArrayBuffer[] } {
  const views: ArrayBufferView[] = [];
  const columns = new TextColumns();
  const text = JSON.stringify(withPlaceholders(value, views, columns));
  const json = new Uint8Array(new ArrayBuffer(Buffer.byteLength(text, 'utf8')));
  new TextEncoder().encodeInto(text, json);
  const { texts, wide, lengths } = columns.pack();
  return {
    sealed: { json, views, texts, wide, lengths },
    transfer: [json.buffer as ArrayBuffer, texts.buffer as ArrayBuffer, lengths.buffer as ArrayBuffer, ...views.map((v) => v.buffer as ArrayBuffer)],
  };
}

/** The string columns' text, decoded once, cut into each column's strings as it is met. */
class Texts {
  private text: string | null = null;
  constructor(private readonly sealed: Sealed) {}
  column([first, count, at]: TextsPlace): string[] {
    const s = this.sealed;
    this.text ??= Buffer.from(s.texts.buffer, s.texts.byteOffset, s.texts.byteLength).toString(s.wide ? 'utf16le' : 'latin1');
    // Made at its full length: grown by push, a column of 100,000 strings is copied into new,
    // larger memory about twenty times.
    const out = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      const end = at + s.lengths[first + i]!;
      out[i] = this.text.slice(at, end);
      at = end;
    }
    return out;
  }
}

/** The value back; its JSON bytes and texts are zeroed. */
export function unseal<T>(s: Sealed): T {
  try {
    return withViews(JSON.parse(Buffer.from(s.json.buffer, s.json.byteOffset, s.json.byteLength).toString('utf8')), s.views, new Texts(s)) as T;
  } finally {
    s.json.fill(0);
    s.texts.fill(0);
  }
}
