/** Small shared building blocks: labelled fields, messages, a form hook for engine calls. */
import { useState, type ReactNode } from 'react';
import type { EngineErrorData } from '../../shared/errors';
import { errorText, useT } from '../i18n';

export function Field(props: {
  label: string;
  name: string;
  type?: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string;
  autoComplete?: string;
}) {
  const id = `f-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete ?? 'off'}
        spellCheck={false}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && <small>{props.hint}</small>}
    </div>
  );
}

/** A new passphrase typed twice, with the policy hint under the first field. */
export function NewPassphraseFields(props: { label: string; value: string; repeat: string; onChange: (v: string) => void; onRepeat: (v: string) => void }) {
  const t = useT();
  return (
    <>
      <Field label={props.label} name="passphrase" type="password" value={props.value} onChange={props.onChange} hint={t('common.passphraseHint')} autoComplete="new-password" />
      <Field label={t('common.passphraseRepeat')} name="repeat" type="password" value={props.repeat} onChange={props.onRepeat} autoComplete="new-password" />
    </>
  );
}

export function ErrorBox({ error }: { error: EngineErrorData | string | null }) {
  const t = useT();
  if (!error) return null;
  return (
    <div className="message error" role="alert">
      {typeof error === 'string' ? error : errorText(t, error)}
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ReactNode; kind?: 'info' | 'ok' }) {
  return (
    <div className={`message ${kind}`} role="status">
      {children}
    </div>
  );
}

/** Runs an engine call from a form: tracks busy state and the last error. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<EngineErrorData | string | null>(null);
  async function run<T>(fn: () => Promise<{ ok: true; value: T } | { ok: false; error: EngineErrorData }>): Promise<T | null> {
    setBusy(true);
    setError(null);
    try {
      const r = await fn();
      if (!r.ok) {
        setError(r.error);
        return null;
      }
      return r.value;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
