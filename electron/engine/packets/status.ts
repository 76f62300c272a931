/**
 * Where a round's sector assessment stands: per sector what was sent and what came back, and per
 * candidate the answers side by side, under the candidate's pseudonym (never a CPR number), with
 * the outcome the rules give:
 *   - any "nej" excludes;
 *   - otherwise, while an answer is missing, the candidate waits (pending);
 *   - otherwise any "ved ikke" needs the screener's decision;
 *   - otherwise the candidate is suitable.
 * The start date is the latest of the sectors' earliest dates ("nu" counts as the day it was
 * answered, "ikke relevant" sets none); when it lies ahead because a sector said "ikke før dato",
 * it is also the day to ask again.
 */
import type { Database } from 'sql.js';
import type { Sector } from '../../../shared/extract-format';
import type { PacketStatus } from '../../../shared/packets';
import { all } from '../base/database';

type Candidate = PacketStatus['candidates'][number];
type Answer = Candidate['answers'][number];

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function packetStatus(db: Database, roundId: number, today: string): PacketStatus {
  const sectors = all(
    db,
    `SELECT p.sector, count(DISTINCT p.id) AS packets, count(r.reference) AS sent, count(a.reference) AS answered, max(p.deadline) AS deadline
     FROM packet p JOIN packet_row r ON r.packet_id = p.id LEFT JOIN packet_answer a ON a.reference = r.reference
     WHERE p.round_id = ? GROUP BY p.sector ORDER BY p.sector`,
    [roundId],
  ).map((s) => {
    const missing = Number(s.sent) - Number(s.answered);
    return { sector: String(s.sector) as Sector, packets: Number(s.packets), sent: Number(s.sent), answered: Number(s.answered), missing, deadline: String(s.deadline), overdue: missing > 0 && today > String(s.deadline) };
  });
  const byCandidate = new Map<string, (Answer & { day: string | null })[]>();
  for (const r of all(
    db,
    `SELECT r.candidate, p.sector, a.suitable, a.reason, a.timing, a.date, a.comment, a.answered_day
     FROM packet p JOIN packet_row r ON r.packet_id = p.id LEFT JOIN packet_answer a ON a.reference = r.reference
     WHERE p.round_id = ? ORDER BY r.candidate, p.sector`,
    [roundId],
  )) {
    const list = byCandidate.get(String(r.candidate)) ?? [];
    list.push({
      sector: String(r.sector) as Sector,
      suitable: text(r.suitable) as Answer['suitable'],
      reason: text(r.reason) as Answer['reason'],
      timing: text(r.timing) as Answer['timing'],
      date: text(r.date),
      comment: text(r.comment) ?? '',
      day: text(r.answered_day),
    });
    byCandidate.set(String(r.candidate), list);
  }
  const candidates = [...byCandidate].map(([pseudonym, rows]) => aggregate(pseudonym, rows, today));
  return { roundId, sectors, candidates };
}

export function aggregate(pseudonym: string, rows: readonly (Answer & { day: string | null })[], today: string): Candidate {
  const said = (v: Answer['suitable']) => rows.some((r) => r.suitable === v);
  const outcome: Candidate['outcome'] = said('nej') ? 'excluded' : said(null) ? 'pending' : said('ved ikke') ? 'needs-decision' : 'suitable';
  const earliest = rows.map((r) => (r.timing === 'nu' ? r.day : r.timing === 'ikke før dato' ? r.date : null)).filter((d): d is string => d !== null);
  const startDate = outcome === 'excluded' || earliest.length === 0 ? null : earliest.reduce((a, b) => (b > a ? b : a));
  const notNow = rows.some((r) => r.timing === 'ikke før dato');
  return {
    pseudonym,
    answers: rows.map(({ day: _day, ...a }) => a),
    outcome,
    startDate,
    askAgain: notNow && startDate !== null && startDate > today ? startDate : null,
  };
}
