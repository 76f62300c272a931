/**
 * After the sector assessment: notices to the caseworkers of the finally selected citizens, the
 * register of contact and consent per citizen, the letter to the citizen, and the full overview
 * that only consent opens. Codes only: the renderer has the words (docs/consent-and-overview.md).
 */
import { z } from 'zod';
import { SECTORS } from './extract-format';
import { PseudonymSchema } from './screening';

/**
 * Where a citizen stands. not-contacted is where every finally selected citizen starts; the
 * others are reached only by the events of TRANSITIONS, which the engine enforces.
 */
export const CONSENT_STATES = ['not-contacted', 'contacted', 'consent-given', 'declined', 'withdrawn'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** What the unit records; each event's name is the state it leads to. */
export const CONSENT_EVENTS = ['contacted', 'consent-given', 'declined', 'withdrawn'] as const;
export type ConsentEvent = (typeof CONSENT_EVENTS)[number];

/**
 * The allowed steps: contact first; then consent or a refusal; consent can be withdrawn. Declined
 * and withdrawn are final for the round: the citizen said no, and a new contact needs a new round.
 */
export const TRANSITIONS: Record<ConsentState, readonly ConsentEvent[]> = {
  'not-contacted': ['contacted'],
  contacted: ['consent-given', 'declined'],
  'consent-given': ['withdrawn'],
  declined: [],
  withdrawn: [],
};

/** How the citizen was reached or answered. */
export const CONTACT_MEANS = ['letter', 'phone', 'meeting', 'digital-post'] as const;

export const RecordConsentSchema = z.strictObject({
  roundId: z.number().int().positive(),
  /** The citizen's pseudonym on the round's list (a family's member by their own pseudonym). */
  pseudonym: PseudonymSchema,
  event: z.enum(CONSENT_EVENTS),
  means: z.enum(CONTACT_MEANS),
  /** The day it happened (YYYY-MM-DD); today when left out. Not in the future, not before the last step. */
  date: z.iso.date().optional(),
});

export const ConsentStepSchema = z.strictObject({
  event: z.enum(CONSENT_EVENTS),
  means: z.enum(CONTACT_MEANS),
  date: z.string(),
  by: z.string(),
  at: z.string(),
});

export const CitizenConsentSchema = z.strictObject({
  pseudonym: PseudonymSchema,
  /** The candidate on the list the citizen belongs to (the family's pseudonym for a family). */
  candidate: PseudonymSchema,
  state: z.enum(CONSENT_STATES),
  /** What may be recorded next: the renderer offers exactly these. */
  next: z.array(z.enum(CONSENT_EVENTS)),
  /** Whether an overview may be made now (consent given and not withdrawn). */
  overviewAllowed: z.boolean(),
  /** How many notices named the citizen. */
  notices: z.number(),
  /**
   * Whether the citizen has services of their own. Without any (a family member whose help is all
   * the others'), no caseworker is theirs, so no notice names them, and the register says so.
   */
  ownServices: z.boolean(),
  history: z.array(ConsentStepSchema),
});
export type CitizenConsent = z.infer<typeof CitizenConsentSchema>;

export const NoticesInputSchema = z.strictObject({
  roundId: z.number().int().positive(),
  folder: z.string().min(1).max(4096),
  /** How the caseworkers reach the unit (phone, e-mail), printed on each notice: required. */
  contact: z.string().trim().min(1).max(300),
});

export const NoticesOutputSchema = z.strictObject({
  roundId: z.number(),
  notices: z.array(
    z.strictObject({
      file: z.string(),
      sector: z.enum(SECTORS),
      /** Whom to send it to: the caseworker as the sector's extract names them. */
      caseworker: z.string(),
      citizens: z.number(),
      fingerprint: z.string(),
    }),
  ),
});

export const LetterInputSchema = z.strictObject({
  roundId: z.number().int().positive(),
  pseudonym: PseudonymSchema,
  /** How the citizen reaches the unit: phone, e-mail, address, opening hours. Printed in the letter. */
  contact: z.string().trim().min(1).max(400),
});

/** One language's letter as shared/letters/citizen-letter.ts writes it, with its date in words. */
export const LetterTextSchema = z.strictObject({
  date: z.string(),
  title: z.string(),
  greeting: z.string(),
  sections: z.array(z.strictObject({ heading: z.string(), paragraphs: z.array(z.string()), points: z.array(z.string()).optional() })),
  closing: z.array(z.string()),
});
export type LetterText = z.infer<typeof LetterTextSchema>;
export const LetterContentSchema = z.strictObject({ da: LetterTextSchema, en: LetterTextSchema });
export type LetterContent = z.infer<typeof LetterContentSchema>;

/**
 * The letter for the renderer to show and print from memory: its text (Danish, then English) and
 * the same text as PDF bytes. The engine never writes it to disk, and the screen saves no file.
 */
export const LetterOutputSchema = z.strictObject({ fileName: z.string(), content: LetterContentSchema, pdfBase64: z.string(), languages: z.array(z.enum(['da', 'en'])) });

export const OverviewInputSchema = z.strictObject({
  roundId: z.number().int().positive(),
  pseudonym: PseudonymSchema,
  folder: z.string().min(1).max(4096),
  /** The plan's recipients when given; otherwise the registered recipients of the sectors involved. */
  recipients: z.array(z.string().trim().min(1).max(8000)).max(20).optional(),
  contact: z.string().trim().max(300).default(''),
});

export const OverviewOutputSchema = z.strictObject({
  file: z.string(),
  services: z.number(),
  sectors: z.array(z.enum(SECTORS)),
  /** The fingerprint of each recipient the file is encrypted to. */
  fingerprints: z.array(z.string()),
});

/** How far ahead the start page looks for citizens to ask again. */
export const ASK_AGAIN_SOON_DAYS = 14;

/**
 * The candidates to ask again ("ikke før dato") per approved round, by pseudonym and date, until
 * every member of the candidate has been contacted in the round. No name, no CPR number.
 */
export const AskAgainSchema = z.strictObject({
  today: z.string(),
  /** The last day the start page counts as soon: today plus ASK_AGAIN_SOON_DAYS. */
  soonUntil: z.string(),
  rounds: z.array(
    z.strictObject({
      roundId: z.number(),
      candidates: z.array(
        z.strictObject({
          pseudonym: PseudonymSchema,
          date: z.string(),
          /** How many citizens the candidate is (1, or a family's members). */
          citizens: z.number(),
          /** The day has come. */
          due: z.boolean(),
        }),
      ),
    }),
  ),
});
export type AskAgain = z.infer<typeof AskAgainSchema>;
