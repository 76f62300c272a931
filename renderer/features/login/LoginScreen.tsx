import { useState, type FormEvent } from 'react';
import { invoke } from '../../api/client';
import { useUi } from '../../app/store';
import { ErrorBox, Field, fieldIssue, Notice, useAction } from '../../ui';
import { useT } from '../../i18n';

export function LoginScreen() {
  const t = useT();
  const status = useUi((s) => s.status);
  const setSession = useUi((s) => s.setSession);
  const resume = useUi((s) => s.resume);
  // After a lock, the same user most likely comes back: their name is there, the passphrase is not.
  const [username, setUsername] = useState(resume?.username ?? '');
  const [passphrase, setPassphrase] = useState('');
  const { busy, error, run } = useAction();
  const ended = status?.endedBecause;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const session = await run(() => invoke('session.login', { username, passphrase }));
    setPassphrase('');
    if (session) {
      setSession(session);
      // Back where they were, if it is the same user who locked; anyone else starts at the start.
      useUi.setState({ resume: null, ...(resume && resume.username === session.username ? { view: resume.view } : {}) });
    }
  }

  return (
    <main className={status?.demo ? 'card narrow login-demo' : 'card narrow'}>
      <h1>{t('login.title')}</h1>
      {status?.unitName && <p className="muted">{status.unitName}</p>}
      {ended && !error && <Notice>{t(ended === 'idle' ? 'login.lockedIdle' : ended === 'manual' ? 'login.lockedManual' : 'login.loggedOut')}</Notice>}
      <form onSubmit={submit}>
        <Field label={t('common.username')} name="username" value={username} onChange={setUsername} autoComplete="username" error={fieldIssue(t, error, 'username')} />
        <Field label={t('common.passphrase')} name="passphrase" type="password" value={passphrase} onChange={setPassphrase} autoComplete="current-password" error={fieldIssue(t, error, 'passphrase')} />
        <ErrorBox error={error} />
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      {status?.demo && status.demoUsers.length > 0 && (
        <div className="demo-users">
          <h2>{t('login.demoTitle')}</h2>
          <table className="grid" aria-label={t('login.demoTitle')}>
            <tbody>
              {status.demoUsers.map((u) => (
                <tr key={u.username}>
                  <td>{u.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                  <td className="mono nowrap">{u.username}</td>
                  <td className="mono nowrap">{u.passphrase}</td>
                  <td>
                    <button
                      className="small secondary nowrap"
                      aria-label={`${t('login.demoUse')} ${u.username}`}
                      onClick={() => {
                        setUsername(u.username);
                        setPassphrase(u.passphrase);
                      }}
                    >
                      {t('login.demoUse')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
