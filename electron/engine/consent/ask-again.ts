/**
 * Who to ask again: a sector said "ikke før dato", so the candidate's start date (packets/status.ts)
 * is the day to ask again. The reminder stands, per approved round, until every member of the
 * candidate has a step in the round's consent register (they have been contacted, whatever they
 * said). Only finally selected (suitable) candidates are listed: an excluded one has nothing to
 * ask, and one pending or awaiting the screener's decision cannot be contacted yet, so it comes on
 * once the answers or the decision make it suitable. Pseudonyms, dates and counts only.
 */
import type { Database } from 'sql.js';
import { ASK_AGAIN_SOON_DAYS, type AskAgain } from '../../../shared/consent';
import { dayOfIso, isoOfDay } from '../../../shared/dates';
import { toAskAgain } from '../../../shared/packets';
import { all } from '../base/database';
import { assessedCandidates } from '../packets/status';

export function askAgain(db: Database, roundIds: readonly number[], today: string): AskAgain {
  const rounds = roundIds.map((roundId) => {
    const contacted = new Set(all(db, 'SELECT DISTINCT cpr FROM consent_step WHERE round_id = ?', [roundId]).map((r) => String(r.cpr)));
    const members = new Map<string, string[]>();
    for (const r of all(
      db,
      `SELECT c.pseudonym, m.cpr FROM round o JOIN run_candidate c ON c.run_id = o.run_id JOIN run_candidate_member m ON m.run_id = c.run_id AND m.pos = c.pos WHERE o.id = ?`,
      [roundId],
    )) {
      const list = members.get(String(r.pseudonym)) ?? [];
      list.push(String(r.cpr));
      members.set(String(r.pseudonym), list);
    }
    const candidates = assessedCandidates(db, roundId)
      .filter(toAskAgain)
      .map((c) => ({ pseudonym: c.pseudonym, date: c.askAgain!, cprs: members.get(c.pseudonym) ?? [] }))
      .filter((c) => !c.cprs.every((cpr) => contacted.has(cpr)))
      .sort((a, b) => a.date.localeCompare(b.date) || a.pseudonym.localeCompare(b.pseudonym))
      .map((c) => ({ pseudonym: c.pseudonym, date: c.date, citizens: c.cprs.length, due: c.date <= today }));
    return { roundId, candidates };
  });
  return { today, soonUntil: isoOfDay(dayOfIso(today) + ASK_AGAIN_SOON_DAYS), rounds };
}
