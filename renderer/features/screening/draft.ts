/**
 * The criteria a screener is working on, kept in the renderer's memory (never on disk) across a
 * lock or a logout, so the same user finds them where they left them. Another user starts afresh:
 * the draft belongs to whoever made it. Criteria hold no personal data.
 */
import { create } from 'zustand';
import type { CriteriaVersion } from '../../../shared/screening';
import type { CriteriaForm } from './criteria-form';

export interface CriteriaDraft {
  owner: string;
  form: CriteriaForm;
  presetId: string;
  saved: CriteriaVersion | null;
  name: string;
}

export const useCriteriaDraft = create<{ draft: CriteriaDraft | null; keep(d: CriteriaDraft): void }>((set) => ({
  draft: null,
  keep: (draft) => set({ draft }),
}));
