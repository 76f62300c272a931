/**
 * `tvaerblik` command line. Plain Node; shares the engine's code so the rules are the same.
 * Exit codes: 0 success, 1 the checked thing is invalid, 2 usage or input error.
 */
import { readFile } from 'node:fs/promises';
import { verifyExport, type ExportReport, type TrustAnchor } from '../engine/audit/export';
import { formatFingerprint, parseFingerprint, parseKeyFile } from '../engine/base/audit-log/log-key';
import { decryptWith, isAgeFile, parseIdentityFile } from '../engine/base/crypto/age';
import { EngineError } from '../engine/base/errors';
import { bundledWorkers } from '../engine/base/node-host';
import type { WorkerHost } from '../engine/base/worker-run';
import { parseScale, writeDemo } from './commands/demo';
import { formatReport, validateFile } from './commands/validate';
import { formatScreen, ScreenInputError, screenFiles } from './commands/screen';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Record<string, string | undefined>;
  /** Where extracts are parsed: the bundled worker beside the CLI bundle unless a test gives its own. */
  workers?: WorkerHost;
}

/** Each command with its usage text: `tvaerblik COMMAND --help` prints its own. */
const USAGE = {
  'verify-log': `  tvaerblik verify-log FILE --trusted-key KEY [--trusted-key KEY]... [--witness WITNESS] [--identity KEYFILE] [--json]
      Verifies an exported access log offline: hash chain, checkpoints and signed footer, against
      the data-protection officer's key only. KEY is the key file saved from the Audit screen, or
      the key's fingerprint as written on paper (64 hex digits; spaces allowed; the key is then
      taken from the export). Keys inside the export are never trusted on their own word.
      WITNESS is the witness file (by default workspace.tvaerblik.witness, or where the DPO put
      it): the log must extend every checkpoint in it signed by a trusted key.
      An age-encrypted export (*.jsonl.age) is opened with --identity (an age identity file)
      or with the export passphrase in the environment variable TVAERBLIK_EXPORT_PASSPHRASE.
      Exit 0 when valid; 1 with the first bad position and the reason when not; 2 on usage
      or input errors.`,
  validate: `  tvaerblik validate FILE [--identity KEYFILE] [--json] [--demo]
      Checks an extract before it is sent: the same reader and rules as the app. Prints the
      receipt and every rejected row (row, column, reason). Exit 0 when the file imports as it
      is, 1 when not. A file with nothing ongoing exits 0 and says that the screening unit must
      confirm it (--json: "empty": true). --demo accepts fictitious CPR numbers (day + 60), as a
      demo workspace does.`,
  demo: `  tvaerblik demo --out DIR [--scale small|city|copenhagen|stress] [--seed N]
      Writes the synthetic municipality (fictitious people only) as age-encrypted extracts, one
      per source system plus family relations, and the identity that opens them.`,
  screen: `  tvaerblik screen --identity KEYFILE --criteria FILE EXTRACT... [--json] [--reveal] [--demo] [--accept-rejected]
      Screens the extracts with the app's own engine, in memory, writing nothing: imports each
      (same rules as the app), applies the criteria (JSON, see docs/criteria.md) and prints the
      funnel and the candidates with every rule's value and threshold. CPR numbers are shown as
      pseudonyms (stable for the same key) unless --reveal is given. A file with rejected rows
      stops the run unless --accept-rejected is given. Exit 0 on success, 2 on input errors.`,
} as const;
type Command = keyof typeof USAGE;

const HELP = `tvaerblik — command line for Tværblik (central screening unit)

Usage:
${Object.values(USAGE).join('\n')}
  tvaerblik --help, tvaerblik COMMAND --help
      Shows this text, or one command's.
`;

const BOOLEAN_FLAGS = new Set(['--json', '--help', '-h', '--demo', '--reveal', '--accept-rejected']);
const VALUE_FLAGS = new Set(['--trusted-key', '--witness', '--identity', '--criteria', '--out', '--scale', '--seed']);

/** Flags: the last value of each, and every value of each (for flags that may be repeated). */
function parseArgs(args: string[]): { positional: string[]; flags: Map<string, string | true>; many: Map<string, string[]> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const many = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (BOOLEAN_FLAGS.has(a)) flags.set(a === '-h' ? '--help' : a, true);
    else if (a.startsWith('--')) {
      if (!VALUE_FLAGS.has(a)) throw new UsageError(`unknown option ${a} (tvaerblik --help lists them)`);
      const v = args[i + 1];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      flags.set(a, v);
      many.set(a, [...(many.get(a) ?? []), v]);
      i++;
    } else positional.push(a);
  }
  return { positional, flags, many };
}

/** A trusted key: a key file, or a fingerprint from paper. */
async function trustAnchor(arg: string): Promise<TrustAnchor> {
  const text = await readFile(arg, 'utf8').catch(() => null);
  if (text !== null) {
    const key = parseKeyFile(text);
    if (!key) throw new UsageError(`${arg} holds no Tværblik log key (a line starting tvaerblik-log-key-v1)`);
    return key;
  }
  const keyId = parseFingerprint(arg);
  if (keyId) return { keyId, publicDer: null };
  throw new UsageError(`--trusted-key ${arg}: no such file, and not a fingerprint (64 hex digits)`);
}

function formatVerify(r: ExportReport): string {
  if (!r.ok) return `INVALID${r.position !== null ? ` at entry ${r.position}` : ''}${r.line ? ` (line ${r.line})` : ''}: ${r.reason}`;
  const lines = [
    `OK: ${r.entries} entries, ${r.checkpoints} checkpoints signed by a trusted key${r.unchecked ? ` (${r.unchecked} signed by other keys, not checked)` : ''}, signed footer valid (key ${formatFingerprint(r.signedBy ?? '')}).`,
  ];
  if (r.witnessed) lines.push(`The log extends the witnessed checkpoint at entry ${r.witnessed.seq} (${r.witnessed.time}).`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

class UsageError extends Error {}

async function verifyLog(args: string[], io: Io): Promise<number> {
  const { positional, flags, many } = parseArgs(args);
  if (positional.length !== 1) throw new UsageError('verify-log takes exactly one FILE');
  const file = positional[0]!;
  const anchors = many.get('--trusted-key') ?? [];
  if (!anchors.length) {
    throw new UsageError("verify-log needs --trusted-key: the data-protection officer's key file (saved from the Audit screen) or its fingerprint");
  }
  const trusted = await Promise.all(anchors.map(trustAnchor));
  const witnessFile = flags.get('--witness');
  const witness = typeof witnessFile === 'string' ? await readFile(witnessFile, 'utf8').catch(() => {
    throw new UsageError(`cannot read ${witnessFile}`);
  }) : undefined;
  let bytes: Uint8Array = await readFile(file).catch(() => {
    throw new UsageError(`cannot read ${file}`);
  });
  if (isAgeFile(bytes)) {
    const idFile = flags.get('--identity');
    const passphrase = io.env.TVAERBLIK_EXPORT_PASSPHRASE;
    if (typeof idFile !== 'string' && !passphrase) {
      throw new UsageError('the export is encrypted: give --identity KEYFILE or set TVAERBLIK_EXPORT_PASSPHRASE');
    }
    const identities = typeof idFile === 'string' ? parseIdentityFile(await readFile(idFile, 'utf8')) : [];
    try {
      bytes = await decryptWith({ identities, ...(passphrase ? { passphrase } : {}) }, bytes);
    } catch (e) {
      throw new UsageError(e instanceof EngineError && e.code === 'WRONG_CREDENTIALS' ? 'the key does not open this export' : 'the export file is damaged');
    }
  }
  const report = verifyExport(new TextDecoder().decode(bytes), { trusted, ...(witness !== undefined ? { witness } : {}) });
  io.out(flags.get('--json') ? JSON.stringify(report) : formatVerify(report));
  return report.ok ? 0 : 1;
}

async function validate(args: string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args);
  if (positional.length !== 1) throw new UsageError('validate takes exactly one FILE');
  const identityFile = flags.get('--identity');
  let report;
  try {
    report = await validateFile(positional[0]!, {
      identityFile: typeof identityFile === 'string' ? identityFile : undefined,
      demo: flags.has('--demo'),
      today: new Date(),
      workers: io.workers ?? bundledWorkers(),
    });
  } catch (e) {
    if (e instanceof EngineError) throw new UsageError(e.message);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`cannot read ${positional[0]}`);
    throw e;
  }
  io.out(flags.get('--json') ? JSON.stringify(report) : formatReport(report));
  return report.importable ? 0 : 1;
}

async function screen(args: string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args);
  const identityFile = flags.get('--identity');
  const criteriaFile = flags.get('--criteria');
  if (typeof identityFile !== 'string' || typeof criteriaFile !== 'string') throw new UsageError('screen needs --identity KEYFILE and --criteria FILE');
  if (positional.length === 0) throw new UsageError('screen needs at least one EXTRACT');
  try {
    const report = await screenFiles({
      identityFile,
      criteriaFile,
      extracts: positional,
      demo: flags.has('--demo'),
      acceptRejected: flags.has('--accept-rejected'),
      reveal: flags.has('--reveal'),
      today: new Date(),
      workers: io.workers ?? bundledWorkers(),
    });
    io.out(flags.get('--json') ? JSON.stringify(report) : formatScreen(report));
    return 0;
  } catch (e) {
    if (e instanceof ScreenInputError) throw new UsageError(e.message);
    throw e;
  }
}

async function demo(args: string[], io: Io): Promise<number> {
  const { flags } = parseArgs(args);
  const out = flags.get('--out');
  if (typeof out !== 'string') throw new UsageError('demo needs --out DIR');
  const seedFlag = flags.get('--seed');
  const seed = typeof seedFlag === 'string' ? Number(seedFlag) : 2026;
  if (!Number.isInteger(seed)) throw new UsageError('--seed takes a whole number');
  let scale;
  try {
    scale = parseScale(typeof flags.get('--scale') === 'string' ? (flags.get('--scale') as string) : undefined);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  await writeDemo(out, scale, seed, new Date(), io.out);
  return 0;
}

const RUN: Record<Command, (args: string[], io: Io) => Promise<number>> = { 'verify-log': verifyLog, validate, demo, screen };

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP);
      return command ? 0 : 2;
    }
    if (!Object.hasOwn(RUN, command)) throw new UsageError(`unknown command ${command}`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`Usage:\n${USAGE[command as Command]}\n`);
      return 0;
    }
    return await RUN[command as Command](rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`tvaerblik: ${e.message}\nSee 'tvaerblik --help'.`);
      return 2;
    }
    io.err(`tvaerblik: unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}
