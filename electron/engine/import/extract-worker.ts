/**
 * The worker that reads extracts (see parse.ts): for each message it receives the plaintext, or
 * the received file and the unit's key to decrypt it first, with the validation options; answers
 * with the packed result or a typed error; and zeroes the plaintext and the key (a received file's
 * buffer goes back with the answer, all zeros, for the engine to use again). It keeps nothing from
 * one message to the next, and touches no file, no network and no database. The parent sends
 * it the next file of the same engine call, if any, and ends it when the call ends (worker-run.ts).
 * Bundled on its own by scripts/build.mjs (dist/electron/extract-worker.cjs, dist/cli/…).
 */
import { parentPort } from 'node:worker_threads';
import { toErrorData } from '../base/errors';
import { openExtract, packParsed, parseExtract, type FileMessage, type WorkerAnswer } from './parse';
import type { ValidateOptions } from './validate';
import { isTableMessage, tableAnswer, type TableMessage } from './read-table';

const port = parentPort;
if (!port) throw new Error('extract-worker runs only as a worker thread');

type Message = { plain: Uint8Array; opts: ValidateOptions } | FileMessage | TableMessage;

const isFileMessage = (m: Message): m is FileMessage => 'file' in m;

/** Zeroes what the message brought that is secret or personal (the file itself is ciphertext). */
function zero(m: Message): void {
  if (isFileMessage(m)) m.identity.fill(0);
  else m.plain.fill(0);
}

port.on('message', async (msg: Message) => {
  let answer: WorkerAnswer;
  let transfer: ArrayBuffer[] = [];
  const onRows = (rows: number) => port.postMessage({ note: rows });
  try {
    if (isTableMessage(msg)) {
      // A returned answer sheet (packets domain): rows only, no extract validation.
      const packed = tableAnswer(msg);
      answer = { ok: true, value: packed.message };
      transfer = packed.transfer;
    } else if (isFileMessage(msg)) {
      const identity = new TextDecoder().decode(msg.identity);
      msg.identity.fill(0);
      const opened = await openExtract(msg.file, { identity, recipient: msg.recipient }, msg.opts, onRows);
      const packed = packParsed(opened.parsed);
      answer = { ok: true, value: packed.message, fileSha256: opened.fileSha256 };
      transfer = packed.transfer;
    } else {
      const packed = packParsed(parseExtract(msg.plain, msg.opts, onRows));
      answer = { ok: true, value: packed.message };
      transfer = packed.transfer;
    }
  } catch (err) {
    answer = { ok: false, error: toErrorData(err) };
  } finally {
    zero(msg);
  }
  const file = isFileMessage(msg) ? msg.file : null;
  if (answer.ok && file && file.byteOffset === 0 && file.byteLength === file.buffer.byteLength) {
    // The file's buffer goes back, all zeros (openExtract zeroed it once read): memory the process
    // has already touched, which the engine may use again rather than ask for new (SqlInstance.lend).
    answer.spare = file.buffer as ArrayBuffer;
    transfer.push(answer.spare);
  }
  port.postMessage(answer, transfer);
});
