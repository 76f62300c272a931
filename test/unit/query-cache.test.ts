/**
 * The renderer's query cache against the engine's events, without a browser: a change marks stale
 * exactly the reads of the domains it names (and everything when the renderer does not know it);
 * a lock, a logout and another user's login empty the cache.
 */
import type { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/contract';
import type { SessionInfo } from '../../shared/schemas';
import { connectQueries, createQueryClient, invalidateAfter } from '../../renderer/app/queries';
import { useUi } from '../../renderer/app/store';

const KEYS = [
  ['rounds.list', {}],
  ['packets.status', { roundId: 1 }],
  ['users.list', {}],
  ['audit.list', { limit: 100 }],
  ['catalogue.list', {}],
] as const;

function filled(): QueryClient {
  const client = createQueryClient();
  for (const k of KEYS) client.setQueryData(k, { some: 'answer' });
  return client;
}
const stale = (client: QueryClient) => KEYS.filter((k) => client.getQueryState(k)?.isInvalidated).map((k) => k[0]);

describe('a change marks stale what it can affect', () => {
  it('a submission: the rounds, what hangs on them and the log, not the users or the catalogue', async () => {
    const client = filled();
    await invalidateAfter(client, 'rounds.submit');
    expect(stale(client)).toEqual(['rounds.list', 'packets.status', 'audit.list']);
  });

  it('a new user: the users and the log only', async () => {
    const client = filled();
    await invalidateAfter(client, 'users.add');
    expect(stale(client)).toEqual(['users.list', 'audit.list']);
  });

  it('a change the renderer does not know: everything', async () => {
    const client = filled();
    await invalidateAfter(client, 'something.new');
    expect(stale(client)).toEqual(KEYS.map((k) => k[0]));
  });
});

describe('the cache and the session', () => {
  const listeners = new Set<(e: EngineEvent) => void>();
  const emit = (e: EngineEvent) => listeners.forEach((l) => l(e));
  const session = (username: string): SessionInfo => ({ username, displayName: username, roles: ['supervisor'], mustChangePassphrase: false, idleMinutes: 15 });
  const status = { workspaceExists: true, session: null, unitName: 'K', demo: true } as unknown as NonNullable<ReturnType<typeof useUi.getState>['status']>;
  beforeEach(() => {
    (globalThis as { window?: unknown }).window = { tvaerblik: { onEvent: (l: (e: EngineEvent) => void) => (listeners.add(l), () => listeners.delete(l)) } };
    useUi.getState().setStatus(status);
  });
  afterEach(() => {
    listeners.clear();
    delete (globalThis as { window?: unknown }).window;
  });

  it('is refreshed by change events and emptied by a lock, a logout and another user', async () => {
    const client = filled();
    const off = connectQueries(client);
    useUi.getState().setSession(session('demo.godkender'));
    for (const k of KEYS) client.setQueryData(k, { some: 'answer' });

    emit({ type: 'changed', payload: { method: 'users.add' } });
    await Promise.resolve();
    expect(stale(client)).toEqual(['users.list', 'audit.list']);

    // The idle lock (the engine's event).
    emit({ type: 'session.locked', payload: { reason: 'idle' } });
    expect(client.getQueryCache().getAll()).toHaveLength(0);

    // A logout or a manual lock (the header ends the session in the store).
    useUi.getState().setSession(session('demo.godkender'));
    for (const k of KEYS) client.setQueryData(k, { some: 'answer' });
    useUi.getState().setSession(null);
    expect(client.getQueryCache().getAll()).toHaveLength(0);

    // Another user logging in finds nothing of the one before.
    useUi.getState().setSession(session('demo.godkender'));
    for (const k of KEYS) client.setQueryData(k, { some: 'answer' });
    useUi.getState().setSession(session('demo.udsoeger'));
    expect(client.getQueryCache().getAll()).toHaveLength(0);

    // Unwired: events no longer reach it.
    off();
    for (const k of KEYS) client.setQueryData(k, { some: 'answer' });
    emit({ type: 'session.locked', payload: { reason: 'manual' } });
    expect(client.getQueryCache().getAll()).toHaveLength(KEYS.length);
  });
});
