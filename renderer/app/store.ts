/** UI state only (language, which screen, notices). Data comes from the engine through useQuery. */
import { create } from 'zustand';
import type { Output } from '../../shared/contract';
import type { SessionInfo } from '../../shared/schemas';
import type { ScreenId } from './screens';

export type Lang = 'da' | 'en';
type Status = Output<'app.status'>;
export type Progress = { done: number; total: number | null; unit: 'bytes' | 'rows' | 'files' };

interface UiState {
  lang: Lang;
  status: Status | null;
  /** The screen asked for; App opens it only if the user may (see screens.ts). */
  view: ScreenId;
  setLang(lang: Lang): void;
  setStatus(status: Status): void;
  setSession(session: SessionInfo | null): void;
  setView(view: ScreenId): void;
  /** Progress of running engine operations, by operation id. */
  progress: Record<string, Progress>;
  setProgress(operationId: string, p: Progress): void;
  /** Columns a user has hidden or shown, per table: kept while the app runs, forgotten at log-out, never on disk. */
  columns: Record<string, Record<string, boolean>>;
  setColumns(table: string, visibility: Record<string, boolean>): void;
  /**
   * How caseworkers and citizens reach the unit, as last typed for packets, notices or a letter: the
   * same words each time, so they are not typed again on every visit. Kept while the session runs,
   * forgotten when it ends (lock or log-out), never on disk.
   */
  unitContact: string;
  setUnitContact(contact: string): void;
  /**
   * Who was working, and on which screen, when the session was locked (by the user or for
   * inactivity): the login names them again and takes the same user back there. Not after a log-out.
   */
  resume: { username: string; view: ScreenId } | null;
  /** Hides everything now (the session is gone); a lock remembers where its user was. */
  endSession(how: 'lock' | 'logout'): void;
}

export const useUi = create<UiState>((set) => ({
  lang: 'da',
  status: null,
  view: 'home',
  setLang: (lang) => set({ lang }),
  setStatus: (status) => set({ status }),
  setSession: (session) =>
    set((s) => ({
      ...(s.status ? { status: { ...s.status, session, workspaceExists: true } } : {}),
      ...(session ? {} : { columns: {}, unitContact: '' }),
    })),
  setView: (view) => set({ view }),
  progress: {},
  setProgress: (operationId, p) => set((s) => ({ progress: { ...s.progress, [operationId]: p } })),
  columns: {},
  setColumns: (table, visibility) => set((s) => ({ columns: { ...s.columns, [table]: visibility } })),
  unitContact: '',
  setUnitContact: (unitContact) => set({ unitContact }),
  resume: null,
  endSession: (how) =>
    set((s) => {
      const user = s.status?.session?.username;
      return {
        // The engine's own lock event follows the user's Lås: by then the session is gone, and the first word stands.
        resume: how === 'lock' ? (user ? { username: user, view: s.view } : s.resume) : null,
        ...(s.status ? { status: { ...s.status, session: null, workspaceExists: true } } : {}),
        columns: {},
        unitContact: '',
        view: 'home',
      };
    }),
}));
