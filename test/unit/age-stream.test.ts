/**
 * The native payload decryption against the official age test vectors (cctv-age): every
 * X25519 vector that must succeed gives the right plaintext, and every one that must fail fails.
 * Passphrase and armored vectors are left out: extracts are binary files to the unit's X25519 key.
 */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { AgeDecryptError, decryptAge } from '../../electron/engine/base/crypto/age-stream';
import { encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';

interface Vector {
  name: string;
  expect: string;
  payload?: string;
  identities: string[];
  body: Uint8Array;
}

function parse(name: string, bytes: Uint8Array): Vector & { armored: boolean; passphrase: boolean } {
  const split = Buffer.from(bytes).indexOf('\n\n');
  const head = Buffer.from(bytes.subarray(0, split)).toString('utf8').split('\n');
  const field = (k: string) => head.filter((l) => l.startsWith(`${k}: `)).map((l) => l.slice(k.length + 2));
  let body: Uint8Array = bytes.subarray(split + 2);
  if (field('compressed')[0] === 'zlib') body = inflateSync(body);
  return { name, expect: field('expect')[0]!, payload: field('payload')[0], identities: field('identity'), body, armored: field('armored').length > 0, passphrase: field('passphrase').length > 0 };
}

const vectors = createRequire(import.meta.url)('cctv-age') as Record<string, Uint8Array>;
const all = Object.entries(vectors).map(([n, b]) => parse(n, b));
const usable = all.filter((v) => !v.armored && !v.passphrase && v.identities.length > 0);

describe('native age STREAM decryption', () => {
  it('covers the X25519 vectors of every kind', () => {
    const kinds = new Set(usable.map((v) => v.expect));
    expect([...kinds].sort()).toEqual(['HMAC failure', 'header failure', 'no match', 'payload failure', 'success']);
    expect(usable.length).toBeGreaterThan(70);
  });

  it.each(usable.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
    // Into a buffer of its own and in place over the file's bytes alike.
    for (const inPlace of [false, true]) {
      const body = v.body.slice();
      if (v.expect === 'success') {
        const out = await decryptAge(v.identities, body, { inPlace });
        expect(createHash('sha256').update(out).digest('hex')).toBe(v.payload);
        if (inPlace) expect(out.buffer).toBe(body.buffer);
      } else {
        const err = await decryptAge(v.identities, body, { inPlace }).then(() => null, (e: unknown) => e);
        expect(err, `${v.name} must fail`).toBeInstanceOf(AgeDecryptError);
        if (v.expect === 'no match') expect((err as AgeDecryptError).kind).toBe('no-match');
      }
    }
  });

  it('round-trips files of 0, 1, 64 KiB, 64 KiB + 1 and 5 MiB encrypted by age-encryption', async () => {
    const { identity, recipient } = await newIdentity();
    for (const n of [0, 1, 65536, 65537, 5 * 1048576]) {
      const plain = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 255);
      const file = await encryptTo([recipient], plain);
      const out = await decryptAge([identity], file);
      expect(Buffer.compare(Buffer.from(out), Buffer.from(plain)), `size ${n}`).toBe(0);
      const inPlace = await decryptAge([identity], file, { inPlace: true });
      expect(Buffer.compare(Buffer.from(inPlace), Buffer.from(plain)), `size ${n}, in place`).toBe(0);
    }
  });

  it('reports progress and can be cancelled between 16 MiB steps', async () => {
    const { identity, recipient } = await newIdentity();
    const file = await encryptTo([recipient], new Uint8Array(40 * 1048576));
    const seen: number[] = [];
    await decryptAge([identity], file, { onProgress: (done) => seen.push(done) });
    expect(seen.length).toBe(3); // 16, 32 and the last 8 MiB
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(file.length - seen.at(-1)!).toBeLessThan(200); // all but the header and nonce
    const err = await decryptAge([identity], file, { cancelled: () => true }).catch((e: unknown) => e);
    expect((err as AgeDecryptError).kind).toBe('cancelled');
  });
});

describe('native age encryption', () => {
  it('writes files that age-encryption and the age CLI open, to one or several recipients, also over the plaintext in parts', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { Decrypter } = await import('age-encryption');
    const { encryptAge, encryptAgeInPlace } = await import('../../electron/engine/base/crypto/age-stream');
    const a = await newIdentity();
    const b = await newIdentity();
    const dir = mkdtempSync(join(tmpdir(), 'tvb-age-'));
    const inPlace = (plain: Uint8Array) => {
      const own = plain.slice();
      const parts = encryptAgeInPlace([a.recipient, b.recipient], own);
      // The chunks' ciphertext are views of the buffer given, which no longer holds the plaintext.
      expect(parts.every((p) => p.buffer !== own.buffer || p.byteLength === 0 || Buffer.compare(p, plain.subarray(p.byteOffset, p.byteOffset + p.byteLength)) !== 0)).toBe(true);
      expect(parts.filter((p) => p.buffer === own.buffer).reduce((k, p) => k + p.byteLength, 0)).toBe(plain.length);
      return Buffer.concat(parts);
    };
    for (const [n, how] of [0, 100, 65536, 65536 * 3 + 5].flatMap((k) => [[k, 'whole'], [k, 'in place']] as const)) {
      const plain = new Uint8Array(n).map((_, i) => (i * 7) & 255);
      const file = how === 'whole' ? encryptAge([a.recipient, b.recipient], plain) : inPlace(plain);
      for (const id of [a.identity, b.identity]) {
        const d = new Decrypter();
        d.addIdentity(id);
        expect(Buffer.compare(Buffer.from(await d.decrypt(file)), Buffer.from(plain)), `typage, size ${n}, ${how}`).toBe(0);
      }
      writeFileSync(join(dir, 'key.txt'), `${b.identity}\n`);
      writeFileSync(join(dir, 'f.age'), file);
      const cli = execFileSync('age', ['-d', '-i', join(dir, 'key.txt'), join(dir, 'f.age')], { maxBuffer: 1 << 24 });
      expect(Buffer.compare(cli, Buffer.from(plain)), `age CLI, size ${n}, ${how}`).toBe(0);
    }
    // a fresh file key and ephemeral share each time
    expect(Buffer.compare(Buffer.from(encryptAge([a.recipient], new Uint8Array(8))), Buffer.from(encryptAge([a.recipient], new Uint8Array(8))))).not.toBe(0);
  });
});

describe('interoperability with Debian\'s age CLI at the chunk boundaries, both ways', () => {
  // age splits the payload into 64 KiB chunks: sizes around one chunk and a large file are where
  // an off-by-one in the last chunk would show.
  const SIZES = [0, 1, 65_535, 65_536, 65_537, 10 * 1024 * 1024];

  it.each(SIZES)('%i bytes: ours → age CLI, and age CLI → ours', async (n) => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { decryptWith } = await import('../../electron/engine/base/crypto/age');
    const id = await newIdentity();
    const dir = mkdtempSync(join(tmpdir(), 'tvb-age-cli-'));
    writeFileSync(join(dir, 'key.txt'), `${id.identity}\n`, { mode: 0o600 });
    const plain = new Uint8Array(n).map((_, i) => (i * 31 + (i >> 8)) & 255);

    writeFileSync(join(dir, 'ours.age'), await encryptTo([id.recipient], plain));
    const opened = execFileSync('age', ['-d', '-i', join(dir, 'key.txt'), join(dir, 'ours.age')], { maxBuffer: 1 << 25 });
    expect(Buffer.compare(opened, Buffer.from(plain))).toBe(0);

    // Test data only (a made-up pattern), so a plaintext file in the temp folder holds nothing personal.
    writeFileSync(join(dir, 'plain.bin'), plain);
    execFileSync('age', ['-r', id.recipient, '-o', join(dir, 'theirs.age'), join(dir, 'plain.bin')]);
    const ours = await decryptWith({ identities: [id.identity] }, readFileSync(join(dir, 'theirs.age')));
    expect(Buffer.compare(Buffer.from(ours), Buffer.from(plain))).toBe(0);
  });
});
