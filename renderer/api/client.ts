/**
 * The renderer's only way to the engine: the `window.tvaerblik` object the host installs
 * (the Electron preload, or the test bridge), declared in host.d.ts. Typed by the shared contract.
 */
import { useQuery as useTanstackQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { TvaerblikApi } from '../../shared/api';
import type { Input, MethodName, Output } from '../../shared/contract';
import type { ReadMethod } from '../../shared/contract/changes';
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

/**
 * The one query hook: a read method's answer from the one query cache (queries.ts), keyed by
 * method and input. It refreshes itself when the engine reports a change that can make it stale,
 * so a screen needs no refresh callbacks; `reload()` asks again by hand (a "try again" button).
 * `data` is null while nothing has arrived and after a refusal, as `error` says. Only a method
 * that changes nothing may be read this way (asking again must not change anything).
 */
export function useQuery<M extends ReadMethod>(method: M, input: Input<M>, options: { enabled?: boolean } = {}) {
  const q = useTanstackQuery<Output<M>, EngineErrorData>({
    queryKey: [method, input],
    queryFn: async () => {
      const r = await invoke(method, input);
      if (!r.ok) throw r.error;
      return r.value;
    },
    enabled: options.enabled ?? true,
  });
  const { refetch } = q;
  const reload = useCallback(() => void refetch(), [refetch]);
  return { data: q.isError ? null : (q.data ?? null), error: q.error ?? null, loading: q.isFetching, reload };
}
