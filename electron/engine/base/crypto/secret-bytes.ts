/**
 * Base64 between bytes and bytes, for keys kept as base64 text in the database: Node's own
 * base64 goes through a JavaScript string, and a string cannot be overwritten (it lives in V8's
 * heap until garbage collection, and its bytes after that until reused). Byte arrays can be
 * zeroed the moment they are done with.
 */
import { randomFillSync } from 'node:crypto';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENC = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const DEC = new Int16Array(256).fill(-1);
ENC.forEach((c, i) => (DEC[c] = i));

/**
 * A byte array for a key, outside V8's heap. V8 keeps a typed array of up to 64 bytes inside its
 * own heap, where the collector moves it and leaves the old copy in place (the young generation
 * is not cleared); zeroing the array then clears only its latest copy. An ArrayBuffer's memory is
 * never moved, so zeroing it clears the key.
 */
export function secretBuffer(length: number): Buffer {
  return Buffer.from(new ArrayBuffer(length));
}

/** `length` random bytes in a secretBuffer. */
export function randomSecret(length: number): Buffer {
  return randomFillSync(secretBuffer(length));
}

/** The base64 text (standard alphabet, padded) of `bytes`, as ASCII bytes. */
export function base64Bytes(bytes: Uint8Array): Buffer {
  const out = secretBuffer(4 * Math.ceil(bytes.length / 3));
  let o = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out[o++] = ENC[(n >> 18) & 63]!;
    out[o++] = ENC[(n >> 12) & 63]!;
    out[o++] = i + 1 < bytes.length ? ENC[(n >> 6) & 63]! : 0x3d;
    out[o++] = i + 2 < bytes.length ? ENC[n & 63]! : 0x3d;
  }
  return out;
}

/** The bytes that base64 text (as ASCII bytes, padded or not) stands for; throws on other characters. */
export function fromBase64Bytes(text: Uint8Array): Buffer {
  let end = text.length;
  while (end > 0 && text[end - 1] === 0x3d) end--;
  const out = secretBuffer(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const v = DEC[text[i]!]!;
    if (v < 0) {
      out.fill(0);
      throw new Error('not base64');
    }
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
