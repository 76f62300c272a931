/**
 * The worker that reads one extract (see parse.ts): it receives the plaintext and the validation
 * options, answers once with the packed result or a typed error, and zeroes the plaintext. It
 * touches no file, no network and no database; the parent terminates it after the answer.
 * Bundled on its own by scripts/build.mjs (dist/electron/extract-worker.cjs, dist/cli/…).
 */
import { parentPort } from 'node:worker_threads';
import { toErrorData } from '../base/errors';
import { packParsed, parseExtract, type WorkerAnswer } from './parse';
import type { ValidateOptions } from './validate';
import { isTableMessage, tableAnswer, type TableMessage } from './read-table';

const port = parentPort;
if (!port) throw new Error('extract-worker runs only as a worker thread');

port.once('message', (msg: { plain: Uint8Array; opts: ValidateOptions } | TableMessage) => {
  let answer: WorkerAnswer;
  let transfer: ArrayBuffer[] = [];
  try {
    // A returned answer sheet (packets domain): rows only, no extract validation.
    const packed = isTableMessage(msg) ? tableAnswer(msg) : packParsed(parseExtract(msg.plain, msg.opts, (rows) => port.postMessage({ note: rows })));
    answer = { ok: true, value: packed.message };
    transfer = packed.transfer;
  } catch (err) {
    answer = { ok: false, error: toErrorData(err) };
  } finally {
    msg.plain.fill(0);
  }
  port.postMessage(answer, transfer);
});
