/**
 * Sector assessment (sektorvurdering): the sectors' age recipients, the blinded packets sent for
 * an approved round, and the answers that come back. The answer values are the words the
 * caseworkers choose in the spreadsheet (Danish, as in docs/sector-packets.md); the engine stores
 * them as they are, so a file, the database and the documentation say the same thing.
 */
import { z } from 'zod';
import { SECTORS } from './extract-format';
import { PseudonymSchema } from './screening';

/** Why a recipient is refused: not an age recipient at all, post-quantum, or one needing a plugin. */
export const RECIPIENT_REFUSALS = ['format', 'post-quantum', 'plugin'] as const;

export const SectorRecipientSchema = z.strictObject({
  sector: z.enum(SECTORS),
  /** A department within the sector with its own key; '' is the whole sector. */
  department: z.string(),
  recipient: z.string(),
  /** SHA-256 of the recipient text, first 128 bits as eight groups of four hex digits: read aloud to compare. */
  fingerprint: z.string(),
  registeredBy: z.string(),
  registeredAt: z.string(),
});
export type SectorRecipient = z.infer<typeof SectorRecipientSchema>;

export const RegisterRecipientSchema = z.strictObject({
  sector: z.enum(SECTORS),
  department: z.string().trim().max(200).default(''),
  recipient: z.string().trim().min(1).max(8000),
});

/** The answer cells' allowed values, exactly as the spreadsheet's drop-down lists offer them. */
export const SUITABLE = ['ja', 'nej', 'ved ikke'] as const;
export const ANSWER_REASONS = ['behov for koordinering', 'allerede koordineret', 'forløb afsluttes snart', 'borgeren er i krise', 'ikke kendt i sektoren', 'andet'] as const;
export const TIMING = ['nu', 'ikke før dato', 'ikke relevant'] as const;
export type Suitable = (typeof SUITABLE)[number];
export type Timing = (typeof TIMING)[number];

/** The answer sheet's columns, in order; the first three are filled in and locked. */
export const ANSWER_COLUMNS = ['Pakkereference', 'CPR-nummer', 'Navn', 'Egnet', 'Begrundelse', 'Tidspunkt', 'Dato', 'Kommentar'] as const;
export const FIXED_COLUMNS = 3;

export const ExportInputSchema = z.strictObject({
  roundId: z.number().int().positive(),
  folder: z.string().min(1).max(4096),
  split: z.enum(['sector', 'caseworker']).default('sector'),
  /** A one-time passphrase per packet (age scrypt) instead of the sector's key; shown once. */
  passphrase: z.boolean().default(false),
  /** The last day to answer (YYYY-MM-DD); 14 days from today when left out. */
  deadline: z.iso.date().optional(),
  /** How the caseworkers reach the unit (phone, e-mail), printed on the reading sheet. */
  contact: z.string().trim().max(300).default(''),
});

export const ExportedPacketSchema = z.strictObject({
  file: z.string(),
  sector: z.enum(SECTORS),
  /** 1, 2 … within the sector when split per caseworker; null for a whole sector's packet. */
  part: z.number().nullable(),
  candidates: z.number(),
  /** The recipient's fingerprint, or null when a passphrase locks it. */
  fingerprint: z.string().nullable(),
  /** The one-time passphrase, returned this once and never stored. */
  passphrase: z.string().nullable(),
});

export const ExportOutputSchema = z.strictObject({ roundId: z.number(), deadline: z.string(), packets: z.array(ExportedPacketSchema) });

/** Why a row of a returned spreadsheet is refused (the whole file is then refused). */
export const ANSWER_PROBLEMS = ['wrong-columns', 'unknown-reference', 'other-packet', 'duplicate', 'invalid-value', 'changed-fixed-cell'] as const;
export const AnswerProblemSchema = z.strictObject({ row: z.number(), column: z.string(), reason: z.enum(ANSWER_PROBLEMS) });

export const ImportAnswersOutputSchema = z.strictObject({
  roundId: z.number(),
  sector: z.enum(SECTORS),
  part: z.number().nullable(),
  /** 'complete': every row answered; 'partial': the answered rows were recorded, `missing` were not. */
  status: z.enum(['complete', 'partial']),
  recorded: z.number(),
  /** Rows without a complete answer: the reference, its spreadsheet row (0 when the row is gone) and which cells are empty. */
  missing: z.array(z.strictObject({ reference: z.string(), row: z.number(), columns: z.array(z.string()) })),
});

export const SectorAnswerSchema = z.strictObject({
  sector: z.enum(SECTORS),
  suitable: z.enum(SUITABLE).nullable(),
  reason: z.enum(ANSWER_REASONS).nullable(),
  timing: z.enum(TIMING).nullable(),
  date: z.string().nullable(),
  comment: z.string(),
});

/**
 * excluded: a sector said no (or the screener excluded an unsure candidate); needs-decision: a
 * sector is unsure and the screener has not decided; suitable: all said yes (or the screener
 * included an unsure candidate); pending: answers missing.
 */
export const OUTCOMES = ['excluded', 'needs-decision', 'suitable', 'pending'] as const;

/** The screener's decision on a candidate a sector was unsure about, and the short list of reasons for it. */
export const UNSURE_DECISIONS = ['include', 'exclude'] as const;
export const UNSURE_REASONS = ['clarified-with-sector', 'needs-outweigh-doubt', 'too-uncertain', 'citizen-not-ready', 'other'] as const;
export const UNSURE_COMMENT_MAX = 1000;

export const DecideUnsureSchema = z.strictObject({
  roundId: z.number().int().positive(),
  pseudonym: PseudonymSchema,
  decision: z.enum(UNSURE_DECISIONS),
  reason: z.enum(UNSURE_REASONS),
  /** Optional, except with the reason "other", where it says what. */
  comment: z.string().trim().max(UNSURE_COMMENT_MAX).default(''),
});

export const UnsureDecisionSchema = z.strictObject({
  decision: z.enum(UNSURE_DECISIONS),
  reason: z.enum(UNSURE_REASONS),
  comment: z.string(),
  by: z.string(),
  at: z.string(),
});

export const PacketStatusSchema = z.strictObject({
  roundId: z.number(),
  sectors: z.array(
    z.strictObject({
      sector: z.enum(SECTORS),
      packets: z.number(),
      /** Counted in candidates; a family is answered only once the sector has answered about every member it was sent. */
      sent: z.number(),
      answered: z.number(),
      missing: z.number(),
      deadline: z.string(),
      overdue: z.boolean(),
    }),
  ),
  candidates: z.array(
    z.strictObject({
      pseudonym: PseudonymSchema,
      /** One per sector asked; for a family, the member's answer that weighs most in the outcome (packets/status.ts). */
      answers: z.array(SectorAnswerSchema),
      outcome: z.enum(OUTCOMES),
      /** The latest of the rows' (every member's) earliest start dates; null until every sector that answered yes says when. */
      startDate: z.string().nullable(),
      /**
       * "Not now": the day to ask again: the start date, when a sector's "ikke før dato" set it
       * (and the candidate is not excluded). It stays after the day has come: then it is due.
       */
      askAgain: z.string().nullable(),
      /** The screener's decision, where a sector was unsure; null otherwise. */
      decision: UnsureDecisionSchema.nullable(),
    }),
  ),
});
export type PacketStatus = z.infer<typeof PacketStatusSchema>;
export type AssessedCandidate = PacketStatus['candidates'][number];

/**
 * Whether a candidate belongs on the "Spørg igen" list: a day to ask again, and finally selected
 * (suitable). A candidate still pending or awaiting the screener's decision cannot be contacted
 * (the consent register refuses them), so listing them would be a reminder nobody can clear.
 */
export const toAskAgain = (c: AssessedCandidate): boolean => c.askAgain !== null && c.outcome === 'suitable';

/** The administrator's switch for unencrypted answer sheets. */
export const PlainAnswersSchema = z.strictObject({ allow: z.boolean() });
