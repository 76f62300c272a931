/**
 * The shared writer of documents that leave the unit (packets, notices, overviews): only age
 * ciphertext reaches the folder, and a batch is all or nothing. A cancel between files and a
 * failure while recording both leave the folder as it was; progress is reported per file.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decryptWith, newIdentity } from '../../electron/engine/base/crypto/age';
import { seal, writeSealedBatch } from '../../electron/engine/base/documents/sealed';
import { fsp, tempDir } from '../support/engine';

const SECRET = 'CPR 010203-4567 Ane Borger';

async function batch(opts: { abortAfter?: number; failCommit?: boolean }) {
  const dir = await tempDir();
  const { identity, recipient } = await newIdentity();
  const ctl = new AbortController();
  const progress: [number, number][] = [];
  const run = writeSealedBatch(
    { fs: fsp, folder: dir, signal: ctl.signal, progress: (d, t) => progress.push([d, t]) },
    ['a', 'b', 'c'],
    async (item, i) => {
      const sealed = await seal({ 'doc.txt': new TextEncoder().encode(`${SECRET} ${item}`) }, { recipients: [recipient] });
      if (i === opts.abortAfter) ctl.abort();
      return { sealed, written: { file: `${item}.zip.age` } };
    },
    () => {
      if (opts.failCommit) throw new Error('recording failed');
    },
  );
  return { dir, identity, run, progress };
}

describe('sealed batches', () => {
  it('writes only ciphertext, one file per item, with progress per file', async () => {
    const { dir, identity, run, progress } = await batch({});
    expect((await run).map((w) => w.file)).toEqual(['a.zip.age', 'b.zip.age', 'c.zip.age']);
    expect((await readdir(dir)).sort()).toEqual(['a.zip.age', 'b.zip.age', 'c.zip.age']);
    expect(progress).toEqual([[0, 3], [1, 3], [2, 3], [3, 3]]);
    for (const f of await readdir(dir)) {
      const bytes = new Uint8Array(await readFile(join(dir, f)));
      expect(Buffer.from(bytes).includes(Buffer.from('010203'))).toBe(false);
      const zip = unzipSync(await decryptWith({ identities: [identity] }, bytes));
      expect(new TextDecoder().decode(zip['doc.txt']!)).toBe(`${SECRET} ${f[0]}`);
    }
  });

  it('removes what it wrote when cancelled between files, or when recording fails', async () => {
    const cancelled = await batch({ abortAfter: 0 });
    await expect(cancelled.run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(cancelled.dir)).toEqual([]);
    const failed = await batch({ failCommit: true });
    await expect(failed.run).rejects.toThrow('recording failed');
    expect(await readdir(failed.dir)).toEqual([]);
  });

  it('wipes the plaintext it was given once sealed', async () => {
    const { recipient } = await newIdentity();
    const part = new TextEncoder().encode(SECRET);
    await seal({ 'doc.txt': part }, { recipients: [recipient] });
    expect(part.every((b) => b === 0)).toBe(true);
  });
});
