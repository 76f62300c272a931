import { useState, type FormEvent } from 'react';
import { invoke } from '../../api/client';
import { useUi } from '../../app/store';
import { ErrorBox, Field, NewPassphraseFields, useAction } from '../../ui';
import { useT } from '../../i18n';

export function ChangePassphraseScreen() {
  const t = useT();
  const setSession = useUi((s) => s.setSession);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, setError, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (next !== repeat) return setError(t('common.mismatch'));
    const session = await run(() => invoke('session.changePassphrase', { current, next }));
    if (session) setSession(session);
  }

  return (
    <main className="card narrow">
      <h1>{t('change.title')}</h1>
      <p>{t('change.intro')}</p>
      <form onSubmit={submit}>
        <Field label={t('change.current')} name="current" type="password" value={current} onChange={setCurrent} autoComplete="current-password" />
        <NewPassphraseFields label={t('change.next')} value={next} repeat={repeat} onChange={setNext} onRepeat={setRepeat} />
        <ErrorBox error={error} />
        <button type="submit" disabled={busy}>
          {t('change.submit')}
        </button>
      </form>
    </main>
  );
}
