/**
 * Checkboxes and radio groups on react-aria: the real input stays in the page (hidden visually),
 * so forms, screen readers and the keyboard (Space, arrows within a group) behave as with native
 * inputs, while the box and the ring are drawn in styles.css from react-aria's data attributes.
 */
import type { ReactNode } from 'react';
import { Checkbox as AriaCheckbox, Label, Radio, RadioGroup as AriaRadioGroup, Text } from 'react-aria-components';

export function Checkbox(props: { checked: boolean; onChange: (checked: boolean) => void; children?: ReactNode; name?: string; disabled?: boolean; 'aria-label'?: string }) {
  return (
    <AriaCheckbox className="check" isSelected={props.checked} onChange={props.onChange} name={props.name} isDisabled={props.disabled} aria-label={props['aria-label']}>
      <span className="box" aria-hidden="true">
        <svg viewBox="0 0 16 16">
          <polyline points="3.5 8.5 6.5 11.5 12.5 4.5" />
        </svg>
      </span>
      {props.children}
    </AriaCheckbox>
  );
}

/**
 * One choice of a few, all in view. `segmented` draws the options as one bar of buttons (the
 * decision and contact screens); otherwise they stand in a row as radio buttons.
 */
export function RadioGroup<V extends string>(props: {
  /** The visible label; or `labelledBy`, the id of a legend or heading that names the group. */
  label?: string;
  labelledBy?: string;
  name: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly { value: V; label: ReactNode; className?: string }[];
  segmented?: boolean;
  hint?: string;
  disabled?: boolean;
}) {
  return (
    <AriaRadioGroup
      className={props.segmented ? 'radios segmented' : 'radios'}
      name={props.name}
      value={props.value}
      onChange={(v) => props.onChange(v as V)}
      orientation="horizontal"
      isDisabled={props.disabled}
      aria-labelledby={props.labelledBy}
    >
      {props.label !== undefined && <Label className="legend">{props.label}</Label>}
      <div className="options">
        {props.options.map((o) => (
          <Radio key={o.value} value={o.value} className={[props.segmented ? 'seg' : 'check', o.className].filter(Boolean).join(' ')}>
            {!props.segmented && <span className="dot" aria-hidden="true" />}
            {o.label}
          </Radio>
        ))}
      </div>
      {props.hint && <Text slot="description">{props.hint}</Text>}
    </AriaRadioGroup>
  );
}
