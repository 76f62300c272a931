/**
 * Which screen to show follows from the engine's status: no workspace → setup; no session →
 * login; a session that must change its passphrase → change it; otherwise the work screen asked
 * for, if the screen registry lets the user's roles open it (else the start screen).
 * When the engine locks the session, every screen with data is unmounted at once.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { invoke, onEngineEvent } from '../api/client';
import { ChangePassphraseScreen } from '../features/login/ChangePassphraseScreen';
import { LoginScreen } from '../features/login/LoginScreen';
import { SetupScreen } from '../features/setup/SetupScreen';
import { useT } from '../i18n';
import { Header } from './Header';
import { Sidebar } from './Sidebar';
import { NavigationContext, type Navigation } from './navigation';
import { connectQueries, createQueryClient } from './queries';
import { SCREENS, mayOpen, screenFor } from './screens';
import { useUi } from './store';
import { useActivityReporter } from './useActivityReporter';

async function refreshStatus() {
  const r = await invoke('app.status', {});
  if (r.ok) useUi.getState().setStatus(r.value);
}

/** The composition root: the one query cache, wired to the engine's events and the session. */
export function App() {
  const [queries] = useState(createQueryClient);
  useEffect(() => connectQueries(queries), [queries]);
  return (
    <QueryClientProvider client={queries}>
      <Shell />
    </QueryClientProvider>
  );
}

function Shell() {
  const t = useT();
  const status = useUi((s) => s.status);
  const view = useUi((s) => s.view);
  const lang = useUi((s) => s.lang);
  const session = status?.session ?? null;
  const roles = session?.roles;

  useEffect(() => {
    void refreshStatus();
    return onEngineEvent((e) => {
      if (e.type === 'progress') useUi.getState().setProgress(e.payload.operationId, e.payload);
      if (e.type === 'session.locked') {
        useUi.getState().endSession('lock'); // hide everything now, then learn why
        void refreshStatus();
      }
    });
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  // A new screen starts at its top: the scroll of the last one would cut off its title.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [view]);
  useActivityReporter(session !== null);
  const navigation = useMemo<Navigation>(
    () => ({
      canGo: (id) => roles !== undefined && SCREENS.some((s) => s.id === id && mayOpen(s, roles)),
      go: (id) => useUi.getState().setView(id),
    }),
    [roles],
  );

  if (!status) return <p className="muted center">{t('common.loading')}</p>;
  let body;
  if (!status.workspaceExists) body = <SetupScreen />;
  else if (!session) body = <LoginScreen />;
  else if (session.mustChangePassphrase) body = <ChangePassphraseScreen />;
  else {
    const Screen = screenFor(view, session.roles).component;
    body = <Screen />;
  }
  return (
    <NavigationContext value={navigation}>
      <Header onSessionEnd={refreshStatus} />
      <div className={session && !session.mustChangePassphrase ? 'shell with-menu' : 'shell'}>
        <Sidebar />
        <main className="content">{body}</main>
      </div>
    </NavigationContext>
  );
}
