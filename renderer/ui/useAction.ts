import { useState } from 'react';
import type { EngineErrorData } from '../../shared/errors';

/** Runs an engine call from a form: tracks busy state and the last error. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<EngineErrorData | string | null>(null);
  async function run<T>(fn: () => Promise<{ ok: true; value: T } | { ok: false; error: EngineErrorData }>): Promise<T | null> {
    setBusy(true);
    setError(null);
    try {
      const r = await fn();
      if (!r.ok) {
        setError(r.error);
        return null;
      }
      return r.value;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
