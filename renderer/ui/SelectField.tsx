/**
 * A labelled choice from a list, laid out as Field is (label above, description, its own error).
 * It keeps the browser's own <select>: the operating system's list is what Windows users know,
 * it is fully keyboard- and screen-reader-operable, and it needs no popover in a dialog.
 */
import { useId } from 'react';
import { useT } from '../i18n';

export function SelectField<V extends string>(props: {
  label: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly { value: V; label: string }[];
  id?: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
  disabled?: boolean;
  className?: string;
}) {
  const t = useT();
  const generated = useId();
  const id = props.id ?? generated;
  const described = [props.error ? `${id}-error` : '', props.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div className={['field', props.error ? 'invalid' : '', props.className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>
        {props.label}
        {props.optional && <span className="optional"> {t('common.optional')}</span>}
      </label>
      <select id={id} value={props.value} disabled={props.disabled} aria-invalid={props.error ? true : undefined} aria-describedby={described || undefined} onChange={(e) => props.onChange(e.target.value as V)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error && (
        <small id={`${id}-error`} className="field-error">
          {props.error}
        </small>
      )}
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
    </div>
  );
}
