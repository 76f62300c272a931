import { useState, type FormEvent } from 'react';
import { invoke } from '../../api/client';
import { useUi } from '../../app/store';
import { ErrorBox, Field, fieldIssue, NewPassphraseFields, useAction } from '../../ui';
import { useT } from '../../i18n';

export function SetupScreen() {
  const t = useT();
  const setSession = useUi((s) => s.setSession);
  const [unitName, setUnitName] = useState('');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, setError, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (passphrase !== repeat) return setError(t('common.mismatch'));
    const session = await run(() => invoke('workspace.create', { unitName, admin: { username, displayName, passphrase } }));
    if (session) setSession(session);
  }

  async function openDemo() {
    if (await run(() => invoke('workspace.createDemo', {}))) {
      const r = await invoke('app.status', {});
      if (r.ok) useUi.getState().setStatus(r.value);
    }
  }

  // The demo beside the form, not below it: on a first run at 1,366 × 768 both ways in are in view.
  return (
    <div className="setup-page">
      <main className="card">
        <h1>{t('setup.title')}</h1>
        <p>{t('setup.intro')}</p>
        <form onSubmit={submit}>
          <Field label={t('setup.unitName')} name="unitName" value={unitName} onChange={setUnitName} error={fieldIssue(t, error, 'unitName')} />
          <h2>{t('setup.adminHeading')}</h2>
          <Field label={t('common.username')} name="username" value={username} onChange={setUsername} autoComplete="username" hint={t('users.usernameHint')} error={fieldIssue(t, error, 'admin.username')} />
          <Field label={t('common.displayName')} name="displayName" value={displayName} onChange={setDisplayName} error={fieldIssue(t, error, 'admin.displayName')} />
          <NewPassphraseFields label={t('common.passphrase')} value={passphrase} repeat={repeat} onChange={setPassphrase} onRepeat={setRepeat} error={fieldIssue(t, error, 'admin.passphrase')} />
          <ErrorBox error={error} />
          <button type="submit" disabled={busy}>
            {t('setup.submit')}
          </button>
        </form>
      </main>
      <aside className="card" aria-labelledby="setup-demo-title">
        <p className="muted">{t('setup.or')}</p>
        <h2 id="setup-demo-title">{t('setup.demoTitle')}</h2>
        <p>{t('setup.demoIntro')}</p>
        <button className="secondary" onClick={() => void openDemo()} disabled={busy}>
          {t('setup.demoButton')}
        </button>
      </aside>
    </div>
  );
}
