/**
 * What the screen sees of a candidate: pseudonyms, age bands, sectors, counts and the rules. The
 * one place an engine candidate (with CPR numbers) becomes a view (without them).
 */
import { ageBandOf, type CandidateView } from '../../../shared/screening';
import type { Pseudonymiser } from '../base/crypto/pseudonym';
import type { Candidate } from './evaluate';

/** A candidate with the pseudonyms it has in one list. */
export interface NamedCandidate extends Candidate {
  pseudonym: string;
  memberPseudonyms: string[];
}

export function nameCandidate(c: Candidate, unit: 'person' | 'family', name: Pseudonymiser): NamedCandidate {
  const memberPseudonyms = c.members.map((cpr) => name('P', cpr));
  return { ...c, pseudonym: unit === 'person' ? memberPseudonyms[0]! : name('F', c.key), memberPseudonyms };
}

export function candidateView(c: NamedCandidate, unit: 'person' | 'family'): CandidateView {
  return {
    pseudonym: c.pseudonym,
    unit,
    members: c.memberPseudonyms.map((pseudonym, i) => ({ pseudonym, ageBand: ageBandOf(c.ages[i]!) })),
    sectors: c.sectors,
    counts: c.counts,
    rules: c.rules,
  };
}
