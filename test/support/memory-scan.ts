/**
 * Reads another process's memory through /proc/<pid>/maps and /proc/<pid>/mem (Linux; root, or
 * a parent allowed to ptrace its child) and finds byte patterns in it, naming the region of each
 * hit. The process should be paused while it is read (e.g. blocked reading its stdin).
 */
import { open, readFile } from 'node:fs/promises';

export interface Region {
  start: number;
  end: number;
  perms: string;
  name: string;
}

export interface Hit {
  label: string;
  address: number;
  region: Region;
}

export async function regionsOf(pid: number): Promise<Region[]> {
  const text = await readFile(`/proc/${pid}/maps`, 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [range = '', perms = '', , , , ...rest] = line.split(/\s+/);
      const [s = '0', e = '0'] = range.split('-');
      return { start: parseInt(s, 16), end: parseInt(e, 16), perms, name: rest.join(' ') };
    });
}

/** Whether this process may read that one's memory (not on every system: containers, ptrace rules). */
export async function canReadMemory(pid: number): Promise<string | null> {
  try {
    const regions = await regionsOf(pid);
    const r = regions.find((x) => x.perms.startsWith('r') && x.name === '[stack]') ?? regions.find((x) => x.perms.startsWith('r'));
    if (!r) return 'no readable region in /proc/<pid>/maps';
    const fh = await open(`/proc/${pid}/mem`, 'r');
    try {
      const { bytesRead } = await fh.read(Buffer.alloc(16), 0, 16, r.start);
      return bytesRead === 16 ? null : '/proc/<pid>/mem returned nothing';
    } finally {
      await fh.close();
    }
  } catch (err) {
    return `/proc/<pid>/mem is not readable here (${(err as Error).message})`;
  }
}

const CHUNK = 8 * 1024 * 1024;

/**
 * Every occurrence of every pattern in every readable region (the vsyscall page and the like are
 * skipped). Patterns found across a chunk boundary are found too (chunks overlap).
 */
export async function scanMemory(pid: number, patterns: readonly Pattern[]): Promise<{ hits: Hit[]; bytesRead: number }> {
  const regions = (await regionsOf(pid)).filter((r) => r.perms.startsWith('r') && r.name !== '[vvar]' && r.name !== '[vsyscall]' && r.name !== '[vvar_vclock]');
  const longest = Math.max(...patterns.map((p) => p.bytes.length));
  const fh = await open(`/proc/${pid}/mem`, 'r');
  const buf = Buffer.alloc(CHUNK + longest);
  const hits: Hit[] = [];
  let bytesRead = 0;
  try {
    for (const region of regions) {
      for (let at = region.start; at < region.end; at += CHUNK) {
        const want = Math.min(CHUNK + longest, region.end - at);
        let got = 0;
        try {
          got = (await fh.read(buf, 0, want, at)).bytesRead;
        } catch {
          break; // a region that cannot be read (e.g. a guard page): skip the rest of it
        }
        bytesRead += Math.min(got, CHUNK);
        const view = buf.subarray(0, got);
        for (const p of patterns) {
          for (let i = view.indexOf(p.bytes); i >= 0 && i < CHUNK; i = view.indexOf(p.bytes, i + 1)) {
            hits.push({ label: p.label, address: at + i, region });
          }
        }
      }
    }
  } finally {
    await fh.close();
  }
  return { hits, bytesRead };
}

/** `length` bytes of the process's memory at `address`. */
export async function readAt(pid: number, address: number, length: number): Promise<Buffer> {
  const fh = await open(`/proc/${pid}/mem`, 'r');
  try {
    const b = Buffer.alloc(length);
    await fh.read(b, 0, length, address);
    return b;
  } finally {
    await fh.close();
  }
}

export interface Pattern {
  label: string;
  bytes: Buffer;
}

/** A text's forms in memory: UTF-8 (as SQLite and Buffers keep it), Latin-1 and UTF-16LE (as V8 may). */
export function forms(label: string, text: string): Pattern[] {
  const chars = [...text].map((c) => c.charCodeAt(0));
  const out: Pattern[] = [
    { label: `${label} utf8`, bytes: Buffer.from(text, 'utf8') },
    { label: `${label} utf16`, bytes: Buffer.from(text, 'utf16le') },
  ];
  // V8 keeps a string whose characters are all Latin-1 one byte each: "ø" as 0xF8, not UTF-8.
  if (chars.some((c) => c >= 0x80) && chars.every((c) => c <= 0xff)) out.push({ label: `${label} latin1`, bytes: Buffer.from(text, 'latin1') });
  return out;
}

/**
 * Whether an address lies in a page of V8's own heap (where JavaScript strings and objects live),
 * as opposed to the C heap, sql.js's WebAssembly memory, Buffers and other array buffers. V8 maps
 * each chunk of its heap at a 256 KiB boundary and starts it with a header: its size, its flags,
 * the heap it belongs to and where its objects begin, just past the header. Chunks may lie side by
 * side in one mapping, so the mapping is walked chunk by chunk.
 */
export async function inV8Heap(pid: number, address: number, region: Region): Promise<boolean> {
  const CHUNK = 256 * 1024;
  if (region.start % CHUNK !== 0 || !region.perms.startsWith('rw') || region.name !== '') return false;
  for (let base = region.start; base < region.end; ) {
    const head = await readAt(pid, base, 32);
    const size = Number(head.readBigUInt64LE(0));
    const areaStart = Number(head.readBigUInt64LE(24));
    if (size < 4096 || size % 4096 !== 0 || base + size > region.end || areaStart <= base || areaStart > base + 16 * 1024) return false;
    if (address < base + size) return address >= areaStart;
    base += size;
  }
  return false;
}
