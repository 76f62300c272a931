/**
 * The workspace database schema: every domain's migrations in the order they were added, keyed by
 * `PRAGMA user_version`. A new domain appends its migration here; a workspace saved by an older
 * version is upgraded on open. The order never changes once released.
 */
import type { Migration } from './base/database';
import { AUDIT_DETAIL, AUDIT_LOG_KEYS, AUDIT_SUBJECT_LISTS, AUDIT_SUBJECTS } from './base/audit-log/schema';
import { USER_RECIPIENTS } from './base/workspace/schema';
import { FOUNDATION } from './base/foundation-schema';
import { DICTIONARY_IDS, EXTRACTS, ORPHANS_SWEPT, PERSON_CPR_INDEX } from './import/schema';
import { SCREENING } from './screening/schema';
import { RUN_ROWS } from './runs/schema';
import { ROUNDS } from './rounds/schema';
import { PACKETS, PACKET_ROW_NAME, UNSURE_DECISION } from './packets/schema';
import { CONSENT } from './consent/schema';
import { DECIDE_EFFECT, applyDecision } from './rounds/decisions';
import type { JournalEffects } from './base/deps';
import { ROLE_GRANTS } from './users/schema';

export const SCHEMA: readonly Migration[] = [FOUNDATION, EXTRACTS, SCREENING, AUDIT_SUBJECTS, RUN_ROWS, AUDIT_DETAIL, USER_RECIPIENTS, AUDIT_LOG_KEYS, ROLE_GRANTS, DICTIONARY_IDS, ROUNDS, PACKETS, ORPHANS_SWEPT, CONSENT, UNSURE_DECISION, PERSON_CPR_INDEX, PACKET_ROW_NAME, AUDIT_SUBJECT_LISTS];

/**
 * Changes a domain journals instead of saving the whole workspace (ctx.journal), by kind, with the
 * function that applies them again when the journal is replayed at open. A new kind adds one line.
 */
export const JOURNAL_EFFECTS: JournalEffects = {
  [DECIDE_EFFECT]: applyDecision,
};
