/** Labelled form fields: the label above, the hint below. */
import { useT } from '../i18n';

export function Field(props: {
  label: string;
  name: string;
  type?: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string;
  autoComplete?: string;
  /** What is wrong with this field, said under it and announced with it. */
  error?: string;
}) {
  const id = `f-${props.name}`;
  return (
    <div className={props.error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete ?? 'off'}
        spellCheck={false}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error && (
        <small id={`${id}-error`} className="field-error">
          {props.error}
        </small>
      )}
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
