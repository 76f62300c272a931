/**
 * A private sql.js for each session, whose memory is overwritten when the session ends.
 *
 * sql.js keeps everything of a database in two places: SQLite's pages, caches and rows in the
 * WebAssembly heap of its module instance, and the database *file* in Emscripten's in-memory file
 * system (MEMFS), as JavaScript typed arrays that are replaced by larger copies as the file grows.
 * Neither is cleared by `db.close()`: freed heap pages keep their bytes, and a replaced or
 * unlinked file buffer goes back to the process's allocator with the data in it. And `initSqlJs`
 * returns one module instance per process, shared by every caller, so its heap cannot be wiped
 * while anything else might use it.
 *
 * So each session gets its own instance: the WebAssembly module is compiled once, and sql.js's
 * script is evaluated afresh per instance (its `initSqlJs` caches its module in a closure, so a
 * fresh evaluation is a fresh module). The script sees its own `Uint8Array` and `Int8Array`,
 * subclasses that (1) remember every array it allocates, and (2) zero a file's old buffer at the
 * moment MEMFS copies it into a larger (or truncated) one. `wipe()` closes the instance's
 * databases, zeroes every array of it still alive and the whole WebAssembly memory, and drops it.
 *
 * Why the second point is exact for sql.js 1.16.0 (`npm ls sql.js`; package.json pins it): in
 * its script, the only place an array it has just allocated (and not yet written) is filled at
 * offset 0 from another array outside the WebAssembly memory is MEMFS's expandFileStorage /
 * resizeFileStorage, which then drop the source; every other `.set` copies from or into the heap.
 * A test scans a child process's memory after a session (test/unit/memory-after-lock.test.ts),
 * so a version that behaves otherwise is caught there, not in production.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';
import type { Database, SqlJsStatic } from 'sql.js';

/** One session's sql.js: use `sql` like the shared one; `wipe()` when the session ends. */
export interface SqlInstance {
  readonly sql: SqlJsStatic;
  /**
   * Closes every database opened on this instance, overwrites with zeros its WebAssembly memory
   * and every byte array it allocated that is still alive, and makes it unusable.
   */
  wipe(): void;
  /**
   * The next time a database file of this instance grows, it gets room for at least `bytes` more
   * than it holds, in one step (0 takes the request back). For a caller that knows roughly how
   * much it is about to write: an import, whose file was otherwise copied into a larger buffer
   * about a dozen times (280 MB of copies, a quarter of a second, at copenhagen scale). Room not
   * written is not resident, and the session's end clears only what was written.
   */
  reserve(bytes: number): void;
  /**
   * A buffer of zeros for the image the next `export()` makes, if the image fills at least half of
   * it, instead of new memory; the instance keeps the largest lent, and `null` drops it. For a
   * caller done with memory the process has already touched: new memory costs its first touch,
   * page by page (an import's worker gives back the buffer it decrypted a file in, and the save
   * that follows exports into it: 0.06 s instead of 0.39 s for a 98 MB image, on the 2-core
   * machine the benchmark runs on). The caller gives up the buffer and must have zeroed it.
   */
  lend(buffer: ArrayBuffer | null): void;
}

/** The WebAssembly API this module needs (the engine's type library has no DOM). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: abstract new (...args: never[]) => { buffer: ArrayBuffer };
}
const wasmApi = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

type InitSqlJs = (config: { instantiateWasm: (imports: object, done: (instance: unknown) => void) => object }) => Promise<SqlJsStatic>;
type ScriptRunner = (module: { exports: unknown }, exports: unknown, req: NodeJS.Require, filename: string, dir: string, u8: unknown, i8: unknown) => void;

interface Compiled {
  run: ScriptRunner;
  wasm: object;
  filename: string;
  req: NodeJS.Require;
}

let compiled: Compiled | null = null;

/** sql.js's script and WebAssembly, read and compiled once per process. */
function compile(): Compiled {
  if (compiled) return compiled;
  const req = createRequire(import.meta.url);
  const filename = req.resolve('sql.js'); // dist/sql-wasm.js, beside its .wasm (in node_modules or app.asar)
  const source = readFileSync(filename, 'utf8');
  const run = compileFunction(source, ['module', 'exports', 'require', '__filename', '__dirname', 'Uint8Array', 'Int8Array'], { filename }) as unknown as ScriptRunner;
  const wasm = new wasmApi.Module(readFileSync(join(dirname(filename), 'sql-wasm.wasm')));
  compiled = { run, wasm, filename, req: createRequire(filename) };
  return compiled;
}

type ByteArray = Uint8Array | Int8Array;
type ByteArrayClass = new (...args: never[]) => ByteArray;

/** What one instance allocated, and which of its arrays have not been written since allocation. */
class Allocations {
  private readonly live = new Set<WeakRef<ByteArray>>();
  private pruneAt = 256;
  /** Buffers this instance allocated (never the WebAssembly memory, of which it makes only views). */
  readonly owned = new WeakSet<ArrayBufferLike>();
  /** Arrays allocated by length and not yet written through `set`. */
  readonly fresh = new WeakSet<ByteArray>();
  /** File buffers: arrays MEMFS has moved a file into. */
  readonly files = new WeakSet<ByteArray>();
  /**
   * How far into each file buffer anything has been written: MEMFS writes a file only through
   * `set`, and a fresh buffer is zeros, so past this it still is (and its pages need not be touched
   * to clear it: a buffer holds up to FILE_SLACK in reserve).
   */
  readonly written = new WeakMap<ByteArray, number>();
  /**
   * The length of the file buffer MEMFS has just taken the contents of (from 0), or -1. One for
   * both classes: a read into the heap (an Int8Array) must end what a file's subarray began.
   */
  taken = -1;
  /** Room asked for the next growth of a file (SqlInstance.reserve), or 0. */
  reserved = 0;
  /** A zeroed buffer for the next export's image (SqlInstance.lend), or null. */
  lent: ArrayBuffer | null = null;
  /** A database of this instance is exporting: its one large allocation is the image. */
  exporting = false;

  /** The lent buffer, taken, if the allocation of `bytes` is an export's image that fills half of it or more. */
  borrow(bytes: number): ArrayBuffer | null {
    const lent = this.lent;
    if (!this.exporting || !lent || bytes > lent.byteLength || bytes < lent.byteLength / 2) return null;
    this.lent = null;
    return lent;
  }

  add(a: ByteArray, fresh: boolean): void {
    this.owned.add(a.buffer);
    if (fresh) this.fresh.add(a);
    this.live.add(new WeakRef(a));
    if (this.live.size >= this.pruneAt) {
      for (const r of this.live) if (r.deref() === undefined) this.live.delete(r);
      this.pruneAt = Math.max(256, this.live.size * 2);
    }
  }

  /** Strong references to every array still alive, so none is collected before it is zeroed. */
  hold(): ByteArray[] {
    const out: ByteArray[] = [];
    for (const r of this.live) {
      const a = r.deref();
      if (a) out.push(a);
    }
    this.live.clear();
    return out;
  }
}

const isBuffer = (x: unknown) => x instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && x instanceof SharedArrayBuffer);

/**
 * How much larger than its old buffer MEMFS's next buffer for a growing file is made. MEMFS itself
 * adds 12.5 % at a time past 1 MiB, so a 90 MB database written during an import is copied into a
 * new buffer (and the old one zeroed) about 35 times, 700 MB of copies; at half again as large it
 * is about ten times, for at most half the file's size held in reserve. Four times as large (four
 * copies at copenhagen scale) made no difference to the import that alternating runs could tell
 * from this machine's noise, and held more in reserve, so the step stays at one and a half; a
 * buffer's reserve is not resident until written (on Windows it is committed memory), and the
 * session's end clears only what was written (Allocations.written).
 */
const FILE_GROWTH = 1.5;
/** The most one step adds, whatever the file's size. */
const FILE_SLACK = 128 * 1048576;

/** The most room a reservation makes at once (a guess gone wrong must not ask for gigabytes). */
const MAX_RESERVE = 1024 * 1048576;

/** A subclass of Uint8Array or Int8Array that records its allocations and zeroes replaced file buffers. */
function tracked<C extends ByteArrayClass>(Base: C, a: Allocations): C {
  // Typed as Uint8Array for the compiler; at run time it extends whichever class it is given.
  const B = Base as unknown as typeof Uint8Array;
  class Tracked extends B {
    constructor(...args: unknown[]) {
      // MEMFS growing a file takes its contents (`subarray(0, used)`) and then allocates a buffer
      // larger than the old one, which it uses as the file's capacity: give it more room. Any
      // other allocation right after such a subarray (reading the file out: its used length) is
      // never larger than the file's buffer, so it is left as asked.
      const taken = a.taken;
      if (typeof args[0] === 'number' && taken >= 0 && args[0] > taken) {
        args[0] = Math.max(args[0], Math.min(Math.floor(taken * FILE_GROWTH), taken + FILE_SLACK), taken + a.reserved);
        a.reserved = 0;
      }
      a.taken = -1;
      const lent = typeof args[0] === 'number' ? a.borrow(args[0]) : null;
      if (lent) {
        // Zeros, as a new array is: to the rest of the instance it is one allocated by length.
        super(lent, 0, args[0] as number);
        a.add(this, true);
      } else {
        super(...(args as []));
        // A view of an existing buffer (the heap, a subarray) allocates nothing.
        if (!isBuffer(args[0])) a.add(this, typeof args[0] === 'number');
      }
    }

    override subarray(begin?: number, end?: number): Uint8Array<ArrayBuffer> {
      const view = super.subarray(begin, end); // (its constructor call resets `taken`)
      if (begin === 0 && a.files.has(this)) a.taken = this.length;
      return view;
    }

    override set(source: ArrayLike<number>, offset = 0): void {
      a.taken = -1; // a read of the file's start copies the subarray out: no growth follows
      super.set(source, offset);
      const wasFresh = a.fresh.delete(this);
      // MEMFS moving a file into a new buffer: the old one is dropped right after, so clear it now.
      if (wasFresh && offset === 0 && ArrayBuffer.isView(source) && source.buffer !== this.buffer && a.owned.has(source.buffer)) {
        new Uint8Array(source.buffer).fill(0);
        a.files.add(this);
      }
      if (a.files.has(this)) a.written.set(this, Math.max(a.written.get(this) ?? 0, offset + source.length));
    }
  }
  return Tracked as unknown as C;
}

/**
 * A new sql.js instance of its own. Costs a fresh evaluation of sql.js's script and an
 * instantiation of the already compiled WebAssembly (a few milliseconds; see README).
 */
export async function newSqlInstance(): Promise<SqlInstance> {
  const c = compile();
  const allocations = new Allocations();
  let memory: { buffer: ArrayBuffer } | null = null;
  const module: { exports: unknown } = { exports: {} };
  const Bytes = tracked(Uint8Array, allocations);
  c.run(module, module.exports, c.req, c.filename, dirname(c.filename), Bytes, tracked(Int8Array, allocations));
  const init = module.exports as InitSqlJs;
  let failed: (err: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  const base = await Promise.race([
    init({
      instantiateWasm(imports, done) {
        try {
          // Instantiating an already compiled module is quick; synchronously, a failure lands here.
          const instance = new wasmApi.Instance(c.wasm, imports);
          memory = Object.values(instance.exports).find((e): e is { buffer: ArrayBuffer } => e instanceof wasmApi.Memory) ?? null;
          if (!memory) throw new Error('sql.js exports no WebAssembly memory');
          done(instance);
        } catch (err) {
          failed(err);
        }
        return {};
      },
    }),
    failure,
  ]);
  const open = new Set<Database>();
  const Base = base.Database;
  let wiped = false;
  class SessionDatabase extends Base {
    constructor(data?: ArrayLike<number> | null) {
      if (wiped) throw new Error('This sql.js instance has been wiped');
      // MEMFS copies the bytes with `data.slice()`, which makes its copy of the caller's class: a
      // view of the same bytes through this instance's Uint8Array makes that copy one of ours.
      const bytes = data instanceof Uint8Array ? new Bytes(data.buffer, data.byteOffset, data.length) : data;
      super(bytes);
      open.add(this);
    }
    override close(): void {
      open.delete(this);
      super.close();
    }
    override export(): Uint8Array {
      allocations.exporting = true;
      try {
        return super.export();
      } finally {
        allocations.exporting = false;
      }
    }
  }
  const sql: SqlJsStatic = { ...base, Database: SessionDatabase };

  return {
    sql,
    reserve(bytes) {
      allocations.reserved = Math.max(0, Math.min(bytes, MAX_RESERVE));
    },
    lend(buffer) {
      if (wiped || buffer === null) allocations.lent = null;
      else if (!allocations.lent || buffer.byteLength > allocations.lent.byteLength) allocations.lent = buffer;
    },
    wipe() {
      if (wiped) return;
      wiped = true;
      const arrays = allocations.hold();
      try {
        for (const db of [...open]) db.close();
      } finally {
        for (const arr of arrays) new Uint8Array(arr.buffer, arr.byteOffset, allocations.written.get(arr) ?? arr.byteLength).fill(0);
        if (memory) new Uint8Array(memory.buffer).fill(0);
        memory = null;
        allocations.lent = null; // zeros (see lend)
        open.clear();
      }
    },
  };
}
