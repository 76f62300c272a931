/**
 * From the bytes of a received file to a table: refuse anything unencrypted, decrypt with the
 * unit's identity as a stream (progress in bytes, cancellable), then read CSV or XLSX (in the
 * extract worker: parse.ts). The plaintext exists only in memory.
 */
import { createHash } from 'node:crypto';
import { AgeDecryptError, decryptAge } from '../base/crypto/age-stream';
import { ArmorError, binaryAge, isAgeFile } from '../base/crypto/age';
import { EngineError } from '../base/errors';
import { CsvError, EncodingError, openCsv } from '../base/files/csv';
import { MAX_COLUMNS } from '../../../shared/extract-format';
import { ExtractError, type Table } from './validate';
import { eachSheetRow, isZip, openWorkbook, XlsxError } from './xlsx';

export interface ReadProgress {
  (done: number, total: number | null, unit: 'bytes' | 'rows' | 'files'): void;
}

export interface Decrypted {
  /** The plaintext, in memory only; whoever parses it zeroes it (and takes its digest: ParsedExtract). */
  plain: Uint8Array;
  fileSha256: string;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function decrypt(identity: string, bytes: Uint8Array, progress: ReadProgress, cancelled: () => boolean, inPlace: boolean): Promise<Uint8Array> {
  try {
    return await decryptAge([identity], bytes, { onProgress: (done, total) => progress(done, total, 'bytes'), cancelled, inPlace });
  } catch (err) {
    if (!(err instanceof AgeDecryptError)) throw err;
    if (err.kind === 'cancelled') throw new EngineError('CANCELLED', 'The import was cancelled');
    if (err.kind === 'no-match') throw new EngineError('EXTRACT_WRONG_KEY', 'The file is not encrypted to this unit’s key');
    throw new EngineError('EXTRACT_DAMAGED', 'The encrypted file is damaged or truncated; nothing was imported', { cause: err.message.slice(0, 200) });
  }
}

export interface DecryptOptions {
  progress?: ReadProgress;
  cancelled?: () => boolean;
  /** The plaintext is written over the bytes given (see decryptAge): for a caller that owns them and needs them no more. */
  inPlace?: boolean;
}

/** Refuses anything unencrypted, then decrypts with the unit's identity as a stream (progress in bytes, cancellable). */
export async function decryptExtract(bytes: Uint8Array, identity: string, recipient: string, { progress = () => undefined, cancelled = () => false, inPlace = false }: DecryptOptions = {}): Promise<Decrypted> {
  if (!isAgeFile(bytes)) {
    throw new EngineError('NOT_ENCRYPTED', `The file is not encrypted. Encrypt it to the unit first: age -r ${recipient} -o FILE.age FILE`, { recipient });
  }
  let binary: Uint8Array;
  try {
    binary = binaryAge(bytes);
  } catch (err) {
    throw new EngineError('EXTRACT_DAMAGED', 'The armored (text) age file is damaged; nothing was imported', { cause: err instanceof ArmorError ? err.message : 'armor' });
  }
  const fileSha256 = sha256(bytes); // of the file as received: before decryption in place overwrites it
  const plain = await decrypt(identity, binary, progress, cancelled, inPlace);
  return { plain, fileSha256 };
}

/**
 * Reads decrypted bytes as a table: XLSX (first sheet) when it is a zip, CSV otherwise. `check`
 * is called as the workbook inflates (the worker's memory guard).
 */
export function decodeTable(plain: Uint8Array, check?: () => void): { table: Table; format: string } {
  try {
    if (isZip(plain)) {
      // The header now (the sheet is inflated up to its first row); the rows as validation reads
      // them, streamed from the zip, so they are never all held at once.
      const book = openWorkbook(plain, undefined, check);
      let header: string[] = [];
      eachSheetRow(plain, book, (row, cells) => {
        if (row === 1) header = cells;
        return false;
      }, undefined, check);
      const table: Table = {
        header,
        dateSystem: book.dateSystem,
        eachRow: (fn) =>
          eachSheetRow(
            plain,
            book,
            (row, cells, numeric) => {
              if (row > 1) fn(row, cells, numeric);
            },
            undefined,
            check,
          ),
      };
      return { format: 'xlsx', table };
    }
    // The header now; the rows as validation reads them (CSV errors in them surface there).
    const csv = openCsv(plain, MAX_COLUMNS);
    const table: Table = { header: csv.header, eachRow: (fn) => csv.eachBodyRecord((cells, row) => fn(row, cells)), rowsHint: csv.recordsHint() };
    return { format: `csv ${csv.encoding} ${csv.separator === '\t' ? 'tab' : `"${csv.separator}"`}`, table };
  } catch (err) {
    throw asExtractInvalid(err);
  }
}

/** A reader's or validator's complaint about the content, as the engine's EXTRACT_INVALID. */
export function asExtractInvalid(err: unknown): unknown {
  if (err instanceof EncodingError) return new EngineError('EXTRACT_ENCODING', err.row ? `Row ${err.row}, byte ${err.byte}: ${err.reason}` : err.reason, { row: err.row, column: '', byte: err.byte, reason: err.reason });
  if (err instanceof CsvError) return new EngineError('EXTRACT_INVALID', `Row ${err.row}, column ${err.column}: ${err.reason}`, { row: err.row, column: String(err.column), reason: err.reason });
  if (err instanceof XlsxError) return new EngineError('EXTRACT_INVALID', err.row ? `Row ${err.row}: ${err.message}` : err.message, { row: err.row, column: err.column, reason: err.message });
  if (err instanceof ExtractError) return new EngineError('EXTRACT_INVALID', `Row ${err.row}, column ${err.column}: ${err.message}`, { row: err.row, column: err.column, reason: err.message });
  return err;
}
