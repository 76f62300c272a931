/**
 * The access-log export: JSON Lines that can be verified offline (`tvaerblik verify-log`).
 *
 *   {"type":"header", format, version: 2, workspaceId, unitName, keys, subject, witnessKey, exportedAt, exportedBy}
 *   {"type":"entry", ...AuditEntry, cprs}      (in sequence order)
 *   {"type":"checkpoint", seq, hash, time, keyId, signature}
 *   {"type":"footer", entries, lastSeq, digest, checkpoints, checkpointsDigest, keyId, signature}
 *
 * The footer is signed by the exporting data-protection officer's log key and covers the header,
 * a digest of every exported entry hash and a digest of every checkpoint, so a removed last line,
 * an added line, a changed header or removed checkpoints are detected even when only one
 * subject's entries (a citizen's request for their lookups) are exported and the chain has gaps.
 *
 * Nothing in the file is trusted on its own word: `keys` in the header only says which keys the
 * workspace knew. The verifier is given the keys to trust (the DPO's key file, or its fingerprint
 * from paper), and checks the footer and checkpoints against those only; with a witness file it
 * also requires the log to extend every checkpoint the witness holds that a trusted key signed
 * before the export was made (and to agree with those signed after, as far as it reaches).
 * A version 1 export (signed with a key kept in the database, which any user could use) is refused.
 */
import { z } from 'zod';
import { normaliseCpr } from '../../../shared/cpr';
import { AuditEntrySchema, type AuditEntry, type VerifyReport } from '../../../shared/schemas';
import { entryHash, sha256hex, signText, verifyChain, verifyText, type Checkpoint } from '../base/audit-log/chain';
import { formatFingerprint, keyIdOf, type LogSigner } from '../base/audit-log/log-key';
import { blind, compareWithWitness, parseWitness } from '../base/audit-log/witness';

export const EXPORT_FORMAT = 'tvaerblik-audit-log';

const KeyLine = z.strictObject({ keyId: z.string(), publicKey: z.string(), holder: z.string() });
const HeaderLine = z.strictObject({
  type: z.literal('header'),
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(2),
  workspaceId: z.string(),
  unitName: z.string(),
  /** Every DPO key the workspace knew, for reference: the verifier trusts only the keys it is given. */
  keys: z.array(KeyLine),
  subject: z.string().nullable(),
  /** A full export's witness key (base64): the witness file's values are the entry hashes blinded with it. Null for one citizen's. */
  witnessKey: z.string().nullable(),
  exportedAt: z.string(),
  exportedBy: z.string(),
});
type Header = z.infer<typeof HeaderLine>;
/**
 * A full export carries every CPR number each entry names, so the subject digests can be checked;
 * a citizen's export carries only that citizen's number, never the others on the same list.
 */
const EntryLine = AuditEntrySchema.extend({ type: z.literal('entry'), cprs: z.array(z.string()).default([]) });
type ExportedEntry = AuditEntry & { cprs: string[] };
const CheckpointLine = z.strictObject({
  type: z.literal('checkpoint'),
  seq: z.number(),
  hash: z.string(),
  time: z.string(),
  keyId: z.string(),
  signature: z.string(),
});
const FooterLine = z.strictObject({
  type: z.literal('footer'),
  entries: z.number(),
  lastSeq: z.number(),
  digest: z.string(),
  checkpoints: z.number(),
  checkpointsDigest: z.string(),
  keyId: z.string(),
  signature: z.string(),
});
type Footer = z.infer<typeof FooterLine>;

const footerText = (h: Header, f: Omit<Footer, 'type' | 'signature'>) =>
  `tvaerblik-export-v2|${JSON.stringify(h)}|${f.entries}|${f.lastSeq}|${f.digest}|${f.checkpoints}|${f.checkpointsDigest}|${f.keyId}`;
const digestOf = (entries: readonly AuditEntry[]) => sha256hex(entries.map((e) => e.hash).join('\n'));
const checkpointsDigestOf = (cps: readonly Checkpoint[]) => sha256hex(cps.map((c) => `${c.keyId}|${c.seq}|${c.hash}|${c.time}|${c.signature}`).join('\n'));

export function buildExport(
  h: Omit<Header, 'type' | 'format' | 'version'>,
  entries: readonly ExportedEntry[],
  checkpoints: readonly Checkpoint[],
  signer: LogSigner,
): string {
  const header: Header = { type: 'header', format: EXPORT_FORMAT, version: 2, ...h };
  const cps = [...checkpoints].sort((a, b) => a.seq - b.seq || a.keyId.localeCompare(b.keyId));
  const fields = {
    entries: entries.length,
    lastSeq: entries.at(-1)?.seq ?? 0,
    digest: digestOf(entries),
    checkpoints: cps.length,
    checkpointsDigest: checkpointsDigestOf(cps),
    keyId: signer.keyId,
  };
  const footer = { type: 'footer', ...fields, signature: signText(signer.privateKey, footerText(header, fields)) };
  const lines = [header, ...entries.map((e) => ({ type: 'entry', ...e })), ...cps.map((c) => ({ type: 'checkpoint', ...c })), footer];
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

export interface ExportReport extends VerifyReport {
  /** The line of the file where verification failed, when it failed. */
  line: number | null;
  /** Checkpoints signed by keys not given as trusted: not checked. */
  unchecked: number;
  /** The fingerprint of the trusted key that signed the footer, when it verified. */
  signedBy: string | null;
  /** The furthest checkpoint in the witness file, signed by a trusted key, that the log extends. */
  witnessed: { seq: number; time: string } | null;
  /** What does not make the export invalid but should be looked at (unsigned witness heads …). */
  warnings: string[];
}

/** A key to trust: from a key file (with its public key) or a fingerprint from paper (the key is then taken from the export). */
export interface TrustAnchor {
  keyId: string;
  publicDer: string | null;
}

export interface VerifyOptions {
  trusted: readonly TrustAnchor[];
  /** The witness file's text, when one is given. */
  witness?: string;
}

/**
 * A failed check. `position` is the entry at fault, only where one is: an entry edited, inserted,
 * reordered or about another subject, or, in a full export (whose entries are numbered without a
 * gap), the first one missing. A fault of the file as a whole (its header, a line that is no entry,
 * the footer, entries missing from a one-citizen export, which nothing says which) names no entry:
 * the line, where there is one, and the reason say what is wrong.
 */
const bad = (position: number | null, line: number | null, reason: string, entries = 0, checkpoints = 0): ExportReport => ({
  ok: false,
  entries,
  checkpoints,
  position,
  line,
  reason,
  unchecked: 0,
  signedBy: null,
  witnessed: null,
  warnings: [],
});

export function verifyExport(text: string, opts: VerifyOptions): ExportReport {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  // A file ends with a newline; one that gained a blank line or two at its end (an editor, a
  // copy) is still the same export. A blank line anywhere else is not.
  while (lines.length && lines.at(-1)!.trim() === '') lines.pop();
  const first = safeJson(lines[0]);
  if (typeof first === 'object' && first !== null && (first as { type?: unknown; version?: unknown }).type === 'header' && (first as { version?: unknown }).version === 1) {
    return bad(null, 1, 'this export was made by an earlier version of Tværblik and signed with a key kept inside the workspace, which any user could use: it cannot be checked against a trusted key (export the log again)');
  }
  const header = HeaderLine.safeParse(first);
  if (!header.success) return bad(null, 1, 'line 1 is not a Tværblik access-log header');
  const h = header.data;

  // The keys to trust: those given with their public key, and fingerprints whose key the export carries.
  const trusted = new Map<string, string>();
  for (const t of opts.trusted) {
    if (t.publicDer !== null) trusted.set(t.keyId, t.publicDer);
    else {
      const k = h.keys.find((x) => x.keyId === t.keyId && keyIdOf(x.publicKey) === t.keyId);
      if (k) trusted.set(t.keyId, k.publicKey);
    }
  }
  const keyFor = (id: string) => trusted.get(id) ?? null;

  const entries: ExportedEntry[] = [];
  const entryLines: number[] = [];
  const checkpoints: Checkpoint[] = [];
  let footer: Footer | null = null;
  for (let i = 1; i < lines.length; i++) {
    const obj = safeJson(lines[i]);
    const lineNo = i + 1;
    if (footer) return bad(null, lineNo, `line ${lineNo} comes after the footer: inserted`);
    const type = typeof obj === 'object' && obj !== null ? (obj as { type?: unknown }).type : undefined;
    if (type === 'entry') {
      const e = EntryLine.safeParse(obj);
      if (!e.success) return bad(null, lineNo, `line ${lineNo} is not a valid entry`);
      const { type: _t, ...entry } = e.data;
      entries.push(entry);
      entryLines.push(lineNo);
    } else if (type === 'checkpoint') {
      const c = CheckpointLine.safeParse(obj);
      if (!c.success) return bad(null, lineNo, `line ${lineNo} is not a valid checkpoint`);
      const { type: _t, ...cp } = c.data;
      checkpoints.push(cp);
    } else if (type === 'footer') {
      const f = FooterLine.safeParse(obj);
      if (!f.success) return bad(null, lineNo, `line ${lineNo} is not a valid footer`);
      footer = f.data;
    } else {
      return bad(null, lineNo, `line ${lineNo} cannot be read`);
    }
  }
  const lineOf = (seq: number) => entryLines[entries.findIndex((e) => e.seq === seq)] ?? null;
  /** The line of entry `seq`, or, for one that is missing, the line where it belongs (that of the next entry there is). */
  const lineAt = (seq: number) => lineOf(seq) ?? entryLines[entries.findIndex((e) => e.seq > seq)] ?? null;
  let checked = 0;
  let unchecked = 0;

  if (h.subject === null) {
    // A full export: the whole chain from genesis must hold, and every checkpoint a trusted key signed.
    const cprsAt = new Map(entries.map((e) => [e.seq, e.cprs]));
    const r = verifyChain(h.workspaceId, entries, checkpoints, { keyFor, unknownKey: 'skip', subjectsAt: (seq) => cprsAt.get(seq) ?? [] });
    if (!r.ok) return { ...bad(r.position, r.position !== null ? lineAt(r.position) : null, r.reason ?? '', r.entries, r.checkpoints) };
    checked = r.checkpoints;
    unchecked = r.unchecked;
  } else {
    // One subject's entries: each must match its own hash and sequence order must rise.
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (entryHash(e) !== e.hash) return bad(e.seq, entryLines[i]!, `entry ${e.seq} does not match its hash: edited`, entries.length);
      if (i > 0 && e.seq <= entries[i - 1]!.seq) return bad(e.seq, entryLines[i]!, `entry ${e.seq} is out of order: reordered or inserted`, entries.length);
      const cpr = normaliseCpr(h.subject);
      const about = e.subject === h.subject || (cpr !== null && (normaliseCpr(e.subject) === cpr || e.cprs.includes(cpr)));
      if (!about) return bad(e.seq, entryLines[i]!, `entry ${e.seq} is about another subject: inserted`, entries.length);
    }
  }
  const lastSeq = entries.at(-1)?.seq ?? 0;
  const n = entries.length;
  // Without the footer nothing says how many entries there were: none is named.
  if (!footer) return bad(null, null, 'the signed footer is missing: the file is truncated', n, checked);
  const footerLine = lines.length;
  const footerKey = keyFor(footer.keyId);
  if (footerKey === null) {
    return bad(null, footerLine, `the export is signed by a key you did not give as trusted (fingerprint ${formatFingerprint(footer.keyId)}): it may be forged`, n, checked);
  }
  if (!verifyText(footerKey, footerText(h, footer), footer.signature)) {
    return bad(null, footerLine, 'the footer signature is invalid: header or footer changed', n, checked);
  }
  if (footer.entries !== entries.length || footer.lastSeq !== lastSeq) {
    // A full export's entries run without a gap (the chain checked that): the first missing one, or
    // the first one too many, is named. A one-citizen export's could have been any of them.
    const full = h.subject === null;
    const extra = entries[footer.entries];
    const position = !full ? null : footer.entries > entries.length ? lastSeq + 1 : (extra?.seq ?? null);
    const line = !full || footer.entries > entries.length ? null : extra ? lineOf(extra.seq) : null;
    return bad(position, line, `the footer vouches for ${footer.entries} entries up to ${footer.lastSeq}, the file has ${entries.length} up to ${lastSeq}: entries removed or added`, n, checked);
  }
  if (footer.digest !== digestOf(entries)) {
    return bad(null, null, 'the entries differ from those the footer signed', n, checked);
  }
  if (footer.checkpoints !== checkpoints.length || footer.checkpointsDigest !== checkpointsDigestOf(checkpoints)) {
    return bad(null, null, `the footer vouches for ${footer.checkpoints} checkpoints, the file has ${checkpoints.length} or others: checkpoints removed, added or changed`, n, checked);
  }

  const warnings: string[] = [];
  let witnessed: ExportReport['witnessed'] = null;
  if (opts.witness !== undefined) {
    if (h.subject !== null || h.witnessKey === null) warnings.push('the witness file is checked against full exports only, not one citizen’s');
    else {
      const key = Buffer.from(h.witnessKey, 'base64');
      const all = parseWitness(opts.witness, h.workspaceId);
      // What the witness saw after the export was made need not be in it, but must agree with what is.
      // (exportedAt is in the header, which the footer signs: an insider cannot backdate it.)
      const known = (x: { seq: number; time: string }) => x.time <= h.exportedAt || x.seq <= lastSeq;
      const w = { ...all, heads: all.heads.filter(known), checkpoints: all.checkpoints.filter(known) };
      const blindedAt = new Map(entries.map((e) => [e.seq, blind(key, e.seq, e.hash)]));
      for (const f of compareWithWitness(h.workspaceId, lastSeq, (seq) => blindedAt.get(seq), w, keyFor)) {
        if (f.kind === 'bad-signature') return bad(f.seq, null, `the witness file holds a checkpoint for entry ${f.seq} in a trusted key’s name whose signature is invalid: the witness file was altered`, n, checked);
        if (f.kind === 'behind' && f.signed) {
          return bad(lastSeq + 1, null, `the log ends at entry ${lastSeq}, but the witness holds a checkpoint for entry ${f.witnessSeq} signed ${f.time}: entries removed, or an older workspace`, n, checked);
        }
        if (f.kind === 'mismatch' && f.signed) {
          return bad(f.seq, lineOf(f.seq), `entry ${f.seq} differs from the checkpoint the witness holds for it (signed ${f.time}): history rewritten at or before entry ${f.seq}`, n, checked);
        }
        if (f.kind === 'behind') warnings.push(`the witness saw entries up to ${f.witnessSeq} (unsigned, ${f.time}); the log ends at ${lastSeq}`);
        if (f.kind === 'mismatch') warnings.push(`entry ${f.seq} differs from an unsigned head in the witness file (${f.time})`);
      }
      const good = w.checkpoints.filter((c) => keyFor(c.keyId) !== null && c.seq <= lastSeq && blindedAt.get(c.seq) === c.blinded).sort((a, b) => b.seq - a.seq)[0];
      if (good) witnessed = { seq: good.seq, time: good.time };
      else warnings.push('the witness file holds no checkpoint of this workspace signed by a trusted key');
      if (w.unreadable) warnings.push(`${w.unreadable} line(s) of the witness file cannot be read`);
    }
  }
  return { ok: true, entries: n, checkpoints: checked, position: null, line: null, reason: null, unchecked, signedBy: footer.keyId, witnessed, warnings };
}

function safeJson(line: string | undefined): unknown {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
