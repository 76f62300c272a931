/**
 * Where a round's sector assessment stands: per sector what was sent and what came back, and per
 * candidate the answers side by side, under the candidate's pseudonym (never a CPR number), with
 * the outcome the rules give. A packet has one row per citizen, so a family has one row per member
 * in each sector that serves them; the rules read every one of those rows:
 *   - any "nej", about any member, excludes;
 *   - otherwise, while a row sent is unanswered, the candidate waits (pending);
 *   - otherwise any "ved ikke" needs the screener's decision (packets/unsure.ts), and once it is
 *     made the candidate is suitable (included) or excluded by it;
 *   - otherwise the candidate is suitable.
 * The start date is the latest of the rows' earliest dates ("nu" counts as the day it was
 * answered, "ikke relevant" sets none). When a sector's "ikke før dato" set it, it is also the day
 * to ask again; that day stays after it has come (it is then due), and an excluded candidate has none.
 */
import type { Database } from 'sql.js';
import type { Sector } from '../../../shared/extract-format';
import type { PacketStatus } from '../../../shared/packets';
import { all } from '../base/database';

type Candidate = PacketStatus['candidates'][number];
type Answer = Candidate['answers'][number];
type Decision = NonNullable<Candidate['decision']>;
/** One row sent (a citizen in a sector's packet) with its answer, if any, and the day it was answered. */
type Row = Answer & { day: string | null };

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * One row per citizen sent to a sector, however often the packets were sent (a lost packet or
 * passphrase is sent again): the answered one if any answer came back (the latest), else the
 * latest sending. Without this a second sending would count every citizen twice. The partition is
 * the citizen, not the candidate: a family's members are each their own row, and keeping one per
 * candidate would drop the others' answers (a "nej" among them) and their missing ones.
 */
const LATEST = `WITH sent AS (
  SELECT p.sector, p.deadline, r.candidate, r.cpr, a.reference AS answered, a.suitable, a.reason, a.timing, a.date, a.comment, a.answered_day,
         row_number() OVER (PARTITION BY p.sector, r.candidate, r.cpr ORDER BY a.reference IS NOT NULL DESC, a.imported_at DESC, p.id DESC) AS n
  FROM packet p JOIN packet_row r ON r.packet_id = p.id LEFT JOIN packet_answer a ON a.reference = r.reference
  WHERE p.round_id = ?)`;

export function packetStatus(db: Database, roundId: number, today: string): PacketStatus {
  return { roundId, sectors: sectorStatus(db, roundId, today), candidates: assessedCandidates(db, roundId) };
}

/**
 * What the sectors still owe across every round, as two counts and nothing else (for the menu):
 * answers missing (the sectors' `missing`, one per sector and candidate), and how many of those
 * are past their deadline.
 */
export function answersWaiting(db: Database, today: string): { missing: number; overdue: number; unsent: number[] } {
  const sectors = all(db, 'SELECT DISTINCT round_id FROM packet').flatMap((r) => sectorStatus(db, Number(r.round_id), today));
  // Approved rounds whose sector packets were never made: the start page says what to do next.
  const unsent = all(db, "SELECT id FROM round WHERE state = 'approved' AND id NOT IN (SELECT round_id FROM packet) ORDER BY id").map((r) => Number(r.id));
  return { missing: sectors.reduce((n, s) => n + s.missing, 0), overdue: sectors.reduce((n, s) => n + (s.overdue ? s.missing : 0), 0), unsent };
}

/**
 * Per sector, counted in candidates (what the screener acts on): sent, answered and missing. A
 * family counts as answered by a sector only when every member's row is, so one member left blank
 * keeps it missing, as it keeps the family pending.
 */
function sectorStatus(db: Database, roundId: number, today: string): PacketStatus['sectors'] {
  const packets = new Map(all(db, 'SELECT sector, count(*) AS n FROM packet WHERE round_id = ? GROUP BY sector', [roundId]).map((r) => [String(r.sector), Number(r.n)]));
  return all(
    db,
    `${LATEST}, candidate AS (SELECT sector, max(deadline) AS deadline, count(answered) = count(*) AS done FROM sent WHERE n = 1 GROUP BY sector, candidate)
     SELECT sector, count(*) AS sent, sum(done) AS answered, max(deadline) AS deadline FROM candidate GROUP BY sector ORDER BY sector`,
    [roundId],
  ).map((s) => {
    const missing = Number(s.sent) - Number(s.answered);
    return { sector: String(s.sector) as Sector, packets: packets.get(String(s.sector)) ?? 0, sent: Number(s.sent), answered: Number(s.answered), missing, deadline: String(s.deadline), overdue: missing > 0 && today > String(s.deadline) };
  });
}

/** The round's candidates as the sectors' answers and the screener's decisions leave them (without the sectors' counts). */
export function assessedCandidates(db: Database, roundId: number): Candidate[] {
  const byCandidate = new Map<string, Row[]>();
  for (const r of all(
    db,
    `${LATEST} SELECT candidate, sector, suitable, reason, timing, date, comment, answered_day FROM sent WHERE n = 1 ORDER BY candidate, sector, cpr`,
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
  const decisions = new Map(
    all(db, 'SELECT pseudonym, decision, reason, comment, decided_by, decided_at FROM unsure_decision WHERE round_id = ?', [roundId]).map((d) => [
      String(d.pseudonym),
      { decision: String(d.decision), reason: String(d.reason), comment: String(d.comment), by: String(d.decided_by), at: String(d.decided_at) } as Decision,
    ]),
  );
  return [...byCandidate].map(([pseudonym, rows]) => aggregate(pseudonym, rows, decisions.get(pseudonym) ?? null));
}

/** What the sectors' answers alone say about a candidate, before any decision of the screener. */
export function sectorsOutcome(rows: readonly Pick<Answer, 'suitable'>[]): Candidate['outcome'] {
  const said = (v: Answer['suitable']) => rows.some((r) => r.suitable === v);
  return said('nej') ? 'excluded' : said(null) ? 'pending' : said('ved ikke') ? 'needs-decision' : 'suitable';
}

/** The earliest day a row allows: the day a "nu" was answered, or the "ikke før dato" date. */
const earliestOf = (r: Row) => (r.timing === 'nu' ? r.day : r.timing === 'ikke før dato' ? r.date : null);

/** How much a row weighs in the outcome, least first: a "nej", then a missing answer, a "ved ikke", a "ja". */
const WEIGHT = new Map<Answer['suitable'], number>([
  ['nej', 0],
  [null, 1],
  ['ved ikke', 2],
  ['ja', 3],
]);
const weighsMore = (a: Row, b: Row) => {
  const [wa, wb] = [WEIGHT.get(a.suitable)!, WEIGHT.get(b.suitable)!];
  return wa < wb || (wa === wb && (earliestOf(a) ?? '') > (earliestOf(b) ?? ''));
};

/**
 * One answer per sector for the screen, which shows the sectors side by side: of a family's rows
 * in a sector, the one that weighs most in the outcome (then the one setting the latest start,
 * then the first), so the cell explains the outcome and its dates. The outcome of these equals
 * that of every row, which packets/unsure.ts relies on.
 */
function perSector(rows: readonly Row[]): Row[] {
  const shown = new Map<Sector, Row>();
  for (const r of rows) {
    const before = shown.get(r.sector);
    if (!before || weighsMore(r, before)) shown.set(r.sector, r);
  }
  return [...shown.values()];
}

/**
 * The candidate's outcome and dates, over every row sent (one per citizen and sector; a family
 * has several). `decision` counts only where the sectors' answers alone need it ("ved ikke", no
 * "nej", none missing): a "nej" still excludes whatever was decided.
 */
export function aggregate(pseudonym: string, rows: readonly Row[], decision: Decision | null = null): Candidate {
  const bySectors = sectorsOutcome(rows);
  const outcome: Candidate['outcome'] = bySectors === 'needs-decision' && decision ? (decision.decision === 'include' ? 'suitable' : 'excluded') : bySectors;
  const earliest = rows.map(earliestOf).filter((d): d is string => d !== null);
  const startDate = outcome === 'excluded' || earliest.length === 0 ? null : earliest.reduce((a, b) => (b > a ? b : a));
  // Asked again only where a sector's "not before" is what sets the start (not a later "now").
  const notBefore = rows.filter((r) => r.timing === 'ikke før dato' && r.date !== null).map((r) => r.date!);
  return {
    pseudonym,
    answers: perSector(rows).map(({ day: _day, ...a }) => a),
    outcome,
    startDate,
    askAgain: startDate !== null && notBefore.includes(startDate) ? startDate : null,
    decision: bySectors === 'needs-decision' ? decision : null,
  };
}
