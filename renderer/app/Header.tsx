import { invoke } from '../api/client';
import { useT } from '../i18n';
import { useUi, type View } from './store';

export function Header({ onSessionEnd }: { onSessionEnd: () => Promise<void> }) {
  const t = useT();
  const { status, view, lang, setLang, setView, setSession } = useUi();
  const session = status?.session ?? null;
  const nav: { view: View; label: string; show: boolean }[] = session
    ? [
        { view: 'home', label: t('nav.home'), show: true },
        { view: 'import', label: t('nav.import'), show: session.roles.includes('screener') },
        { view: 'screening', label: t('nav.screening'), show: session.roles.includes('screener') },
        { view: 'users', label: t('nav.users'), show: session.roles.includes('admin') },
        { view: 'catalogue', label: t('nav.catalogue'), show: session.roles.includes('admin') },
        { view: 'unit', label: t('nav.unit'), show: session.roles.includes('admin') },
        { view: 'audit', label: t('nav.audit'), show: session.roles.includes('dpo') },
      ]
    : [];
  const end = async (method: 'session.lock' | 'session.logout') => {
    setSession(null);
    setView('home');
    await invoke(method, {});
    await onSessionEnd();
  };
  return (
    <header className="top">
      <div className="brand">
        <strong>{t('app.name')}</strong>
        <span className="muted">{status?.unitName ?? t('app.tagline')}</span>
        {status?.demo && <span className="demo">{t('header.demo')}</span>}
      </div>
      <nav aria-label="Hovedmenu">
        {nav
          .filter((n) => n.show && !session?.mustChangePassphrase)
          .map((n) => (
            <button key={n.view} className={view === n.view ? 'tab active' : 'tab'} onClick={() => setView(n.view)}>
              {n.label}
            </button>
          ))}
      </nav>
      <div className="session">
        <button className="link" onClick={() => setLang(lang === 'da' ? 'en' : 'da')}>
          {t('lang.switch')}
        </button>
        {session && (
          <>
            <span title={session.username}>{session.displayName}</span>
            <button className="secondary" onClick={() => end('session.lock')}>
              {t('header.lock')}
            </button>
            <button className="secondary" onClick={() => end('session.logout')}>
              {t('header.logout')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}
