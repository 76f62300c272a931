/**
 * Which candidate's detail panel is open beside a list, and the button that opened it: the focus
 * goes back to that button when the panel closes (found again if its row was re-rendered or
 * scrolled out and back in a long list). The review and the approval use the same one.
 */
import { useCallback, useRef, useState } from 'react';

export function useDetailPanel() {
  const [detailOf, setDetailOf] = useState<string | null>(null);
  const opener = useRef<{ pseudonym: string; el: HTMLElement } | null>(null);
  const openDetails = useCallback((pseudonym: string, el: HTMLElement) => {
    opener.current = { pseudonym, el };
    setDetailOf((now) => (now === pseudonym ? null : pseudonym));
  }, []);
  const closeDetails = useCallback(() => {
    setDetailOf(null);
    const o = opener.current;
    requestAnimationFrame(() => {
      const el = o && (o.el.isConnected ? o.el : document.querySelector<HTMLElement>(`[data-detail-for="${CSS.escape(o.pseudonym)}"]`));
      el?.focus();
    });
  }, []);
  return { detailOf, openDetails, closeDetails };
}
