import { invoke } from '../api/client';
import { useT } from '../i18n';
import { useUi } from './store';

export function Header({ onSessionEnd }: { onSessionEnd: () => Promise<void> }) {
  const t = useT();
  const { status, lang, setLang, endSession } = useUi();
  const session = status?.session ?? null;
  const end = async (method: 'session.lock' | 'session.logout') => {
    endSession(method === 'session.lock' ? 'lock' : 'logout');
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
      <span className="spacer" />
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
