import { invoke } from '../api/client';
import { useT } from '../i18n';
import { screenFor, screensFor } from './screens';
import { useUi } from './store';

export function Header({ onSessionEnd }: { onSessionEnd: () => Promise<void> }) {
  const t = useT();
  const { status, view, lang, setLang, setView, setSession } = useUi();
  const session = status?.session ?? null;
  // The same registry App routes by: a tab exactly for each screen the user may open.
  const nav = session && !session.mustChangePassphrase ? screensFor(session.roles) : [];
  const current = session ? screenFor(view, session.roles).id : null;
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
      <nav aria-label={t('header.nav')}>
        {nav.map((s) => (
          <button key={s.id} className={current === s.id ? 'tab active' : 'tab'} aria-current={current === s.id ? 'page' : undefined} onClick={() => setView(s.id)}>
            {t(s.label)}
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
