/**
 * The access log's write-ahead journal. The log's home is the encrypted workspace, but that is
 * saved only now and then; an access must be on disk before its result is shown. So each entry
 * is also appended here, encrypted and fsynced, and replayed into the database on the next open.
 *
 *   tvaerblik-journal v1 <generation>\n
 *   then records: u32 length (big-endian) ‖ nonce(12) ‖ ChaCha20-Poly1305(entry JSON) ‖ tag(16)
 *
 * Each workspace save starts a new generation with a fresh key (kept inside the saved
 * database), so a journal from an older generation is known to be already contained in it.
 * The database also names the generation whose file should be on disk if the save's new journal
 * was never started (a crash right after the save), so a journal that is missing, or of any
 * other generation, is told apart from one that is legitimately the previous one. A journal
 * cut at a record boundary cannot be told from a complete one by itself: the witness file
 * (witness.ts) holds the head after every entry for that.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { FsLike } from '../deps';
import { randomSecret } from '../crypto/secret-bytes';
import { atomicWriteFile } from '../files/atomic-write';

export interface JournalKey {
  generation: string;
  key: Buffer;
}

export const newJournalKey = (): JournalKey => ({ generation: randomBytes(16).toString('hex'), key: randomSecret(32) });

const headerLine = (generation: string) => `tvaerblik-journal v1 ${generation}\n`;

export async function startJournal(fs: FsLike, path: string, jk: JournalKey): Promise<void> {
  await atomicWriteFile(fs, path, Buffer.from(headerLine(jk.generation)));
}

export async function appendJournal(fs: FsLike, path: string, jk: JournalKey, entry: object): Promise<void> {
  const nonce = randomBytes(12);
  // The entry names citizens by CPR number: its plaintext bytes are zeroed once encrypted (a
  // large one is allocated outside V8's heap and would otherwise be freed with the text in it).
  const plain = Buffer.from(JSON.stringify(entry), 'utf8');
  let ct: Buffer;
  try {
    const cipher = createCipheriv('chacha20-poly1305', jk.key, nonce, { authTagLength: 16 });
    cipher.setAAD(Buffer.from(jk.generation), { plaintextLength: plain.length });
    ct = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  } finally {
    plain.fill(0);
  }
  const len = Buffer.alloc(4);
  len.writeUInt32BE(12 + ct.length);
  const fh = await fs.open(path, 'a', 0o600);
  try {
    await fh.writeFile(Buffer.concat([len, nonce, ct]));
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export interface JournalContents {
  /** Entries in file order; empty when the journal is missing or of another generation. */
  entries: unknown[];
  /** The last record was cut short (a crash while appending). */
  torn: boolean;
  /** A record failed authentication: the journal was altered. */
  damaged: boolean;
  /** The file exists and belongs to this generation. */
  matched: boolean;
  /** The generation the file names; null when there is no file or it has no readable first line. */
  found: string | null;
  /** Whether there is a file at all. */
  exists: boolean;
}

const GENERATION_LINE = /^tvaerblik-journal v1 ([0-9a-f]{32})\n/;

export async function readJournal(fs: FsLike, path: string, jk: JournalKey): Promise<JournalContents> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch {
    return { entries: [], torn: false, damaged: false, matched: false, found: null, exists: false };
  }
  const found = GENERATION_LINE.exec(bytes.subarray(0, 64).toString('latin1'))?.[1] ?? null;
  const head = Buffer.from(headerLine(jk.generation));
  if (bytes.length < head.length || !bytes.subarray(0, head.length).equals(head)) {
    return { entries: [], torn: false, damaged: false, matched: false, found, exists: true };
  }
  const entries: unknown[] = [];
  let pos = head.length;
  while (pos < bytes.length) {
    if (pos + 4 > bytes.length) return { entries, torn: true, damaged: false, matched: true, found, exists: true };
    const len = bytes.readUInt32BE(pos);
    if (len < 28 || pos + 4 + len > bytes.length) return { entries, torn: true, damaged: false, matched: true, found, exists: true };
    const rec = bytes.subarray(pos + 4, pos + 4 + len);
    try {
      const d = createDecipheriv('chacha20-poly1305', jk.key, rec.subarray(0, 12), { authTagLength: 16 });
      d.setAAD(Buffer.from(jk.generation), { plaintextLength: rec.length - 28 });
      d.setAuthTag(rec.subarray(rec.length - 16));
      const part = d.update(rec.subarray(12, rec.length - 16));
      const pt = Buffer.concat([part, d.final()]);
      part.fill(0);
      try {
        entries.push(JSON.parse(pt.toString('utf8')));
      } finally {
        pt.fill(0);
      }
    } catch {
      return { entries, torn: false, damaged: true, matched: true, found, exists: true };
    }
    pos += 4 + len;
  }
  return { entries, torn: false, damaged: false, matched: true, found, exists: true };
}
