/**
 * The renderer's only way to the engine: the `window.tvaerblik` object the host installs
 * (the Electron preload, or the test bridge), declared in host.d.ts. Typed by the shared contract.
 */
import { useCallback, useEffect, useState } from 'react';
import type { TvaerblikApi } from '../../shared/api';
import type { Input, MethodName, Output } from '../../shared/contract';
import type { EngineErrorData, Result } from '../../shared/errors';

export function invoke<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
  return window.tvaerblik.invoke(method, input);
}

/**
 * A fresh id for a long operation, so its progress and its cancel name exactly that one.
 * (crypto.randomUUID needs a secure context; getRandomValues does not.)
 */
export function newOperationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `op-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function pathForFile(file: File): Promise<string> {
  return window.tvaerblik.pathForFile(file);
}

/** A folder the user chose to write into (the host's dialog), or null when they cancelled. */
export function pickFolder(): Promise<string | null> {
  return window.tvaerblik.pickFolder();
}

export function onEngineEvent(listener: Parameters<TvaerblikApi<File>['onEvent']>[0]): () => void {
  return window.tvaerblik.onEvent(listener);
}

/** The one query hook: runs a read method, re-runs on `reload()` or when the input changes. */
export function useQuery<M extends MethodName>(method: M, input: Input<M>) {
  const key = JSON.stringify(input);
  const [state, setState] = useState<{ data: Output<M> | null; error: EngineErrorData | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void invoke(method, JSON.parse(key) as Input<M>).then((r) => {
      if (!live) return;
      setState(r.ok ? { data: r.value, error: null, loading: false } : { data: null, error: r.error, loading: false });
    });
    return () => {
      live = false;
    };
  }, [method, key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
