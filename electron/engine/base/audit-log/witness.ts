/**
 * The witness file: the access log's history, kept outside the workspace, as a transparency log's
 * witnesses keep signed tree heads (RFC 9162). One JSON object per line, only ever appended:
 *
 *   {"t":"head","w":<workspace id>,"seq":N,"blinded":B,"time":T}
 *       after every entry, by whoever is logged in (unsigned: any user could write one)
 *   {"t":"checkpoint","w":…,"seq":N,"blinded":B,"time":T,"keyId":<fingerprint>,"signature":S}
 *       after every save in a data-protection officer's session, signed by the DPO's log key
 *
 * B is HMAC-SHA256 of entry N's hash under the workspace's witness key (kept in the encrypted
 * database, and in full exports), never the hash itself: the file sits unencrypted on a share,
 * and an entry about one citizen can be guessed from its hash (every other field is guessable and
 * a CPR number has few enough values), so the raw hash would tell a reader of the share whose
 * data was looked up. Like the hash, B at position N commits to the whole log up to N.
 *
 * The log must extend what the witness saw: at every open the engine compares them, and
 * `verify-log --witness` requires a full export to contain every checkpoint the witness holds
 * that is signed by a trusted key. The file is at a place the DPO chooses (by default beside the
 * workspace); it protects history only as well as that place resists deleting and overwriting
 * (docs/access-log.md says how to choose it).
 */
import { createHmac } from 'node:crypto';
import type { FsLike } from '../deps';
import { verifyText } from './chain';

export interface WitnessHead {
  seq: number;
  /** The entry's hash, blinded with the witness key. */
  blinded: string;
  time: string;
}

export interface WitnessCheckpoint extends WitnessHead {
  keyId: string;
  signature: string;
}

/** The value the witness keeps for entry `seq` with this hash. */
export const blind = (witnessKey: Uint8Array, seq: number, hash: string) =>
  createHmac('sha256', witnessKey).update(`tvaerblik-witness-v1|${seq}|${hash}`).digest('hex');

/** What a DPO signs for a witness checkpoint. */
export const witnessCheckpointText = (workspaceId: string, c: WitnessHead) => `tvaerblik-witness-checkpoint-v1|${workspaceId}|${c.seq}|${c.blinded}|${c.time}`;

export interface WitnessContents {
  /** Whether the file exists at all. */
  exists: boolean;
  /** This workspace's heads and checkpoints, in file order. */
  heads: WitnessHead[];
  checkpoints: WitnessCheckpoint[];
  /** Lines that cannot be read (a crash while one was written, or an edit). */
  unreadable: number;
}

export const defaultWitnessPath = (workspacePath: string) => `${workspacePath}.witness`;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const HEX64 = /^[0-9a-f]{64}$/;

export function parseWitness(text: string, workspaceId: string): Omit<WitnessContents, 'exists'> {
  const heads: WitnessHead[] = [];
  const checkpoints: WitnessCheckpoint[] = [];
  let unreadable = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      unreadable++;
      continue;
    }
    if (!isObj(o) || typeof o.w !== 'string' || !Number.isInteger(o.seq) || (o.seq as number) < 1 || typeof o.blinded !== 'string' || !HEX64.test(o.blinded) || typeof o.time !== 'string') {
      unreadable++;
      continue;
    }
    if (o.w !== workspaceId) continue; // another workspace sharing the file
    const head = { seq: o.seq as number, blinded: o.blinded, time: o.time };
    if (o.t === 'head') heads.push(head);
    else if (o.t === 'checkpoint' && typeof o.keyId === 'string' && HEX64.test(o.keyId) && typeof o.signature === 'string') {
      checkpoints.push({ ...head, keyId: o.keyId, signature: o.signature });
    } else unreadable++;
  }
  return { heads, checkpoints, unreadable };
}

export async function readWitness(fs: FsLike, path: string, workspaceId: string): Promise<WitnessContents> {
  let text: string;
  try {
    text = (await fs.readFile(path)).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, heads: [], checkpoints: [], unreadable: 0 };
    throw err;
  }
  return { exists: true, ...parseWitness(text, workspaceId) };
}

export type WitnessLine = ({ t: 'head' } & WitnessHead) | ({ t: 'checkpoint' } & WitnessCheckpoint);

/** Appends one line and fsyncs it. A line cut short by a crash is closed first, so it costs only itself. */
export async function appendWitness(fs: FsLike, path: string, workspaceId: string, line: WitnessLine): Promise<void> {
  const { t, ...rest } = line;
  const json = JSON.stringify({ t, w: workspaceId, ...rest });
  const fh = await fs.open(path, 'a+', 0o600);
  try {
    const { size } = await fh.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await fh.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await fh.writeFile(`${prefix}${json}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export type WitnessFinding =
  /** The log ends before an entry the witness saw: entries lost, or an older workspace. */
  | { kind: 'behind'; logSeq: number; witnessSeq: number; signed: boolean; time: string }
  /** The log's entry differs from what the witness saw at that position: history rewritten. */
  | { kind: 'mismatch'; seq: number; signed: boolean; time: string }
  /** A checkpoint line that names a known key but whose signature fails: the witness was altered. */
  | { kind: 'bad-signature'; seq: number };

/**
 * What the witness saw that the log does not extend. `blindedAt` gives the log's own blinded
 * value at a position. `keyFor` gives the public key of a trusted (offline) or known (in the
 * engine) checkpoint key; checkpoints of other keys are ignored, heads count as unsigned.
 * Findings come signed first, then by position.
 */
export function compareWithWitness(
  workspaceId: string,
  logSeq: number,
  blindedAt: (seq: number) => string | undefined,
  w: Pick<WitnessContents, 'heads' | 'checkpoints'>,
  keyFor: (keyId: string) => string | null,
): WitnessFinding[] {
  const findings: WitnessFinding[] = [];
  // The furthest signed and unsigned positions beyond the log's end, each reported once.
  const behind: Record<'signed' | 'unsigned', Extract<WitnessFinding, { kind: 'behind' }> | null> = { signed: null, unsigned: null };
  const seen = (h: WitnessHead, signed: boolean) => {
    if (h.seq > logSeq) {
      const k = signed ? 'signed' : 'unsigned';
      if (!behind[k] || h.seq > behind[k].witnessSeq) behind[k] = { kind: 'behind', logSeq, witnessSeq: h.seq, signed, time: h.time };
      return;
    }
    if (blindedAt(h.seq) !== h.blinded && !findings.some((f) => f.kind === 'mismatch' && f.seq === h.seq && f.signed === signed)) {
      findings.push({ kind: 'mismatch', seq: h.seq, signed, time: h.time });
    }
  };
  for (const c of w.checkpoints) {
    const key = keyFor(c.keyId);
    if (key === null) continue;
    if (!verifyText(key, witnessCheckpointText(workspaceId, c), c.signature)) {
      findings.push({ kind: 'bad-signature', seq: c.seq });
      continue;
    }
    seen(c, true);
  }
  for (const h of w.heads) seen(h, false);
  if (behind.signed) findings.push(behind.signed);
  if (behind.unsigned && !behind.signed) findings.push(behind.unsigned);
  const rank = (f: WitnessFinding) => (f.kind === 'bad-signature' ? 0 : f.signed ? 1 : 2);
  return findings.sort((a, b) => rank(a) - rank(b));
}
