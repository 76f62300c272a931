/**
 * Labelled form fields on react-aria's TextField: the label above, the description (hint) under
 * it, and the field's own error text, which is tied to the input through aria-describedby and
 * marks it invalid. An optional field says so in its label ("(valgfrit)"), so a required one
 * needs no star.
 */
import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';
import type { Ref } from 'react';
import { useT } from '../i18n';

export function Field(props: {
  label: string;
  name: string;
  type?: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string | undefined;
  autoComplete?: string;
  /** What is wrong with this field, said under it and announced with it. */
  error?: string | undefined;
  /** Says "(valgfrit)" / "(optional)" after the label. */
  optional?: boolean;
  disabled?: boolean;
  /** The input itself, for a form that moves the focus to a field it marked invalid. */
  inputRef?: Ref<HTMLInputElement>;
}) {
  const t = useT();
  return (
    <TextField
      className="field"
      id={`f-${props.name}`}
      name={props.name}
      type={props.type ?? 'text'}
      value={props.value}
      onChange={props.onChange}
      autoComplete={props.autoComplete ?? 'off'}
      isInvalid={Boolean(props.error)}
      isDisabled={props.disabled}
      // The engine and the form say what is wrong; the browser's own checks stay out of the way.
      validationBehavior="aria"
    >
      <Label>
        {props.label}
        {props.optional && <span className="optional"> {t('common.optional')}</span>}
      </Label>
      <Input ref={props.inputRef} spellCheck={false} />
      {props.error && <FieldError className="field-error">{props.error}</FieldError>}
      {props.hint && <Text slot="description">{props.hint}</Text>}
    </TextField>
  );
}

/** A new passphrase typed twice, with the policy hint under the first field. */
export function NewPassphraseFields(props: { label: string; value: string; repeat: string; onChange: (v: string) => void; onRepeat: (v: string) => void; error?: string | undefined }) {
  const t = useT();
  return (
    <>
      <Field label={props.label} name="passphrase" type="password" value={props.value} onChange={props.onChange} hint={t('common.passphraseHint')} autoComplete="new-password" error={props.error} />
      <Field label={t('common.passphraseRepeat')} name="repeat" type="password" value={props.repeat} onChange={props.onRepeat} autoComplete="new-password" />
    </>
  );
}
