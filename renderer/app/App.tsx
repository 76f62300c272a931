/**
 * Which screen to show follows from the engine's status: no workspace → setup; no session →
 * login; a session that must change its passphrase → change it; otherwise the work screens.
 * When the engine locks the session, every screen with data is unmounted at once.
 */
import { useEffect } from 'react';
import { invoke, onEngineEvent } from '../api/client';
import { AuditScreen } from '../features/audit/AuditScreen';
import { CatalogueScreen } from '../features/catalogue/CatalogueScreen';
import { ImportScreen } from '../features/import/ImportScreen';
import { ChangePassphraseScreen } from '../features/login/ChangePassphraseScreen';
import { LoginScreen } from '../features/login/LoginScreen';
import { ScreeningScreen } from '../features/screening/ScreeningScreen';
import { SetupScreen } from '../features/setup/SetupScreen';
import { UnitKeyScreen } from '../features/unit/UnitKeyScreen';
import { UsersScreen } from '../features/users/UsersScreen';
import { useT } from '../i18n';
import { Header } from './Header';
import { useUi } from './store';
import { useActivityReporter } from './useActivityReporter';

async function refreshStatus() {
  const r = await invoke('app.status', {});
  if (r.ok) useUi.getState().setStatus(r.value);
}

export function App() {
  const t = useT();
  const status = useUi((s) => s.status);
  const view = useUi((s) => s.view);
  const lang = useUi((s) => s.lang);
  const session = status?.session ?? null;

  useEffect(() => {
    void refreshStatus();
    return onEngineEvent((e) => {
      if (e.type === 'progress') useUi.getState().setProgress(e.payload.operationId, e.payload);
      if (e.type === 'session.locked') {
        useUi.getState().setSession(null); // hide everything now, then learn why
        useUi.getState().setView('home');
        void refreshStatus();
      }
    });
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useActivityReporter(session !== null);

  if (!status) return <p className="muted center">{t('common.loading')}</p>;
  let body;
  if (!status.workspaceExists) body = <SetupScreen />;
  else if (!session) body = <LoginScreen />;
  else if (session.mustChangePassphrase) body = <ChangePassphraseScreen />;
  else if (view === 'users' && session.roles.includes('admin')) body = <UsersScreen />;
  else if (view === 'audit' && session.roles.includes('dpo')) body = <AuditScreen />;
  else if (view === 'unit' && session.roles.includes('admin')) body = <UnitKeyScreen />;
  else if (view === 'import' && session.roles.includes('screener')) body = <ImportScreen />;
  else if (view === 'screening' && session.roles.includes('screener')) body = <ScreeningScreen />;
  else if (view === 'catalogue') body = <CatalogueScreen />;
  else
    body = (
      <section>
        <h1>{t('home.welcome', { name: session.displayName })}</h1>
        <p>{t('home.roles', { roles: session.roles.map((r) => t(`role.${r}`)).join(', ') })}</p>
        <p className="muted">{t('home.idle', { n: session.idleMinutes })}</p>
      </section>
    );
  return (
    <>
      <Header onSessionEnd={refreshStatus} />
      <div className="content">{body}</div>
    </>
  );
}
