/** Candidates' identities: the one way a CPR number and a name reach the screen, with a purpose. */
import { z } from 'zod';
import { Id, type MethodSpec, method } from './method';
import { PseudonymSchema, REVEAL_PURPOSES, RevealSchema } from '../screening';
import { CandidateDetailSchema } from '../candidate-detail';
import { cprNumbersIn } from '../cpr';

export const candidatesMethods = {
  /**
   * Shows the CPR numbers and names behind one candidate of a saved list, for a purpose chosen
   * from a short list and said in words. Logged with every CPR number it shows. Screening staff
   * review candidates and supervisors approve lists; no one else needs to know who they are.
   */
  'candidates.reveal': method({
    input: z.strictObject({
      runId: Id,
      pseudonym: PseudonymSchema,
      purpose: z.enum(REVEAL_PURPOSES),
      /**
       * Why, in the user's own words: the log keeps it, so it may name no other citizen (a CPR
       * number in it would reach that citizen's export of the log).
       */
      reason: z
        .string()
        .trim()
        .min(5)
        .max(500)
        .refine((text) => cprNumbersIn(text).length === 0, { message: 'a CPR number may not be written in the reason' }),
    }),
    output: RevealSchema,
    access: ['screener', 'supervisor'],
    audit: { action: 'candidates.reveal', purpose: 'udsøgning' },
    mutates: false,
  }),
  /**
   * One candidate of a saved list in detail, behind pseudonyms: members with age bands, each
   * sector's services now (in words, with start and planned end or review) and its number of
   * caseworkers (never their names), every rule with the value found, and whether the data loaded
   * now is what the list was made on. Logged with every member's CPR number.
   */
  'candidates.detail': method({
    input: z.strictObject({ runId: Id, pseudonym: PseudonymSchema }),
    output: CandidateDetailSchema,
    access: ['screener', 'supervisor'],
    audit: { action: 'candidates.detail', purpose: 'udsøgning' },
    mutates: false,
  }),
} as const satisfies Record<string, MethodSpec>;
