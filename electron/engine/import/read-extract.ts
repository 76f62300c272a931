/**
 * From the bytes of a received file to a table: refuse anything unencrypted, decrypt with the
 * unit's identity as a stream (progress in bytes, cancellable), then read CSV or XLSX. The
 * plaintext exists only in memory.
 */
import { createHash } from 'node:crypto';
import { Decrypter } from 'age-encryption';
import { isAgeFile } from '../crypto/age';
import { EngineError } from '../errors';
import { CsvError, decodeText, detectSeparator, parseCsv } from './csv';
import type { Table } from './validate';
import { isZip, readFirstSheet, XlsxError } from './xlsx';

export interface ReadProgress {
  (done: number, total: number, unit: 'bytes' | 'rows'): void;
}

export interface ReadResult {
  table: Table;
  format: string;
  fileSha256: string;
  contentSha256: string;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const CHUNK = 1024 * 1024;

async function decryptStreaming(identity: string, bytes: Uint8Array, progress: ReadProgress, cancelled: () => boolean): Promise<Uint8Array> {
  const d = new Decrypter();
  d.addIdentity(identity);
  let offset = 0;
  const input = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + CHUNK));
      offset += CHUNK;
      progress(Math.min(offset, bytes.length), bytes.length, 'bytes');
    },
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    const reader = (await d.decrypt(input)).getReader();
    for (;;) {
      if (cancelled()) {
        await reader.cancel();
        throw new EngineError('CANCELLED', 'The import was cancelled');
      }
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch (err) {
    for (const c of chunks) c.fill(0);
    if (err instanceof EngineError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    if (/no identity matched/i.test(msg)) {
      throw new EngineError('EXTRACT_WRONG_KEY', 'The file is not encrypted to this unit’s key');
    }
    throw new EngineError('EXTRACT_DAMAGED', 'The encrypted file is damaged or truncated; nothing was imported', { cause: msg.slice(0, 200) });
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
    c.fill(0);
  }
  return out;
}

export async function readExtract(
  bytes: Uint8Array,
  identity: string,
  recipient: string,
  progress: ReadProgress = () => undefined,
  cancelled: () => boolean = () => false,
): Promise<ReadResult> {
  if (!isAgeFile(bytes)) {
    throw new EngineError('NOT_ENCRYPTED', `The file is not encrypted. Encrypt it to the unit first: age -r ${recipient} -o FILE.age FILE`, { recipient });
  }
  const plain = await decryptStreaming(identity, bytes, progress, cancelled);
  try {
    return { ...decodeTable(plain), fileSha256: sha256(bytes), contentSha256: sha256(plain) };
  } finally {
    plain.fill(0);
  }
}

/** Reads decrypted bytes as a table: XLSX (first sheet) when it is a zip, CSV otherwise. */
export function decodeTable(plain: Uint8Array): { table: Table; format: string } {
  try {
    if (isZip(plain)) {
      const [head = [], ...rest] = readFirstSheet(plain);
      return {
        format: 'xlsx',
        table: {
          header: head.map((c) => c.value),
          rows: rest.map((cells, i) => ({ row: i + 2, cells: cells.map((c) => c.value), numeric: cells.map((c) => c.numeric) })),
        },
      };
    }
    const { text, encoding } = decodeText(plain);
    const sep = detectSeparator(text);
    const [head = [], ...rest] = parseCsv(text, sep);
    return { format: `csv ${encoding} "${sep}"`, table: { header: head, rows: rest.map((cells, i) => ({ row: i + 2, cells })) } };
  } catch (err) {
    if (err instanceof CsvError) throw new EngineError('EXTRACT_INVALID', `Row ${err.row}, column ${err.column}: ${err.reason}`, { row: err.row, column: String(err.column), reason: err.reason });
    if (err instanceof XlsxError) throw new EngineError('EXTRACT_INVALID', err.message, { row: 0, column: '', reason: err.message });
    throw err;
  }
}
