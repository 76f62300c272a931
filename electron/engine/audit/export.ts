/**
 * The access-log export: JSON Lines that can be verified offline (`tvaerblik verify-log`).
 *
 *   {"type":"header", format, version, workspaceId, unitName, publicKey, subject, exportedAt, exportedBy}
 *   {"type":"entry", ...AuditEntry}            (in sequence order)
 *   {"type":"checkpoint", seq, hash, time, signature}
 *   {"type":"footer", entries, lastSeq, digest, signature}
 *
 * The footer signs the header and a digest of every exported entry hash, so a removed last
 * line, an added line or a changed header is detected even when only one subject's entries
 * (a citizen's request for their lookups) are exported and the chain has gaps.
 */
import { z } from 'zod';
import { normaliseCpr } from '../../../shared/cpr';
import { AuditEntrySchema, type AuditEntry, type VerifyReport } from '../../../shared/schemas';
import { checkpointText, entryHash, sha256hex, signText, verifyChain, verifyText, type Checkpoint } from '../base/audit-log/chain';

export const EXPORT_FORMAT = 'tvaerblik-audit-log';

const HeaderLine = z.strictObject({
  type: z.literal('header'),
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  workspaceId: z.string(),
  unitName: z.string(),
  publicKey: z.string(),
  subject: z.string().nullable(),
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
  signature: z.string(),
});
const FooterLine = z.strictObject({
  type: z.literal('footer'),
  entries: z.number(),
  lastSeq: z.number(),
  digest: z.string(),
  signature: z.string(),
});

const footerText = (h: Header, entries: number, lastSeq: number, digest: string) =>
  `tvaerblik-export-v1|${JSON.stringify(h)}|${entries}|${lastSeq}|${digest}`;
const digestOf = (entries: readonly AuditEntry[]) => sha256hex(entries.map((e) => e.hash).join('\n'));

export function buildExport(
  h: Omit<Header, 'type' | 'format' | 'version'>,
  entries: readonly ExportedEntry[],
  checkpoints: readonly Checkpoint[],
  privateDer: string,
): string {
  const header: Header = { type: 'header', format: EXPORT_FORMAT, version: 1, ...h };
  const lastSeq = entries.at(-1)?.seq ?? 0;
  const digest = digestOf(entries);
  const footer = {
    type: 'footer',
    entries: entries.length,
    lastSeq,
    digest,
    signature: signText(privateDer, footerText(header, entries.length, lastSeq, digest)),
  };
  const lines = [header, ...entries.map((e) => ({ type: 'entry', ...e })), ...checkpoints.map((c) => ({ type: 'checkpoint', ...c })), footer];
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

export interface ExportReport extends VerifyReport {
  /** The line of the file where verification failed, when it failed. */
  line: number | null;
}

const bad = (position: number, line: number | null, reason: string, entries = 0, checkpoints = 0): ExportReport => ({
  ok: false,
  entries,
  checkpoints,
  position,
  line,
  reason,
});

export function verifyExport(text: string): ExportReport {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = HeaderLine.safeParse(safeJson(lines[0]));
  if (!header.success) return bad(0, 1, 'line 1 is not a Tværblik access-log header');
  const h = header.data;
  const entries: ExportedEntry[] = [];
  const entryLines: number[] = [];
  const checkpoints: Checkpoint[] = [];
  let footer: z.infer<typeof FooterLine> | null = null;
  for (let i = 1; i < lines.length; i++) {
    const obj = safeJson(lines[i]);
    const lineNo = i + 1;
    if (footer) return bad(entries.length + 1, lineNo, `line ${lineNo} comes after the footer: inserted`);
    const type = typeof obj === 'object' && obj !== null ? (obj as { type?: unknown }).type : undefined;
    if (type === 'entry') {
      const e = EntryLine.safeParse(obj);
      if (!e.success) return bad(entries.length + 1, lineNo, `line ${lineNo} is not a valid entry`);
      const { type: _t, ...entry } = e.data;
      entries.push(entry);
      entryLines.push(lineNo);
    } else if (type === 'checkpoint') {
      const c = CheckpointLine.safeParse(obj);
      if (!c.success) return bad(entries.length + 1, lineNo, `line ${lineNo} is not a valid checkpoint`);
      const { type: _t, ...cp } = c.data;
      checkpoints.push(cp);
    } else if (type === 'footer') {
      const f = FooterLine.safeParse(obj);
      if (!f.success) return bad(entries.length + 1, lineNo, `line ${lineNo} is not a valid footer`);
      footer = f.data;
    } else {
      return bad(entries.length + 1, lineNo, `line ${lineNo} cannot be read`);
    }
  }
  const lineOf = (seq: number) => entryLines[entries.findIndex((e) => e.seq === seq)] ?? null;

  if (h.subject === null) {
    // A full export: the whole chain from genesis must hold.
    const cprsAt = new Map(entries.map((e) => [e.seq, e.cprs]));
    const r = verifyChain(h.workspaceId, h.publicKey, entries, checkpoints, (seq) => cprsAt.get(seq) ?? []);
    if (!r.ok) return { ...r, line: r.position !== null ? lineOf(r.position) : null };
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
    for (const c of checkpoints) {
      if (!verifyText(h.publicKey, checkpointText(h.workspaceId, c), c.signature)) {
        return bad(c.seq, null, `checkpoint at entry ${c.seq} has an invalid signature`, entries.length, checkpoints.length);
      }
    }
  }
  const lastSeq = entries.at(-1)?.seq ?? 0;
  if (!footer) return bad(lastSeq + 1, lines.length + 1, 'the signed footer is missing: the file is truncated', entries.length, checkpoints.length);
  if (!verifyText(h.publicKey, footerText(h, footer.entries, footer.lastSeq, footer.digest), footer.signature)) {
    return bad(lastSeq + 1, lines.length, 'the footer signature is invalid: header or footer changed', entries.length, checkpoints.length);
  }
  if (footer.entries !== entries.length || footer.lastSeq !== lastSeq) {
    const position = footer.entries > entries.length ? lastSeq + 1 : (entries[footer.entries]?.seq ?? lastSeq);
    return bad(position, null, `the footer vouches for ${footer.entries} entries up to ${footer.lastSeq}, the file has ${entries.length} up to ${lastSeq}: entries removed or added`, entries.length, checkpoints.length);
  }
  if (footer.digest !== digestOf(entries)) {
    return bad(lastSeq, null, 'the entries differ from those the footer signed', entries.length, checkpoints.length);
  }
  return { ok: true, entries: entries.length, checkpoints: checkpoints.length, position: null, line: null, reason: null };
}

function safeJson(line: string | undefined): unknown {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
