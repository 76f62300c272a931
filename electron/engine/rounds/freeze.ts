/**
 * The approved list's fingerprint: SHA-256 over a canonical form of what was approved, so anyone
 * with the workspace can later show that the list is the one approved (docs/review-and-approval.md
 * documents the form). It names candidates and members by their pseudonyms on the run, never by
 * CPR number: the hash is shown and logged, and a hash over the CPR numbers of a short list could
 * be reversed by trying every possible CPR number.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'sql.js';
import { all, one } from '../base/database';

export const CANONICAL_FORMAT = 'tvaerblik-round-v1';

/** Code-unit order: pseudonyms are ASCII, so this is byte order too, and no locale is involved. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function canonicalForm(db: Database, roundId: number): string {
  const head = one(db, 'SELECT r.run_id, u.set_id, u.version FROM round r JOIN run u ON u.id = r.run_id WHERE r.id = ?', [roundId])!;
  const members = new Map<string, string[]>();
  for (const m of all(db, 'SELECT c.pseudonym, m.pseudonym AS member FROM run_candidate c JOIN run_candidate_member m ON m.run_id = c.run_id AND m.pos = c.pos WHERE c.run_id = ?', [head.run_id!])) {
    const p = String(m.pseudonym);
    if (!members.has(p)) members.set(p, []);
    members.get(p)!.push(String(m.member));
  }
  const decided = new Map(all(db, 'SELECT pseudonym, decision, reason, comment FROM round_decision WHERE round_id = ?', [roundId]).map((d) => [String(d.pseudonym), d]));
  const candidates = [...members.keys()].sort(byText).map((p) => {
    const d = decided.get(p);
    // Keys in this order, written by JSON.stringify: the form is exactly this text.
    return { pseudonym: p, members: members.get(p)!.sort(byText), decision: d ? String(d.decision) : null, reason: d ? String(d.reason) : null, comment: d ? String(d.comment) : null };
  });
  return JSON.stringify({ format: CANONICAL_FORMAT, run: Number(head.run_id), criteria: { set: Number(head.set_id), version: Number(head.version) }, candidates });
}

export const roundHash = (db: Database, roundId: number) => createHash('sha256').update(canonicalForm(db, roundId), 'utf8').digest('hex');
