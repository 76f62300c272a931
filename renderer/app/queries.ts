/**
 * The one query cache, made once in the composition root (App). Reads reach screens through it
 * (api/client.ts useQuery, keyed [method, input]); the engine's `changed` events mark stale the
 * reads a change can affect (shared/contract/changes.ts), and those on screen are asked again.
 *
 * The cache holds personal data for a while, so it lives in memory only (never any storage), lets
 * go of what no screen shows after a short while, and is emptied the moment a session ends (lock,
 * idle lock, logout) or another begins. It never asks again by itself on focus, reconnect or
 * failure: some reads are logged and some are expensive, and a refusal does not change by retrying.
 */
import { QueryClient } from '@tanstack/react-query';
import { EVERYTHING, domainOf, staleAfter } from '../../shared/contract/changes';
import { onEngineEvent } from '../api/client';
import { useUi } from './store';

/** How long an answer no screen shows is kept (a quick back-and-forth between screens reuses it). */
const UNUSED_MS = 30_000;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        gcTime: UNUSED_MS,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        networkMode: 'always', // the engine is local: "offline" never applies
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}

/** Marks stale (and asks again for those on screen) the reads a change by `method` can affect. */
export function invalidateAfter(client: QueryClient, method: string): Promise<void> {
  const stale = staleAfter(method);
  if (stale === EVERYTHING) return client.invalidateQueries();
  return client.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && stale.has(domainOf(q.queryKey[0])) });
}

/**
 * Wires the cache to the engine and the session: a change refreshes what it can make stale; a
 * session that ends (or gives way to another user's) takes every answer with it. Returns the
 * function that undoes the wiring.
 */
export function connectQueries(client: QueryClient): () => void {
  const offEvents = onEngineEvent((e) => {
    if (e.type === 'changed') void invalidateAfter(client, e.payload.method);
    if (e.type === 'session.locked') client.clear();
  });
  const offSession = useUi.subscribe((now, before) => {
    if ((now.status?.session?.username ?? null) !== (before.status?.session?.username ?? null)) client.clear();
  });
  return () => {
    offEvents();
    offSession();
  };
}
