import { useEffect } from 'react';
import { invoke } from '../api/client';

const EVERY_MS = 30_000;

/** Tells the engine the user is active (at most every 30 s), so its idle timer restarts. */
export function useActivityReporter(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    let last = 0;
    const onActivity = () => {
      const now = Date.now();
      if (now - last < EVERY_MS) return;
      last = now;
      void invoke('session.touch', {});
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, onActivity, { passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, onActivity);
    };
  }, [active]);
}
