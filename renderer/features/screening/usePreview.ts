/**
 * The live preview: asks the engine for counts shortly after the user stops typing. Answers that
 * arrive after a newer question are dropped, so the figures always match the fields.
 */
import { useEffect, useRef, useState } from 'react';
import type { CriteriaInput } from '../../../shared/criteria';
import type { EngineErrorData } from '../../../shared/errors';
import type { Preview } from '../../../shared/screening';
import { invoke } from '../../api/client';

const DEBOUNCE_MS = 150;

export function usePreview(criteria: CriteriaInput) {
  const key = JSON.stringify(criteria);
  const [state, setState] = useState<{ preview: Preview | null; error: EngineErrorData | null; pending: boolean }>({ preview: null, error: null, pending: true });
  const latest = useRef(0);
  useEffect(() => {
    const ask = ++latest.current;
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      void invoke('screening.preview', { criteria: JSON.parse(key) as CriteriaInput }).then((r) => {
        if (ask !== latest.current) return;
        setState((s) => (r.ok ? { preview: r.value, error: null, pending: false } : { preview: s.preview, error: r.error, pending: false }));
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return state;
}
